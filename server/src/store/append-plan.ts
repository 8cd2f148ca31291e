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

/** What a group transaction writes: every request's outcome, the new rows and the new head. */
export interface GroupPlan {
  outcomes: AppendOutcome[];
  inserts: NewRow[];
  head: ChainAnchor | null;
}

/** Plans queued requests one after another on the locked head (see append-queue.ts). */
export function planGroup(
  group: { request: AppendRequest; seal: Seal }[],
  head: ChainAnchor | null,
  known: Map<string, StoredRow>,
): GroupPlan {
  const inserts: NewRow[] = [];
  let current = head;
  const outcomes = group.map(({ request, seal }) => {
    const plan = planAppend(request, current, known, seal);
    current = plan.head;
    inserts.push(...plan.inserts);
    return plan.outcome;
  });
  return { outcomes, inserts, head: current };
}

export interface Plan {
  outcome: AppendOutcome;
  inserts: NewRow[];
  head: ChainAnchor | null;
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
export function planAppend(
  request: AppendRequest,
  head: ChainAnchor | null,
  known: Map<string, StoredRow>,
  seal: Seal,
): Plan {
  const planned = new Map<string, StoredRow>();
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
      receivedAt: request.receivedAt,
      seq,
      prevHash,
      ...(ua ? { ua } : {}),
    };
    const hash = sha256Sync(recordHashInput(body));
    const record: StoredRecord = { ...body, hash };
    const { kid, sig } = seal(hash);
    const row: NewRow = {
      site: request.site,
      seq,
      json: JSON.stringify(record),
      receipt: { id: proof.id, seq, hash, receivedAt: request.receivedAt, kid, sig },
      id: proof.id,
      subject: proof.subject,
      receivedAt: request.receivedAt,
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
  const newHead = inserts.length > 0 ? { seq, hash: prevHash } : head;
  return { outcome: { status: 'ok', created: inserts.length, rows }, inserts, head: newHead };
}
