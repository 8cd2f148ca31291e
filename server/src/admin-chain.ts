/**
 * The chain status of `GET /v1/admin/chain`: a full re-verification of a
 * site's stored chain that each request advances by at most a time budget.
 * A million records take tens of seconds to re-hash, so a request never does
 * it all: it resumes the running sweep where the last one stopped and answers
 * with the last finished sweep's result plus the running sweep's progress.
 * When the whole chain fits the budget, every request is a complete fresh check.
 *
 * Every record's hash and link is recomputed and every receipt must name its
 * record (id, seq, hash); the Ed25519 signature is checked on the last record
 * of each page of rows. That is enough: a verified hash chain makes a valid
 * signature on a record's hash vouch for every record before it, and one
 * signature check costs as much as hashing a hundred records. (`consentry
 * verify` on an export checks every signature.)
 */
import type { ChainAnchor } from '@consentry/core';
import type { StoredRecord } from '@consentry/core/schema';
import { type LogIssue, LogVerifier } from './log-verifier.js';
import type { PublicJwk } from './signer.js';
import type { ProofStore, StoredRow } from './store/proof-store.js';

export interface ChainCheckerOptions {
  /** Work per request, after the first page (default 300 ms). */
  budgetMs?: number;
  /** Rows per page and per signature check (default 250); between pages the event loop serves other requests. */
  pageSize?: number;
}

/** A finished sweep: everything up to `verifiedUpTo` holds, or `issue` names the first bad record. */
export interface SweepResult {
  ok: boolean;
  verifiedUpTo: number;
  /** Records checked by the sweep. */
  count: number;
  issue: LogIssue | null;
  finishedAt: string;
}

export interface ChainStatus {
  site: string;
  /** The last finished sweep held (true before any sweep finished and nothing failed). */
  ok: boolean;
  /** Whether `verifiedUpTo` reaches the head seen at the request. */
  complete: boolean;
  /** Records verified by the reported sweep. */
  count: number;
  verifiedUpTo: number;
  head: ChainAnchor | null;
  anchor: ChainAnchor | null;
  issue: LogIssue | null;
  /** When the reported sweep finished (null while the first one runs). */
  checkedAt: string | null;
  /** The sweep still running after this request, if any: where it stands. */
  running: { at: number; from: number; until: number } | null;
}

interface Sweep {
  verifier: LogVerifier;
  /** The sweep's start (the purged head) and its snapshot bound. */
  from: number;
  until: number;
  at: number;
  anchor: ChainAnchor | null;
  /** The chain head when the sweep started: its last record must carry this hash. */
  head: ChainAnchor | null;
  /** The hash and seq of the last record found sound. */
  tipHash: string | null;
  lastSeq: number;
}

interface SiteState {
  sweep: Sweep | null;
  last: SweepResult | null;
  /** Requests of one site take turns, so two page loads never check the same rows twice. */
  queue: Promise<unknown>;
}

/** A receipt that does not name its record (the signed row was swapped). */
function receiptIssue(record: StoredRecord, receipt: StoredRow['receipt'], sweep: Sweep): LogIssue | null {
  if (receipt.id === record.id && receipt.seq === record.seq && receipt.hash === record.hash) return null;
  return {
    kind: 'bad-receipt',
    site: record.site,
    seq: record.seq,
    index: sweep.verifier.report().count,
    message: `seq ${record.seq}: the receipt does not name this record (id, seq or hash differ)`,
  };
}

/**
 * What the records alone cannot show: the chain does not end where its head
 * says. `truncated`: the records after the last one read are missing;
 * `head-mismatch`: the last record read is not the one the head names.
 */
function tailIssue(site: string, sweep: Sweep, kind: 'truncated' | 'head-mismatch', message: string): LogIssue {
  const read = sweep.verifier.report().count;
  return kind === 'truncated'
    ? { kind, site, seq: sweep.at + 1, index: read + 1, message }
    : { kind, site, seq: sweep.until, index: read, message };
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * @example
 * const chains = new ChainChecker(store, () => signer.jwks().keys, () => new Date());
 * const status = await chains.status('shop');
 */
export class ChainChecker {
  #states = new Map<string, SiteState>();
  readonly #budgetMs: number;
  readonly #pageSize: number;

  constructor(
    private readonly store: ProofStore,
    private readonly keys: () => PublicJwk[],
    private readonly clock: () => Date,
    options: ChainCheckerOptions = {},
  ) {
    this.#budgetMs = options.budgetMs ?? 300;
    this.#pageSize = options.pageSize ?? 250;
  }

  /** Advances the site's sweep by the budget and reports; `restart` drops the running sweep first. */
  status(site: string, options: { restart?: boolean } = {}): Promise<ChainStatus> {
    let state = this.#states.get(site);
    if (!state) {
      state = { sweep: null, last: null, queue: Promise.resolve() };
      this.#states.set(site, state);
    }
    const current = state;
    const next = current.queue.then(() => this.#step(site, current, options.restart ?? false));
    current.queue = next.catch(() => undefined);
    return next;
  }

  async #step(site: string, state: SiteState, restart: boolean): Promise<ChainStatus> {
    const deadline = performance.now() + this.#budgetMs;
    const [anchor, head] = await Promise.all([this.store.anchor(site), this.store.head(site)]);
    // A purge past the sweep's position invalidates it: the rows it would read next are gone.
    if (restart || (state.sweep && (anchor?.seq ?? 0) > state.sweep.at)) state.sweep = null;
    if (!state.sweep) {
      state.sweep = {
        verifier: new LogVerifier({ keys: this.keys(), ...(anchor ? { anchors: { [site]: anchor } } : {}) }),
        from: anchor?.seq ?? 0,
        until: head?.seq ?? 0,
        at: anchor?.seq ?? 0,
        anchor,
        head,
        tipHash: null,
        lastSeq: anchor?.seq ?? 0,
      };
    }
    const sweep = state.sweep;
    let issue: LogIssue | null = null;
    // At least one page per request, so any budget makes progress.
    for (let first = true; !issue && sweep.at < sweep.until && (first || performance.now() < deadline); first = false) {
      const rows = await this.store.page({ site, afterSeq: sweep.at, untilSeq: sweep.until, limit: this.#pageSize });
      if (rows.length === 0) {
        // Short of the head it started from: the last records are gone, which no link between
        // the records left can show (or a purge took them: see below).
        issue = tailIssue(
          site,
          sweep,
          'truncated',
          `records ${sweep.at + 1}…${sweep.until} are missing (the chain head is at seq ${sweep.until})`,
        );
        break;
      }
      const tip = rows.at(-1);
      for (const row of rows) {
        const record = JSON.parse(row.json) as StoredRecord;
        issue =
          sweep.verifier.push(record, row === tip ? row.receipt : undefined) ??
          receiptIssue(record, row.receipt, sweep);
        if (issue) break;
        sweep.tipHash = record.hash;
        sweep.lastSeq = record.seq;
      }
      if (!issue) sweep.at = rows.at(-1)!.seq;
      if (performance.now() < deadline) await yieldToLoop();
    }
    if (!issue && sweep.at >= sweep.until && sweep.tipHash !== null && sweep.tipHash !== sweep.head?.hash) {
      issue = tailIssue(
        site,
        sweep,
        'head-mismatch',
        "the last record's hash is not the chain head's (the head or the record was rewritten)",
      );
    }
    // A purge while the sweep ran took rows from under it: what looks like a gap or a cut tail is
    // the purge, not a fault. The sweep starts over from the new anchor next time.
    if (issue && ((await this.store.anchor(site))?.seq ?? 0) > sweep.at) {
      state.sweep = null;
      issue = null;
    }
    const report = sweep.verifier.report();
    const finished = state.sweep !== null && (issue !== null || sweep.at >= sweep.until);
    if (finished) {
      state.last = {
        ok: !issue,
        // The last record read and found sound (before a gap, that is the one before it).
        verifiedUpTo: !issue ? sweep.until : issue.kind === 'head-mismatch' ? sweep.until - 1 : sweep.lastSeq,
        // A missing tail is no record read; any other issue is the last record read.
        count: report.count - (issue && issue.kind !== 'truncated' ? 1 : 0),
        issue,
        finishedAt: this.clock().toISOString(),
      };
      state.sweep = null;
    }
    const last = state.last;
    const running = state.sweep ? { at: state.sweep.at, from: state.sweep.from, until: state.sweep.until } : null;
    const verifiedUpTo = last ? last.verifiedUpTo : (running?.at ?? 0);
    return {
      site,
      ok: last ? last.ok : true,
      complete: !!last && last.ok && verifiedUpTo >= (head?.seq ?? 0),
      count: last ? last.count : report.count,
      verifiedUpTo,
      head,
      anchor,
      issue: last?.issue ?? null,
      checkedAt: last?.finishedAt ?? null,
      running,
    };
  }
}
