import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ChangeDetail } from '../../../packages/banner/src/types.js';
import { autoQuery, cleanUp, consentCalls, GRANTED_ALL, loadPage, siteConfig, unique, waitFor } from './helpers.js';

describe('cross-tab sync', () => {
  afterEach(cleanUp);

  it('keeps two tabs in sync without a reload', async () => {
    const query = autoQuery(siteConfig(), unique('db'));
    const a = await loadPage(query);
    const b = await loadPage(query);
    await a.win.consentry!.ready();
    assert.equal((await b.win.consentry!.ready()).ask, true);
    const changes: ChangeDetail[] = [];
    b.doc.addEventListener('consentry-change', (e) => changes.push((e as CustomEvent<ChangeDetail>).detail));

    await a.win.consentry!.acceptAll();
    await waitFor(() => b.win.log.includes('advertising-inline'), 5000, 'the other tab to run its gated scripts');
    assert.deepEqual(JSON.parse(JSON.stringify(b.win.consentry!.get())), GRANTED_ALL);
    assert.equal(changes[0]?.action, 'accept-all');
    assert.equal(consentCalls(b.win).at(-1)?.[1], 'update');
    assert.equal(b.win.log.filter((x) => x === 'audience-inline').length, 1);

    await waitFor(
      () => a.doc.querySelector('iframe')?.src.endsWith('frame.html'),
      5000,
      'the first tab to load its embed',
    );
    await b.win.consentry!.withdraw();
    await waitFor(() => a.win.consentry!.get()?.audience === false, 5000, 'the withdrawal to reach the first tab');
    assert.equal(a.doc.querySelector('iframe')?.src, 'about:blank');
    assert.deepEqual(consentCalls(a.win).at(-1)?.[2], {
      ad_storage: 'denied',
      analytics_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
    });
  });

  it('takes no consent from a tab on another policy version, but its withdrawal, yes', async () => {
    // Tab a was opened before a policy deploy, tab b after it: b's visitor never read a's notice.
    const config = siteConfig();
    const a = await loadPage(autoQuery(config, unique('db')));
    const b = await loadPage(autoQuery({ ...config, policyVersion: 'next' }, unique('db')));
    await b.win.consentry!.ready();
    await a.win.consentry!.acceptAll();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(b.win.consentry!.get(), null, 'a consent under another notice does not hold here');

    const changes: ChangeDetail[] = [];
    b.doc.addEventListener('consentry-change', (e) => changes.push((e as CustomEvent<ChangeDetail>).detail));
    await b.win.consentry!.acceptAll();
    await waitFor(() => b.win.log.includes('advertising-inline'), 5000, 'b to run its gated scripts');
    // GDPR 7(3): a refusal of advertising alone in a narrows b to it; audience holds in b.
    await a.win.consentry!.save({ audience: true });
    await waitFor(() => b.win.consentry!.get()?.advertising === false, 5000, 'the withdrawal to reach b');
    assert.equal(b.win.consentry!.get()?.audience, true);
    assert.deepEqual(consentCalls(b.win).at(-1)?.[2], {
      ad_storage: 'denied',
      analytics_storage: 'granted',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
    });
    await a.win.consentry!.withdraw();
    await waitFor(() => b.win.consentry!.get()?.audience === false, 5000, 'the full withdrawal to reach b');
    assert.equal(b.doc.querySelector('iframe')?.src, 'about:blank');
    assert.deepEqual(
      changes.map((c) => c.action),
      ['accept-all', 'customize', 'withdraw'],
    );
    // A decision there that refuses nothing held here changes nothing here (no change event).
    await a.win.consentry!.rejectAll();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(changes.length, 3);
  });

  it('keeps one subject id for the browser when the second tab decides next', async () => {
    const query = autoQuery(siteConfig(), unique('db'));
    const a = await loadPage(query);
    const b = await loadPage(query);
    await a.win.consentry!.ready();
    await b.win.consentry!.ready();
    await a.win.consentry!.acceptAll();
    await waitFor(() => b.win.consentry!.get()?.audience === true, 5000, 'the choice to reach the second tab');
    await b.win.consentry!.withdraw();
    const entries = await b.win.consentry!.proofs();
    assert.deepEqual(
      Array.from(entries, (e) => e.proof.action),
      ['accept-all', 'withdraw'],
    );
    // GDPR 7(3): the withdrawal must be logged under the subject that consented.
    assert.equal(new Set(entries.map((e) => e.proof.subject)).size, 1, 'one subject id');
  });
});
