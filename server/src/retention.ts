/**
 * Storage limitation (GDPR 5(1)(e); RULES.md 12): proofs older than the
 * retention are purged daily, and on demand with `consentry purge`. Each
 * chain keeps its purged head as an anchor so what remains still verifies.
 */
import { DAY_MS } from '@consentry/core';
import type { ProofStore, PurgeResult } from './store/proof-store.js';

/** Purges every chain's records received more than `retentionDays` before `now`. */
export function purgeExpired(store: ProofStore, retentionDays: number, now: Date): Promise<PurgeResult[]> {
  return store.purge(new Date(now.getTime() - retentionDays * DAY_MS).toISOString());
}

/**
 * Runs the purge now and then every day; returns a stop function.
 * Failures are logged, never thrown: a failed purge must not stop ingest.
 */
export function schedulePurge(store: ProofStore, retentionDays: number, clock: () => Date): () => void {
  const run = () =>
    purgeExpired(store, retentionDays, clock()).then(
      (results) => {
        for (const r of results.filter((r) => r.deleted > 0)) {
          console.log(`consentry: purged ${r.deleted} proofs of "${r.site}" (anchor seq ${r.anchor?.seq})`);
        }
      },
      (error) => console.error('consentry: retention purge failed:', error),
    );
  const first = setTimeout(run, 1000);
  const daily = setInterval(run, DAY_MS);
  first.unref();
  daily.unref();
  return () => {
    clearTimeout(first);
    clearInterval(daily);
  };
}
