#!/usr/bin/env node
/**
 * `npm run bench` (not in CI): Consentry and its peers measured in the same run,
 * on the same machine, the same way, then docs/BENCHMARKS.md and its chart.
 *
 *   npm run bench [-- --runs=15 --rates=1,4 --only=a,b --skip-server --skip-build --smoke --out=DIR --report-only]
 *
 * 1. builds Consentry (`npm run build`, dist/), 2. prepares the peers' files
 * from node_modules, 3. measures bytes, 4. runs the browser bench (rotated
 * order, each CPU rate), 5. runs the server bench (`npm run bench:server`),
 * 6. writes the chart and the report. `--smoke` is the quick mode `npm test`
 * runs: 1 run at 1x of Consentry, the Lit floor and one peer, bytes of all, no
 * server bench, a build only when there is none, and everything written to
 * `--out` (a temporary directory by default), never to docs/.
 * `--report-only` writes the chart and the report again from the last run's raw results.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildConsentry, haveBuild } from './build.mjs';
import { measureBytes } from './bytes.mjs';
import { environment, finish } from './environment.mjs';
import { pageNames } from './pages.mjs';
import { ROOT, useVendorDir, WORK } from './paths.mjs';
import { prepare } from './prepare.mjs';
import { load, publish, save } from './publish.mjs';
import { runServerBench } from './server-bench.mjs';
import { runTiming } from './timing.mjs';

const SMOKE_PAGES = ['consentry', 'lit-floor', 'vanilla-cookieconsent'];

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string' },
    rates: { type: 'string' },
    only: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    'skip-server': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const smoke = opts.smoke;
// The report and chart go to docs/ only for a real run; raw results beside them (--out, smoke) or in the cache.
const docs = opts.out ?? (smoke ? mkdtempSync(join(tmpdir(), 'consentry-bench-smoke-')) : join(ROOT, 'docs'));
const resultsDir = opts.out || smoke ? join(docs, 'results') : join(WORK, 'results');
mkdirSync(resultsDir, { recursive: true });
if (smoke) useVendorDir(join(docs, 'vendor'));
const step = (what) => console.log(`\n== bench: ${what}`);

async function measure() {
  const runs = Number(opts.runs ?? (smoke ? 1 : 15));
  const rates = (opts.rates ?? (smoke ? '1' : '1,4')).split(',').map(Number);
  const only = opts.only?.split(',') ?? (smoke ? SMOKE_PAGES : undefined);
  const env = environment(`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`);

  if (opts['skip-build'] || (smoke && haveBuild())) step('build skipped (dist/ as it is)');
  else {
    step('build Consentry');
    await buildConsentry({ site: smoke });
  }
  step('prepare the peers from node_modules');
  await prepare();
  step('bytes');
  const bytes = measureBytes();
  for (const [name, b] of Object.entries(bytes)) {
    console.log(
      `${name.padEnd(22)} ${String(b.version ?? '').padEnd(8)} brotli ${b.total.brotli} B (${b.files.length} files)`,
    );
  }
  step('browser');
  const timing = await runTiming({ names: pageNames(only), runs, rates, shots: join(resultsDir, 'screenshots') });

  let server;
  // Kept apart from the browser results, so that a browser-only rerun still reports the last server run.
  const serverFile = join(WORK, 'results/server.json');
  if (smoke) step('server bench skipped (smoke)');
  else if (opts['skip-server']) {
    step('server bench skipped: the last full run is reported');
    server = existsSync(serverFile) ? JSON.parse(readFileSync(serverFile, 'utf8')) : undefined;
  } else {
    step('server (npm run bench:server, full settings)');
    server = await runServerBench();
    mkdirSync(join(WORK, 'results'), { recursive: true });
    writeFileSync(serverFile, JSON.stringify(server, null, 1));
  }
  const results = { env: { ...finish(env), browser: timing.env.browser }, bytes, timing, server };
  save(resultsDir, results);
  return results;
}

const results = opts['report-only'] ? load(resultsDir) : await measure();
step('chart and report');
const written = await publish(docs, results);
console.log(`wrote ${written.report}, ${written.chart}; raw results in ${resultsDir}`);
const failed = results.timing.raw.filter((r) => r.error);
if (failed.length) {
  console.error(
    `${failed.length} run(s) failed: ${[...new Set(failed.map((r) => `${r.page}: ${r.error}`))].join('; ')}`,
  );
  process.exitCode = 1;
}
