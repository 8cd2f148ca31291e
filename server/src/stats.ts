/**
 * Consent rates per day, tier and action, from the store's grouped counts
 * (`GET /v1/admin/stats`). Essential is always granted (ePrivacy 5(3) exemption).
 * Whole days come from the per-day aggregate the store keeps on append, so a
 * million proofs cost a few hundred rows; only a partial first or last day
 * (a `from`/`to` that is not midnight UTC) is counted from the log itself.
 */
import { DAY_MS, OPTIONAL_TIERS } from '@consentry/core';
import type { ProofStore, StatsRow } from './store/proof-store.js';
import type { TimeRange } from './time-range.js';

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

const MIDNIGHT = 'T00:00:00.000Z';
const nextDay = (day: string) => new Date(Date.parse(`${day}${MIDNIGHT}`) + DAY_MS).toISOString().slice(0, 10);

/**
 * The stats of `site` over `range` (ISO instants, `to` exclusive; open ends are the whole log).
 *
 * @example
 * const stats = await loadStats(store, 'shop', { from: '2026-11-01T00:00:00.000Z' });
 */
export async function loadStats(store: ProofStore, site: string, range: TimeRange): Promise<Stats> {
  const { from, to } = range;
  if (from && to && from.slice(0, 10) === to.slice(0, 10)) return buildStats(site, await store.stats(site, from, to));
  const parts: Promise<StatsRow[]>[] = [];
  let fromDay = '';
  if (from) {
    fromDay = from.endsWith(MIDNIGHT) ? from.slice(0, 10) : nextDay(from.slice(0, 10));
    if (!from.endsWith(MIDNIGHT)) parts.push(store.stats(site, from, `${fromDay}${MIDNIGHT}`));
  }
  let toDay = '\uffff';
  if (to) {
    toDay = to.slice(0, 10);
    if (!to.endsWith(MIDNIGHT)) parts.push(store.stats(site, `${toDay}${MIDNIGHT}`, to));
  }
  if (fromDay < toDay) parts.push(store.dailyStats(site, fromDay, toDay));
  const rows = (await Promise.all(parts)).flat();
  // buildStats folds consecutive rows of a day: order by day whatever part they came from.
  rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return buildStats(site, rows);
}
