/**
 * The visitor's consent store in IndexedDB (through `idb`): the current choice,
 * the pseudonymous subject id, the proofs made in this browser with their
 * receipts, and the outbox of proofs the server has not acknowledged yet.
 * The store itself is allowed before consent (RULES.md 1: "the choice store
 * itself is allowed"). When IndexedDB is unavailable or fails (private mode,
 * quota, blocked, corrupted), the page view goes on in memory and the failure is
 * reported: nothing blocks the page (STYLE.md, errors).
 */
import type { Proof, StoredChoice } from '@consentry/core';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { ProofEntry } from './types.js';

/** The database layout; bump `VERSION` and add a step in `upgrade` to change it. */
export interface ConsentDB extends DBSchema {
  /** `choice` → the last decision; `subject` → the random UUID made at the first decision. */
  kv: { key: 'choice'; value: StoredChoice } | { key: 'subject'; value: string };
  /** Every proof made here, by proof id, with the server's receipt once it came. */
  proofs: { key: string; value: ProofEntry };
  /** Proofs waiting for a receipt, by proof id. */
  outbox: { key: string; value: Proof };
}

const VERSION = 1;
/** A database that neither opens nor fails this fast is treated as failed: the banner must not wait. */
const OPEN_TIMEOUT_MS = 3000;

/** What start-up needs, read in one transaction. */
export interface Snapshot {
  choice: StoredChoice | undefined;
  subject: string | undefined;
  /** Number of proofs in the outbox (start-up loads the sync code only when some wait). */
  pending: number;
}

/** The page view's copy when IndexedDB fails (STYLE.md: fall back to memory, never block). */
export interface Memory {
  choice?: StoredChoice;
  subject?: string;
  proofs: Map<string, ProofEntry>;
  outbox: Map<string, Proof>;
}

/**
 * The start-up part of the store: opening and the first read. The other
 * operations (store-ops.ts) load with the first decision.
 */
export interface StoreHandle {
  /** The open database, or undefined once this page view runs in memory. */
  db(): Promise<IDBPDatabase<ConsentDB> | undefined>;
  memory: Memory;
  /** Switches this page view to memory; reports the first failure. */
  fail(error: unknown): void;
  read(): Promise<Snapshot>;
  close(): void;
}

async function openIdb(name: string): Promise<IDBPDatabase<ConsentDB>> {
  let db: IDBPDatabase<ConsentDB> | undefined;
  const opening = openDB<ConsentDB>(name, VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('kv');
        database.createObjectStore('proofs');
        database.createObjectStore('outbox');
      }
    },
    // A newer script version wants to upgrade: let it; this page view goes on in memory.
    blocking: () => db?.close(),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let late = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      late = true;
      reject(new Error(`IndexedDB did not open within ${OPEN_TIMEOUT_MS} ms`));
    }, OPEN_TIMEOUT_MS);
  });
  // Too late is as good as failed: close a connection that opens after the timeout.
  opening.then(
    (conn) => late && conn.close(),
    () => {},
  );
  try {
    db = await Promise.race([opening, timeout]);
    return db;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the store named `name`; the database opening starts at once. Any
 * failure, at opening or later, switches this page view to memory and calls
 * `onError` once.
 */
export function openStore(name: string, onError: (error: unknown) => void): StoreHandle {
  const memory: Memory = { proofs: new Map(), outbox: new Map() };
  let reported = false;
  // openIdb is async: a synchronous throw of `indexedDB.open` (or no `indexedDB` at all) becomes a rejection.
  let db: Promise<IDBPDatabase<ConsentDB> | undefined> = openIdb(name);
  const fail = (error: unknown) => {
    if (!reported) onError(error);
    reported = true;
    db = Promise.resolve(undefined);
  };
  db = db.catch((error) => {
    fail(error);
    return undefined;
  });
  const handle: StoreHandle = {
    db: () => db,
    memory,
    fail,
    async read() {
      const conn = await db;
      try {
        if (conn) {
          const tx = conn.transaction(['kv', 'outbox']);
          const [choice, subject, pending] = await Promise.all([
            tx.objectStore('kv').get('choice'),
            tx.objectStore('kv').get('subject'),
            tx.objectStore('outbox').count(),
          ]);
          return { choice: choice as StoredChoice | undefined, subject: subject as string | undefined, pending };
        }
      } catch (error) {
        fail(error);
      }
      return { choice: memory.choice, subject: memory.subject, pending: memory.outbox.size };
    },
    close: () => {
      db.then((conn) => conn?.close());
    },
  };
  return handle;
}
