/**
 * Issue 8, hostile input at scale (`npm run test:faults`): the largest config
 * the schema allows (200 services × 100 cookies, every text at its maximum
 * length, about 13 MB of JSON) and one with 10,000 services (refused by
 * name). Figures, medians of 5 page loads each: time to the banner (or to the
 * refusal), and the preferences dialog's open time. The page stays usable
 * (its own script answers) and nothing is thrown. The fast versions are in
 * test/browser/faults/hostile-config.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/support.js';
import { startFaultSite } from './support/fault-site.js';

const RUNS = 5;
let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const service = (i: number, cookies: number) => ({
  id: `s${i}`,
  tier: i % 3 === 0 ? 'advertising' : 'audience',
  name: `${'n'.repeat(110)}${i}`,
  provider: 'p'.repeat(200),
  description: 'd'.repeat(1000),
  cookies: Array.from({ length: cookies }, (_, j) => ({
    name: `c${i}_${j}`,
    duration: 'u'.repeat(100),
    purpose: 'p'.repeat(500),
  })),
});

describe('configs at scale', () => {
  it('the largest allowed config: the banner shows and its dialog opens', { timeout: 600_000 }, async () => {
    const services = Array.from({ length: 200 }, (_, i) => service(i, 100));
    const site = await startFaultSite({ config: { services } });
    const shown: number[] = [];
    const opened: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const uncaught: string[] = [];
        page.on('pageerror', (e) => uncaught.push(e.message));
        await page.goto(site.pageUrl);
        await page.waitForFunction(
          () => document.querySelector('consentry-banner')?.shadowRoot?.querySelector('[part~="accept-all"]'),
          undefined,
          { polling: 'raf', timeout: 60_000 },
        );
        shown.push(await page.evaluate(() => performance.now()));
        const start = await page.evaluate(() => {
          (window as unknown as { consentry: { open(): void } }).consentry.open();
          return performance.now();
        });
        await page.waitForFunction(
          () =>
            (document.querySelector('consentry-preferences') as { dialog?: HTMLDialogElement } | null)?.dialog?.open,
          undefined,
          { polling: 'raf', timeout: 60_000 },
        );
        opened.push((await page.evaluate(() => performance.now())) - start);
        const cookies = await page.evaluate(
          () =>
            document.querySelector('consentry-preferences')?.shadowRoot?.querySelectorAll('[part~="cookie"]').length,
        );
        assert.equal(cookies, 20_000);
        assert.equal(await page.evaluate(() => document.querySelector('h1')?.textContent), 'Fault site');
        assert.deepEqual(uncaught, []);
        await context.close();
      }
    } finally {
      await site.close();
    }
    console.log(
      `200 services × 100 cookies: banner shown ${median(shown).toFixed(0)} ms after navigation (median of ${RUNS}; ${shown.map((v) => v.toFixed(0))}), dialog open ${median(opened).toFixed(0)} ms (${opened.map((v) => v.toFixed(0))})`,
    );
  });

  it('10,000 services: refused by name, the page stays usable', { timeout: 600_000 }, async () => {
    const services = Array.from({ length: 10_000 }, (_, i) => service(i, 1));
    const site = await startFaultSite({ config: { services } });
    const refused: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const uncaught: string[] = [];
        const errors: string[] = [];
        page.on('pageerror', (e) => uncaught.push(e.message));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        await page.addInitScript(() => {
          document.addEventListener('consentry-error', () => {
            (window as unknown as { refusedAt: number }).refusedAt = performance.now();
          });
        });
        await page.goto(site.pageUrl);
        await page.waitForFunction(() => 'refusedAt' in window, undefined, { timeout: 60_000 });
        refused.push(await page.evaluate(() => (window as unknown as { refusedAt: number }).refusedAt));
        assert.ok(
          errors.some((e) => e.includes('"services"')),
          `the console names services: ${errors}`,
        );
        assert.equal(await page.evaluate(() => document.querySelector('consentry-banner')), null);
        assert.equal(await page.evaluate(() => document.querySelector('h1')?.textContent), 'Fault site');
        assert.deepEqual(uncaught, []);
        await context.close();
      }
    } finally {
      await site.close();
    }
    console.log(
      `10,000 services: refused ${median(refused).toFixed(0)} ms after navigation (median of ${RUNS}; ${refused.map((v) => v.toFixed(0))})`,
    );
  });
});
