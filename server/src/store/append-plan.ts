/**
 * The part of an append both adapters share: given the locked chain head and
 * the rows already stored under the incoming ids, decide replay, conflict or
 * new record, and chain the new records exactly as DESIGN.md says.
 */
import { createHash } from 'node:crypto';
import { type ChainAnchor, canonicalize, GENESIS_HASH, recordHashInput } from '@consentry/core';
import type { Proof, StoredRecord } from '@consentry/core/schema';
import type { AppendOutcome, AppendRequest, Seal, StoredRow } from './proof-store.js';

/** The columns a new row is inserted with. */
export interface NewRow extends StoredRow {
  id: string;
  subject: string;
  receivedAt: string;
  action: string;
  audience: boolean;
  advertising: boolean;
}

/**
 * A chain's head as the stores keep it: the last record's seq and hash, and
 * the latest `receivedAt` in the chain. A request stamped earlier (by another
 * instance, whose request reached the chain lock later, or after a clock step
 * back) takes that time instead: `receivedAt` never goes back along `seq`, so
 * any time range of the log is one run of seq numbers (a date-cut export
 * verifies with `--partial`; a purge cuts exactly at its date). Null for a
 * head stored before the column existed and whose records are all purged.
 */
export interface ChainHead extends ChainAnchor {
  receivedAt?: string | null;
}

/** What a group transaction writes: every request's outcome, the new rows and the new head. */
export interface GroupPlan {
  outcomes: AppendOutcome[];
  inserts: NewRow[];
  head: ChainHead | null;
}

/**
 * Plans queued requests one after another on the locked head (see
 * append-queue.ts). New rows come unsealed (empty `kid`/`sig`): seal them
 * with `sealRows` before they are written.
 */
export function planGroup(
  group: { request: AppendRequest }[],
  head: ChainHead | null,
  known: Map<string, StoredRow>,
): GroupPlan {
  const inserts: NewRow[] = [];
  let current = head;
  const outcomes = group.map(({ request }) => {
    const plan = planAppend(request, current, known);
    current = plan.head;
    for (const row of plan.inserts) inserts.push(row);
    return plan.outcome;
  });
  return { outcomes, inserts, head: current };
}

/**
 * Signs the receipts of new rows (in place: outcomes share the receipt
 * objects). In worker threads when the seal offers `many` (signer.ts): the
 * Ed25519 signatures are most of an append's CPU time.
 */
export async function sealRows(rows: NewRow[], seal: Seal): Promise<void> {
  if (rows.length === 0) return;
  if (!seal.many) return sealRowsSync(rows, seal);
  const sealed = await seal.many(rows.map((r) => r.receipt.hash));
  rows.forEach((row, i) => {
    row.receipt.kid = sealed[i]!.kid;
    row.receipt.sig = sealed[i]!.sig;
  });
}

/** `sealRows` on this thread. */
export function sealRowsSync(rows: NewRow[], seal: Seal): void {
  for (const row of rows) {
    const { kid, sig } = seal(row.receipt.hash);
    row.receipt.kid = kid;
    row.receipt.sig = sig;
  }
}

export interface Plan {
  outcome: AppendOutcome;
  inserts: NewRow[];
  head: ChainHead | null;
}

/** Node's SHA-256: the same bytes as core's WebCrypto `sha256Hex`, synchronously. */
export const sha256Sync = (text: string): string => createHash('sha256').update(text).digest('hex');

const SERVER_FIELDS = new Set(['receivedAt', 'seq', 'prevHash', 'hash', 'ua']);

/** The proof a stored record was made from, canonicalized: equal texts mean the same proof. */
export function proofKey(record: Proof | StoredRecord): string {
  const proof: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!SERVER_FIELDS.has(key)) proof[key] = value;
  return canonicalize(proof);
}

/**
 * Plans one request against `head`. `known` maps ids to rows already stored
 * (or planned earlier in the same transaction); it is updated with new rows.
 */
export function planAppend(request: AppendRequest, head: ChainHead | null, known: Map<string, StoredRow>): Plan {
  const planned = new Map<string, StoredRow>();
  // ISO 8601 in UTC (`toISOString`): the later text is the later time.
  const floor = head?.receivedAt;
  const receivedAt = floor && floor > request.receivedAt ? floor : request.receivedAt;
  const rows: StoredRow[] = [];
  const inserts: NewRow[] = [];
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  for (const { proof, ua } of request.items) {
    const previous = planned.get(proof.id) ?? known.get(proof.id);
    if (previous) {
      // Idempotency on id (DESIGN.md): a resend gets the same receipt, other content is a conflict.
      if (proofKey(JSON.parse(previous.json) as StoredRecord) !== proofKey(proof)) {
        return { outcome: { status: 'conflict', id: proof.id }, inserts: [], head };
      }
      rows.push(previous);
      continue;
    }
    seq += 1;
    const body: Omit<StoredRecord, 'hash'> = {
      ...proof,
      receivedAt,
      seq,
      prevHash,
      ...(ua ? { ua } : {}),
    };
    const hash = sha256Sync(recordHashInput(body));
    // The stored text is the body plus its hash, serialized once (export streams it as is).
    const json = `${JSON.stringify(body).slice(0, -1)},"hash":"${hash}"}`;
    const row: NewRow = {
      site: request.site,
      seq,
      json,
      receipt: { id: proof.id, seq, hash, receivedAt, kid: '', sig: '' },
      id: proof.id,
      subject: proof.subject,
      receivedAt,
      action: proof.action,
      audience: proof.choices.audience,
      advertising: proof.choices.advertising,
    };
    planned.set(proof.id, row);
    rows.push(row);
    inserts.push(row);
    prevHash = hash;
  }
  for (const [id, row] of planned) known.set(id, row);
  const newHead = inserts.length > 0 ? { seq, hash: prevHash, receivedAt } : head;
  return { outcome: { status: 'ok', created: inserts.length, rows }, inserts, head: newHead };
}
