/**
 * The browser → server fault scenario of issue 8: a visitor makes many
 * decisions over many page loads while the consent log flaps (down, 500,
 * 503, connections cut, slow), some tabs are closed mid-sync (`pagehide`),
 * then the log recovers. Figure: every proof made in the browser is on the
 * server exactly once (counted by id), none lost, none duplicated.
 */
import type { Browser, Page } from 'playwright-core';
import { type FaultMode, type FaultSite, startFaultSite } from './fault-site.js';

export interface FlappingOptions {
  decisions: number;
  perPage: number;
  /** How long `slow` and `slow-answer` hold a request. */
  slowMs: number;
}

export interface FlappingFigures {
  decisions: number;
  pageLoads: number;
  tabsClosedMidSync: number;
  attempts: number;
  failures: Record<string, number>;
  /** Proof ids posted, resends included. */
  posted: number;
  inBrowser: number;
  stored: number;
  lost: number;
  duplicated: number;
  unknown: number;
  errorsSeen: number;
  uncaught: string[];
  drainMs: number;
}

const MODES: FaultMode[] = ['down', '500', 'up', '503', 'reset', 'slow', 'up', 'slow-answer', '500', 'down'];
const ACTIONS = ['acceptAll', 'rejectAll', 'save', 'withdraw', 'dismiss'] as const;

interface SiteWindow {
  consentry: {
    ready(): Promise<unknown>;
    acceptAll(): Promise<void>;
    rejectAll(): Promise<void>;
    save(c: object): Promise<void>;
    withdraw(): Promise<void>;
    dismiss(): Promise<void>;
    proofs(): Promise<{ proof: { id: string }; receipt?: unknown }[]>;
  };
  faultErrors: string[];
}

async function openPage(browser: Browser, site: FaultSite, context: Awaited<ReturnType<Browser['newContext']>>) {
  const page = await context.newPage();
  const uncaught: string[] = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  await page.addInitScript(() => {
    const w = window as unknown as SiteWindow;
    w.faultErrors = [];
    document.addEventListener('consentry-error', (e) => w.faultErrors.push((e as CustomEvent).detail.message));
  });
  await page.goto(site.pageUrl);
  await page.waitForFunction(() => (window as unknown as Partial<SiteWindow>).consentry !== undefined);
  await page.evaluate(() => (window as unknown as SiteWindow).consentry.ready());
  void browser;
  return { page, uncaught };
}

/** Makes `n` decisions on `page`, each awaited (in force and stored) before the next. */
async function decide(page: Page, n: number, from: number): Promise<void> {
  await page.evaluate(
    async ({ n, from, actions }) => {
      const api = (window as unknown as SiteWindow).consentry;
      for (let i = from; i < from + n; i++) {
        const action = actions[i % actions.length]!;
        if (action === 'save') await api.save({ audience: i % 2 === 0 });
        else await api[action as 'acceptAll']();
      }
    },
    { n, from, actions: ACTIONS as unknown as string[] },
  );
}

/** Runs the scenario in a fresh profile of `browser` and returns its figures. */
export async function runFlapping(browser: Browser, options: FlappingOptions): Promise<FlappingFigures> {
  const site = await startFaultSite({ slowMs: options.slowMs });
  const context = await browser.newContext();
  const uncaught: string[] = [];
  let errorsSeen = 0;
  let pageLoads = 0;
  let tabsClosedMidSync = 0;
  try {
    let made = 0;
    while (made < options.decisions) {
      const mode = MODES[pageLoads % MODES.length]!;
      await site.mode(mode);
      const opened = await openPage(browser, site, context);
      pageLoads++;
      const n = Math.min(options.perPage, options.decisions - made);
      await decide(opened.page, n, made);
      made += n;
      errorsSeen += await opened.page.evaluate(() => (window as unknown as SiteWindow).faultErrors.length);
      uncaught.push(...opened.uncaught);
      if (mode === 'slow' || mode === 'slow-answer') {
        // The tab closes while its last batch is held: `pagehide` flushes with keepalive, and the
        // receipt (if any) never reaches a page. The next page load must resend, the server dedupe.
        tabsClosedMidSync++;
        await opened.page.close({ runBeforeUnload: true });
      } else {
        await opened.page.close();
      }
    }
    // Recovery: the log is up, the visitor comes back once.
    await site.mode('up');
    const started = Date.now();
    const last = await openPage(browser, site, context);
    pageLoads++;
    let ids: string[] | undefined;
    while (!ids) {
      if (Date.now() - started > 120_000) throw new Error('the outbox did not drain within 120 s');
      ids = await last.page.evaluate(async () => {
        const all = await (window as unknown as SiteWindow).consentry.proofs();
        return all.every((p) => p.receipt) ? all.map((p) => p.proof.id) : undefined;
      });
      if (!ids) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drainMs = Date.now() - started;
    uncaught.push(...last.uncaught);
    // Requests a closed tab left in flight (slow-answer) may still land: let them.
    await new Promise((resolve) => setTimeout(resolve, options.slowMs + 500));
    const stored = await site.storedIds();
    const inBrowser = new Set(ids);
    const stats = site.stats();
    return {
      decisions: made,
      pageLoads,
      tabsClosedMidSync,
      attempts: stats.attempts,
      failures: stats.failures,
      posted: stats.posted,
      inBrowser: inBrowser.size,
      stored: stored.size,
      lost: [...inBrowser].filter((id) => !stored.has(id)).length,
      duplicated: [...stored.values()].filter((count) => count > 1).length,
      unknown: [...stored.keys()].filter((id) => !inBrowser.has(id)).length,
      errorsSeen,
      uncaught,
      drainMs,
    };
  } finally {
    await context.close();
    await site.close();
  }
}
