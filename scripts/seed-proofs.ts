/**
 * Realistic consent proofs for the admin page's screenshot, its end-to-end
 * test and the 1M-proof measurements: appended through the store's own
 * `append` (so the chain and receipts are exactly what the server writes),
 * spread over the last `days` days with a weekly rhythm and a drifting
 * acceptance rate, in batches whose `receivedAt` climbs through each day.
 *
 * Run directly: `node --import tsx scripts/seed-proofs.ts --db FILE --data-dir DIR [--count N] [--days D] [--site ID]`
 */
import { createHash, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { ConsentAction } from '@consentry/core';
import type { Proof } from '@consentry/core/schema';
import { type AppendItem, loadSigner, openSqliteStore, type ProofStore, type Signer } from '@consentry/server';

const DAY = 86_400_000;
const PATHS = ['/', '/', '/', '/produits', '/blog/rgpd-cookies', '/contact', '/en/', '/en/pricing'];
const BROWSERS = ['Chrome 131', 'Chrome 130', 'Firefox 133', 'Safari 18', 'Edge 131', 'Samsung Internet 27'];

export interface SeedOptions {
  site: string;
  count: number;
  days: number;
  /** The last day (its proofs stop at this instant). */
  end?: Date;
  /** Proofs per append request (one `receivedAt` each). */
  batch?: number;
  /** Deterministic output for screenshots. */
  seed?: number;
  onProgress?: (done: number) => void;
}

/** Mulberry32: a tiny seeded PRNG, so a screenshot is the same every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Per-day weights: quieter weekends, a slow rise. */
function dayWeights(days: number, start: number): number[] {
  return Array.from({ length: days }, (_, i) => {
    const weekday = new Date(start + i * DAY).getUTCDay();
    return (weekday === 0 || weekday === 6 ? 0.62 : 1) * (0.85 + (0.3 * i) / Math.max(1, days - 1));
  });
}

function pickAction(r: number, acceptShare: number): ConsentAction {
  if (r < acceptShare) return 'accept-all';
  if (r < acceptShare + 0.24) return 'reject-all';
  if (r < acceptShare + 0.34) return 'customize';
  if (r < acceptShare + 0.42) return 'dismiss';
  if (r < acceptShare + 0.455) return 'gpc';
  return 'withdraw';
}

function makeProof(site: string, at: Date, day: number, random: () => number): { proof: Proof; ua: string } {
  // The acceptance rate drifts over the period (a new banner text, campaigns), so the chart moves.
  const acceptShare = 0.5 + 0.06 * Math.sin(day / 4.5);
  const action = pickAction(random(), acceptShare);
  const customAudience = random() < 0.72;
  const customAds = random() < 0.28;
  const audience = action === 'accept-all' || (action === 'customize' && customAudience);
  const advertising = action === 'accept-all' || (action === 'customize' && customAds);
  const locale = random() < 0.62 ? 'fr' : 'en';
  const path = PATHS[Math.floor(random() * PATHS.length)]!;
  const services: Record<string, boolean> =
    action === 'customize' ? { matomo: audience, 'meta-pixel': advertising } : {};
  return {
    proof: {
      id: randomUUID(),
      subject: randomUUID(),
      site,
      at: at.toISOString(),
      action,
      choices: { essential: true, audience, advertising, services },
      policyVersion: day < 12 ? '2026-10-01' : '2026-11-01',
      noticeHash: createHash('sha256')
        .update(`${locale}:${day < 12 ? 1 : 2}`)
        .digest('hex'),
      locale,
      expiresAt: new Date(at.getTime() + 395 * DAY).toISOString(),
      gpc: action === 'gpc' || random() < 0.03,
      url: `https://www.atelier-lumen.fr${path}`,
    },
    ua: BROWSERS[Math.floor(random() * BROWSERS.length)]!,
  };
}

/**
 * Appends `count` proofs of `site` over the last `days` days (UTC); resolves
 * with the number appended.
 *
 * @example
 * await seedProofs(store, signer, { site: 'demo', count: 5000, days: 30 });
 */
export async function seedProofs(store: ProofStore, signer: Signer, options: SeedOptions): Promise<number> {
  const random = prng(options.seed ?? 42);
  const batch = options.batch ?? 100;
  const end = options.end ?? new Date();
  const firstDay = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()) - (options.days - 1) * DAY;
  const weights = dayWeights(options.days, firstDay);
  const sum = weights.reduce((a, b) => a + b, 0);
  let done = 0;
  for (let d = 0; d < options.days; d++) {
    const n = d === options.days - 1 ? options.count - done : Math.round((options.count * weights[d]!) / sum);
    const dayStart = firstDay + d * DAY;
    // Today stops at `end`, so nothing is received in the future.
    const span = Math.min(DAY, end.getTime() - dayStart);
    for (let i = 0; i < n; i += batch) {
      const size = Math.min(batch, n - i);
      const receivedAt = new Date(dayStart + Math.floor((span * (i + size / 2)) / Math.max(1, n)));
      const items: AppendItem[] = [];
      for (let k = 0; k < size; k++) {
        items.push(makeProof(options.site, new Date(receivedAt.getTime() - Math.floor(random() * 4000)), d, random));
      }
      const outcome = await store.append(
        { site: options.site, items, receivedAt: receivedAt.toISOString() },
        signer.sign,
      );
      if (outcome.status !== 'ok') throw new Error(`seed: append refused (${outcome.status})`);
      done += size;
      options.onProgress?.(done);
    }
  }
  return done;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      'data-dir': { type: 'string' },
      count: { type: 'string', default: '10000' },
      days: { type: 'string', default: '30' },
      site: { type: 'string', default: 'demo' },
    },
  });
  if (!values.db || !values['data-dir']) throw new Error('usage: seed-proofs.ts --db FILE --data-dir DIR [--count N]');
  const store = openSqliteStore(values.db);
  const signer = loadSigner(values['data-dir']);
  const started = performance.now();
  const count = Number(values.count);
  const n = await seedProofs(store, signer, {
    site: values.site,
    count,
    days: Number(values.days),
    batch: 500,
    onProgress: (done) => {
      if (done % 100_000 < 500)
        console.log(`seeded ${done}/${count} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    },
  });
  await store.close();
  console.log(`seeded ${n} proofs of "${values.site}" in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
