/**
 * Issue 8, clock and storage quirks in the browser: a client clock years off
 * (the proof's `at` is informative, the server's `receivedAt` authoritative;
 * DESIGN.md "The consent proof"), IndexedDB blocked by another connection,
 * upgraded by another tab, or deleted while the page is open. Each time the
 * page goes on (in memory, with `consentry-error`), and the next decision is
 * still recorded and reaches the consent log.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  type ConsentryOptions,
  type ConsentryRuntime,
  createConsentry,
  type ErrorDetail,
} from '../../../packages/banner/src/index.js';
import { CONFIG } from '../ui/support.js';
import { endpointFor, unique, waitFor } from './support.js';

const YEAR_MS = 365 * 86_400_000;
const DAY_MS = 86_400_000;

interface Logged {
  status: number;
  ids: string[];
}
const accepted = async (key: string): Promise<string[]> =>
  ((await (await fetch(`${endpointFor(key)}/log`)).json()) as Logged[])
    .filter((r) => r.status === 200)
    .flatMap((r) => r.ids);

const runtimes: ConsentryRuntime[] = [];
const connections: IDBDatabase[] = [];

afterEach(() => {
  for (const api of runtimes.splice(0)) api.destroy();
  for (const db of connections.splice(0)) db.close();
});

/** A page view of the site (a runtime on this document), its errors, its consent log key. */
function pageView(dbName: string, key: string, options: Partial<ConsentryOptions> = {}) {
  const errors: ErrorDetail[] = [];
  const config = { ...CONFIG, site: key.toLowerCase(), endpoint: endpointFor(key) };
  const api = createConsentry({ config, locale: 'en', messages: { acceptAll: 'Accept all' }, dbName, ...options });
  api.on('error', (e) => errors.push(e));
  runtimes.push(api);
  return { api, errors };
}

const clockAt = (offsetMs: number) => () => new Date(Date.now() + offsetMs);

/** Opens `name` at `version` from another connection (another tab), kept open until the test ends. */
function holdOpen(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => {
      for (const store of ['kv', 'proofs', 'outbox'])
        if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
    };
    request.onsuccess = () => {
      connections.push(request.result);
      resolve(request.result);
    };
    request.onerror = () => reject(request.error);
  });
}

/** Every proof of this browser reached the consent log, each once, with a receipt. */
async function assertAllSent(api: ConsentryRuntime, key: string, count: number) {
  await waitFor(async () => (await api.proofs()).filter((p) => p.receipt).length === count, 8000, 'receipts');
  const ids = (await api.proofs()).map((p) => p.proof.id).sort();
  assert.equal(ids.length, count);
  assert.deepEqual((await accepted(key)).sort(), ids, 'each proof received once');
}

describe('a client clock years off', () => {
  for (const [label, offset] of [
    ['ahead', 5 * YEAR_MS],
    ['behind', -5 * YEAR_MS],
  ] as const) {
    it(`years ${label}: the decision is recorded, the server's time is kept, expiry follows the proof's own date`, async () => {
      const key = unique('clock');
      const dbName = unique('db');
      const { api } = pageView(dbName, key, { now: clockAt(offset) });
      await api.ready();
      await api.acceptAll();
      await assertAllSent(api, key, 1);
      const [{ proof, receipt } = {} as never] = await api.proofs();
      const at = Date.parse(proof.at);
      assert.ok(Math.abs(at - (Date.now() + offset)) < 60_000, 'the proof says when by the visitor clock');
      assert.equal(Date.parse(proof.expiresAt) - at, 395 * DAY_MS, '13 months after its own date');
      assert.ok(Math.abs(Date.parse(receipt!.receivedAt) - Date.now()) < 60_000, 'receivedAt is the server clock');

      // Same wrong clock on the next page view: the choice holds, the visitor is not asked again.
      api.destroy();
      const same = pageView(dbName, key, { now: clockAt(offset) }).api;
      assert.equal((await same.ready()).ask, false);
      same.destroy();
      // The clock corrected: a choice "from the future" is not trusted for years, an old one has expired.
      const corrected = pageView(dbName, key).api;
      const state = await corrected.ready();
      assert.equal(state.ask, true);
      assert.equal(state.reason, offset > 0 ? 'future-dated' : 'expired');
      assert.equal(state.choices, null, 'nothing optional runs meanwhile');
      await corrected.rejectAll();
      await assertAllSent(corrected, key, 2);
    });
  }

  it('a clock a few minutes ahead is tolerated: the choice holds after the clock is corrected', async () => {
    const key = unique('clock');
    const dbName = unique('db');
    const { api } = pageView(dbName, key, { now: clockAt(4 * 60_000) });
    await api.acceptAll();
    api.destroy();
    const state = await pageView(dbName, key).api.ready();
    assert.equal(state.ask, false);
    assert.equal(state.reason, 'valid');
  });
});

describe('IndexedDB in trouble', () => {
  it('blocked behind another tab that never lets an upgrade through: memory, an error, the decision still sent', async () => {
    const key = unique('idb');
    const dbName = unique('db');
    const old = await holdOpen(dbName, 1);
    old.onversionchange = null; // an old tab that ignores the upgrade request
    const upgrade = indexedDB.open(dbName, 2);
    const blocked = new Promise((resolve) => {
      upgrade.onblocked = resolve;
    });
    upgrade.onsuccess = () => upgrade.result.close();
    await blocked;
    const { api, errors } = pageView(dbName, key);
    const state = await api.ready();
    assert.equal(state.ask, true, 'the banner still asks');
    // A first visit asks before the database answers (store.ts storedHint); its failure follows.
    await waitFor(() => errors.length > 0, 5000, 'the storage error');
    assert.equal(errors[0]?.code, 'storage');
    await api.acceptAll();
    assert.equal(api.get()?.audience, true);
    await assertAllSent(api, key, 1);
  });

  it('another tab upgrades the database during the page view: memory, an error, later decisions still sent', async () => {
    const key = unique('idb');
    const dbName = unique('db');
    const { api, errors } = pageView(dbName, key);
    await api.ready();
    await api.rejectAll();
    await assertAllSent(api, key, 1);
    await holdOpen(dbName, 2);
    await api.acceptAll();
    await api.withdraw();
    assert.equal(errors[0]?.code, 'storage');
    assert.equal(errors.filter((e) => e.code === 'storage').length, 1, 'reported once');
    assert.equal(api.get()?.audience, false);
    // This page view keeps its later proofs in memory (the earlier one stays in the upgraded database).
    await waitFor(async () => (await accepted(key)).length === 3, 8000, 'the later decisions on the log');
    assert.equal(new Set(await accepted(key)).size, 3, 'each once');
  });

  it('the database deleted while the page is open: memory, an error, later decisions still sent', async () => {
    const key = unique('idb');
    const dbName = unique('db');
    const { api, errors } = pageView(dbName, key);
    await api.acceptAll();
    await assertAllSent(api, key, 1);
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase(dbName);
      request.onsuccess = resolve;
      request.onerror = () => reject(request.error);
    });
    await api.rejectAll();
    await api.save({ audience: true });
    assert.equal(errors[0]?.code, 'storage');
    assert.deepEqual(api.get()?.audience, true);
    // The page view's proofs from before the deletion are gone with the database; the new ones are sent.
    await waitFor(async () => (await accepted(key)).length === 3, 8000, 'the later decisions on the log');
    assert.equal(new Set(await accepted(key)).size, 3, 'each once');
  });
});
