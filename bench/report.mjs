/**
 * docs/BENCHMARKS.md from the results of one `npm run bench`: every figure in
 * it comes from `results` (nothing is typed in by hand), so a rerun reproduces
 * the document.
 */

import { fixed, kb, mib, percent, ratio, spread, thousands } from './format.mjs';
import { checkGoals, FLOOR, PEERS, SELF, timeline } from './goals.mjs';
import { analysis, method } from './report-text.mjs';

const row = (cells) => `| ${cells.join(' | ')} |`;
const table = (head, align, rows) => [row(head), row(align), ...rows.map(row)].join('\n');

function environment({ env }) {
  const lines = [
    `- Date: ${env.started} → ${env.finished} (UTC)`,
    `- Machine: ${env.cpus}× ${env.cpuModel}, ${env.memGiB} GiB RAM, Linux ${env.kernel}; shared with other jobs: 1-minute load average ${env.loadStart.toFixed(1)} at the start, ${env.loadEnd.toFixed(1)} at the end; median over the browser runs ${fixed(env.loadRuns?.median, 1)} (max ${fixed(env.loadRuns?.max, 1)})`,
    `- Browser: ${env.browser?.userAgent ?? 'n/a'} (${env.chromium}), headless, driven by playwright-core ${env.versions['playwright-core']}`,
    `- Node ${env.node}; esbuild ${env.versions.esbuild} (peer bundles), vite ${env.versions.vite} (Consentry build)`,
    `- Consentry ${env.consentry.version} at commit ${env.consentry.commit}${env.consentry.dirty ? ' plus uncommitted changes in the working tree' : ''}`,
  ];
  return lines.join('\n');
}

function bytesSection(bytes) {
  const floor = bytes[FLOOR].total.brotli;
  const line = (label, version, set, what) => [
    label,
    version ?? '—',
    what,
    kb(set.total.raw),
    kb(set.total.gzip),
    `**${kb(set.total.brotli)}**`,
    ratio(set.total.brotli, floor),
  ];
  const self = bytes[SELF];
  const total = Object.values(self.alternatives)[0];
  const rows = [
    line(
      'Consentry, critical path',
      self.version,
      self,
      `${self.files.length} file${self.files.length > 1 ? 's' : ''}: consentry.js (Lit templates, runtime, first layer, CSS, English strings)`,
    ),
    line('Consentry, total', self.version, total, `${total.files.length} files: critical + every lazy chunk`),
    ...[...PEERS, FLOOR]
      .filter((n) => bytes[n])
      .map((n) =>
        line(
          bytes[n].label,
          bytes[n].version,
          bytes[n],
          bytes[n].files.map((f) => f.file.replace(/^.*\//, '')).join(', '),
        ),
      ),
  ];
  const files = [];
  for (const [name, b] of Object.entries(bytes)) {
    for (const f of name === SELF ? Object.values(b.alternatives)[0].files : b.files) {
      files.push([name, f.file, f.kind ?? '', f.raw, f.gzip, f.brotli]);
    }
    for (const [label, alt] of Object.entries(b.alternatives ?? {}).slice(name === SELF ? 1 : 0)) {
      files.push([`${name} (alternative)`, label, '', alt.total.raw, alt.total.gzip, alt.total.brotli]);
    }
  }
  return [
    table(
      ['library', 'version', 'files', 'raw KB', 'gzip KB', 'brotli KB', 'brotli ÷ Lit floor'],
      ['---', '---', '---', '--:', '--:', '--:', '--:'],
      rows,
    ),
    '',
    'KB = 1024 bytes. Each file is compressed on its own (as a server sends it): gzip level 9 and brotli quality 11 (node:zlib, `sizes()` of scripts/size.mjs, the same function for every library). Every file, and the variants not counted above:',
    '',
    '<details><summary>files</summary>',
    '',
    table(['page', 'file', 'kind', 'raw B', 'gzip B', 'brotli B'], ['---', '---', '---', '--:', '--:', '--:'], files),
    '',
    '</details>',
  ].join('\n');
}

function browserSection({ summary, env }, names) {
  const out = [];
  for (const rate of env.rates) {
    const floor = summary[FLOOR]?.[rate]?.tVisible?.median;
    const rows = names.map((n) => {
      const s = summary[n][rate];
      return [
        n === SELF ? '**Consentry**' : n,
        `**${spread(s.tVisible)}**`,
        ratio(s.tVisible?.median, floor),
        spread(s.tDom),
        `${fixed(s.longTaskTotal?.median)} (${fixed(s.longTaskCount?.median)})`,
        fixed(s.cls?.median, 3),
        s.heapPostGC ? mib(s.heapPostGC.median) : 'n/a',
        spread(s.acceptToStored, 1),
        s.storedVia.join(', '),
        `${s.ok}/${s.runs}`,
      ];
    });
    out.push(
      `### ${rate}x CPU`,
      '',
      table(
        [
          'page',
          'time to banner ms',
          '÷ Lit floor',
          'banner in DOM ms',
          'long tasks ms (count)',
          'CLS',
          'heap MiB',
          'accept → stored ms',
          'stored in',
          'runs ok',
        ],
        ['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '---', '--:'],
        rows,
      ),
      '',
    );
  }
  const calib = names.map((n) => [n, ...env.rates.map((r) => spread(summary[n][r].calibMs, 1))]);
  out.push(
    'Calibration (a fixed 3M-iteration loop run in each page after everything else; its ratio between rates shows the throttle was applied), ms:',
    '',
    table(['page', ...env.rates.map((r) => `${r}x`)], ['---', ...env.rates.map(() => '--:')], calib),
  );
  return out.join('\n');
}

function timelineSection({ raw, env }) {
  const out = [];
  for (const page of [SELF, FLOOR]) {
    const steps = timeline(raw, page, env.rates[0]);
    if (!steps.length) continue;
    out.push(
      `**${page}** (${env.rates[0]}x, medians over the runs, ms since navigation start): ${steps.map((s) => `${s.label} ${s.median.toFixed(0)}`).join(' → ')}`,
      '',
    );
  }
  return out.join('\n');
}

function fetchedSection({ summary, env }, names) {
  return names
    .map((n) => {
      const s = summary[n][env.rates[0]];
      const problems = [
        ...env.rates.flatMap((r) => summary[n][r].failures),
        ...env.rates.flatMap((r) => summary[n][r].external.map((u) => `external request ${u}`)),
        ...env.rates.flatMap((r) => summary[n][r].pageErrors),
      ];
      return `- **${n}**: ${s.fetched.join('; ')}${problems.length ? ` — problems: ${[...new Set(problems)].join(' | ')}` : ''}`;
    })
    .join('\n');
}

function serverSection(server) {
  if (!server) return '_Not run (`--skip-server`)._';
  const ingest = table(
    ['target', 'mode', 'proofs/s', 'ratio to bare Hono', 'p50 ms', 'p99 ms', 'errors'],
    ['---', '---', '--:', '--:', '--:', '--:', '--:'],
    server.ingest.map((r) => [r.target, r.mode, thousands(r.proofsPerSec), r.ratio.toFixed(2), r.p50, r.p99, r.errors]),
  );
  const passes = server.passes.map(
    (p) =>
      `- ${p.pass} NDJSON${p.capped ? ' (heap capped at 64 MB)' : ''}: ${p.seconds.toFixed(1)} s, ${thousands(p.perSec)} records/s, ${p.fileMB ? `${p.fileMB} MB, ` : ''}${p.ok === undefined ? '' : `ok=${p.ok}, `}peak RSS ${p.peakRssMB} MB`,
  );
  return [
    `\`npm run bench:server${server.args.length ? ` -- ${server.args.join(' ')}` : ''}\` (scripts/bench-server.ts, its full default settings; ${server.seconds.toFixed(0)} s${server.finished ? `, finished ${server.finished} UTC` : ''}${server.load ? `; 1-minute load average ${server.load[0].toFixed(1)} at the start, ${server.load[1].toFixed(1)} at the end` : ''}). One run, on the same 2 cores as autocannon: treat ±20 % as noise (server/README.md has medians of three runs).`,
    '',
    ingest,
    '',
    server.log
      ? `Log of ${thousands(server.log.records)} records (SQLite), appended in ${server.log.seconds.toFixed(1)} s (${thousands(server.log.perSec)} records/s, batches of 1000), then:`
      : '',
    '',
    ...passes,
  ].join('\n');
}

function goalsSection(goals) {
  const rows = goals.map((g) => [
    g.goal,
    g.unit === 'bytes' ? `${kb(g.value)} KB` : `${g.value.toFixed(0)} ms`,
    `${g.against}: ${g.unit === 'bytes' ? `${kb(g.reference)} KB` : `${g.reference.toFixed(0)} ms`}`,
    g.met ? '**met**' : '**missed**',
    percent(g.value, g.reference),
  ]);
  return table(
    ['goal', 'Consentry', 'compared with', 'result', 'Consentry vs that'],
    ['---', '--:', '---', '---', '--:'],
    rows,
  );
}

/** The whole document. */
export function renderReport(results) {
  const { bytes, timing, server, env, chart } = results;
  const names = timing ? Object.keys(timing.summary) : [];
  const goals = checkGoals(bytes, timing);
  return [
    '# Benchmarks: Consentry and the cookie banners people use today',
    '',
    '_Generated by `npm run bench` (bench/run.mjs); do not edit by hand: rerun it._',
    '',
    analysis({ bytes, timing, goals }),
    '',
    '## Machine and versions',
    '',
    environment({ env }),
    '',
    '## Commands',
    '',
    method.commands(env),
    '',
    '## Method',
    '',
    method.text(timing?.env),
    '',
    '## Bytes: what a site ships for the banner',
    '',
    bytesSection(bytes),
    '',
    '## Browser: first visit in headless Chromium',
    '',
    timing ? `${timing.env.runs} runs per page and CPU rate; medians with [min–max].` : '_Not run._',
    '',
    timing ? browserSection(timing, names) : '',
    '',
    chart ? `![Time to banner per library](${chart})` : '',
    '',
    '### Where the time goes',
    '',
    timing ? timelineSection(timing) : '',
    '### Files each page fetched (first run, from the server log)',
    '',
    timing ? fetchedSection(timing, names) : '',
    '',
    '## Server: the consent log',
    '',
    serverSection(server),
    '',
    '## Goals',
    '',
    goalsSection(goals),
    '',
  ].join('\n');
}
