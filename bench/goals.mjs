/**
 * The goals, checked against the measured figures: Consentry's critical
 * bytes and its time to banner ahead of every peer, and within 15 % of the Lit
 * floor. Also the time line of a Consentry first visit (when its files arrive,
 * when start-up decides), which says where the time to banner goes.
 */
import { stats } from './stats.mjs';

export const PEERS = ['vanilla-cookieconsent', 'tarteaucitron', 'klaro', 'c15t'];
export const FLOOR = 'lit-floor';
export const SELF = 'consentry';
/** Within 15 % of the Lit floor. */
export const FLOOR_MARGIN = 1.15;

/** One line per goal: what was measured, against what, met or not. */
export function checkGoals(bytes, timing) {
  const goals = [];
  const peers = PEERS.filter((p) => bytes[p]);
  const critical = bytes[SELF].total.brotli;
  const bestBytes = peers.reduce((best, p) => (bytes[p].total.brotli < bytes[best].total.brotli ? p : best));
  goals.push({
    goal: 'critical bytes (brotli) ahead of every peer',
    unit: 'bytes',
    value: critical,
    reference: bytes[bestBytes].total.brotli,
    against: bestBytes,
    met: critical < bytes[bestBytes].total.brotli,
  });
  goals.push({
    goal: 'critical bytes (brotli) within 15 % of the Lit floor',
    unit: 'bytes',
    value: critical,
    reference: bytes[FLOOR].total.brotli,
    against: FLOOR,
    met: critical <= bytes[FLOOR].total.brotli * FLOOR_MARGIN,
  });
  if (!timing) return goals;
  const { summary, env } = timing;
  const median = (page, rate) => summary[page]?.[rate]?.tVisible?.median;
  for (const rate of env.rates) {
    const self = median(SELF, rate);
    const measured = peers.filter((p) => median(p, rate) != null);
    if (self == null) continue;
    if (measured.length) {
      const best = measured.reduce((b, p) => (median(p, rate) < median(b, rate) ? p : b));
      goals.push({
        goal: `time to banner ahead of every peer (${rate}x CPU)`,
        unit: 'ms',
        value: self,
        reference: median(best, rate),
        against: best,
        met: self < median(best, rate),
      });
    }
    if (median(FLOOR, rate) != null) {
      goals.push({
        goal: `time to banner within 15 % of the Lit floor (${rate}x CPU)`,
        unit: 'ms',
        value: self,
        reference: median(FLOOR, rate),
        against: FLOOR,
        met: self <= median(FLOOR, rate) * FLOOR_MARGIN,
      });
    }
  }
  return goals;
}

/**
 * Median time line of the runs of `page` at `rate`: when each script finished
 * arriving (resource timing `responseEnd`), the page's own marks, the banner.
 */
export function timeline(raw, page, rate) {
  const runs = raw.filter((r) => r.page === page && r.rate === rate && !r.error);
  if (!runs.length) return [];
  const steps = new Map();
  const add = (label, value) => {
    if (value == null) return;
    steps.set(label, [...(steps.get(label) ?? []), value]);
  };
  for (const r of runs) {
    for (const [path, start, end] of r.scripts ?? []) {
      const file = path.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '.js');
      add(`${file} requested`, start);
      add(`${file} arrived`, end);
    }
    for (const [mark, t] of Object.entries(r.marks ?? {})) add(`mark: ${mark}`, t);
    add('first contentful paint', r.fcp);
    add('banner visible', r.tVisible);
  }
  const all = [...steps]
    .map(([label, values]) => ({ label, ...stats(values) }))
    .filter((s) => s.n === runs.length)
    .sort((a, b) => a.median - b.median);
  // What comes after the banner (prefetches on idle) is not on its path.
  return all.slice(0, all.findIndex((s) => s.label === 'banner visible') + 1);
}
