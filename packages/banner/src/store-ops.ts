/**
 * The store's writes and later reads through `idb`, loaded with the first
 * decision (bundle budget: only opening and the first read, in store.ts, are
 * on the start-up path). idb wraps the connection start-up opened. Each write
 * is one transaction; a failure switches the page view to memory (store.ts)
 * and the operation completes there.
 */
import type { Proof, Receipt, StoredChoice } from '@consentry/core';
import { type DBSchema, type IDBPDatabase, wrap } from 'idb';
import type { Memory, StoreHandle } from './store.js';
import type { ProofEntry } from './types.js';

/** The database layout (store.ts creates it; change both together). */
export interface ConsentDB extends DBSchema {
  /** `choice` → the last decision; `subject` → the random UUID made at the first decision. */
  kv: { key: 'choice'; value: StoredChoice } | { key: 'subject'; value: string };
  /** Every proof made here, by proof id, with the server's receipt once it came. */
  proofs: { key: string; value: ProofEntry };
  /** Proofs waiting for a receipt, by proof id. */
  outbox: { key: string; value: Proof };
}

/** The operations the decision path and the outbox use. */
export interface Store {
  /** Records a decision: choice, subject, proof and outbox entry, atomically. */
  write(choice: StoredChoice, proof: Proof): Promise<void>;
  outbox(): Promise<Proof[]>;
  /** Keeps a receipt beside its proof and takes the proof out of the outbox, atomically. */
  receipt(receipt: Receipt): Promise<void>;
  proofs(): Promise<ProofEntry[]>;
}

/**
 * The wrapped connection, transactions only: the script tag's build leaves out
 * idb's database shortcuts and async iterators (scripts/script-tag-build.mjs
 * `idbWithoutAddOns`), so `db.get(…)`, `store.iterate()` and `for await` are
 * not to be used here.
 */
type Db = Pick<IDBPDatabase<ConsentDB>, 'transaction'>;

/**
 * All of one store, read in its own transaction. idb's `db.getAll` shortcut
 * never awaits its transaction's `done`, which rejects when the transaction
 * aborts (the site's data cleared while the page is open): an unhandled
 * rejection. The read's own rejection is what the caller handles.
 */
const readAll = <S extends 'outbox' | 'proofs'>(db: Db, store: S) => {
  const tx = db.transaction(store);
  tx.done.catch(() => {});
  return tx.store.getAll();
};

/** Runs `onDb`, or `onMemory` when the page view is (or falls) in memory. */
const using =
  <A extends unknown[], R>(
    handle: StoreHandle,
    onDb: (db: Db, ...args: A) => Promise<R>,
    onMemory: (m: Memory, ...args: A) => R,
  ) =>
  async (...args: A): Promise<R> => {
    const db = await handle.db();
    if (db) {
      try {
        return await onDb(wrap(db) as Db, ...args);
      } catch (error) {
        handle.fail(error);
      }
    }
    return onMemory(handle.memory, ...args);
  };

/** The store operations over an opened handle. */
export function storeOps(handle: StoreHandle): Store {
  return {
    write: using(
      handle,
      async (db, choice: StoredChoice, proof: Proof) => {
        const tx = db.transaction(['kv', 'proofs', 'outbox'], 'readwrite');
        const kv = tx.objectStore('kv');
        await Promise.all([
          kv.put(choice, 'choice'),
          kv.put(proof.subject, 'subject'),
          tx.objectStore('proofs').put({ proof }, proof.id),
          tx.objectStore('outbox').put(proof, proof.id),
          tx.done,
        ]);
      },
      (m, choice, proof) => {
        m.choice = choice;
        m.subject = proof.subject;
        m.proofs.set(proof.id, { proof });
        m.outbox.set(proof.id, proof);
      },
    ),
    outbox: using(
      handle,
      (db) => readAll(db, 'outbox'),
      (m) => [...m.outbox.values()],
    ),
    receipt: using(
      handle,
      async (db, receipt: Receipt) => {
        const tx = db.transaction(['proofs', 'outbox'], 'readwrite');
        // An aborted transaction (the site's data cleared mid-write) also rejects `done`; a failed `get`
        // below leaves `done` unawaited: mark it handled here so the abort is reported once, not twice.
        tx.done.catch(() => {});
        const proofs = tx.objectStore('proofs');
        const entry = await proofs.get(receipt.id);
        if (entry) await proofs.put({ ...entry, receipt }, receipt.id);
        await Promise.all([tx.objectStore('outbox').delete(receipt.id), tx.done]);
      },
      (m, receipt) => {
        const entry = m.proofs.get(receipt.id);
        if (entry) m.proofs.set(receipt.id, { ...entry, receipt });
        m.outbox.delete(receipt.id);
      },
    ),
    proofs: using(
      handle,
      (db) => readAll(db, 'proofs'),
      (m) => [...m.proofs.values()],
    ),
  };
}
