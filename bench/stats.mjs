/** Medians with min and max, and the per-page summary of the runs. */

/** Median (linear interpolation), min and max of the finite numbers in `values`; null when none. */
export function stats(values) {
  const xs = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const i = (xs.length - 1) / 2;
  const median = xs[Math.floor(i)] + (xs[Math.ceil(i)] - xs[Math.floor(i)]) * (i - Math.floor(i));
  return { n: xs.length, median, min: xs[0], max: xs.at(-1) };
}

const METRICS = [
  'tDom',
  'tVisible',
  'fcp',
  'longTaskTotal',
  'longTaskCount',
  'cls',
  'heapPreGC',
  'heapPostGC',
  'acceptToStored',
  'calibMs',
];

/** summary[page][rate]: every metric's stats over the successful runs, the failures, what was fetched. */
export function summarize(raw, names, rates) {
  const summary = {};
  for (const name of names) {
    summary[name] = {};
    for (const rate of rates) {
      const runs = raw.filter((r) => r.page === name && r.rate === rate);
      const ok = runs.filter((r) => !r.error);
      const s = { runs: runs.length, ok: ok.length, failures: runs.filter((r) => r.error).map((r) => r.error) };
      for (const metric of METRICS) s[metric] = stats(ok.map((r) => r[metric]));
      s.load1 = stats(runs.map((r) => r.load1));
      s.readyMark = stats(ok.map((r) => r.marks?.ready));
      s.storedVia = [...new Set(ok.map((r) => r.storedVia))];
      s.visibleVia = [...new Set(ok.map((r) => r.visibleVia))];
      s.fetched = ok[0]?.fetched ?? [];
      s.external = [...new Set(runs.flatMap((r) => r.external ?? []))];
      s.pageErrors = [...new Set(runs.flatMap((r) => r.pageErrors ?? []))];
      summary[name][rate] = s;
    }
  }
  return summary;
}
