import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cleanUp, consentCalls, loadPage, SERVICES, siteConfig, start, unique, waitFor } from './helpers.js';

const signals = (ads: string, analytics: string) => ({
  ad_storage: ads,
  analytics_storage: analytics,
  ad_user_data: ads,
  ad_personalization: ads,
});
const DENIED = signals('denied', 'denied');

describe('Google Consent Mode v2', () => {
  afterEach(cleanUp);

  it('pushes default (all denied) before anything else, as an arguments object', async () => {
    const { win, doc } = await loadPage();
    start(doc);
    const first = win.dataLayer?.[0];
    assert.equal(Object.prototype.toString.call(first), '[object Arguments]');
    assert.deepEqual(consentCalls(win), [['consent', 'default', DENIED]]);
  });

  it('keeps an existing dataLayer and gtag', async () => {
    const { win, doc } = await loadPage();
    const calls: unknown[][] = [];
    Object.assign(win, { dataLayer: [{ event: 'early' }], gtag: (...args: unknown[]) => calls.push(args) });
    const api = start(doc);
    await api.acceptAll();
    assert.deepEqual(calls, [
      ['consent', 'default', DENIED],
      ['consent', 'update', signals('granted', 'granted')],
    ]);
  });

  for (const [name, decide, expected] of [
    ['accept all', (api) => api.acceptAll(), signals('granted', 'granted')],
    ['reject all', (api) => api.rejectAll(), DENIED],
    ['a custom choice', (api) => api.save({ audience: true }), signals('denied', 'granted')],
    ['a custom choice of advertising', (api) => api.save({ advertising: true }), signals('granted', 'denied')],
  ] as const satisfies readonly [string, (api: ReturnType<typeof start>) => Promise<void>, object][]) {
    it(`pushes update with the exact mapping for ${name}`, async () => {
      const { win, doc } = await loadPage();
      const api = start(doc);
      await api.ready();
      assert.equal(consentCalls(win).length, 1, 'no update before a choice');
      await decide(api);
      assert.deepEqual(consentCalls(win), [
        ['consent', 'default', DENIED],
        ['consent', 'update', expected],
      ]);
    });
  }

  it('accept all grants only the purposes the banner named: no advertising on a site without an advertising service', async () => {
    // RULES.md 2: the first layer names the tiers that have services; "Accept all" cannot consent to another.
    const { win, doc } = await loadPage();
    const audienceOnly = siteConfig({ services: SERVICES.filter((s) => s.tier !== 'advertising') });
    const api = start(doc, { config: audienceOnly });
    await api.acceptAll();
    assert.deepEqual(api.get(), { essential: true, audience: true, advertising: false, services: {} });
    assert.deepEqual(consentCalls(win).at(-1), ['consent', 'update', signals('denied', 'granted')]);
    api.destroy();
    // With no service at all, the banner names both purposes, and "Accept all" grants both.
    const next = await loadPage();
    const none = start(next.doc, { config: siteConfig({ services: [] }) });
    await none.acceptAll();
    assert.deepEqual(consentCalls(next.win).at(-1), ['consent', 'update', signals('granted', 'granted')]);
  });

  it('pushes update on withdrawal', async () => {
    const { win, doc } = await loadPage();
    const api = start(doc);
    await api.acceptAll();
    await api.withdraw();
    assert.deepEqual(consentCalls(win), [
      ['consent', 'default', DENIED],
      ['consent', 'update', signals('granted', 'granted')],
      ['consent', 'update', DENIED],
    ]);
  });

  it('pushes update for a stored choice before the first gated script runs', async () => {
    const dbName = unique('db');
    const first = await loadPage();
    await start(first.doc, { dbName }).save({ audience: true });
    const { win, doc } = await loadPage();
    const seen: [string, unknown[][]][] = [];
    win.log.push = (item: string) => seen.push([item, consentCalls(win)]);
    await start(doc, { dbName }).ready();
    await waitFor(() => seen.length >= 3, 5000, 'the audience scripts');
    assert.deepEqual(seen[0], [
      'audience-inline',
      [
        ['consent', 'default', DENIED],
        ['consent', 'update', signals('denied', 'granted')],
      ],
    ]);
  });
});

describe('Global Privacy Control', () => {
  afterEach(cleanUp);

  it('pre-denies advertising and records gpc: true, never inferring a consent', async () => {
    const { win, doc } = await loadPage();
    Object.defineProperty(win.navigator, 'globalPrivacyControl', { value: true, configurable: true });
    const api = start(doc);
    const state = await api.ready();
    assert.equal(state.gpc, true);
    assert.equal(state.choices, null, 'GPC is no decision by itself');
    await api.acceptAll();
    assert.equal(api.get()?.advertising, false);
    assert.equal(api.get()?.audience, true);
    assert.deepEqual(consentCalls(win).at(-1), ['consent', 'update', signals('denied', 'granted')]);
    await waitFor(() => win.log.includes('audience-inline'));
    assert.ok(!win.log.includes('advertising-inline'));
    const [entry] = await api.proofs();
    assert.equal(entry?.proof.gpc, true);
    assert.equal(entry?.proof.choices.advertising, false);
  });

  it('lets the visitor grant advertising explicitly in the dialog, still recording gpc', async () => {
    const { win, doc } = await loadPage();
    Object.defineProperty(win.navigator, 'globalPrivacyControl', { value: true, configurable: true });
    const api = start(doc);
    await api.save({ advertising: true });
    const [entry] = await api.proofs();
    assert.equal(entry?.proof.gpc, true);
    assert.equal(entry?.proof.choices.advertising, true);
  });

  it('records gpc: false without the signal', async () => {
    const { doc } = await loadPage();
    const api = start(doc);
    await api.acceptAll();
    const [entry] = await api.proofs();
    assert.equal(entry?.proof.gpc, false);
    assert.equal(entry?.proof.choices.advertising, true);
  });
});
