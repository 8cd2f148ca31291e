/**
 * The visitor's consent store in IndexedDB: the current choice, the
 * pseudonymous subject id, the proofs made in this browser with their
 * receipts, and the outbox of proofs the server has not acknowledged yet.
 * The store itself is allowed before consent (RULES.md 1: "the choice store
 * itself is allowed"). When IndexedDB is unavailable or fails (private mode,
 * quota, blocked, corrupted), the page view goes on in memory and the failure is
 * reported: nothing blocks the page (STYLE.md, errors).
 *
 * Start-up only opens the database and reads one transaction, with the bare
 * IndexedDB API (a few lines); every later operation goes through `idb`
 * (store-ops.ts), which wraps the same connection and loads with the first
 * decision: idb stays off the code a first visit downloads before the banner
 * shows (bundle budget).
 */
import type { Proof, StoredChoice } from '@consentry/core';
import type { ProofEntry } from './types.js';

/** The database layout's version; bump it and add a step in `openIdb` to change the layout. */
const VERSION = 1;
/** The object stores: `kv` (`choice`, `subject`), `proofs` and `outbox` (by proof id); see store-ops.ts. */
const STORES = ['kv', 'proofs', 'outbox'];
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
  db(): Promise<IDBDatabase | undefined>;
  memory: Memory;
  /** Switches this page view to memory; reports the first failure. */
  fail(error: unknown): void;
  read(): Promise<Snapshot>;
  close(): void;
}

/**
 * A synchronous hint beside the database: `localStorage["<name>:stored"]` is
 * set once a choice has been stored in this browser. Without it (a first
 * visit), start-up shows the banner at once instead of waiting for IndexedDB,
 * which on a first visit must create the database: 40–140 ms in a fresh
 * Chromium profile here, the longest wait before the banner (docs/BENCHMARKS.md).
 * The database is still read, and a choice it holds takes over (runtime.ts).
 * It is Consentry's own key, written only after a decision (RULES.md 1); a
 * browser clears it with the site's other storage. When `localStorage` is
 * unavailable the answer is "maybe": start-up waits for the database, as it
 * would without the hint.
 */
export const storedHint = {
  /** False only when this browser has surely never stored a choice under `name`. */
  maybe(name: string): boolean {
    try {
      return localStorage.getItem(`${name}:stored`) !== null;
    } catch {
      return true;
    }
  },
  set(name: string): void {
    try {
      localStorage.setItem(`${name}:stored`, '1');
    } catch {
      // Blocked or full: the next visit waits for the database instead.
    }
  },
};

/** A request's result as a promise. */
const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

function openIdb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    // A synchronous throw of `indexedDB.open` (or no `indexedDB` at all) becomes a rejection here.
    const request = indexedDB.open(name, VERSION);
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error(`IndexedDB did not open within ${OPEN_TIMEOUT_MS} ms`));
    }, OPEN_TIMEOUT_MS);
    request.onupgradeneeded = (event) => {
      if (event.oldVersion < 1) for (const store of STORES) request.result.createObjectStore(store);
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      const db = request.result;
      // A newer script version wants to upgrade: let it; this page view goes on in memory.
      db.onversionchange = () => db.close();
      // Too late is as good as failed: close a connection that opens after the timeout.
      if (late) db.close();
      resolve(db);
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error);
    };
  });
}

/**
 * Opens the store named `name`; the database opening starts at once. Any
 * failure, at opening or later, switches this page view to memory and calls
 * `onError` once.
 */
export function openStore(name: string, onError: (error: unknown) => void): StoreHandle {
  const memory: Memory = { proofs: new Map(), outbox: new Map() };
  let reported = false;
  const fail = (error: unknown) => {
    if (!reported) onError(error);
    reported = true;
    db = Promise.resolve(undefined);
  };
  let db: Promise<IDBDatabase | undefined> = openIdb(name).catch((error) => {
    fail(error);
    return undefined;
  });
  return {
    db: () => db,
    memory,
    fail,
    async read() {
      const conn = await db;
      try {
        if (conn) {
          const tx = conn.transaction(['kv', 'outbox']);
          const kv = tx.objectStore('kv');
          const [choice, subject, pending] = await Promise.all([
            done(kv.get('choice')),
            done(kv.get('subject')),
            done(tx.objectStore('outbox').count()),
          ]);
          return { choice, subject, pending };
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
}
