import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { openDB } from 'idb';
import type { ErrorDetail } from '../../../packages/banner/src/types.js';
import { cleanUp, GRANTED_ALL, loadPage, start, unique, waitFor } from './helpers.js';

const errorsOf = (doc: Document) => {
  const errors: ErrorDetail[] = [];
  doc.addEventListener('consentry-error', (e) => errors.push((e as CustomEvent<ErrorDetail>).detail));
  return errors;
};

async function readKv(name: string): Promise<Record<string, unknown>> {
  const db = await openDB(name);
  try {
    // In a transaction: idb's `db.getAll(…)` shortcuts are not in the script tag's idb, nor here.
    const kv = db.transaction('kv').store;
    const [keys, values] = await Promise.all([kv.getAllKeys(), kv.getAll()]);
    return Object.fromEntries(keys.map((k, i) => [String(k), values[i]]));
  } finally {
    db.close();
  }
}

describe('IndexedDB store', () => {
  afterEach(cleanUp);

  it('runs on idb as the script tag ships it, without the add-ons store-ops.ts does without', async () => {
    // The test runner serves idb as the build bundles it (scripts/script-tag-build.mjs): a store
    // operation that relied on a database shortcut or on async iteration would fail here too.
    const db = await openDB(unique('idb'), 1, { upgrade: (d) => d.createObjectStore('s') });
    try {
      const store = db.transaction('s', 'readwrite').store;
      await store.put('v', 'k');
      assert.equal(await store.get('k'), 'v');
      assert.equal('getAll' in db, false, 'database shortcuts');
      assert.equal('iterate' in store, false, 'async iteration');
    } finally {
      db.close();
    }
  });

  it('creates the subject id at the first decision, never before, and keeps it', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const api = start(doc, { dbName });
    await api.ready();
    assert.deepEqual(await readKv(dbName), {}, 'nothing stored before a decision');
    await api.rejectAll();
    const kv = await readKv(dbName);
    const [entry] = await api.proofs();
    assert.equal(typeof kv.subject, 'string');
    assert.equal(kv.subject, entry?.proof.subject);
    assert.equal((kv.choice as { proofId: string }).proofId, entry?.proof.id);
    api.destroy();
    const next = start(doc, { dbName });
    await next.acceptAll();
    const proofs = await next.proofs();
    assert.equal(proofs.length, 2);
    assert.equal(proofs[1]?.proof.subject, kv.subject);
    assert.deepEqual(
      proofs.map((p) => p.proof.action),
      ['reject-all', 'accept-all'],
    );
  });

  it('keeps the page working in memory when indexedDB.open throws', async () => {
    const { win, doc } = await loadPage();
    const errors = errorsOf(doc);
    Object.defineProperty(indexedDB, 'open', {
      configurable: true,
      value: () => {
        throw new DOMException('The user denied permission to access the database.', 'UnknownError');
      },
    });
    let api: ReturnType<typeof start>;
    try {
      api = start(doc);
      const state = await api.ready();
      assert.equal(state.ask, true);
    } finally {
      delete (indexedDB as { open?: unknown }).open;
    }
    assert.equal(errors[0]?.code, 'storage');
    await api.acceptAll();
    assert.deepEqual(api.get(), GRANTED_ALL);
    await waitFor(() => win.log.includes('advertising-inline'), 5000, 'the gated scripts');
    assert.equal((await api.proofs()).length, 1);
    assert.equal(errors.length, 1, 'reported once');
  });

  it('falls back to memory when the database cannot be opened (a newer version exists)', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    (await openDB(dbName, 7)).close();
    const errors = errorsOf(doc);
    const api = start(doc, { dbName });
    assert.equal((await api.ready()).ask, true);
    // A first visit asks before the database answers (store.ts storedHint); its failure follows.
    await waitFor(() => errors.length > 0, 5000, 'the storage error');
    assert.equal(errors[0]?.code, 'storage');
    await api.dismiss();
    assert.equal(api.get()?.audience, false);
  });

  it('falls back to memory when the database goes away during the page view', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const errors = errorsOf(doc);
    const api = start(doc, { dbName });
    await api.ready();
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase(dbName);
      request.onsuccess = resolve;
      request.onerror = reject;
    });
    await api.acceptAll();
    assert.equal(errors[0]?.code, 'storage');
    assert.deepEqual(api.get(), GRANTED_ALL);
    assert.equal((await api.proofs()).length, 1);
  });
});
