/**
 * A site and its consent log for the fault scenarios, in this process:
 *
 * - the site (its own port): a page with the config inline and the banner
 *   bundled by esbuild from packages/banner/src (the public API, no build step);
 * - the consent log (another port, another origin): the real server app
 *   (`createApp` over a real SQLite file, Ed25519 receipts, idempotent on id)
 *   behind a fault switch: `up`, `down` (the port closed: connection refused),
 *   `500`, `503`, `reset` (socket destroyed unanswered), `slow` (the request
 *   waits `slowMs` before reaching the server) and `slow-answer` (stored at
 *   once, answered `slowMs` later: a tab closed meanwhile never gets its receipt).
 *
 * `storedIds()` counts the server's records by proof id through the admin export.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, createSigner, openSqliteStore } from '@consentry/server';
import { build } from 'esbuild';

export type FaultMode = 'up' | 'down' | '500' | '503' | 'reset' | 'slow' | 'slow-answer';

export interface FaultStats {
  /** Requests that reached the switch (not counting `down`, which refuses connections). */
  attempts: number;
  /** Requests answered with an error or cut, by mode. */
  failures: Record<string, number>;
  /** Proof ids posted, resends included. */
  posted: number;
}

export interface FaultSite {
  pageUrl: string;
  endpoint: string;
  mode(next: FaultMode): Promise<void>;
  stats(): FaultStats;
  /** The server's records of the site, counted by proof id (the admin export). */
  storedIds(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./site-entry.ts', import.meta.url));
const SITE = 'faults';
const TOKEN = randomBytes(18).toString('base64url');

/** The site's bundle: one ES entry and its lazy chunks, kept in memory. */
async function bundle(): Promise<Map<string, string>> {
  const out = await build({
    entryPoints: { site: ENTRY },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    outdir: '/bundle',
    write: false,
    logLevel: 'error',
  });
  return new Map(out.outputFiles.map((f) => [f.path.slice('/bundle'.length), f.text]));
}

const listen = (server: Server, port = 0) =>
  new Promise<number>((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the site and its consent log; `config` overrides the site config's fields. */
export async function startFaultSite(
  options: { slowMs?: number; config?: Record<string, unknown> } = {},
): Promise<FaultSite> {
  const slowMs = options.slowMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'consentry-faults-'));
  const files = await bundle();
  const site = createServer((req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (file !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(file);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page);
  });
  const sitePort = await listen(site);
  const pageUrl = `http://127.0.0.1:${sitePort}/`;

  const store = openSqliteStore(join(dir, 'consentry.db'));
  const app = createApp({
    store,
    sites: [{ id: SITE, origins: [`http://127.0.0.1:${sitePort}`] }],
    signer: createSigner(generateKeyPairSync('ed25519').privateKey),
    adminToken: TOKEN,
    clock: () => new Date(),
  });
  let mode: FaultMode = 'up';
  const stats: FaultStats = { attempts: 0, failures: {}, posted: 0 };
  const fail = (kind: string) => {
    stats.failures[kind] = (stats.failures[kind] ?? 0) + 1;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const forward = async (req: IncomingMessage, body: Buffer): Promise<Response> => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const init: RequestInit = { method: req.method ?? 'GET', headers };
    if (body.length) init.body = new Uint8Array(body);
    return app.fetch(new Request(`http://127.0.0.1${req.url}`, init));
  };
  const answer = async (res: ServerResponse, response: Response) => {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const isPost = req.method === 'POST';
    if (isPost) {
      stats.attempts++;
      try {
        const parsed = JSON.parse(body.toString()) as unknown;
        stats.posted += Array.isArray(parsed) ? parsed.length : 1;
      } catch {}
    }
    const current = isPost ? mode : 'up';
    if (current === 'reset') {
      fail('reset');
      req.socket.destroy();
      return;
    }
    if (current === '500' || current === '503') {
      fail(current);
      // Readable by the page (CORS), as a real server's or proxy's error would be.
      res.writeHead(Number(current), {
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      });
      res.end(JSON.stringify({ error: { code: 'unavailable', message: `fault switch: ${current}` } }));
      return;
    }
    if (current === 'slow') await sleep(slowMs);
    const response = await forward(req, body);
    if (current === 'slow-answer') await sleep(slowMs);
    await answer(res, response);
  };
  const sockets = new Set<Socket>();
  const endpointServer = () => {
    const server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        fail('handler');
        res.destroy(error as Error);
      });
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  };
  let endpointHttp = endpointServer();
  const endpointPort = await listen(endpointHttp);
  const endpoint = `http://127.0.0.1:${endpointPort}`;
  const closeEndpoint = () =>
    new Promise<void>((resolve) => {
      endpointHttp.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  const config = {
    site: SITE,
    endpoint,
    policyVersion: '2026-11-01',
    privacyPolicyUrl: '/privacy',
    services: [
      {
        id: 'matomo',
        tier: 'audience',
        name: 'Matomo',
        cookies: [{ name: '_pk_*', duration: '13 months', purpose: 'visit statistics' }],
      },
      {
        id: 'pixel',
        tier: 'advertising',
        name: 'Pixel',
        cookies: [{ name: '_fbp', duration: '3 months', purpose: 'ads' }],
      },
    ],
    ...options.config,
  };
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fault site</title></head><body>
<h1>Fault site</h1>
<script type="application/json" id="consentry-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>
<script type="module" src="/site.js"></script>
</body></html>`;

  return {
    pageUrl,
    endpoint,
    async mode(next) {
      if (next === mode) return;
      if (mode === 'down') {
        endpointHttp = endpointServer();
        await listen(endpointHttp, endpointPort);
      }
      if (next === 'down') await closeEndpoint();
      mode = next;
    },
    stats: () => structuredClone(stats),
    async storedIds() {
      const response = await app.request(`/v1/admin/export?site=${SITE}&format=ndjson`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      if (!response.ok) throw new Error(`export answered ${response.status}: ${await response.text()}`);
      const counts = new Map<string, number>();
      for (const line of (await response.text()).split('\n')) {
        if (!line.trim()) continue;
        const id = (JSON.parse(line) as { id: string }).id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    async close() {
      if (mode !== 'down') await closeEndpoint();
      await new Promise<void>((resolve) => site.close(() => resolve()));
      site.closeAllConnections();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
