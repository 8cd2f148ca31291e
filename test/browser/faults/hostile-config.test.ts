/**
 * Issue 8, hostile input in the browser: a broken or hostile site config
 * (wrong types, HTML in every text, 10,000 services, huge and deep values)
 * never breaks the page: the site's own scripts run, nothing is thrown
 * uncaught, the console and `consentry-error` name the bad field, and no
 * element or attribute is injected from a config string (DESIGN.md
 * "Contracts"; RULES.md 1). Hostile links: hostile-links.test.ts.
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
import { allElements, forgetVisitor, loadSite, removeSites, shadowRoots, waitFor } from './support.js';

beforeEach(() => forgetVisitor());
afterEach(removeSites);

describe('a hostile site config', () => {
  const wrongTypes: [string, Record<string, unknown>][] = [
    ['site', { site: 42 }],
    ['site', { site: '<script>alert(1)</script>' }],
    ['endpoint', { endpoint: 'javascript:alert(1)' }],
    ['endpoint', { endpoint: { url: 'https://x' } }],
    ['policyVersion', { policyVersion: ['2026'] }],
    ['privacyPolicyUrl', { privacyPolicyUrl: 7 }],
    ['locale', { locale: { fr: true } }],
    ['services', { services: 'matomo' }],
    ['services', { services: { 0: {} } }],
    ['services[0]', { services: [null] }],
    ['services[0].cookies', { services: [{ id: 'a', tier: 'audience', name: 'A', cookies: 'x' }] }],
    ['services[0].tier', { services: [{ id: 'a', tier: '__proto__', name: 'A' }] }],
    [
      'services[0].cookies[0].purpose',
      { services: [{ id: 'a', tier: 'audience', name: 'A', cookies: [{ name: 'a', duration: '1d', purpose: 5 }] }] },
    ],
    ['maxAgeDays', { maxAgeDays: '395' }],
    ['maxAgeDays', { maxAgeDays: 1e9 }],
    ['theme', { theme: 'dark' }],
    ['theme.mode', { theme: { mode: 'neon' } }],
    ['texts', { texts: ['en'] }],
    ['manageButton', { manageButton: 'yes' }],
    ['__proto__', JSON.parse('{"__proto__": {"polluted": true}}')],
  ];
  it('refuses each wrong field by name, through the API, without throwing', async () => {
    for (const [field, overrides] of wrongTypes) await assertRefusedByApi(valid(overrides), field);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined, 'no prototype pollution');
  });

  it('refuses a wrong field on a page started by its script tag, and the page goes on', async () => {
    await assertRefused(await loadSite(JSON.stringify(valid({ maxAgeDays: '395' }))), 'maxAgeDays');
  });

  for (const [what, raw] of [
    ['not JSON', '{"site": "x",'],
    ['empty', ''],
    ['a JSON string', '"<img src=x onerror=alert(1)>"'],
    ['an array', '[]'],
    ['null', 'null'],
    ['nested 100,000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ]) {
    it(`keeps the page working when the config is ${what}`, async () => {
      const site = await loadSite(raw!);
      await waitFor(() => site.win.consentryErrors.length, 5000, 'the config error');
      assertPageWorks(site);
      assert.equal(site.doc.querySelector('consentry-banner'), null);
      assert.equal(site.win.consentryErrors[0]?.code, 'config');
      assert.ok(site.win.consoleErrors.length >= 1, 'the console says why');
    });
  }

  it('shows HTML in every text as text: no element, no attribute, no script is created from it', async () => {
    const evil = (where: string) =>
      `<img src=x onerror="window.pwned='${where}'"><script>window.pwned='${where}'</script>`;
    const messages = await import('../../../packages/banner/src/i18n/en.js');
    const texts = Object.fromEntries(Object.keys(messages.en).map((key) => [key, `${evil(key)} {name} {count}`]));
    const services = ['essential', 'audience', 'advertising'].map((tier, i) => ({
      id: `svc-${i}`,
      tier,
      name: evil(`name-${i}`),
      provider: evil(`provider-${i}`),
      description: evil(`description-${i}`),
      privacyPolicyUrl: `https://example.com/"><img src=x onerror=window.pwned=1>`,
      cookies: [
        { name: evil(`cookie-${i}`), provider: evil(`cp-${i}`), duration: evil(`d-${i}`), purpose: evil(`p-${i}`) },
      ],
    }));
    const site = await loadSite(JSON.stringify(valid({ texts: { en: texts }, services, manageButton: true })));
    const before = site.doc.querySelectorAll('script').length;
    await bannerShown(site.doc);
    await openDialog(site);
    await waitFor(() => site.doc.querySelector('consentry-manage')?.shadowRoot?.childElementCount);
    const elements = allElements(site.doc);
    assert.deepEqual(
      elements
        .filter((el) => ['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'image'].includes(el.tagName))
        .map((el) => el.tagName),
      [],
    );
    assert.equal(site.doc.querySelectorAll('script').length, before, 'no script in the light DOM');
    for (const root of shadowRoots(site.doc)) assert.equal(root.querySelectorAll('script').length, 0);
    const onAttributes = elements.flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on')));
    assert.deepEqual(onAttributes, []);
    const shown = shadowRoots(site.doc)
      .map((root) => root.textContent)
      .join('');
    for (const where of ['bannerTitle', 'acceptAll', 'dialogTitle', 'name-1', 'provider-2', 'description-0', 'p-1']) {
      assert.ok(shown.includes(`<img src=x onerror="window.pwned='${where}'">`), `${where} is shown as text`);
    }
    assert.equal((site.win as { pwned?: string }).pwned, undefined);
    assertLinksSafe(site.doc);
    assertPageWorks(site);
    await site.win.api.acceptAll();
    assert.ok(site.win.log.includes('audience'), 'a decision still works');
  });

  it("ignores texts named after Object's own methods: the banner shows and decisions are recorded", async () => {
    const names = ['toString', 'valueOf', 'hasOwnProperty', 'constructor', 'isPrototypeOf', '__proto__'];
    const en = Object.fromEntries(names.map((name) => [name, `<b>${name}</b>`]));
    const raw = JSON.stringify(valid({ texts: { en } })).replace('"__proto__"', '"__proto__"');
    const site = await loadSite(raw);
    await bannerShown(site.doc);
    await openDialog(site);
    assertPageWorks(site);
    await site.win.api.acceptAll();
    const [entry] = await site.win.api.proofs();
    assert.equal(entry?.proof.action, 'accept-all');
    assert.equal(site.win.consentryErrors.length, 0);
  });

  it('refuses service fields of the wrong type instead of rendering them', async () => {
    // An object that looks like a Lit template result: rendered, it would be taken for markup.
    const template = { _$litType$: 1, strings: ['<img src=x onerror=window.pwned=1>'], values: [] };
    for (const [field, value] of [
      ['description', template],
      ['provider', template],
      ['description', ['a', 'b']],
      ['provider', 42],
    ] as const) {
      await assertRefusedByApi(
        valid({ services: [{ ...CONFIG.services![1]!, [field]: value }] }),
        `services[0].${field}`,
      );
    }
    const services = [{ ...CONFIG.services![1]!, description: template }];
    await assertRefused(await loadSite(JSON.stringify(valid({ services }))), 'services[0].description');
  });

  it('refuses 10,000 services, names the field and keeps the page responsive', async () => {
    const services = Array.from({ length: 10_000 }, (_, i) => ({
      ...CONFIG.services![1]!,
      id: `s${i}`,
      name: `S${i}`,
    }));
    const raw = JSON.stringify(valid({ services }));
    const site = await loadSite(raw);
    await assertRefused(site, 'services');
    assert.ok(site.win.consentryErrors[0]!.message.length < 2000, 'one line, not 10,000');
  });

  it('refuses huge strings by name, without echoing them', async () => {
    const huge = 'x'.repeat(5_000_000);
    const site = await loadSite(JSON.stringify(valid({ policyVersion: huge })));
    await assertRefused(site, 'policyVersion');
    assert.ok(site.win.consoleErrors.join('').length < 2000, 'the console line stays short');
  });

  it('shows 200 services (the most the schema allows), 10 cookies each, and opens their dialog', async () => {
    const long = (n: number, c: string) => c.repeat(n);
    const services = Array.from({ length: 200 }, (_, i) => ({
      id: `s${i}`,
      tier: i % 3 === 0 ? 'advertising' : 'audience',
      name: `${long(100, 'n')}${i}`,
      description: long(1000, 'd'),
      cookies: Array.from({ length: 10 }, (_, j) => ({
        name: `c${i}_${j}`,
        duration: long(100, 'u'),
        purpose: long(500, 'p'),
      })),
    }));
    const site = await loadSite(JSON.stringify(valid({ services })));
    await bannerShown(site.doc);
    const dialog = await openDialog(site);
    assert.equal(dialog.shadowRoot!.querySelectorAll('[part~="service"]').length, 200);
    assert.equal(dialog.shadowRoot!.querySelectorAll('[part~="cookie"]').length, 2000);
    assertPageWorks(site);
  });
});
