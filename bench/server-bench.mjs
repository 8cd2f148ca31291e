/**
 * The consent-log server benchmark (scripts/bench-server.ts, `npm run
 * bench:server`, issue "server"), run as its own process with its default,
 * full settings unless told otherwise; its printed tables are parsed for the
 * report and its whole output is kept.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { ROOT } from './paths.mjs';

const INGEST = /^(bare Hono|SQLite|PostgreSQL)\s+(single|batch \d+)\s+(\d+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(\d+)$/;
const FILL = /^Log of (\d+) records \(SQLite\): appended in ([\d.]+) s \((\d+) rec\/s/;
const PASS =
  /^(export|verify) NDJSON( \(heap capped at 64 MB\))?: ([\d.]+) s, (\d+) rec\/s, (?:(\d+) MB, )?(?:ok=(\w+), )?peak RSS (\d+) MB/;

/** Parses the text bench-server.ts prints. */
export function parseServerBench(text) {
  const result = { ingest: [], log: null, passes: [] };
  for (const line of text.split('\n').map((l) => l.trim())) {
    let m = INGEST.exec(line);
    if (m) {
      const [, target, mode, perSec, ratio, p50, p99, errors] = m;
      result.ingest.push({ target, mode, proofsPerSec: +perSec, ratio: +ratio, p50: +p50, p99: +p99, errors: +errors });
    }
    m = FILL.exec(line);
    if (m) result.log = { records: +m[1], seconds: +m[2], perSec: +m[3] };
    m = PASS.exec(line);
    if (m) {
      const [, pass, capped, seconds, perSec, mb, ok, rss] = m;
      result.passes.push({
        pass,
        capped: Boolean(capped),
        seconds: +seconds,
        perSec: +perSec,
        ...(mb ? { fileMB: +mb } : {}),
        ...(ok ? { ok: ok === 'true' } : {}),
        peakRssMB: +rss,
      });
    }
  }
  return result;
}

/** Runs `npm run bench:server -- …args`; resolves with the parsed figures, the arguments, the output and the time. */
export function runServerBench(args = [], log = (s) => process.stdout.write(s)) {
  const started = Date.now();
  const loadStart = loadavg()[0];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-server.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      log(String(d));
    });
    child.stderr.on('data', (d) => log(String(d)));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bench:server exited with ${code}`));
      else {
        const finished = new Date().toISOString().slice(0, 19);
        resolve({
          args,
          finished,
          load: [loadStart, loadavg()[0]],
          seconds: (Date.now() - started) / 1000,
          output: out,
          ...parseServerBench(out),
        });
      }
    });
  });
}
