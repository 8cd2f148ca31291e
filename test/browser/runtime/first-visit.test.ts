/**
 * The first visit does not wait for IndexedDB (store.ts `storedHint`): with
 * no choice ever stored in this browser the runtime asks at once, while the
 * database is created; a return visit waits for the stored choice and never
 * flashes the banner; a choice found after an early ask takes over.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ConsentAction } from '@consentry/core';
import { cleanUp, GRANTED_ALL, loadPage, sleep, start, unique, waitFor } from './helpers.js';

afterEach(cleanUp);

/** IndexedDB that never answers an open (a stalled disk); restored by the returned function. */
function stallIndexedDB(): () => void {
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function stalled() {
    return {} as IDBOpenDBRequest;
  };
  return () => {
    IDBFactory.prototype.open = open;
  };
}

const settled = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('first visit', () => {
  it('asks at once, before IndexedDB answers, when no choice was ever stored here', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const restore = stallIndexedDB();
    try {
      const api = start(doc, { dbName });
      assert.ok(await settled(api.ready(), 200), 'ready() did not wait for the database');
      const state = await api.ready();
      assert.equal(state.ask, true);
      assert.equal(state.reason, 'no-choice');
      assert.equal(api.get(), null);
    } finally {
      restore();
    }
  });

  it('waits for the stored choice on a return visit (no banner flash)', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const first = start(doc, { dbName });
    await first.acceptAll();
    assert.equal(localStorage.getItem(`${dbName}:stored`), '1', 'the decision set the hint');
    first.destroy();
    const restore = stallIndexedDB();
    try {
      const stalled = start(doc, { dbName });
      assert.equal(await settled(stalled.ready(), 300), false, 'a stored choice may exist: ready() waits');
      stalled.destroy();
    } finally {
      restore();
    }
    const again = start(doc, { dbName });
    const state = await again.ready();
    assert.equal(state.ask, false);
    assert.deepEqual(state.choices, GRANTED_ALL);
  });

  it('a stored choice found after an early ask takes over, and the hint is set again', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const first = start(doc, { dbName });
    await first.acceptAll();
    first.destroy();
    // The hint lost, the database kept (or a choice stored by a version without the hint).
    localStorage.removeItem(`${dbName}:stored`);
    const changes: Array<{ action: ConsentAction }> = [];
    doc.addEventListener('consentry-change', (e) => changes.push((e as CustomEvent).detail));
    const api = start(doc, { dbName });
    assert.equal((await api.ready()).ask, true, 'no hint: asks at once');
    await waitFor(() => changes.length === 1, 5000, 'the stored choice to take over');
    assert.equal(changes[0]!.action, 'accept-all');
    assert.deepEqual(api.get(), GRANTED_ALL);
    assert.equal(localStorage.getItem(`${dbName}:stored`), '1');
    // A UI that asks now (mounted late) hears the choice in force, not the early ask.
    const now = await api.ready();
    assert.deepEqual([now.ask, now.reason], [false, 'valid']);
  });

  it('a decision made before the database answers waits for it and is stored', async () => {
    const { doc } = await loadPage();
    const dbName = unique('db');
    const api = start(doc, { dbName });
    assert.equal((await api.ready()).ask, true);
    await api.rejectAll();
    assert.equal(api.get()?.audience, false);
    const proofs = await api.proofs();
    assert.equal(proofs.length, 1);
    assert.equal(proofs[0]!.proof.action, 'reject-all');
  });

  it('gates once the page is idle, and not at all once the runtime is destroyed', async () => {
    const first = await loadPage();
    start(first.doc);
    await waitFor(() => first.win.log.includes('essential'), 5000, 'the essential tier to run when idle');
    const second = await loadPage();
    const api = start(second.doc);
    api.destroy();
    await new Promise((resolve) => requestIdleCallback(resolve));
    await sleep(500);
    assert.deepEqual([...second.win.log], [], 'a destroyed runtime activates nothing');
  });
});
