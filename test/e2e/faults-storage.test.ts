/**
 * Issue 8, storage quirks Chromium makes for real (DevTools protocol): the
 * origin's quota exceeded, and its IndexedDB cleared while the page is open
 * (what "Clear site data" does). The page goes on in memory, says so with
 * `consentry-error`, and every later decision still reaches the consent log
 * (counted on the server by id). Blocked, upgraded and deleted databases and
 * a wrong clock are test/browser/faults/clock-storage.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type FaultSite, startFaultSite } from '../faults/support/fault-site.js';
import { launchBrowser } from './support.js';

interface SiteWindow {
  consentry: {
    ready(): Promise<{ ask: boolean }>;
    acceptAll(): Promise<void>;
    rejectAll(): Promise<void>;
    withdraw(): Promise<void>;
    get(): { audience: boolean } | null;
    proofs(): Promise<{ proof: { id: string }; receipt?: unknown }[]>;
  };
  storageErrors: string[];
}

let browser: Browser;
let site: FaultSite;
before(async () => {
  browser = await launchBrowser();
  site = await startFaultSite();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function visit(): Promise<{ page: Page; origin: string; uncaught: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const uncaught: string[] = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  await page.addInitScript(() => {
    const w = window as unknown as SiteWindow;
    w.storageErrors = [];
    document.addEventListener('consentry-error', (e) => {
      const { code, message } = (e as CustomEvent).detail;
      if (code === 'storage') w.storageErrors.push(message);
    });
  });
  await page.goto(site.pageUrl);
  await page.waitForFunction(() => (window as unknown as Partial<SiteWindow>).consentry !== undefined);
  await page.evaluate(() => (window as unknown as SiteWindow).consentry.ready());
  return { page, origin: new URL(site.pageUrl).origin, uncaught, close: () => context.close() };
}

const run = (page: Page, action: 'acceptAll' | 'rejectAll' | 'withdraw') =>
  page.evaluate((a) => (window as unknown as SiteWindow).consentry[a](), action);
const storageErrors = (page: Page) => page.evaluate(() => (window as unknown as SiteWindow).storageErrors);
const proofIds = (page: Page) =>
  page.evaluate(async () => (await (window as unknown as SiteWindow).consentry.proofs()).map((p) => p.proof.id));

/** Waits until the server holds each of `ids` exactly once. */
async function onServerOnce(ids: string[]): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    const stored = await site.storedIds();
    if (ids.every((id) => stored.get(id) === 1)) return;
    if (Date.now() > until)
      throw new Error(`not on the server exactly once: ${ids.filter((id) => stored.get(id) !== 1)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('storage quirks made by Chromium', () => {
  it('quota exceeded: the decision holds in memory, is reported, and reaches the server', async () => {
    const { page, origin, uncaught, close } = await visit();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await run(page, 'acceptAll');
    assert.equal((await page.evaluate(() => (window as unknown as SiteWindow).consentry.get()))?.audience, true);
    const errors = await storageErrors(page);
    assert.equal(errors.length, 1, `one storage error: ${errors}`);
    await run(page, 'withdraw');
    const ids = await proofIds(page);
    assert.equal(ids.length, 2);
    await onServerOnce(ids);
    assert.deepEqual(uncaught, []);
    await close();
  });

  it('IndexedDB cleared while the page is open: later decisions are reported and reach the server', async () => {
    const { page, origin, uncaught, close } = await visit();
    await run(page, 'rejectAll');
    const [first] = await proofIds(page);
    await onServerOnce([first!]);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
    await run(page, 'acceptAll');
    await run(page, 'withdraw');
    assert.equal((await storageErrors(page)).length, 1);
    const later = await proofIds(page);
    assert.equal(later.length, 2, 'the page view keeps its later proofs in memory');
    await onServerOnce(later);
    assert.deepEqual(uncaught, []);
    await close();
  });
});
