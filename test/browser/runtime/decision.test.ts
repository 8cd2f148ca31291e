import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { DAY_MS } from '@consentry/core';
import { messagesFor } from '../../../packages/banner/src/i18n/locale.js';
import type { ErrorDetail } from '../../../packages/banner/src/types.js';
import { cleanUp, GRANTED_ALL, loadPage, MESSAGES, siteConfig, sleep, start, unique, waitFor } from './helpers.js';

const T0 = new Date('2026-01-15T10:00:00.000Z');
const at = (ms: number) => () => new Date(T0.getTime() + ms);

describe('start-up decision', () => {
  afterEach(cleanUp);

  it('asks when nothing is stored, and not once a choice is made', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const first = start(doc, { dbName });
    assert.equal((await first.ready()).reason, 'no-choice');
    assert.equal(first.get(), null);
    await first.acceptAll();
    assert.deepEqual(first.get(), GRANTED_ALL);
    first.destroy();
    const next = await start(doc, { dbName }).ready();
    assert.equal(next.ask, false);
    assert.deepEqual(next.choices, GRANTED_ALL);
  });

  it('honours a choice 395 days old and asks again at 395 days + 1 ms', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const first = start(doc, { dbName, now: at(0) });
    await first.ready();
    await first.acceptAll();
    first.destroy();
    const kept = await start(doc, { dbName, now: at(395 * DAY_MS) }).ready();
    assert.equal(kept.ask, false);
    assert.equal(kept.reason, 'valid');
    assert.deepEqual(kept.choices, GRANTED_ALL);
    const expired = await start(doc, { dbName, now: at(395 * DAY_MS + 1) }).ready();
    assert.equal(expired.ask, true);
    assert.equal(expired.reason, 'expired');
    assert.equal(expired.choices, null);
  });

  it('asks again when the policy version changes', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const first = start(doc, { dbName });
    await first.rejectAll();
    first.destroy();
    const same = await start(doc, { dbName }).ready();
    assert.equal(same.ask, false);
    const changed = await start(doc, { dbName, config: siteConfig({ policyVersion: '2027-01-01' }) }).ready();
    assert.equal(changed.ask, true);
    assert.equal(changed.reason, 'policy-changed');
  });

  it('asks again when the texts shown change', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const first = start(doc, { dbName });
    await first.rejectAll();
    first.destroy();
    const changed = await start(doc, { dbName, messages: { ...MESSAGES, acceptAll: 'OK' } }).ready();
    assert.equal(changed.reason, 'notice-changed');
  });

  it('keeps a choice made in another language of the site while that notice is unchanged', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const config = siteConfig();
    const visit = async (locale: string, texts = {}) =>
      start(doc, { dbName, locale, config: { ...config, texts }, messages: await messagesFor(locale, texts) });
    const english = await visit('en');
    await english.acceptAll();
    english.destroy();
    // A bilingual site: the French page does not ask again for what was accepted in English.
    const french = await visit('fr');
    assert.deepEqual([(await french.ready()).reason, french.get()?.audience], ['valid', true]);
    french.destroy();
    // The English notice the visitor read has changed since: now it asks.
    const changed = await visit('fr', { en: { bannerTitle: 'New title' } });
    assert.equal((await changed.ready()).reason, 'notice-changed');
  });

  it('a malformed config shows no banner, runs nothing gated and names the bad field', async () => {
    const { win, doc } = await loadPage();
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    const errors: ErrorDetail[] = [];
    doc.addEventListener('consentry-error', (e) => errors.push((e as CustomEvent<ErrorDetail>).detail));
    try {
      const api = start(doc, { config: siteConfig({ services: [{ id: 'x', tier: 'marketing', name: 'X' }] }) });
      await assert.rejects(api.ready(), { code: 'config' });
      await assert.rejects(api.acceptAll(), { code: 'config' });
    } finally {
      console.error = original;
    }
    await sleep(200);
    assert.deepEqual([...win.log], [], 'nothing gated ran, not even essential');
    assert.match(logged.join('\n'), /services\[0\]\.tier/);
    assert.equal(errors[0]?.code, 'config');
    assert.match(errors[0]?.message ?? '', /services\[0\]\.tier/);
  });

  /** Starts on `config`, which start-up must refuse; what the console said, once nothing gated ran. */
  async function refusedAtStartUp(config: Record<string, unknown>): Promise<string> {
    const { win, doc } = await loadPage();
    const original = console.error;
    const logged: string[] = [];
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      await assert.rejects(start(doc, { config }).ready(), { code: 'config' });
    } finally {
      console.error = original;
    }
    await sleep(200);
    assert.deepEqual([...win.log], []);
    return logged.join('\n');
  }

  it('a config text holding a lone surrogate is refused at start-up, naming its field', async () => {
    // Valid JSON, not valid Unicode: the notice could never be hashed, so no decision could be recorded.
    const logged = await refusedAtStartUp(siteConfig({ services: [{ id: 'x', tier: 'audience', name: 'X \ud83d' }] }));
    assert.match(logged, /services\[0\]\.name: expected text without a lone surrogate/);
  });

  it('a misspelt field is refused at start-up, without zod', async () => {
    assert.match(await refusedAtStartUp(siteConfig({ maxAgeDay: 30 })), /maxAgeDay: unknown field/);
  });

  it('never loads the full schema (zod): the start-up check gives its verdicts (config-parity.test.ts)', async () => {
    const { win, doc } = await loadPage();
    const api = start(doc, { config: siteConfig() });
    await api.ready();
    await new Promise((resolve) => requestIdleCallback(resolve));
    await sleep(200);
    const schema = performance.getEntriesByType('resource').filter((e) => /core\/src\/schema|zod/.test(e.name));
    assert.deepEqual(
      schema.map((e) => e.name),
      [],
    );
    await api.acceptAll();
    await waitFor(() => win.log.includes('audience-inline'), 5000, 'the gated audience script');
  });
});
