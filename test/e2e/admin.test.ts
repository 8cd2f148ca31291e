/**
 * The admin page end to end: a real server process (`consentry serve`) on a
 * free port over a temporary SQLite log seeded with a month of realistic
 * proofs, the page built by vite, driven in Chromium by playwright-core.
 * `UPDATE_SCREENSHOTS=1` also writes docs/screenshots/admin.png.
 *
 * node --import tsx --test test/e2e/admin.test.ts
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSigner, openSqliteStore } from '@consentry/server';
import Database from 'better-sqlite3';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { seedProofs } from '../../scripts/seed-proofs.js';
import { tempDir } from '../server/fixtures.js';

const TOKEN = 'e2e-admin-token-0123456789abcdef';
const COUNT = 12_000;
const root = join(import.meta.dirname, '../..');

/** Starts `consentry serve` and resolves with its URL once it listens. */
function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'server/bin/consentry.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

/** Text of `selector` in the shadow root of the dashboard's `element` (named functions cannot cross into the page). */
const shadowText = (page: Page, element: string, selector: string) =>
  page.evaluate(
    ([el, sel]) =>
      document
        .querySelector('consentry-admin')
        ?.shadowRoot?.querySelector(el!)
        ?.shadowRoot?.querySelector(sel!)
        ?.textContent?.replace(/\s+/g, ' ')
        .trim() ?? null,
    [element, selector],
  );

describe('the admin page', () => {
  const dir = tempDir();
  const db = join(dir.path, 'consentry.db');
  const adminDir = join(dir.path, 'admin');
  let server: { url: string; child: ChildProcess };
  let browser: Browser;
  let page: Page;
  const expected = { actions: {} as Record<string, number>, head: 0 };
  const problems: string[] = [];
  const requests: string[] = [];

  before(async () => {
    await build({
      configFile: join(root, 'server/admin/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: adminDir },
    });
    const store = openSqliteStore(db);
    await seedProofs(store, loadSigner(dir.path), { site: 'demo', count: COUNT, days: 30, batch: 40 });
    await store.close();
    // Counted straight from the proofs table, not through the stats code under test.
    const raw = new Database(db, { readonly: true });
    for (const row of raw.prepare('SELECT action, count(*) AS n FROM proofs GROUP BY action').all() as {
      action: string;
      n: number;
    }[]) {
      expected.actions[row.action] = row.n;
    }
    expected.head = (raw.prepare('SELECT max(seq) AS s FROM proofs').get() as { s: number }).s;
    raw.close();
    server = await startServer({
      PORT: '0',
      DATABASE_URL: `sqlite:${db}`,
      CONSENTRY_DATA_DIR: dir.path,
      CONSENTRY_ADMIN_TOKEN: TOKEN,
      CONSENTRY_ADMIN_DIR: adminDir,
      CONSENTRY_SITES: 'demo=http://localhost:8787;shop=https://shop.example',
    });
    browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    page.on('console', (m) => {
      // The refused token of the first test answers 401 on purpose.
      if (m.type() === 'error' && !m.text().includes('status of 401')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
  });

  after(async () => {
    await browser?.close();
    if (server?.child.exitCode === null) {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await exited;
    }
    dir.remove();
  });

  it('is served with a strict CSP and asks for the token', async () => {
    const res = await page.goto(`${server.url}/admin/`);
    const headers = res!.headers();
    assert.match(headers['content-security-policy']!, /script-src 'self'/);
    assert.doesNotMatch(headers['content-security-policy']!, /unsafe-inline/);
    assert.match(headers['content-security-policy']!, /frame-ancestors 'none'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    await page.getByLabel('Admin token').waitFor();
    await page.getByLabel('Admin token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Open the dashboard' }).click();
    await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });

  it('opens the dashboard with the token, kept in sessionStorage only', async () => {
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Open the dashboard' }).click();
    await page.getByText('Decisions per action').waitFor();
    // The dashboard's frame shows while the token is being checked; it is kept once the server accepts it.
    await page.waitForFunction(() => sessionStorage.getItem('consentry-admin-token') !== null);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('consentry-admin-token')), TOKEN);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.reload();
    await page.getByText('Decisions per action').waitFor();
  });

  it('draws the consent rates per tier on a canvas', async () => {
    await page.waitForFunction(() => {
      const chart = document.querySelector('consentry-admin')?.shadowRoot?.querySelector('consentry-rates-chart');
      return chart?.shadowRoot?.querySelector('canvas') ?? false;
    });
    const painted = await page.evaluate(() => {
      const chart = document.querySelector('consentry-admin')!.shadowRoot!.querySelector('consentry-rates-chart')!;
      const canvas = chart.shadowRoot!.querySelector('canvas')!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let audience = 0;
      let advertising = 0;
      for (let i = 0; i < data.length; i += 4) {
        // The two series' strokes: #2563eb and #db2777.
        if (data[i]! < 60 && data[i + 1]! > 80 && data[i + 1]! < 120 && data[i + 2]! > 200) audience++;
        if (data[i]! > 200 && data[i + 1]! < 140 && data[i + 2]! > 100 && data[i + 2]! < 150) advertising++;
      }
      return { width: canvas.width, audience, advertising };
    });
    assert.ok(painted.width > 300, 'canvas sized');
    assert.ok(painted.audience > 200, `audience line drawn (${painted.audience} px)`);
    assert.ok(painted.advertising > 200, `advertising line drawn (${painted.advertising} px)`);
  });

  it('counts decisions per action as stored', async () => {
    const shown = await page.evaluate(() => {
      const counts = document.querySelector('consentry-admin')!.shadowRoot!.querySelector('consentry-action-counts')!;
      return Object.fromEntries(
        [...counts.shadowRoot!.querySelectorAll('[data-action]')].map((li) => [
          li.getAttribute('data-action'),
          Number(li.querySelector('.count')!.textContent!.replaceAll(',', '')),
        ]),
      );
    });
    assert.deepEqual(shown, expected.actions);
  });

  it('lists the latest proofs, newest first', async () => {
    const seqs = await page.evaluate(() => {
      const table = document.querySelector('consentry-admin')!.shadowRoot!.querySelector('consentry-proofs-table')!;
      return [...table.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => Number(tr.getAttribute('data-seq')));
    });
    assert.equal(seqs.length, 25);
    assert.deepEqual(seqs.slice(0, 3), [expected.head, expected.head - 1, expected.head - 2]);
  });

  it('says the chain is verified up to the head', async () => {
    await page.waitForFunction(
      (head) =>
        document
          .querySelector('consentry-admin')
          ?.shadowRoot?.querySelector('consentry-chain-status')
          ?.shadowRoot?.querySelector('[part=status]')
          ?.textContent?.includes(`Verified up to seq ${head.toLocaleString('en-US')}`),
      expected.head,
    );
    assert.match(
      (await shadowText(page, 'consentry-chain-status', '[part=status]')) ?? '',
      /Verified up to seq 12,000/,
    );
  });

  it('downloads an NDJSON export with the records, the token never in a URL', async () => {
    const download = page.waitForEvent('download');
    await page.evaluate(() => {
      const exports = document.querySelector('consentry-admin')!.shadowRoot!.querySelector('consentry-export-buttons')!;
      exports.shadowRoot!.querySelector<HTMLButtonElement>('[data-format=ndjson]')!.click();
    });
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, expected.head);
    assert.equal(JSON.parse(lines.at(-1)!).seq, expected.head);
    assert.ok(requests.some((u) => u.includes('/v1/admin/export?')));
    assert.ok(requests.every((u) => !u.includes(TOKEN)));
  });

  it('runs without errors or CSP violations', async () => {
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(root, 'docs/screenshots/admin.png'), fullPage: true });
    }
    assert.deepEqual(problems, []);
  });
});
