/**
 * Issue 8, hostile links in a site config: `javascript:`, `data:`,
 * `vbscript:` and other schemes, hidden behind case, spaces and control
 * characters, in the site's and in each service's privacy policy link. The
 * start-up check refuses each by name; no rendered link ever leaves http(s)
 * or relative (isSafeLink, packages/core/src/patterns.ts).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CONFIG } from '../ui/support.js';
import {
  assertLinksSafe,
  assertPageWorks,
  assertRefused,
  assertRefusedByApi,
  bannerShown,
  openDialog,
  valid,
} from './hostile-checks.js';
import { forgetVisitor, loadSite, removeSites, shadowRoots } from './support.js';

beforeEach(() => forgetVisitor());
afterEach(removeSites);

describe('hostile links in a site config', () => {
  const unsafeLinks = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    '\tjavascript:alert(1)',
    '\njavascript:alert(1)',
    'java\tscript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'blob:https://example.com/1',
  ];
  it('refuses every unsafe privacy policy link by name, for the site and for each service', async () => {
    for (const link of unsafeLinks) {
      await assertRefusedByApi(valid({ privacyPolicyUrl: link }), 'privacyPolicyUrl');
      const services = [{ ...CONFIG.services![2]!, privacyPolicyUrl: link }];
      await assertRefusedByApi(valid({ services }), 'services[0].privacyPolicyUrl');
    }
  });

  for (const [where, config] of [
    ['the site', valid({ privacyPolicyUrl: ' javascript:window.pwned=1' })],
    ['a service', valid({ services: [{ ...CONFIG.services![2]!, privacyPolicyUrl: ' javascript:window.pwned=1' }] })],
  ] as const) {
    it(`never makes a link of ${where}'s " javascript:" privacy policy URL on a script-tag page`, async () => {
      const site = await loadSite(JSON.stringify(config));
      await assertRefused(site, 'privacyPolicyUrl');
      assertLinksSafe(site.doc);
    });
  }

  it('renders https:, http: and relative links as given', async () => {
    const services = [
      { ...CONFIG.services![1]!, privacyPolicyUrl: 'http://example.com/p' },
      { ...CONFIG.services![2]!, privacyPolicyUrl: '//example.com/p' },
    ];
    const site = await loadSite(JSON.stringify(valid({ privacyPolicyUrl: '/privacy?x=1#y', services })));
    await bannerShown(site.doc);
    const dialog = await openDialog(site);
    const hrefs = [...shadowRoots(site.doc)].flatMap((root) =>
      [...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    );
    assert.ok(hrefs.includes('/privacy?x=1#y'));
    assert.ok(hrefs.includes('http://example.com/p'));
    assert.ok(hrefs.includes('//example.com/p'));
    assert.ok(dialog.shadowRoot);
    assertLinksSafe(site.doc);
    assertPageWorks(site);
  });
});
