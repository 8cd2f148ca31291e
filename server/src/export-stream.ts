/**
 * The bulk export (`GET /v1/admin/export`, `consentry export`): each site's
 * chain in seq order, read page by page (keyset on seq), so memory stays
 * constant whatever the size. It reads one snapshot of the log
 * (`ProofStore.snapshot()`, opened by the caller): proofs that keep arriving
 * and a retention purge that runs meanwhile change nothing in it, so its
 * anchors, records and receipts always agree.
 */
import type { ChainAnchor } from '@consentry/core';
import type { StoredRecord } from '@consentry/core/schema';
import type { JwkSet } from './signer.js';
import type { LogReads, StoredRow } from './store/proof-store.js';
import type { TimeRange } from './time-range.js';

export const EXPORT_FORMATS = ['ndjson', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Rows a page: per-query costs vanish, and each page string stays small (~1.3 MB) so RSS stays low. */
const PAGE = 2_000;

export interface ExportOptions {
  /** The log to read: a snapshot (`ProofStore.snapshot()`), or a store while nothing purges it. */
  store: LogReads;
  /** Sites to export; all sites with a chain when absent. */
  sites?: string[];
  range: TimeRange;
  format: ExportFormat;
  /** Published keys, embedded in the JSON export so it verifies on its own. */
  keys: JwkSet;
}

/** A site's snapshot: its purged-head anchor and the head at export start. */
interface Snapshot {
  site: string;
  anchor: ChainAnchor | null;
  until: number;
}

async function snapshots(options: ExportOptions): Promise<Snapshot[]> {
  const sites = options.sites ?? (await options.store.sites());
  // One query at a time: a PostgreSQL snapshot is one client, which runs one query at a time.
  const out: Snapshot[] = [];
  for (const site of sites) {
    out.push({ site, anchor: await options.store.anchor(site), until: (await options.store.head(site))?.seq ?? 0 });
  }
  return out;
}

/** One site's chain up to seq `until`, a page at a time (keyset on seq). */
export async function* chainPages(
  store: LogReads,
  site: string,
  until: number,
  range: TimeRange = {},
): AsyncGenerator<StoredRow[]> {
  let after = 0;
  while (after < until) {
    const rows = await store.page({ site, afterSeq: after, untilSeq: until, ...range, limit: PAGE });
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.seq;
  }
}

async function* pages(options: ExportOptions, snaps: Snapshot[]): AsyncGenerator<StoredRow[]> {
  for (const { site, until } of snaps) yield* chainPages(options.store, site, until, options.range);
}

export const CSV_COLUMNS = [
  'site',
  'seq',
  'id',
  'subject',
  'at',
  'receivedAt',
  'action',
  'essential',
  'audience',
  'advertising',
  'services',
  'policyVersion',
  'noticeHash',
  'locale',
  'expiresAt',
  'gpc',
  'url',
  'ua',
  'prevHash',
  'hash',
  'kid',
  'sig',
] as const;

/**
 * The free-text columns a client writes: a spreadsheet would run one that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula
 * (OWASP's CSV injection), so such a cell gets a `'` before it. The other
 * columns hold ids, times, hashes and signatures (base64url, which may start
 * with `-`) that an auditor compares as they are.
 */
const FREE_TEXT: ReadonlySet<string> = new Set(['policyVersion', 'locale', 'url', 'ua']);

function csvCell(value: unknown, column: string): string {
  let text = value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FREE_TEXT.has(column) && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line of a stored row, in CSV_COLUMNS order (NDJSON and JSON keep the records exactly as hashed). */
export function csvLine(row: StoredRow): string {
  const r = JSON.parse(row.json) as StoredRecord;
  const flat: Partial<Record<(typeof CSV_COLUMNS)[number], unknown>> = {
    ...r,
    essential: r.choices.essential,
    audience: r.choices.audience,
    advertising: r.choices.advertising,
    services: r.choices.services,
    kid: row.receipt.kid,
    sig: row.receipt.sig,
  };
  return CSV_COLUMNS.map((c) => csvCell(flat[c], c)).join(',');
}

/**
 * The export as text chunks, one per page.
 * NDJSON lines are stored records exactly as hashed (DESIGN.md); CSV flattens
 * them with the receipt's kid and sig; JSON is one self-verifying document:
 * `{ format, partial, anchors, keys, records, receipts }`.
 */
export async function* exportChunks(options: ExportOptions): AsyncGenerator<string> {
  const snaps = await snapshots(options);
  if (options.format === 'ndjson') {
    // The database joins each page: one string a page, no object a row.
    for (const { site, until } of snaps) {
      let after = 0;
      while (after < until) {
        const page = await options.store.pageText({
          site,
          afterSeq: after,
          untilSeq: until,
          ...options.range,
          limit: PAGE,
        });
        if (page.count === 0) break;
        yield `${page.text}\n`;
        after = page.lastSeq;
      }
    }
    return;
  }
  if (options.format === 'csv') {
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    for await (const rows of pages(options, snaps)) yield `${rows.map(csvLine).join('\r\n')}\r\n`;
    return;
  }
  const anchors = Object.fromEntries(snaps.filter((s) => s.anchor).map((s) => [s.site, s.anchor]));
  const partial = Boolean(options.range.from || options.range.to);
  yield `{"format":"consentry-export/1","partial":${partial},"anchors":${JSON.stringify(anchors)},"keys":${JSON.stringify(options.keys.keys)},"records":[`;
  let first = true;
  for await (const rows of pages(options, snaps)) {
    yield `${first ? '\n' : ',\n'}${rows.map((r) => r.json).join(',\n')}`;
    first = false;
  }
  yield '\n],"receipts":[';
  first = true;
  for await (const rows of pages(options, snaps)) {
    yield `${first ? '\n' : ',\n'}${rows.map((r) => JSON.stringify(r.receipt)).join(',\n')}`;
    first = false;
  }
  yield '\n]}\n';
}

/** The anchors of the exported sites, as the `Consentry-Anchors` header and the CLI print them. */
export async function exportAnchors(store: LogReads, sites: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const site of sites) {
    const anchor = await store.anchor(site);
    if (anchor) out.push(`${site}:${anchor.seq}:${anchor.hash}`);
  }
  return out;
}
