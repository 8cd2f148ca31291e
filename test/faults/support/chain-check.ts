/**
 * What the server stored, checked against what the clients hold: each site's
 * exported chain is gap-free and verifies (hashes, links, and every receipt a
 * client holds names its record and carries a valid signature), every
 * receipted id is stored, and no id is stored twice.
 */
import type { Receipt, StoredRecord } from '@consentry/core/schema';
import { LogVerifier, type PublicJwk } from '@consentry/server';
import { ADMIN_TOKEN } from '../../server/fixtures.js';

/**
 * GETs `url` as text. Sent again once when the connection was a kept-alive
 * one the server had already closed: the verification of a large chain keeps
 * this process busy longer than the server's keep-alive timeout, so the next
 * request can go out on a socket whose close was not yet seen (a GET is safe
 * to repeat, as any HTTP client does).
 */
async function getText(url: string, headers: Record<string, string> = {}): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text}`);
      return text;
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      if (cause?.code === 'UND_ERR_SOCKET' && attempt === 1) continue;
      throw new Error(`GET ${url} failed: ${(error as Error).message} (${cause?.message ?? 'no cause'})`, {
        cause: error,
      });
    }
  }
}

/** A site's chain as exported (NDJSON, seq order). */
export async function exportChain(url: string, site: string): Promise<StoredRecord[]> {
  const text = (
    await getText(`${url}/v1/admin/export?site=${encodeURIComponent(site)}`, {
      Authorization: `Bearer ${ADMIN_TOKEN}`,
    })
  ).trimEnd();
  return text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as StoredRecord);
}

export interface ChainFigures {
  /** Records stored, all sites. */
  stored: number;
  /** Ids stored more than once. */
  duplicated: number;
  /** Ids holding a receipt that are not stored, or stored under another seq/hash. */
  lost: number;
  /** Sites whose seqs are not exactly 1..n. */
  gaps: string[];
  /** First verification problem per site. */
  issues: string[];
  /** Stored ids (for in-flight accounting). */
  ids: Set<string>;
}

/**
 * Exports every site from `url` and checks it against `receipts`. With
 * `requireReceipts`, a stored record the clients hold no receipt for is an
 * issue (after every unacknowledged proof was resent, none may be left).
 */
export async function checkChains(
  url: string,
  sites: string[],
  receipts: Map<string, Receipt>,
  requireReceipts = false,
): Promise<ChainFigures> {
  const keys = (JSON.parse(await getText(`${url}/v1/keys`)) as { keys: PublicJwk[] }).keys;
  const figures: ChainFigures = { stored: 0, duplicated: 0, lost: 0, gaps: [], issues: [], ids: new Set() };
  const stored = new Map<string, StoredRecord>();
  for (const site of sites) {
    const records = await exportChain(url, site);
    figures.stored += records.length;
    if (records.some((r, i) => r.seq !== i + 1)) figures.gaps.push(site);
    const verifier = new LogVerifier({ keys, requireReceipts });
    for (const record of records) {
      if (figures.ids.has(record.id)) figures.duplicated++;
      figures.ids.add(record.id);
      stored.set(record.id, record);
      const issue = verifier.push(record, receipts.get(record.id));
      if (issue) {
        figures.issues.push(`${site}: ${issue.message}`);
        break;
      }
    }
  }
  for (const [id, receipt] of receipts) {
    const record = stored.get(id);
    if (!record || record.seq !== receipt.seq || record.hash !== receipt.hash) figures.lost++;
  }
  return figures;
}
