/**
 * End-to-end fixtures: the real `npm start` (scripts/start.mjs: build when
 * stale, then the server process) on a free port with its own data directory,
 * a real database (SQLite file, or a PostgreSQL database made for the run and
 * dropped after), and a real Chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const PG_ADMIN_URL = process.env.CONSENTRY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The demo's tracker cookies (demo/public/trackers, demo/embed). */
export const TRACKER_COOKIES = ['_ga', '_ga_DEMO', '_fbp', '_vt_visitor'];
/** What only consent may load: the gated scripts and the gated iframe. */
export const GATED = /\/trackers\/|\/embed\//;

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export type Database = 'sqlite' | 'postgres';

export interface Consentry {
  url: string;
  port: number;
  token: string;
  database: Database;
  stop(): Promise<void>;
}

/** A PostgreSQL database for this run only; `drop` removes it. */
async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `consentry_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Runs `npm start`'s script as a process: the demo site `demo` on its own
 * origins (plus `extraOrigins`), SQLite under a temporary data directory or a
 * fresh PostgreSQL database.
 */
export async function startConsentry(database: Database, extraOrigins: string[] = []): Promise<Consentry> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'consentry-e2e-'));
  const pgDb = database === 'postgres' ? await postgresDatabase() : undefined;
  const token = randomBytes(18).toString('base64url');
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, ...extraOrigins];
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    // Its own process group: stopping it stops the server it started too, whatever happens.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CONSENTRY_DATA_DIR: dataDir,
      DATABASE_URL: pgDb?.url ?? `sqlite:${join(dataDir, 'consentry.db')}`,
      CONSENTRY_ADMIN_TOKEN: token,
      CONSENTRY_SITES: `demo=${origins.join(',')}`,
    },
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" within 90 s:\n${output.join('')}`)), 90_000);
    const read = (chunk: Buffer) => {
      output.push(String(chunk));
      const found = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (found) {
        clearTimeout(timer);
        resolveUrl(found[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => output.push(String(chunk)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output.join('')}`));
    });
  });
  return {
    url,
    port,
    token,
    database,
    async stop() {
      await stopProcess(child);
      await pgDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {}
  };
  group('SIGTERM');
  const timer = setTimeout(() => group('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  // The server may outlive start.mjs by a moment (graceful close): make sure none of the group stays.
  await new Promise((r) => setTimeout(r, 200));
  group('SIGKILL');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}

/** A site on its own origin beside a consent server that allows it, and a browser to visit both. */
export interface SiteBeside {
  server: Consentry;
  browser: Browser;
  /** The site's origin (`http://localhost:PORT`; the consent server is on 127.0.0.1). */
  siteUrl: string;
  stop(): Promise<void>;
}

/** How long a page given in parts waits between them (a slow server still sending the page). */
export const PART_PAUSE_MS = 1500;

/**
 * Starts a consent server (SQLite) that allows a site on another origin, that
 * site, and Chromium: as with `https://consent.example.com/consentry.js` on
 * `https://shop.example`. `page(consentUrl, path)` gives the HTML of each
 * path (undefined: 404); HTML given as parts is sent part by part,
 * {@link PART_PAUSE_MS} apart.
 */
export async function siteBesideConsentry(
  page: (consentUrl: string, path: string) => string | readonly string[] | undefined,
): Promise<SiteBeside> {
  const port = await freePort();
  const siteUrl = `http://localhost:${port}`;
  const [server, browser] = await Promise.all([startConsentry('sqlite', [siteUrl]), launchBrowser()]);
  const site = createHttpServer(async (req, res) => {
    const html = page(server.url, req.url ?? '/');
    if (html === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const [first = '', ...rest] = typeof html === 'string' ? [html] : html;
    res.write(first);
    for (const part of rest) {
      await new Promise((resolve) => setTimeout(resolve, PART_PAUSE_MS));
      if (res.destroyed) return;
      res.write(part);
    }
    res.end();
  });
  await new Promise<void>((resolve) => site.listen(port, '127.0.0.1', resolve));
  return {
    server,
    browser,
    siteUrl,
    async stop() {
      await browser.close();
      await new Promise((resolve) => site.close(resolve));
      await server.stop();
    },
  };
}

/** A fresh profile (no cookies, no IndexedDB) with every request it makes recorded. */
export async function visitor(browser: Browser): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return { context, page, requests };
}

/** Names of the tracker cookies the browser holds for the page. */
export async function trackerCookies(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).map((c) => c.name).filter((name) => TRACKER_COOKIES.includes(name));
}

/** Waits until `check` returns a truthy value (polling), or fails with `what`. */
export async function until<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeout = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface BrowserProof {
  proof: { subject: string; action: string; id: string };
  receipt?: { seq: number; hash: string; sig: string; kid: string };
}

/** This browser's proofs, once the last one has its server receipt. */
export async function proofsWithReceipts(page: Page, count: number): Promise<BrowserProof[]> {
  return until(async () => {
    const entries = await page.evaluate(
      () =>
        (window as unknown as { consentry: { proofs(): Promise<unknown> } }).consentry.proofs() as Promise<
          BrowserProof[]
        >,
    );
    return entries.length >= count && entries.every((e) => e.receipt) ? entries : undefined;
  }, `${count} proof(s) with receipts in the browser`);
}

/** Stored records and receipts of a visitor on the server (GET /v1/proofs/:subject, the right of access). */
export async function serverProofs(
  server: Consentry,
  subject: string,
): Promise<
  { record: { action: string; seq: number; hash: string }; receipt: { sig: string; hash: string; kid: string } }[]
> {
  const response = await fetch(`${server.url}/v1/proofs/${subject}`);
  if (!response.ok) throw new Error(`GET /v1/proofs/${subject}: ${response.status}`);
  return ((await response.json()) as { proofs: never[] }).proofs;
}
