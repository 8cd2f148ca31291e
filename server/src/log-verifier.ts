/**
 * Checks an exported log: every record's hash, every link of each site's
 * chain (core's ChainVerifier), and, where a receipt is present, that it names
 * the record's id, seq and hash and that its Ed25519 signature holds under a
 * published key. Stops at the first problem and names that record.
 */
import { type ChainAnchor, type ChainIssue, type ChainSummary, ChainVerifier } from '@consentry/core';
import type { Receipt } from '@consentry/core/schema';
import { type PublicJwk, verifyReceiptSignature } from './signer.js';
import { sha256Sync } from './store/append-plan.js';

type Linked = { id?: string; site: string; seq: number; hash: string };

export interface LogIssue {
  kind: ChainIssue['kind'] | 'bad-receipt' | 'bad-signature' | 'unknown-key' | 'truncated' | 'head-mismatch';
  site: string;
  seq: number;
  /** 1-based position of the record in the input. */
  index: number;
  message: string;
}

export interface LogVerifierOptions {
  /** Per site, the purged head the first kept record links to. */
  anchors?: Readonly<Record<string, ChainAnchor>>;
  /** Accept any start per site (an export cut by date). */
  partial?: boolean;
  /** Published keys receipts are checked against. */
  keys?: PublicJwk[];
  /** Every record must come with a receipt (a document that carries receipts): a forged insert has none. */
  requireReceipts?: boolean;
}

export interface LogReport extends Omit<ChainSummary, 'issue'> {
  issue?: LogIssue;
  signatures: number;
}

/**
 * @example
 * const v = new LogVerifier({ keys: jwks.keys });
 * for (const record of records) if (v.push(record, receiptsById.get(record.id))) break;
 * console.log(v.report());
 */
export class LogVerifier {
  #chain: ChainVerifier;
  #keys: Map<string, PublicJwk>;
  #signatures = 0;
  #count = 0;
  #requireReceipts: boolean;
  #issue: LogIssue | undefined;

  constructor(options: LogVerifierOptions = {}) {
    this.#chain = new ChainVerifier({
      sha256: sha256Sync,
      ...(options.anchors ? { anchors: options.anchors } : {}),
      ...(options.partial ? { partial: true } : {}),
    });
    this.#keys = new Map((options.keys ?? []).map((k) => [k.kid, k]));
    this.#requireReceipts = options.requireReceipts ?? false;
  }

  /** Checks the next record (and its receipt, if any); returns the first issue so far, or null. */
  push(record: unknown, receipt?: Receipt): LogIssue | null {
    if (this.#issue) return this.#issue;
    this.#count++;
    const chainIssue = this.#chain.pushSync(record);
    if (chainIssue) {
      this.#issue = chainIssue;
      return chainIssue;
    }
    if (receipt || this.#requireReceipts) this.#issue = this.#checkReceipt(record as Linked, receipt);
    return this.#issue ?? null;
  }

  /** As `push` for a record already hashed (ChainVerifier.pushHashed), without a receipt. */
  pushHashed(record: Linked & { prevHash: string }, computed: string): LogIssue | null {
    if (this.#issue) return this.#issue;
    this.#count++;
    const chainIssue = this.#chain.pushHashed(record, computed);
    if (chainIssue) this.#issue = chainIssue;
    else if (this.#requireReceipts) this.#issue = this.#checkReceipt(record, undefined);
    return this.#issue ?? null;
  }

  #checkReceipt(record: Linked, receipt: Receipt | undefined): LogIssue | undefined {
    const index = this.#count;
    const fail = (kind: LogIssue['kind'], message: string): LogIssue => ({
      kind,
      site: record.site,
      seq: record.seq,
      index,
      message: `seq ${record.seq}: ${message}`,
    });
    if (!receipt) return fail('bad-receipt', 'no receipt for this record (the server never signed it)');
    if (receipt.id !== record.id || receipt.seq !== record.seq || receipt.hash !== record.hash) {
      return fail('bad-receipt', `the receipt does not name this record (id, seq or hash differ)`);
    }
    const key = this.#keys.get(receipt.kid);
    if (!key) return fail('unknown-key', `receipt signed by key "${receipt.kid}", which is not published`);
    if (!verifyReceiptSignature(receipt.hash, receipt.sig, key)) {
      return fail('bad-signature', `the receipt signature does not verify under key "${receipt.kid}"`);
    }
    this.#signatures++;
    return undefined;
  }

  report(): LogReport {
    const { issue: _chainIssue, ...summary } = this.#chain.summary();
    return {
      ...summary,
      ok: !this.#issue,
      signatures: this.#signatures,
      ...(this.#issue ? { issue: this.#issue } : {}),
    };
  }
}
