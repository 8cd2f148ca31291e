/**
 * A load generator that keeps books: it sends proofs (singles and batches,
 * several requests at once), keeps every receipt it got, and sorts every
 * failure — a 503 (with or without its Retry-After), a request cut by a dying
 * server, an unexpected status, a request that hung. Fault tests hold it
 * before a kill, release it after a restart, and resend what was never
 * acknowledged, then compare its books with what the server stored.
 */
import type { Proof, Receipt } from '@consentry/core/schema';
import { makeProof } from '../../server/fixtures.js';

/** One request's worth of proofs: one proof sent alone, or a batch (one site). */
export interface Chunk {
  site: string;
  proofs: Proof[];
  single: boolean;
}

export const siteOrigin = (site: string) => `https://${site}.example`;

/** `CONSENTRY_SITES` for `sites`, each on its own origin. */
export const sitesEnv = (sites: string[]) => sites.map((s) => `${s}=${siteOrigin(s)}`).join(';');

/** `count` proofs spread round-robin over `sites`, cut into singles and batches of `batchSize` (`batchShare` of the proofs). */
export function makeChunks(count: number, sites: string[], batchShare = 0.5, batchSize = 50): Chunk[] {
  const perSite = new Map(sites.map((s) => [s, [] as Proof[]]));
  for (let i = 0; i < count; i++) {
    const site = sites[i % sites.length]!;
    perSite.get(site)!.push(makeProof({ site, url: `${siteOrigin(site)}/page` }));
  }
  const chunks: Chunk[] = [];
  for (const [site, proofs] of perSite) {
    const batched = Math.round(proofs.length * batchShare);
    for (let i = 0; i < batched; i += batchSize)
      chunks.push({ site, proofs: proofs.slice(i, Math.min(i + batchSize, batched)), single: false });
    for (const proof of proofs.slice(batched)) chunks.push({ site, proofs: [proof], single: true });
  }
  // Interleave sites and shapes as real traffic would.
  for (let i = chunks.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [chunks[i], chunks[j]] = [chunks[j]!, chunks[i]!];
  }
  return chunks;
}

export interface LoadOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** Base URLs, used round robin (several server processes). */
  urls: string[];
  /** Per request: a request that takes longer counts as hung (and is resent later). */
  timeoutMs?: number;
  /** Longest wait honoured from a Retry-After before resending a 503'd chunk. */
  maxRetryWaitMs?: number;
}

/** Counters of what the clients saw. */
export interface LoadFigures {
  requests: number;
  proofsSent: number;
  /** Statuses seen, e.g. `201`, `503 unavailable`, `network`. */
  statuses: Record<string, number>;
  /** 503 answers without a Retry-After header. */
  missingRetryAfter: number;
  /** Requests that did not answer within the timeout. */
  hung: number;
  /** Answers that were neither 200/201 nor a clean 503 (first few kept in `unexpectedSamples`). */
  unexpected: number;
  unexpectedSamples: string[];
  /** A resend answered with a receipt that differs from the one held for that id. */
  changedReceipts: number;
}

export class Load {
  readonly receipts = new Map<string, Receipt>();
  /** Chunks whose request died with the server (cut connection): the client does not know if they were stored. */
  readonly unacked: Chunk[] = [];
  readonly figures: LoadFigures = {
    requests: 0,
    proofsSent: 0,
    statuses: {},
    missingRetryAfter: 0,
    hung: 0,
    unexpected: 0,
    unexpectedSamples: [],
    changedReceipts: 0,
  };
  /** Called after each acknowledged request with the number of ids holding a receipt. */
  onProgress: (receipted: number) => void = () => undefined;
  /** Called after each 503 answer. */
  onRefused: () => void = () => undefined;
  #options: LoadOptions;
  #gate: Promise<void> | null = null;
  #open: () => void = () => undefined;
  #next = 0;

  constructor(options: LoadOptions) {
    this.#options = options;
  }

  /** New requests wait until `release` (those in flight go on). */
  hold(): void {
    this.#gate ??= new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  release(): void {
    this.#gate = null;
    this.#open();
  }

  /** Sends every chunk; a 503'd chunk is sent again after its Retry-After, a cut one goes to `unacked`. */
  async run(chunks: Chunk[]): Promise<void> {
    const queue = [...chunks];
    const retrying = new Set<Promise<void>>();
    const worker = async () => {
      for (;;) {
        while (this.#gate) await this.#gate;
        const chunk = queue.shift();
        if (!chunk) {
          if (retrying.size === 0) return;
          await Promise.race(retrying);
          continue;
        }
        const result = await this.send(chunk);
        if (result.retryAfterMs !== undefined) {
          const wait = Math.min(result.retryAfterMs, this.#options.maxRetryWaitMs ?? 2000);
          const later: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => {
            queue.push(chunk);
            retrying.delete(later);
          });
          retrying.add(later);
        }
      }
    };
    await Promise.all(Array.from({ length: this.#options.concurrency }, worker));
  }

  /**
   * Sends every unacknowledged chunk again until none is left (at most
   * `rounds` times): a resend can itself be cut, e.g. on a kept-alive socket
   * the server closed while this process was busy verifying a chain.
   */
  async resendUnacked(rounds = 5): Promise<void> {
    for (let round = 0; round < rounds && this.unacked.length > 0; round++) await this.run(this.unacked.splice(0));
  }

  #count(key: string): void {
    this.figures.statuses[key] = (this.figures.statuses[key] ?? 0) + 1;
  }

  #unexpected(text: string): void {
    this.figures.unexpected++;
    if (this.figures.unexpectedSamples.length < 5) this.figures.unexpectedSamples.push(text.slice(0, 300));
  }

  /** Sends one chunk; `retryAfterMs` is set when the server answered a clean 503. */
  async send(chunk: Chunk, url?: string): Promise<{ ok: boolean; status: number; retryAfterMs?: number }> {
    const urls = this.#options.urls;
    const base = url ?? urls[this.#next++ % urls.length]!;
    this.figures.requests++;
    this.figures.proofsSent += chunk.proofs.length;
    let res: Response;
    try {
      res = await fetch(`${base}/v1/proofs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: siteOrigin(chunk.site) },
        body: JSON.stringify(chunk.single ? chunk.proofs[0] : chunk.proofs),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        this.figures.hung++;
        this.#count('hung');
      } else this.#count('network');
      this.unacked.push(chunk);
      return { ok: false, status: 0 };
    }
    const text = await res.text().catch((error: Error) => `(body cut: ${error.message})`);
    if (res.status === 200 || res.status === 201) {
      this.#count(String(res.status));
      const body = JSON.parse(text) as Receipt | { receipts: Receipt[] };
      const receipts = 'receipts' in body ? body.receipts : [body];
      for (const [i, proof] of chunk.proofs.entries()) this.#keep(proof.id, receipts[i]);
      this.onProgress(this.receipts.size);
      return { ok: true, status: res.status };
    }
    const code = /"code":"([^"]+)"/.exec(text)?.[1] ?? 'no-code';
    this.#count(`${res.status} ${code}`);
    if (res.status === 503) {
      const retryAfter = res.headers.get('Retry-After');
      if (!retryAfter) this.figures.missingRetryAfter++;
      this.onRefused();
      return { ok: false, status: 503, retryAfterMs: Number(retryAfter ?? 1) * 1000 };
    }
    this.#unexpected(`${res.status} ${text}`);
    return { ok: false, status: res.status };
  }

  #keep(id: string, receipt: Receipt | undefined): void {
    if (receipt?.id !== id) {
      this.#unexpected(`receipt for ${receipt?.id} where ${id} was sent`);
      return;
    }
    const held = this.receipts.get(id);
    if (held && JSON.stringify(held) !== JSON.stringify(receipt)) this.figures.changedReceipts++;
    this.receipts.set(id, receipt);
  }
}
