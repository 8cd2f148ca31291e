/**
 * The per-day aggregate behind the admin stats (`daily_counts`): one row per
 * site, UTC day of `receivedAt`, action and optional-tier values, kept by the
 * append and purge transactions, so stats over a million proofs read a few
 * hundred rows instead of scanning the log.
 */
import type { NewRow } from './append-plan.js';

export interface DailyIncrement {
  site: string;
  day: string;
  action: string;
  audience: boolean;
  advertising: boolean;
  n: number;
}

/** The aggregate rows a group of new records adds to (one upsert each). */
export function dailyIncrements(rows: NewRow[]): DailyIncrement[] {
  const byKey = new Map<string, DailyIncrement>();
  for (const row of rows) {
    const day = row.receivedAt.slice(0, 10);
    const key = `${row.site}\n${day}\n${row.action}\n${row.audience}\n${row.advertising}`;
    const found = byKey.get(key);
    if (found) found.n++;
    else
      byKey.set(key, {
        site: row.site,
        day,
        action: row.action,
        audience: row.audience,
        advertising: row.advertising,
        n: 1,
      });
  }
  return [...byKey.values()];
}
