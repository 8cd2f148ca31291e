/**
 * The outbox: sends this browser's unacknowledged proofs to the consent log
 * (`POST endpoint/v1/proofs`, a JSON array; the server answers
 * `{ receipts: [{ id, seq, hash, receivedAt, kid, sig }] }`). A receipt takes
 * its proof out of the outbox and is kept beside it (GDPR 7(1): the visitor
 * and the site can both show the proof). Proof ids make resends harmless, so
 * failures are simply retried: exponential backoff with full jitter, on
 * `online`, on the next page load; `pagehide` flushes with `keepalive`.
 * Loaded with record.ts (the first decision, or proofs waiting), never before the banner shows.
 */
import type { Proof, Receipt } from '@consentry/core';
import type { Store } from './store-ops.js';

/** Proofs per request: the server takes 100 and 64 KB; keepalive bodies share a 64 KB budget. */
const BATCH = 20;
const BASE_DELAY_MS = 2000;
const MAX_DELAY_MS = 10 * 60_000;

export interface OutboxOptions {
  store: Store;
  endpoint: string;
  fetch: typeof fetch;
  win: Window;
  onError: (message: string, cause?: unknown) => void;
}

/** The outbox of one page view. */
export interface Outbox {
  /** Queues a proof already written to the store and sends it. */
  add(proof: Proof): Promise<void>;
  /** Sends what waits; concurrent calls share one run. */
  flush(): Promise<void>;
  stop(): void;
}

/** A failure that resending the same proof cannot fix (invalid, conflicting, refused origin). */
const isPermanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/** Starts the outbox: loads what waits in the store and sends it. */
export function createOutbox({ store, endpoint, fetch, win, onError }: OutboxOptions): Outbox {
  const url = `${endpoint.replace(/\/+$/, '')}/v1/proofs`;
  const pending = new Map<string, Proof>();
  let size = BATCH;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const loaded = store.outbox().then((proofs) => {
    for (const proof of proofs) pending.set(proof.id, proof);
  });

  const post = async (batch: Proof[]): Promise<Receipt[]> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(batch),
      // keepalive: the request outlives the page (a decision is often the last click before leaving).
      keepalive: true,
      credentials: 'omit',
    });
    if (!response.ok) throw Object.assign(new Error(`${url} answered ${response.status}`), { status: response.status });
    const body = (await response.json()) as { receipts?: Receipt[] } | Receipt[];
    return (Array.isArray(body) ? body : body.receipts) ?? [];
  };

  /** Keeps the receipts that answer `batch` (each takes its proof out of the outbox); returns how many. */
  const keep = async (batch: Proof[], receipts: Receipt[]): Promise<number> => {
    const ids = new Set(batch.map((p) => p.id));
    const kept = receipts.filter((r) => r && ids.has(r.id) && typeof r.hash === 'string');
    for (const receipt of kept) {
      await store.receipt(receipt);
      pending.delete(receipt.id);
    }
    return kept.length;
  };
  // Oldest first: the server chains proofs in the order it receives them.
  const waiting = () => [...pending.values()].sort((a, b) => a.at.localeCompare(b.at));

  const send = async (): Promise<void> => {
    await loaded;
    while (pending.size && !stopped) {
      const batch = waiting().slice(0, size);
      try {
        const kept = await keep(batch, await post(batch));
        attempt = 0;
        if (!kept) throw new Error(`${url} answered no receipt for this batch`);
      } catch (error) {
        const status = (error as { status?: number }).status ?? 0;
        if (isPermanent(status) && batch.length > 1) {
          // One bad proof must not hold back the others: send one at a time for this page view.
          size = 1;
          continue;
        }
        if (isPermanent(status)) {
          // Kept in the store's outbox: a later page load (perhaps a fixed server) retries it.
          pending.delete(batch[0]!.id);
          onError(`proof ${batch[0]!.id} was refused; retried on the next page load`, error);
          continue;
        }
        if (attempt++ === 0) onError(`proofs not sent yet, retrying: ${(error as Error).message}`, error);
        const delay = Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
        clearTimeout(timer);
        timer = setTimeout(() => {
          timer = undefined;
          flush();
        }, delay);
        return;
      }
    }
  };

  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = send().finally(() => {
      running = undefined;
      // After a failure the backoff timer retries: a flush asked for meanwhile must not hammer.
      if (again && !timer) flush();
      again = false;
    });
    return running;
  }

  const onOnline = () => {
    attempt = 0;
    clearTimeout(timer);
    timer = undefined;
    flush();
  };
  /**
   * The page may not come back: every waiting proof leaves now, in keepalive
   * batches sent at once. A flush would wait for a request in flight, then
   * send one batch at a time, and the page is gone before the second.
   * Resending the batch in flight is harmless (ids).
   */
  const onPagehide = () => {
    const all = waiting();
    for (let i = 0; i < all.length; i += size) {
      const batch = all.slice(i, i + size);
      post(batch)
        .then((receipts) => keep(batch, receipts))
        .catch((error) => onError('proofs not sent on leaving the page; the next page load sends them', error));
    }
  };
  win.addEventListener('online', onOnline);
  win.addEventListener('pagehide', onPagehide);
  flush();

  return {
    async add(proof) {
      await loaded;
      // Already waiting (read from the store at start): it leaves with the next attempt, not an extra one.
      if (pending.has(proof.id)) return;
      pending.set(proof.id, proof);
      await flush();
    },
    flush,
    stop() {
      stopped = true;
      clearTimeout(timer);
      win.removeEventListener('online', onOnline);
      win.removeEventListener('pagehide', onPagehide);
    },
  };
}
