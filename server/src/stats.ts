/**
 * Consent rates per day, tier and action, from the store's grouped counts
 * (`GET /v1/admin/stats`). Essential is always granted (ePrivacy 5(3) exemption).
 */
import { OPTIONAL_TIERS } from '@consentry/core';
import type { StatsRow } from './store/proof-store.js';

export interface TierCount {
  granted: number;
  denied: number;
}

export interface StatsBucket {
  total: number;
  tiers: { essential: TierCount; audience: TierCount; advertising: TierCount };
  actions: Record<string, number>;
}

export interface Stats extends StatsBucket {
  site: string;
  days: (StatsBucket & { day: string })[];
}

function emptyBucket(): StatsBucket {
  const zero = () => ({ granted: 0, denied: 0 });
  return { total: 0, tiers: { essential: zero(), audience: zero(), advertising: zero() }, actions: {} };
}

function add(bucket: StatsBucket, row: StatsRow): void {
  bucket.total += row.count;
  bucket.tiers.essential.granted += row.count;
  for (const tier of OPTIONAL_TIERS) bucket.tiers[tier][row[tier] ? 'granted' : 'denied'] += row.count;
  bucket.actions[row.action] = (bucket.actions[row.action] ?? 0) + row.count;
}

/** Folds grouped rows (sorted by day) into per-day buckets and a total. */
export function buildStats(site: string, rows: StatsRow[]): Stats {
  const stats: Stats = { site, ...emptyBucket(), days: [] };
  for (const row of rows) {
    let day = stats.days.at(-1);
    if (day?.day !== row.day) {
      day = { day: row.day, ...emptyBucket() };
      stats.days.push(day);
    }
    add(day, row);
    add(stats, row);
  }
  return stats;
}
