/**
 * Checks a visitor's own copy of their consent (`consentry verify` on the file
 * the dialog's "Download my consent proofs" saves: `[{ proof, receipt? }]`,
 * this browser's proofs, each with the server's receipt once it came).
 *
 * - each proof is well-formed (the proof schema the server accepts);
 * - each receipt names its proof and its Ed25519 signature holds under a
 *   published key (`GET /v1/keys`): the server acknowledged that record;
 * - with the log's export, each received proof is in the log exactly as the
 *   visitor holds it, under the receipt's seq and hash: what the visitor was
 *   told is what an auditor reads.
 *
 * The signature covers the record's hash only, and the file alone cannot
 * show that this hash is the hash of this proof (the record also holds
 * `prevHash`, known to the log only): without the log, a receipt shows that
 * the server signed some record, not which proof, seq or time it names. The
 * log's record, hashed here again, settles all three.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { recordHashInput } from '@consentry/core';
import { parseProof, type Receipt, receiptSchema, type StoredRecord } from '@consentry/core/schema';
import { type PublicJwk, verifyReceiptSignature } from './signer.js';
import { proofKey, sha256Sync } from './store/append-plan.js';
import { fileKind } from './verify-file.js';

export interface ProofsFileIssue {
  kind: 'malformed' | 'bad-receipt' | 'unknown-key' | 'bad-signature' | 'not-in-log' | 'differs-from-log';
  /** 1-based position of the entry in the file. */
  index: number;
  /** The proof's id, when it has one. */
  id?: string;
  message: string;
}

export interface ProofsFileReport {
  ok: boolean;
  /** Entries checked. */
  proofs: number;
  /** Receipts whose signature verified. */
  receipts: number;
  /** Proofs without a receipt yet (the browser had not synced them). */
  waiting: number;
  /** Received proofs found in the log as the visitor holds them (with `log`). */
  inLog: number;
  sites: string[];
  issue?: ProofsFileIssue;
}

export interface ProofsFileOptions {
  /** Published keys (`GET /v1/keys`); needed when any entry has a receipt. */
  keys: PublicJwk[];
  /** The log's records by proof id, from {@link logRecords}. */
  log?: Map<string, StoredRecord>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for the visitor's file: a non-empty array of `{ proof, receipt? }` (an export's records have a `seq`). */
export function isProofsFile(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) && value.length > 0 && value.every((e) => isObject(e) && isObject(e.proof) && !('seq' in e))
  );
}

/** The proof ids of entries that carry a receipt: what to look up in the log. */
export function receivedIds(entries: unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const e of entries) {
    const receipt = isObject(e) && isObject(e.receipt) ? e.receipt : undefined;
    if (typeof receipt?.id === 'string') ids.add(receipt.id);
  }
  return ids;
}

/**
 * The records of an export file (NDJSON, or JSON: an array of records or the
 * JSON export document) whose id is in `ids`, streamed so that a log of any
 * size fits. Check the export itself with `verifyFile` first.
 */
export async function logRecords(path: string, ids: Set<string>): Promise<Map<string, StoredRecord>> {
  const found = new Map<string, StoredRecord>();
  const keep = (record: unknown) => {
    if (isObject(record) && typeof record.id === 'string' && ids.has(record.id))
      found.set(record.id, record as StoredRecord);
  };
  // Read as verifyFile reads it: JSON unless NDJSON, lines split on "\n" only.
  if ((await fileKind(path)) !== 'ndjson') {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    const records = Array.isArray(parsed) ? parsed : isObject(parsed) ? parsed.records : undefined;
    for (const record of Array.isArray(records) ? records : []) keep(record);
    return found;
  }
  let carry = '';
  const wanted = [...ids];
  const line = (text: string) => {
    // Parse only the lines that can hold a wanted id (a visitor has a few proofs; a log, millions).
    if (text.trim() && wanted.some((id) => text.includes(id))) keep(JSON.parse(text));
  };
  for await (const chunk of createReadStream(path, 'utf8')) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    for (const text of lines) line(text);
  }
  line(carry);
  return found;
}

/**
 * @example
 * const entries = JSON.parse(readFileSync('consentry-proofs-demo.json', 'utf8'));
 * const report = verifyProofsFile(entries, { keys: jwks.keys });
 * if (!report.ok) console.error(report.issue?.message);
 */
export function verifyProofsFile(entries: unknown[], options: ProofsFileOptions): ProofsFileReport {
  const keys = new Map(options.keys.map((k) => [k.kid, k]));
  const sites = new Set<string>();
  const seen = new Set<string>();
  let receipts = 0;
  let waiting = 0;
  let inLog = 0;
  const report = (issue?: ProofsFileIssue): ProofsFileReport => ({
    ok: !issue,
    proofs: entries.length,
    receipts,
    waiting,
    inLog,
    sites: [...sites].sort(),
    ...(issue ? { issue } : {}),
  });
  for (const [i, entry] of entries.entries()) {
    const index = i + 1;
    const parsed = parseProof(isObject(entry) ? entry.proof : undefined);
    if (!parsed.ok) {
      const e = parsed.errors[0]!;
      return report({ kind: 'malformed', index, message: `proof: ${e.path ? `${e.path}: ` : ''}${e.message}` });
    }
    const proof = parsed.value;
    if (seen.has(proof.id))
      return report({ kind: 'malformed', index, id: proof.id, message: 'a second entry of the same proof' });
    seen.add(proof.id);
    sites.add(proof.site);
    const fail = (kind: ProofsFileIssue['kind'], message: string) => report({ kind, index, id: proof.id, message });
    const raw = (entry as { receipt?: unknown }).receipt;
    if (raw === undefined) {
      waiting++;
      continue;
    }
    const checked = receiptSchema.safeParse(raw);
    if (!checked.success)
      return fail('malformed', 'the receipt is not a receipt (id, seq, hash, receivedAt, kid, sig)');
    const receipt: Receipt = checked.data;
    if (receipt.id !== proof.id) return fail('bad-receipt', `the receipt names proof ${receipt.id}, not this one`);
    const key = keys.get(receipt.kid);
    if (!key) return fail('unknown-key', `receipt signed by key "${receipt.kid}", which is not in the keys given`);
    if (!verifyReceiptSignature(receipt.hash, receipt.sig, key)) {
      return fail('bad-signature', `the receipt signature does not verify under key "${receipt.kid}"`);
    }
    receipts++;
    if (!options.log) continue;
    const record = options.log.get(proof.id);
    if (!record) return fail('not-in-log', `the log has no record of this proof (receipt seq ${receipt.seq})`);
    // The signed hash vouches for the record: recomputed here, whatever the record claims.
    if (sha256Sync(recordHashInput(record)) !== receipt.hash) {
      return fail('differs-from-log', `the log's record of this proof does not hash to its receipt's hash`);
    }
    if (record.seq !== receipt.seq || record.receivedAt !== receipt.receivedAt || record.site !== proof.site) {
      return fail(
        'differs-from-log',
        `the receipt says seq ${receipt.seq} received ${receipt.receivedAt}; the log, seq ${record.seq} received ${record.receivedAt}`,
      );
    }
    if (proofKey(record) !== proofKey(proof)) {
      return fail('differs-from-log', `the log's record ${record.seq} holds other content than the visitor's proof`);
    }
    inLog++;
  }
  return report();
}
