/**
 * Issue 8, browser → server faults, the fast run (the long one, 1,000
 * decisions and 10 s stalls, is test/faults/browser-sync.test.ts): a visitor
 * decides over page loads while the consent log is down, answers 500 and
 * 503, cuts connections and stalls, and some tabs close mid-sync; after
 * recovery every proof is on the server exactly once, counted by id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFaultSite } from '../faults/support/fault-site.js';
import { runFlapping } from '../faults/support/flapping.js';
import { launchBrowser } from './support.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

describe('proof sync through a flapping consent log (fast)', () => {
  it('stores every proof exactly once after recovery: none lost, none duplicated', async () => {
    const figures = await runFlapping(browser, { decisions: 40, perPage: 5, slowMs: 800 });
    console.log(`faults-sync (fast): ${JSON.stringify(figures)}`);
    assert.equal(figures.decisions, 40);
    assert.equal(figures.inBrowser, 40, 'every decision made a proof in the browser');
    assert.equal(figures.stored, 40, 'every proof on the server');
    assert.equal(figures.lost, 0);
    assert.equal(figures.duplicated, 0);
    assert.equal(figures.unknown, 0);
    assert.deepEqual(figures.uncaught, []);
    assert.ok(figures.errorsSeen > 0, 'the visitor-side errors were reported (consentry-error)');
    for (const kind of ['500', '503', 'reset']) assert.ok(figures.failures[kind]! > 0, `the log answered ${kind}`);
  });

  it('a tab closed while a request is held sends every waiting proof on pagehide, not on the next visit', async () => {
    const site = await startFaultSite({ slowMs: 1500 });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(site.pageUrl);
      await page.waitForFunction(() => 'consentry' in window);
      await site.mode('slow');
      // 45 decisions: the first request is held, the others wait behind it (more than two batches).
      const ids = await page.evaluate(async () => {
        const api = (window as unknown as { consentry: import('../../packages/banner/src/index.js').ConsentryApi })
          .consentry;
        for (let i = 0; i < 45; i++) await (i % 2 ? api.acceptAll() : api.rejectAll());
        return (await api.proofs()).map((p) => p.proof.id);
      });
      await page.close({ runBeforeUnload: true });
      // No page of the site is open any more: only what left on pagehide can arrive.
      const until = Date.now() + 10_000;
      let stored = await site.storedIds();
      while (ids.some((id) => !stored.has(id)) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        stored = await site.storedIds();
      }
      assert.equal(ids.filter((id) => stored.has(id)).length, 45, 'every proof left with the closing tab');
      assert.ok([...stored.values()].every((n) => n === 1));
    } finally {
      await context.close();
      await site.close();
    }
  });
});
