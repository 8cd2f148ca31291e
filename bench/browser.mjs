/**
 * One measured page view: a fresh headless Chromium with a fresh profile (a
 * first visit: no cookie, no IndexedDB), CPU throttled over CDP before the
 * navigation, probe.js injected before any page script. Waits for the banner,
 * lets the page settle, samples the heap, screenshots (when asked), clicks
 * "accept all" and waits for the persisted consent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';

const PROBE = readFileSync(new URL('./probe.js', import.meta.url), 'utf8');
export const VIEWPORT = { width: 1280, height: 800 };
/** Milliseconds after the banner shows during which long tasks and shifts still count, before the click. */
export const SETTLE_MS = 1000;

/** A fresh browser and profile; `use(context)` runs with it, and both are removed after. */
export async function withBrowser(use) {
  const profile = mkdtempSync(join(tmpdir(), 'consentry-bench-profile-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: findChromium({ install: false }),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: VIEWPORT,
      locale: 'en-US',
    });
    return await use(context);
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function within(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout: ${what} (${ms} ms)`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Measures page `name` served by `server` at CPU `rate`; a failed run comes back with `error`. */
export async function measureOnce(name, server, rate, screenshot) {
  const record = { page: name, rate };
  try {
    await withBrowser(async (context) => {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.addInitScript({ content: PROBE });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const origin = `http://127.0.0.1:${server.port}`;
      const external = [];
      const pageErrors = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) external.push(r.url());
      });
      page.on('pageerror', (e) => pageErrors.push(String(e.message)));
      page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
      server.log.length = 0;

      await page.goto(`${origin}/index.html`, { waitUntil: 'load', timeout: 60_000 });
      const visible = await within(
        page.evaluate(() => window.__bench.visible),
        20_000,
        'banner visible',
      );
      await page.evaluate(
        ([t, ms]) => new Promise((r) => setTimeout(r, Math.max(0, t + ms - performance.now()))),
        [visible, SETTLE_MS],
      );
      const snap = await page.evaluate(() => {
        const B = window.__bench;
        const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
        return {
          tDom: B.tDom,
          tVisible: B.tVisible,
          visibleVia: B.visibleVia,
          longTasks: B.longTasks.slice(),
          shifts: B.shifts.slice(),
          probeErrors: B.errors.slice(),
          fcp: fcp ? fcp.startTime : null,
          userAgent: navigator.userAgent,
          // The page's own milestones (performance.mark('bench:…')) and when each script arrived.
          marks: Object.fromEntries(
            performance
              .getEntriesByType('mark')
              .filter((m) => m.name.startsWith('bench:'))
              .map((m) => [m.name.slice(6), m.startTime]),
          ),
          scripts: performance
            .getEntriesByType('resource')
            .filter((r) => r.initiatorType === 'script' || r.initiatorType === 'link' || r.initiatorType === 'other')
            .map((r) => [new URL(r.name).pathname, r.startTime, r.responseEnd]),
        };
      });
      const heapPre = await cdp.send('Runtime.getHeapUsage');
      await cdp.send('HeapProfiler.collectGarbage');
      const heapPost = await cdp.send('Runtime.getHeapUsage');
      const fetched = server.log.map((e) => `${e.status} ${e.path} ${e.bytes}`);
      if (screenshot) await page.screenshot({ path: screenshot });

      await page.click(await page.evaluate(() => window.__acceptSelector), { timeout: 10_000 });
      await within(
        page.evaluate(() => window.__bench.stored),
        10_000,
        'consent stored',
      );
      const accept = await page.evaluate(() => {
        const B = window.__bench;
        return { tClick: B.tClick, tStored: B.tStored, storedVia: B.storedVia, before: B.storedBeforeClick };
      });
      if (accept.before) throw new Error('__consentStored() was already true before the click');
      // A fixed JS loop after everything else: its ratio between rates confirms the throttle.
      const calibMs = await page.evaluate(() => {
        const t0 = performance.now();
        let x = 0;
        for (let i = 0; i < 3e6; i++) x += Math.sqrt(i);
        return x > 0 ? performance.now() - t0 : 0;
      });

      const end = snap.tVisible + SETTLE_MS;
      const tasks = snap.longTasks.filter(([start]) => start < end);
      Object.assign(record, {
        tDom: snap.tDom,
        tVisible: snap.tVisible,
        visibleVia: snap.visibleVia,
        fcp: snap.fcp,
        userAgent: snap.userAgent,
        marks: snap.marks,
        scripts: snap.scripts,
        longTaskTotal: tasks.reduce((s, [, d]) => s + d, 0),
        longTaskCount: tasks.length,
        cls: snap.shifts.filter(([start, , input]) => !input && start < accept.tClick).reduce((s, [, v]) => s + v, 0),
        heapPreGC: heapPre.usedSize,
        heapPostGC: heapPost.usedSize,
        acceptToStored: accept.tStored - accept.tClick,
        storedVia: accept.storedVia,
        calibMs,
        fetched,
        external,
        pageErrors: [...pageErrors, ...snap.probeErrors],
      });
    });
  } catch (error) {
    record.error = String(error?.message ?? error);
  }
  return record;
}
