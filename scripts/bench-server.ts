/**
 * `npm run bench:server` (not in CI): ingest throughput of the consent-log
 * server against a bare Hono route that parses the same JSON and answers 200,
 * on SQLite and PostgreSQL, single proofs and batches of 100; then export and
 * verify throughput and peak RSS on a large log (1M records by default).
 *
 *   npm run bench:server -- [--records N] [--duration S] [--batches 1,100] [--capped]
 *
 * `--records 0` runs the ingest part only; `--capped` repeats export and
 * verify with the heap capped at 64 MB.
 *
 * Every server runs in its own child process on 127.0.0.1; autocannon runs here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import {
  createApp,
  createSigner,
  exportChunks,
  openStore,
  type ProofStore,
  type Signer,
  verifyFile,
} from '../server/src/index.js';

const ORIGIN = 'http://127.0.0.1';
const PG_ADMIN = process.env.CONSENTRY_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const SELF = new URL(import.meta.url).pathname.replace(
  /\/server\/dist\/bench-server\.mjs$/,
  '/scripts/bench-server.ts',
);

function proof() {
  return {
    id: randomUUID(),
    subject: randomUUID(),
    site: 'bench',
    at: '2026-11-22T10:00:00.000Z',
    action: 'customize',
    choices: { essential: true, audience: true, advertising: false, services: { matomo: true } },
    policyVersion: '2026-11-01',
    noticeHash: 'ab'.repeat(32),
    locale: 'fr',
    expiresAt: '2027-12-22T10:00:00.000Z',
    gpc: false,
    url: 'https://shop.example/products',
  };
}

// ---- child process roles -------------------------------------------------

async function serveRole(kind: string, url: string): Promise<void> {
  let app: Hono;
  if (kind === 'bare') {
    app = new Hono();
    app.post('/v1/proofs', async (c) => {
      await c.req.json();
      return c.json({ ok: true }, 200);
    });
  } else {
    const store = await openStore(url);
    const signer = createSigner(generateKeyPairSync('ed25519').privateKey);
    app = createApp({
      store,
      signer,
      sites: [{ id: 'bench', origins: [ORIGIN] }],
      adminToken: 'bench-admin-token-0123456789',
      clock: () => new Date(),
    });
  }
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`PORT ${info.port}\n`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

async function fillRole(url: string, records: number): Promise<void> {
  const store = await openStore(url);
  const signer: Signer = createSigner(generateKeyPairSync('ed25519').privateKey);
  const started = performance.now();
  for (let done = 0; done < records; done += 1000) {
    const items = Array.from({ length: Math.min(1000, records - done) }, () => ({ proof: proof() as never }));
    await store.append({ site: 'bench', items, receivedAt: new Date().toISOString() }, signer.sign);
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  report({ records, seconds });
}

async function exportRole(url: string, out: string): Promise<void> {
  const store: ProofStore = await openStore(url);
  const file = createWriteStream(out);
  const started = performance.now();
  let bytes = 0;
  for await (const chunk of exportChunks({ store, range: {}, format: 'ndjson', keys: { keys: [] } })) {
    bytes += chunk.length;
    if (!file.write(chunk)) await once(file, 'drain');
  }
  await new Promise<void>((resolve) => file.end(() => resolve()));
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  report({ seconds, bytes });
}

async function verifyRole(file: string): Promise<void> {
  const started = performance.now();
  const result = await verifyFile(file);
  report({ seconds: (performance.now() - started) / 1000, ok: result.ok, count: result.count });
}

function report(values: object): void {
  process.stdout.write(`RESULT ${JSON.stringify({ ...values, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

// ---- orchestration -------------------------------------------------------

/**
 * The children run this file bundled with the server by esbuild, under plain
 * node: what `consentry serve` runs after `npm run build:server` (tsx alone
 * would add about 100 MB of RSS and its own CPU to every figure).
 */
const BUNDLE = join(SELF, '../../server/dist/bench-server.mjs');

async function bundleSelf(): Promise<void> {
  // The server build first: verify's worker threads load server/dist/verify-worker.js.
  const built = spawnSync(process.execPath, [join(SELF, '../../server/scripts/build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build:server failed');
  // Imported here, not at the top: the children (export, verify) must not carry them in their RSS.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [SELF],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'pg', 'hono', 'hono/*', '@hono/*', 'zod', 'zod/*', 'autocannon', 'esbuild'],
    logLevel: 'warning',
  });
}

function child(
  args: string[],
  nodeFlags: string[] = [],
): { done: Promise<string>; kill: () => void; port: Promise<number> } {
  const proc = spawn(process.execPath, [...nodeFlags, BUNDLE, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let resolvePort: (port: number) => void;
  const port = new Promise<number>((resolve) => {
    resolvePort = resolve;
  });
  proc.stdout.on('data', (d) => {
    out += String(d);
    const m = /PORT (\d+)/.exec(out);
    if (m) resolvePort(Number(m[1]));
  });
  const done = new Promise<string>((resolve, reject) =>
    proc.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`)))),
  );
  return { done, port, kill: () => proc.kill('SIGTERM') };
}

const result = (out: string) => JSON.parse(/RESULT (.*)/.exec(out)![1]!) as Record<string, number>;

async function pgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `consentry_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

interface Row {
  target: string;
  mode: string;
  proofsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(target: string, kind: string, url: string, batch: number, duration: number): Promise<Row> {
  const server = child(['--serve', kind, url]);
  const port = await server.port;
  // Bodies are made before the run so the client spends its CPU on requests, not on building them.
  const bodies = Array.from({ length: batch === 1 ? 40_000 : 800 }, () =>
    JSON.stringify(batch === 1 ? proof() : Array.from({ length: batch }, proof)),
  );
  let next = 0;
  const body = () => bodies[next++] ?? JSON.stringify(batch === 1 ? proof() : Array.from({ length: batch }, proof));
  const { default: autocannon } = await import('autocannon');
  const run = (seconds: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}/v1/proofs`,
      connections: batch === 1 ? 50 : 10,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }),
        },
      ],
    });
  await run(1);
  const r = await run(duration);
  server.kill();
  await server.done.catch(() => undefined);
  return {
    target,
    mode: batch === 1 ? 'single' : `batch ${batch}`,
    proofsPerSec: Math.round(((r.requests.total - r.non2xx) / r.duration) * batch),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      serve: { type: 'string' },
      fill: { type: 'string' },
      export: { type: 'string' },
      verify: { type: 'string' },
      records: { type: 'string', default: '1000000' },
      duration: { type: 'string', default: '5' },
      batches: { type: 'string', default: '1,100' },
      capped: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    args: process.argv.slice(2),
    strict: false,
  });
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (values.serve) return serveRole(String(values.serve), positional[1] ?? '');
  if (values.fill) return fillRole(String(values.fill), Number(values.records));
  if (values.export) return exportRole(String(values.export), positional[1]!);
  if (values.verify) return verifyRole(String(values.verify));

  await bundleSelf();
  const duration = Number(values.duration);
  const records = Number(values.records);
  const dir = mkdtempSync(join(tmpdir(), 'consentry-bench-'));
  const db = await pgDatabase();
  try {
    const rows: Row[] = [];
    for (const batch of String(values.batches).split(',').map(Number)) {
      rows.push(await load('bare Hono', 'bare', '', batch, duration));
      rows.push(await load('SQLite', 'store', `sqlite:${join(dir, `ingest-${batch}.db`)}`, batch, duration));
      rows.push(await load('PostgreSQL', 'store', db.url, batch, duration));
    }
    console.log('\nIngest (POST /v1/proofs, 127.0.0.1)');
    console.log('target       mode        proofs/s   ratio  p50 ms  p99 ms  errors');
    for (const r of rows) {
      const bare = rows.find((b) => b.target === 'bare Hono' && b.mode === r.mode)!;
      console.log(
        `${r.target.padEnd(12)} ${r.mode.padEnd(10)} ${String(r.proofsPerSec).padStart(9)}  ${(r.proofsPerSec / bare.proofsPerSec).toFixed(2).padStart(5)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${r.errors}`,
      );
    }

    if (records === 0) return;
    const logUrl = `sqlite:${join(dir, 'big.db')}`;
    const fill = result(await child(['--fill', logUrl, `--records=${records}`]).done);
    console.log(
      `\nLog of ${records} records (SQLite): appended in ${fill.seconds!.toFixed(1)} s (${Math.round(records / fill.seconds!)} rec/s, batches of 1000)`,
    );
    const file = join(dir, 'export.ndjson');
    // Plain node on the bundle (no tsx, which alone held ~100 MB); a capped heap shows what the work needs.
    for (const flags of values.capped ? [[], ['--max-old-space-size=64']] : [[]]) {
      const label = flags.length ? ' (heap capped at 64 MB)' : '';
      const exp = result(await child(['--export', logUrl, file], flags).done);
      console.log(
        `export NDJSON${label}: ${exp.seconds!.toFixed(1)} s, ${Math.round(records / exp.seconds!)} rec/s, ${(statSync(file).size / 2 ** 20).toFixed(0)} MB, peak RSS ${exp.maxRssMB!.toFixed(0)} MB`,
      );
      const ver = result(await child(['--verify', file], flags).done);
      console.log(
        `verify NDJSON${label}: ${ver.seconds!.toFixed(1)} s, ${Math.round(records / ver.seconds!)} rec/s, ok=${Boolean(ver.ok)}, peak RSS ${ver.maxRssMB!.toFixed(0)} MB`,
      );
    }
  } finally {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
