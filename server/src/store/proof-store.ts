/**
 * The storage contract every adapter (SQLite, PostgreSQL) implements, and the
 * shapes it returns. One shared test suite (test/server/store-suite.ts) runs
 * against each adapter.
 */
import type { ChainAnchor } from '@consentry/core';
import type { Proof, Receipt } from '@consentry/core/schema';

/** One proof to append, with the browser family and major version (GDPR 5(1)(c): never the full UA). */
export interface AppendItem {
  proof: Proof;
  ua?: string;
}

/** Proofs that arrived together (one request), all for the same site. */
export interface AppendRequest {
  site: string;
  items: AppendItem[];
  /** Server clock, ISO 8601: becomes every new record's `receivedAt`. */
  receivedAt: string;
}

/** A receipt's signature part. */
export interface Sealed {
  kid: string;
  sig: string;
}

/**
 * Signs a record hash: the receipt's `kid` and `sig`. `many`, when present,
 * signs several hashes off the event loop (worker threads; see signer.ts).
 */
export type Seal = ((hash: string) => Sealed) & { many?: (hashes: string[]) => Promise<Sealed[]> };

/** A stored row as it leaves the store: the record's JSON text and its receipt. */
export interface StoredRow {
  site: string;
  seq: number;
  /** The stored record, serialized once at append time (export streams it as is). */
  json: string;
  receipt: Receipt;
}

export type AppendOutcome =
  /** Every proof has a receipt; `created` counts the new ones (the rest were replays). */
  | { status: 'ok'; created: number; rows: StoredRow[] }
  /** An id already exists with other content: nothing from the request was appended. */
  | { status: 'conflict'; id: string };

export interface PageQuery {
  site: string;
  /** Keyset cursor: rows with seq greater than this. */
  afterSeq: number;
  /** Snapshot bound: rows with seq up to this (the head when the export started). */
  untilSeq: number;
  /** receivedAt lower bound, inclusive (ISO). */
  from?: string;
  /** receivedAt upper bound, exclusive (ISO). */
  to?: string;
  limit: number;
}

/** A page of records as NDJSON text; `lastSeq` is the keyset cursor of the next page. */
export interface PageText {
  text: string;
  count: number;
  lastSeq: number;
}

/** One group of the stats: a day, an action and the two optional tiers' values. */
export interface StatsRow {
  day: string;
  action: string;
  audience: boolean;
  advertising: boolean;
  count: number;
}

export interface PurgeResult {
  site: string;
  deleted: number;
  /** The last purged record: where verification of what is kept starts. */
  anchor: ChainAnchor | null;
}

/**
 * The append-only, per-site chained consent log.
 * Appends of one site are serialized (the chain head is locked), whatever the
 * number of processes sharing the database.
 */
export interface ProofStore {
  readonly kind: 'sqlite' | 'postgres';
  append(request: AppendRequest, seal: Seal): Promise<AppendOutcome>;
  /** A visitor's newest `limit` proofs, oldest first (right of access, GDPR 15: the choice in force is among them). */
  bySubject(subject: string, limit: number): Promise<StoredRow[]>;
  /** One page of a site's chain in seq order (keyset pagination: constant memory exports). */
  page(query: PageQuery): Promise<StoredRow[]>;
  /**
   * The same page as stored record texts joined by "\n" (no trailing newline),
   * built by the database: the NDJSON export without a JS object per row.
   */
  pageText(query: PageQuery): Promise<PageText>;
  /** The newest rows of a site, newest first. */
  latest(site: string, limit: number): Promise<StoredRow[]>;
  /** The last appended record of a site, or null when none was ever appended. */
  head(site: string): Promise<ChainAnchor | null>;
  /** The last purged record of a site, or null when nothing was purged. */
  anchor(site: string): Promise<ChainAnchor | null>;
  /** Sites that have a chain, sorted. */
  sites(): Promise<string[]>;
  count(site: string): Promise<number>;
  /** Grouped counts of the records received in [from, to) (ISO instants): scans that range. */
  stats(site: string, from: string, to: string): Promise<StatsRow[]>;
  /** Grouped counts of whole UTC days in [fromDay, toDay) (YYYY-MM-DD) from the aggregate kept on append and purge. */
  dailyStats(site: string, fromDay: string, toDay: string): Promise<StatsRow[]>;
  /** Deletes each chain's prefix received before `cutoff` and records the anchor. */
  purge(cutoff: string): Promise<PurgeResult[]>;
  /**
   * The log as of now, for reads that must agree with each other (an export:
   * its anchors, heads, records and receipts): a read transaction that
   * appends and purges made meanwhile do not change. Close it when done: it
   * holds a connection (and, on SQLite, keeps the WAL from being checkpointed
   * past it). An in-memory SQLite store has no second connection: its
   * snapshot reads the live log.
   */
  snapshot(): Promise<LogSnapshot>;
  close(): Promise<void>;
}

/** What an export reads of the log. */
export type LogReads = Pick<ProofStore, 'page' | 'pageText' | 'head' | 'anchor' | 'sites'>;

/** {@link ProofStore.snapshot}: the reads of one moment of the log. */
export interface LogSnapshot extends LogReads {
  close(): Promise<void>;
}
