import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { openDB } from 'idb';
import type { ErrorDetail } from '../../../packages/banner/src/types.js';
import { autoQuery, cleanUp, loadPage, reload, siteConfig, sleep, start, unique, waitFor } from './helpers.js';

interface Logged {
  status: number;
  ids: string[];
}

const endpointFor = (key: string) => `${location.origin}/__test/proofs/${key}`;
const setMode = (key: string, mode: string) => fetch(`${endpointFor(key)}/mode?set=${mode}`, { method: 'POST' });
const requests = async (key: string): Promise<Logged[]> => (await fetch(`${endpointFor(key)}/log`)).json();
const accepted = async (key: string) => (await requests(key)).filter((r) => r.status === 200).flatMap((r) => r.ids);

async function outboxIds(dbName: string): Promise<string[]> {
  const db = await openDB(dbName);
  try {
    return (await db.transaction('outbox').store.getAllKeys()).map(String);
  } finally {
    db.close();
  }
}

describe('proof outbox', () => {
  afterEach(cleanUp);

  it('survives a reload with the endpoint down and drains exactly once when it comes back', async () => {
    const key = unique('ep');
    const dbName = unique('db');
    await setMode(key, 'down');
    let page = await loadPage(autoQuery(siteConfig({ endpoint: endpointFor(key) }), dbName));
    await page.win.consentry!.acceptAll();
    const [entry] = await page.win.consentry!.proofs();
    const id = entry!.proof.id;
    await waitFor(async () => (await requests(key)).length >= 1, 5000, 'a first attempt');

    page = await reload(page);
    await page.win.consentry!.ready();
    const before = (await requests(key)).length;
    await waitFor(async () => (await requests(key)).length > before, 5000, 'a retry on the next page load');
    assert.deepEqual(await outboxIds(dbName), [id], 'the proof waits in the outbox');
    assert.deepEqual(await accepted(key), []);

    await setMode(key, 'up');
    page.win.dispatchEvent(new Event('online'));
    await waitFor(async () => (await outboxIds(dbName)).length === 0, 5000, 'the outbox to drain');
    page.win.dispatchEvent(new Event('online'));
    page.win.dispatchEvent(new Event('pagehide'));
    await sleep(300);
    assert.deepEqual(await accepted(key), [id], 'received exactly once');
    const [stored] = await page.win.consentry!.proofs();
    assert.equal(stored?.receipt?.id, id);
    assert.equal(stored?.receipt?.kid, 'test');
    assert.match(stored?.receipt?.hash ?? '', /^[0-9a-f]{64}$/);
  });

  it('sends a JSON array of proofs with keepalive to endpoint/v1/proofs, each id once', async () => {
    const key = unique('ep');
    const { doc } = await loadPage();
    const sent: { url: string; init: RequestInit }[] = [];
    const spy: typeof fetch = (url, init) => {
      sent.push({ url: String(url), init: init ?? {} });
      return fetch(url, init);
    };
    const api = start(doc, { config: siteConfig({ endpoint: endpointFor(key) }), fetch: spy });
    await api.rejectAll();
    await api.save({ audience: true });
    await api.withdraw();
    await waitFor(async () => (await api.proofs()).every((p) => p.receipt), 5000, 'three receipts');
    const ids = (await api.proofs()).map((p) => p.proof.id).sort();
    assert.deepEqual((await accepted(key)).sort(), ids);
    for (const { url, init } of sent) {
      assert.equal(url, `${endpointFor(key)}/v1/proofs`);
      assert.equal(init.method, 'POST');
      assert.equal(init.keepalive, true);
      assert.equal((init.headers as Record<string, string>)['Content-Type'], 'application/json');
      assert.ok(Array.isArray(JSON.parse(String(init.body))));
    }
  });

  it('flushes on pagehide', async () => {
    const key = unique('ep');
    const { win, doc } = await loadPage();
    await setMode(key, 'down');
    let calls = 0;
    let settled = 0;
    const spy: typeof fetch = (url, init) => {
      calls++;
      return fetch(url, init).finally(() => settled++);
    };
    const api = start(doc, { config: siteConfig({ endpoint: endpointFor(key) }), fetch: spy });
    await api.acceptAll();
    await waitFor(() => settled >= 1, 5000, 'a first attempt');
    await sleep(20);
    const before = calls;
    win.dispatchEvent(new Event('pagehide'));
    await sleep(20);
    assert.equal(calls, before + 1);
  });

  it('retries by itself after a failure, reporting one error per failure streak', async () => {
    const key = unique('ep');
    const { doc } = await loadPage();
    await setMode(key, 'down');
    const random = Math.random;
    // Mid-range jitter: a draw near 0 would retry before the endpoint is back up, and the
    // next backoff (up to 8 s) would outlast the wait — a flaky test, not a runtime fault.
    Math.random = () => 0.5;
    try {
      const errors: ErrorDetail[] = [];
      const api = start(doc, { config: siteConfig({ endpoint: endpointFor(key) }) });
      api.on('error', (e) => errors.push(e));
      await api.acceptAll();
      await waitFor(async () => (await requests(key)).length >= 1, 5000, 'a first attempt');
      await setMode(key, 'up');
      // First retry: full jitter under 2 × 2 s, here half of it.
      await waitFor(async () => (await accepted(key)).length === 1, 6000, 'a retry after backoff');
      assert.deepEqual(
        errors.map((e) => e.code),
        ['sync'],
      );
    } finally {
      Math.random = random;
    }
  });

  it('retries at once when the browser comes back online, without hammering meanwhile', async () => {
    const key = unique('ep');
    const { win, doc } = await loadPage();
    await setMode(key, 'down');
    const random = Math.random;
    // The longest backoff the jitter allows (about 4 s): only `online` can make the retry quick.
    Math.random = () => 0.999;
    try {
      const api = start(doc, { config: siteConfig({ endpoint: endpointFor(key) }) });
      await api.acceptAll();
      await waitFor(async () => (await requests(key)).length >= 1, 5000, 'a first attempt');
      await sleep(400);
      assert.equal((await requests(key)).length, 1, 'no second attempt before the backoff');
      await setMode(key, 'up');
      win.dispatchEvent(new Event('online'));
      await waitFor(async () => (await accepted(key)).length === 1, 1000, 'the retry on online');
    } finally {
      Math.random = random;
    }
  });

  it('keeps a proof the server refuses for a later page load, without hammering', async () => {
    const key = unique('ep');
    const dbName = unique('db');
    await setMode(key, 'invalid');
    const { doc } = await loadPage();
    const api = start(doc, { dbName, config: siteConfig({ endpoint: endpointFor(key) }) });
    const error = new Promise<ErrorDetail>((resolve) => api.on('error', resolve));
    await api.rejectAll();
    assert.equal((await error).code, 'sync');
    await sleep(500);
    assert.equal((await requests(key)).length, 1);
    assert.equal((await outboxIds(dbName)).length, 1);
  });
});
