/**
 * `npm run bench` cannot rot: its quick mode (`--smoke`: 1 run at 1x of
 * Consentry, the Lit floor and vanilla-cookieconsent, bytes of every page, no
 * server bench) runs here against the real build and real Chromium, writing to
 * a temporary directory, and each figure the report is made of must come out
 * sane: every banner seen, every byte count positive, every accept → stored
 * measured from the storage each library really uses.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from './support.js';

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}
interface Stat {
  median: number;
  min: number;
  max: number;
}
interface PageSummary {
  runs: number;
  ok: number;
  failures: string[];
  tDom: Stat | null;
  tVisible: Stat | null;
  acceptToStored: Stat | null;
  heapPostGC: Stat | null;
  storedVia: string[];
  fetched: string[];
}
interface Results {
  bytes: Record<string, { total: Sizes; files: { file: string }[]; alternatives: Record<string, { total: Sizes }> }>;
  summary: Record<string, Record<string, PageSummary>>;
}

const PAGES = { consentry: 'indexedDB', 'lit-floor': 'cookie', 'vanilla-cookieconsent': 'cookie' };
const DOCS_REPORT = join(ROOT, 'docs/BENCHMARKS.md');

describe('npm run bench -- --smoke', { timeout: 120_000 }, () => {
  let out: string;
  let results: Results;
  let output = '';
  let docsBefore: number | undefined;

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'consentry-bench-smoke-'));
    docsBefore = existsSync(DOCS_REPORT) ? statSync(DOCS_REPORT).mtimeMs : undefined;
    const child = spawn(process.execPath, ['bench/run.mjs', '--smoke', `--out=${out}`], { cwd: ROOT });
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, `bench --smoke failed:\n${output}`);
    results = JSON.parse(readFileSync(join(out, 'results/results.json'), 'utf8')) as Results;
  });

  after(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('measures the bytes of every library, and Consentry split into critical path and total', () => {
    for (const [name, b] of Object.entries(results.bytes)) {
      if (name === 'baseline') continue;
      assert.ok(b.files.length > 0 && b.total.brotli > 0, `${name}: no bytes`);
      assert.ok(b.total.brotli < b.total.gzip && b.total.gzip < b.total.raw, `${name}: ${JSON.stringify(b.total)}`);
    }
    const self = results.bytes.consentry!;
    assert.ok(
      self.files.some((f) => f.file === 'dist/consentry.js'),
      'consentry.js is the critical path',
    );
    const total = Object.values(self.alternatives)[0]!.total;
    assert.ok(total.brotli > self.total.brotli, 'the total with lazy chunks is more than the critical path');
  });

  it('sees every banner, then times accept → stored in the storage each library uses', () => {
    for (const [name, storage] of Object.entries(PAGES)) {
      const s = results.summary[name]?.['1'];
      assert.ok(s, `${name} was not measured`);
      assert.equal(s.ok, 1, `${name}: ${s.failures.join('; ')}`);
      assert.ok(s.tVisible!.median > 0 && s.tDom!.median <= s.tVisible!.median, `${name}: banner times`);
      assert.ok(s.acceptToStored!.median >= 0, `${name}: accept → stored`);
      assert.deepEqual(s.storedVia, [storage], `${name}: stored via`);
      assert.ok(s.heapPostGC!.median > 0, `${name}: heap`);
    }
    // Consentry's page loaded the real build: consentry.js, then (after the banner) its lazy chunks.
    const fetched = results.summary.consentry!['1']!.fetched.join(' ');
    assert.match(fetched, /200 \/dist\/consentry\.js /);
    assert.match(fetched, /200 \/dist\/consentry\/lazy-[\w-]+\.js /);
  });

  it('writes the report and the chart to the output directory, not to docs/', () => {
    const report = readFileSync(join(out, 'BENCHMARKS.md'), 'utf8');
    assert.match(report, /\| \*\*Consentry\*\* \| \*\*\d+ \[\d+–\d+\]\*\* \|/);
    assert.match(report, /## Goals/);
    const png = readFileSync(join(out, 'bench-time-to-banner.png'));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(existsSync(DOCS_REPORT) ? statSync(DOCS_REPORT).mtimeMs : undefined, docsBefore);
  });
});
