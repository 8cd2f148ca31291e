/**
 * The per-site append-only hash chain (DESIGN.md, "The chain, exactly").
 *
 * A stored record is the proof plus `receivedAt`, `seq` (1, 2, 3… per site) and
 * `prevHash` (the previous record's `hash`, 64 zeros for seq 1). Its `hash` is
 * the lowercase hex SHA-256 of the RFC 8785 canonical JSON of the record without
 * its `hash` field. Anyone can re-check an export with this file alone.
 */
import { canonicalizeWithout } from './jcs.js';
import { type Sha256, sha256Hex } from './sha256.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields the chain itself relies on; the rest of the record is hashed as it is. */
export interface ChainLink {
  site: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** The canonical text whose SHA-256 is the record's `hash`. */
export function recordHashInput(record: object): string {
  return canonicalizeWithout(record, 'hash');
}

/** The `hash` a record must carry, computed from all its other fields. */
export function recordHash(record: object, sha256: Sha256 = sha256Hex): Promise<string> | string {
  return sha256(recordHashInput(record));
}

export type ChainIssueKind =
  | 'malformed'
  | 'bad-start'
  | 'hash-mismatch'
  | 'broken-link'
  | 'gap'
  | 'duplicate'
  | 'reorder';

/** The first thing wrong in a chain, named by the record's position. */
export interface ChainIssue {
  kind: ChainIssueKind;
  site: string;
  /** The seq the bad record carries (or the seq expected, when it has none). */
  seq: number;
  /** 1-based position of the bad record in the input. */
  index: number;
  message: string;
}

/** Where a chain may start when its head was purged: the last purged record's seq and hash. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

export interface ChainVerifierOptions {
  sha256?: Sha256;
  /** Per site, the purged head the first kept record links to. */
  anchors?: Readonly<Record<string, ChainAnchor>>;
  /**
   * Accept any first seq and prevHash per site (an export cut by date): the
   * records are still checked against each other, but not against the start.
   */
  partial?: boolean;
}

export interface ChainSummary {
  ok: boolean;
  /** Records checked. */
  count: number;
  /** Per site: first and last seq seen and the head hash. */
  sites: Record<string, { first: number; last: number; head: string }>;
  issue?: ChainIssue;
}

interface Head {
  seq: number;
  hash: string;
}

/**
 * Checks records one at a time in export order, in constant memory per site.
 * Stops at the first issue; later pushes return that same issue.
 *
 * @example
 * const v = new ChainVerifier();
 * for await (const line of lines) if (await v.push(JSON.parse(line))) break;
 * const summary = v.summary();
 */
export class ChainVerifier {
  #sha256: Sha256;
  #anchors: Readonly<Record<string, ChainAnchor>>;
  #partial: boolean;
  #heads = new Map<string, Head>();
  #firsts = new Map<string, number>();
  #count = 0;
  #issue: ChainIssue | undefined;

  constructor(options: ChainVerifierOptions = {}) {
    this.#sha256 = options.sha256 ?? sha256Hex;
    this.#anchors = options.anchors ?? {};
    this.#partial = options.partial ?? false;
  }

  /** Checks the next record; returns the first issue found so far, or null. */
  async push(record: unknown): Promise<ChainIssue | null> {
    if (this.#issue) return this.#issue;
    const input = this.#inputOf(record);
    if (typeof input !== 'string') return input;
    return this.#check(record as ChainLink, await this.#sha256(input));
  }

  /** As `push`, for a synchronous hasher such as node:crypto's. */
  pushSync(record: unknown): ChainIssue | null {
    if (this.#issue) return this.#issue;
    const input = this.#inputOf(record);
    if (typeof input !== 'string') return input;
    const computed = this.#sha256(input);
    if (typeof computed !== 'string') throw new TypeError('pushSync needs a synchronous sha256');
    return this.#check(record as ChainLink, computed);
  }

  /**
   * As `pushSync`, for a record whose hash input was already hashed elsewhere
   * (`consentry verify` hashes in worker threads): `record` must have passed
   * the shape check (string site, prevHash and hash, safe-integer seq) and
   * `computed` is the SHA-256 of its `recordHashInput`.
   */
  pushHashed(record: ChainLink, computed: string): ChainIssue | null {
    if (this.#issue) return this.#issue;
    this.#count++;
    return this.#check(record, computed);
  }

  summary(): ChainSummary {
    const sites: ChainSummary['sites'] = {};
    for (const [site, head] of this.#heads) {
      sites[site] = { first: this.#firsts.get(site) ?? head.seq, last: head.seq, head: head.hash };
    }
    return { ok: !this.#issue, count: this.#count, sites, ...(this.#issue ? { issue: this.#issue } : {}) };
  }

  #fail(kind: ChainIssueKind, site: string, seq: number, message: string): ChainIssue {
    this.#issue = { kind, site, seq, index: this.#count, message: `seq ${seq}: ${message}` };
    return this.#issue;
  }

  #inputOf(record: unknown): string | ChainIssue {
    this.#count++;
    const r = record as Partial<ChainLink> | null;
    if (
      r === null ||
      typeof r !== 'object' ||
      typeof r.site !== 'string' ||
      !Number.isSafeInteger(r.seq) ||
      typeof r.prevHash !== 'string' ||
      typeof r.hash !== 'string'
    ) {
      const seq = Number.isSafeInteger(r?.seq) ? (r?.seq as number) : 0;
      return this.#fail(
        'malformed',
        typeof r?.site === 'string' ? r.site : '',
        seq,
        'missing site, seq, prevHash or hash',
      );
    }
    try {
      return recordHashInput(r);
    } catch (error) {
      return this.#fail('malformed', r.site, r.seq as number, `not canonicalizable JSON (${(error as Error).message})`);
    }
  }

  #check(record: ChainLink, computed: string): ChainIssue | null {
    const { site, seq } = record;
    if (computed !== record.hash) {
      return this.#fail('hash-mismatch', site, seq, `hash ${record.hash} does not match its content (${computed})`);
    }
    const head = this.#heads.get(site) ?? this.#start(site, record);
    if (head) {
      if (seq === head.seq) return this.#fail('duplicate', site, seq, `seq ${seq} appears twice`);
      if (seq < head.seq) return this.#fail('reorder', site, seq, `comes after seq ${head.seq}`);
      if (seq > head.seq + 1) {
        return this.#fail('gap', site, seq, `records ${head.seq + 1}…${seq - 1} are missing`);
      }
      if (record.prevHash !== head.hash) {
        return this.#fail('broken-link', site, seq, `prevHash does not match the hash of seq ${head.seq}`);
      }
    } else if (!this.#heads.has(site)) {
      if (!this.#partial) {
        return this.#fail(
          'bad-start',
          site,
          seq,
          seq === 1 ? 'prevHash of seq 1 must be 64 zeros' : 'the chain must start at seq 1 or at an anchor',
        );
      }
    }
    if (!this.#firsts.has(site)) this.#firsts.set(site, seq);
    this.#heads.set(site, { seq, hash: record.hash });
    return null;
  }

  /** The virtual head a site's first record must follow: genesis or its anchor. */
  #start(site: string, record: ChainLink): Head | undefined {
    const anchor = this.#anchors[site];
    if (anchor) return anchor;
    if (record.seq === 1 && record.prevHash === GENESIS_HASH) return { seq: 0, hash: GENESIS_HASH };
    return undefined;
  }
}

/**
 * Verifies a whole sequence of stored records (any iterable, sync or async).
 *
 * @example
 * const { ok, issue } = await verifyChain(records);
 * if (!ok) console.error(issue.message); // "seq 42: prevHash does not match the hash of seq 41"
 */
export async function verifyChain(
  records: Iterable<unknown> | AsyncIterable<unknown>,
  options: ChainVerifierOptions = {},
): Promise<ChainSummary> {
  const verifier = new ChainVerifier(options);
  for await (const record of records) {
    if (await verifier.push(record)) break;
  }
  return verifier.summary();
}

/**
 * Appends a proof (or any record body) to a chain: gives it `seq` and
 * `prevHash` after `head` (null for an empty chain) and computes its `hash`.
 */
export async function chainRecord<T extends object>(
  body: T,
  head: ChainAnchor | null,
  sha256: Sha256 = sha256Hex,
): Promise<T & { seq: number; prevHash: string; hash: string }> {
  const linked = { ...body, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? GENESIS_HASH };
  return { ...linked, hash: await recordHash(linked, sha256) };
}
