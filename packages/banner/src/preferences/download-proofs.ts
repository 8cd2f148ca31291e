import type { ConsentryApi } from '../types.js';

/**
 * Saves this browser's proofs and receipts as a JSON file (GDPR 15 and 20: the
 * visitor's own copy, verifiable with the server's public key). A blob URL
 * needs no network and no inline script, so it works under a strict CSP.
 */
export async function downloadProofs(api: ConsentryApi, site: string, doc: Document): Promise<void> {
  const entries = await api.proofs();
  const blob = new Blob([`${JSON.stringify(entries, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = `consentry-proofs-${site}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
