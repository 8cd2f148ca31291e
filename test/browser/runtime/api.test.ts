import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { DAY_MS } from '@consentry/core';
import { parseProof } from '@consentry/core/schema';
import type { ChangeDetail, ConsentState, ErrorDetail } from '../../../packages/banner/src/types.js';
import { cleanUp, loadPage, MESSAGES, REFUSED_ALL, siteConfig, start, unique } from './helpers.js';

describe('public API and events', () => {
  afterEach(cleanUp);

  it('fires change on listeners and consentry-change on document; on() returns an unsubscribe', async () => {
    const { doc } = await loadPage();
    const api = start(doc);
    const heard: ChangeDetail[] = [];
    const dom: ChangeDetail[] = [];
    const off = api.on('change', (detail) => heard.push(detail));
    doc.addEventListener('consentry-change', (e) => dom.push((e as CustomEvent<ChangeDetail>).detail));
    await api.save({ audience: true });
    off();
    await api.dismiss();
    assert.deepEqual(heard, [
      { choices: { essential: true, audience: true, advertising: false, services: {} }, action: 'customize' },
    ]);
    assert.deepEqual(
      dom.map((d) => d.action),
      ['customize', 'dismiss'],
    );
    assert.deepEqual(dom[1]?.choices, REFUSED_ALL);
  });

  it('open() and a click on [data-consentry-open] ask the UI to open', async () => {
    const { doc } = await loadPage();
    const api = start(doc);
    let opened = 0;
    api.on('open', () => opened++);
    api.open();
    const button = doc.createElement('button');
    button.dataset.consentryOpen = '';
    button.innerHTML = '<span>Manage cookies</span>';
    doc.body.append(button);
    button.querySelector('span')?.click();
    assert.equal(opened, 2);
  });

  it('tells a ready listener added after start-up', async () => {
    const { doc } = await loadPage();
    const api = start(doc);
    await api.ready();
    const state = await new Promise<ConsentState>((resolve) => api.on('ready', resolve));
    assert.equal(state.ask, true);
  });

  it('records a proof with what was shown, chosen and how', async () => {
    const { doc } = await loadPage('?utm_source=mail#x');
    const config = siteConfig();
    const now = new Date('2026-11-20T12:00:00.000Z');
    const api = start(doc, { config, now: () => now });
    await api.dismiss();
    const [entry] = await api.proofs();
    const proof = entry!.proof;
    assert.equal(proof.action, 'dismiss');
    assert.deepEqual(proof.choices, REFUSED_ALL);
    assert.equal(proof.site, config.site);
    assert.equal(proof.policyVersion, '2026-11-01');
    assert.equal(proof.locale, 'en');
    assert.match(proof.noticeHash, /^[0-9a-f]{64}$/);
    assert.equal(proof.at, now.toISOString());
    assert.equal(proof.expiresAt, new Date(now.getTime() + 395 * DAY_MS).toISOString());
    assert.equal(proof.url, `${location.origin}/test/browser/runtime/fixtures/page.html`, 'no query, no fragment');
    assert.match(proof.subject, /^[0-9a-f-]{36}$/);
    assert.equal(entry!.receipt, undefined);
  });

  it('save() keeps only the config’s services, so that its proof is one the log takes', async () => {
    const { doc } = await loadPage();
    const api = start(doc);
    // A name instead of an id, and an id the config does not list: the log would refuse the proof for ever.
    await api.save({ audience: true, services: { matomo: false, 'Meta-Pixel': true, unknown: true } });
    assert.deepEqual(api.get(), { essential: true, audience: true, advertising: false, services: { matomo: false } });
    const [entry] = await api.proofs();
    assert.deepEqual(entry!.proof.choices.services, { matomo: false });
    const parsed = parseProof(entry!.proof);
    assert.ok(parsed.ok, JSON.stringify(parsed));
  });

  it('accepts the texts as a promise, so the database opens while they load', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const config = siteConfig();
    const first = start(doc, { dbName, config, messages: Promise.resolve(MESSAGES) });
    await first.acceptAll();
    first.destroy();
    const state = await start(doc, { dbName, config }).ready();
    assert.equal(state.reason, 'valid', 'same notice hash either way');
  });

  it('says so when a decision cannot be recorded, and a later page asks again instead of breaking', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const config = siteConfig();
    // A lone surrogate has no RFC 8785 form: the notice cannot be hashed, so no proof can be made.
    const broken = { ...MESSAGES, acceptAll: 'Accept \ud83d' };
    const original = console.error;
    const logged: string[] = [];
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    let api: ReturnType<typeof start>;
    const errors: ErrorDetail[] = [];
    try {
      api = start(doc, { dbName, config, messages: broken });
      api.on('error', (e) => errors.push(e));
      await api.ready();
      await new Promise((resolve) => setTimeout(resolve)); // the texts' promise settles in microtasks
      // The app's own texts are not checked at start-up like the config's: named as they arrive.
      assert.match(
        logged.join('\n'),
        /cannot be recorded.*messages\.acceptAll: expected text without a lone surrogate/,
      );
      await assert.rejects(api.acceptAll());
    } finally {
      console.error = original;
    }
    assert.equal(errors.at(-1)?.code, 'storage');
    assert.match(errors.at(-1)?.message ?? '', /could not be recorded/);
    assert.match(String(errors.at(-1)?.cause), /messages\.acceptAll: expected text without a lone surrogate/);
    assert.equal(api.get()?.audience, true, 'the choice still holds on this page');
    api.destroy();
    // A choice stored under a good notice, then a page whose notice cannot be hashed: ask, do not hang.
    const good = start(doc, { dbName, config });
    await good.acceptAll();
    good.destroy();
    console.error = () => {};
    try {
      const state = await start(doc, { dbName, config, messages: broken }).ready();
      assert.deepEqual([state.ask, state.reason], [true, 'unreadable']);
    } finally {
      console.error = original;
    }
  });

  it('a decision still being recorded when destroy() runs (an SPA unmounting) does not reject', async () => {
    const { doc } = await loadPage();
    const api = start(doc);
    await api.ready();
    const decided = api.acceptAll();
    api.destroy();
    await decided;
  });
});
