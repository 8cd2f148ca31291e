/**
 * Writes what a run measured: the raw results (results.json, timing-raw.json),
 * the chart and docs/BENCHMARKS.md; or, for `--report-only`, reads the raw
 * results of the last run back and writes the chart and the report again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SETTLE_MS, VIEWPORT } from './browser.mjs';
import { renderChart } from './chart.mjs';
import { renderReport } from './report.mjs';
import { stats, summarize } from './stats.mjs';

/** Saves the raw results of a run in `dir`. */
export function save(dir, { env, bytes, timing, server }) {
  const summary = timing.summary;
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ env, bytes, summary, server: server ?? null }, null, 1));
  writeFileSync(join(dir, 'timing-raw.json'), JSON.stringify({ env: timing.env, raw: timing.raw }, null, 1));
}

/** The raw results saved in `dir`, summarized again. */
export function load(dir) {
  const { env, bytes, server } = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  const saved = JSON.parse(readFileSync(join(dir, 'timing-raw.json'), 'utf8'));
  // Older files hold the runs alone: what the run was is read back from them.
  const raw = Array.isArray(saved) ? saved : saved.raw;
  const names = [...new Set(raw.map((r) => r.page))];
  const rates = [...new Set(raw.map((r) => r.rate))];
  const timingEnv = Array.isArray(saved)
    ? {
        browser: env.browser,
        runs: Math.max(...raw.map((r) => r.iteration)) + 1,
        rates,
        settleMs: SETTLE_MS,
        viewport: VIEWPORT,
      }
    : saved.env;
  return {
    env,
    bytes,
    server: server ?? undefined,
    timing: { env: timingEnv, raw, summary: summarize(raw, names, rates) },
  };
}

/** The chart and the report, into `docs`. */
export async function publish(docs, { env, bytes, timing, server }) {
  const chart = join(docs, 'bench-time-to-banner.png');
  await renderChart(timing, chart);
  const full = { ...env, loadRuns: stats(timing.raw.map((r) => r.load1)) };
  writeFileSync(
    join(docs, 'BENCHMARKS.md'),
    renderReport({ bytes, timing, server, env: full, chart: relative(docs, chart) }),
  );
  return { report: join(docs, 'BENCHMARKS.md'), chart };
}
