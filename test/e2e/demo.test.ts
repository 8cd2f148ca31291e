/**
 * The whole path, as a visitor and an auditor meet it: the demo site served by
 * `npm start` (script tag, SPA), a real Chromium, the real server process, and
 * a real database — once on SQLite, once on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type Consentry,
  type Database,
  GATED,
  launchBrowser,
  proofsWithReceipts,
  ROOT,
  serverProofs,
  startConsentry,
  trackerCookies,
  until,
  visitor,
} from './support.js';

const run = promisify(execFile);
const banner = (page: Page) => page.locator('consentry-banner');
const dialog = (page: Page) => page.locator('consentry-preferences');
/** The first layer is hidden (or was never shown): its buttons are not visible. */
const bannerGone = (page: Page) =>
  banner(page).getByRole('button', { name: 'Accept all' }).waitFor({ state: 'hidden' });

for (const database of ['sqlite', 'postgres'] as Database[]) {
  describe(`the demo on ${database}`, { timeout: 120_000 }, () => {
    let server: Consentry;
    let browser: Browser;
    /** Proofs this suite made, by action: the export must hold exactly these. */
    const made: string[] = [];

    before(async () => {
      [server, browser] = await Promise.all([startConsentry(database), launchBrowser()]);
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    describe('a visitor who accepts, then withdraws from the footer', () => {
      let context: BrowserContext;
      let page: Page;
      let requests: string[];
      let subject: string;

      before(async () => {
        ({ context, page, requests } = await visitor(browser));
      });
      after(() => context.close());

      it('first visit: the banner shows and nothing gated runs', async () => {
        await page.goto(`${server.url}/`);
        await banner(page).getByRole('button', { name: 'Accept all' }).waitFor();
        const state = await page.evaluate(async () => {
          const api = (window as unknown as { consentry: { ready(): Promise<{ ask: boolean }> } }).consentry;
          return api.ready();
        });
        assert.equal(state.ask, true);
        // One file before the banner: consentry.js holds the English strings; no French ones are fetched.
        assert.ok(!requests.some((url) => /\/consentry\/fr-[\w-]+\.js$/.test(url)), 'no French strings');
        await page.waitForTimeout(300);
        assert.deepEqual(
          requests.filter((url) => GATED.test(url)),
          [],
          'no request to a gated script or iframe',
        );
        assert.deepEqual(await trackerCookies(context), []);
        assert.equal(await page.locator('[data-tracker="analytics"]').getAttribute('data-state'), 'blocked');
        // RULES.md 14: Consent Mode default, all denied, first in the dataLayer, pushed once.
        const consent = await page.evaluate(() =>
          (window as unknown as { dataLayer: IArguments[] }).dataLayer.map((entry) =>
            Array.from(entry).slice(0, 2).join(' '),
          ),
        );
        assert.deepEqual(consent, ['consent default']);
      });

      it('Accept all runs the gated scripts and the iframe, and the proof reaches the server with a receipt', async () => {
        await banner(page).getByRole('button', { name: 'Accept all' }).click();
        await page.locator('[data-tracker="analytics"][data-state="ran"]').waitFor();
        await page.locator('[data-tracker="ads-pixel"][data-state="ran"]').waitFor();
        await page.locator('[data-tracker="video"][data-state="ran"]').waitFor();
        await until(async () => (await trackerCookies(context)).length === 4, 'the four tracker cookies');
        await bannerGone(page);

        const [entry] = await proofsWithReceipts(page, 1);
        subject = entry!.proof.subject;
        made.push('accept-all');
        const stored = await serverProofs(server, subject);
        assert.equal(stored.length, 1);
        assert.equal(stored[0]!.record.action, 'accept-all');
        assert.equal(stored[0]!.receipt.hash, entry!.receipt!.hash, 'the browser keeps the server receipt');
        // Anyone with the published key can check the receipt without trusting the database.
        const { keys } = (await (await fetch(`${server.url}/v1/keys`)).json()) as { keys: { kid: string }[] };
        const jwk = keys.find((k) => k.kid === stored[0]!.receipt.kid);
        assert.ok(jwk, 'the receipt key is published');
        const key = createPublicKey({ key: jwk as never, format: 'jwk' });
        assert.ok(
          verify(null, Buffer.from(stored[0]!.receipt.hash), key, Buffer.from(stored[0]!.receipt.sig, 'base64url')),
        );
      });

      it('a later page keeps the choice: no banner, the trackers run', async () => {
        await page.goto(`${server.url}/journal.html`);
        await page.locator('[data-tracker="analytics"][data-state="ran"]').waitFor();
        await bannerGone(page);
      });

      it('withdrawal from the footer link removes the tracker cookies and is recorded', async () => {
        await page.goto(`${server.url}/`);
        await page.locator('[data-tracker="video"][data-state="ran"]').waitFor();
        await page.locator('footer a[data-consentry-open]').click();
        await dialog(page).getByRole('dialog').waitFor();
        await dialog(page).getByRole('button', { name: 'Reject all' }).click();
        await until(async () => (await trackerCookies(context)).length === 0, 'no tracker cookie left');
        // "Reject all" after a consent is a withdrawal, and recorded as one (GDPR 7(3)).
        made.push('withdraw');
        const entries = await proofsWithReceipts(page, 2);
        const stored = await serverProofs(server, subject);
        assert.deepEqual(
          stored.map((s) => s.record.action),
          ['accept-all', 'withdraw'],
        );
        assert.equal(entries.length, 2);
        await page.locator('[data-choice]', { hasText: 'audience measurement: refused' }).waitFor();
      });

      it('the visitor downloads their proofs, and `consentry verify` finds them in the log under the published keys', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'consentry-e2e-visitor-'));
        try {
          await page.locator('footer a[data-consentry-open]').click();
          await dialog(page).getByRole('dialog').waitFor();
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            dialog(page).getByRole('button', { name: 'Download my consent proofs' }).click(),
          ]);
          assert.equal(download.suggestedFilename(), 'consentry-proofs-demo.json');
          const file = join(dir, download.suggestedFilename());
          await download.saveAs(file);
          await page.keyboard.press('Escape');
          const keys = join(dir, 'keys.json');
          writeFileSync(keys, await (await fetch(`${server.url}/v1/keys`)).text());
          const log = join(dir, 'log.ndjson');
          const exported = await fetch(`${server.url}/v1/admin/export?site=demo`, {
            headers: { authorization: `Bearer ${server.token}` },
          });
          writeFileSync(log, await exported.text());
          const { stdout } = await run(
            process.execPath,
            [join(ROOT, 'server/bin/consentry.js'), 'verify', file, '--keys', keys, '--log', log],
            { cwd: ROOT },
          );
          assert.match(
            stdout,
            /^OK .*: 2 proofs of a visitor \(demo\), 2 receipts signed by the server, 2 found as received in /,
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    });

    for (const [how, action, decide] of [
      ['Reject all', 'reject-all', (page: Page) => banner(page).getByRole('button', { name: 'Reject all' }).click()],
      ['Escape', 'dismiss', (page: Page) => page.keyboard.press('Escape')],
    ] as const) {
      it(`${how} is recorded as ${action}, and nothing gated runs`, async () => {
        const { context, page, requests } = await visitor(browser);
        try {
          await page.goto(`${server.url}/`);
          await banner(page).getByRole('button', { name: 'Reject all' }).waitFor();
          await decide(page);
          const [entry] = await proofsWithReceipts(page, 1);
          made.push(action);
          const stored = await serverProofs(server, entry!.proof.subject);
          assert.deepEqual(
            stored.map((s) => s.record.action),
            [action],
          );
          await bannerGone(page);
          assert.deepEqual(
            requests.filter((url) => GATED.test(url)),
            [],
          );
          assert.deepEqual(await trackerCookies(context), []);
        } finally {
          await context.close();
        }
      });
    }

    it('the SPA (ES module API) reacts to consentry-change and opens the dialog', async () => {
      const { context, page, requests } = await visitor(browser);
      try {
        await page.goto(`${server.url}/shop.html`);
        await page.locator('[data-consent-state]', { hasText: 'not decided yet' }).waitFor();
        await banner(page).getByRole('button', { name: 'Accept all' }).click();
        await page.locator('[data-events] li', { hasText: 'consentry-change · accept-all' }).waitFor();
        await page.locator('[data-consent-state]', { hasText: 'audience measurement: granted' }).waitFor();
        await page.locator('[data-recommendations]', { hasText: 'Recommended for you' }).waitFor();
        await until(async () => (await trackerCookies(context)).includes('_ga'), 'the SPA starts its analytics');
        await proofsWithReceipts(page, 1);
        made.push('accept-all');
        assert.ok(
          !requests.some((url) => url.endsWith('/consentry.js')),
          'the SPA bundles the module, not the script tag',
        );
        await page.getByRole('button', { name: 'Cookie settings' }).click();
        await dialog(page).getByRole('dialog').waitFor();
      } finally {
        await context.close();
      }
    });

    it('the admin export holds every record, and `consentry verify` accepts it', async () => {
      const denied = await fetch(`${server.url}/v1/admin/export?site=demo`);
      assert.equal(denied.status, 401);
      const dir = mkdtempSync(join(tmpdir(), 'consentry-e2e-export-'));
      try {
        for (const format of ['json', 'ndjson'] as const) {
          const response = await fetch(`${server.url}/v1/admin/export?site=demo&format=${format}`, {
            headers: { authorization: `Bearer ${server.token}` },
          });
          assert.equal(response.status, 200);
          const body = await response.text();
          const records: { action: string; seq: number }[] =
            format === 'json'
              ? (JSON.parse(body) as { records: never[] }).records
              : body
                  .trim()
                  .split('\n')
                  .map((line) => JSON.parse(line));
          assert.deepEqual(records.map((r) => r.action).sort(), [...made].sort());
          assert.deepEqual(
            records.map((r) => r.seq),
            made.map((_, i) => i + 1),
          );
          const file = join(dir, `demo.${format}`);
          writeFileSync(file, body);
          const { stdout } = await run(process.execPath, [join(ROOT, 'server/bin/consentry.js'), 'verify', file], {
            cwd: ROOT,
          });
          assert.match(stdout, /ok|OK|verified/i);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
