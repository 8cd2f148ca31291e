/**
 * Issue 8, browser → server faults, the long run (`npm run test:faults`):
 * 1,000 decisions over 50 page loads while the consent log is down, answers
 * 500 and 503, cuts connections and stalls 10 s, with tabs closed mid-sync
 * (`pagehide` flush); after recovery every proof is on the server exactly
 * once, counted by id. The fast run is test/e2e/faults-sync.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/support.js';
import { runFlapping } from './support/flapping.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

describe('proof sync through a flapping consent log (1,000 decisions)', () => {
  it('stores every proof exactly once after recovery: none lost, none duplicated', { timeout: 900_000 }, async () => {
    const figures = await runFlapping(browser, { decisions: 1000, perPage: 20, slowMs: 10_000 });
    console.log(`browser-sync: ${JSON.stringify(figures)}`);
    assert.equal(figures.decisions, 1000);
    assert.equal(figures.inBrowser, 1000, 'every decision made a proof in the browser');
    assert.equal(figures.stored, 1000, 'every proof on the server');
    assert.equal(figures.lost, 0);
    assert.equal(figures.duplicated, 0);
    assert.equal(figures.unknown, 0);
    assert.deepEqual(figures.uncaught, []);
  });
});
