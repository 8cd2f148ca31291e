/**
 * The browser benchmark: every page `runs` times at each CPU rate, one fresh
 * browser per run, the page order rotated every iteration so that no page
 * always runs first or last. Each page has its own 127.0.0.1 server.
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { measureOnce, SETTLE_MS, VIEWPORT } from './browser.mjs';
import { serve } from './static-server.mjs';
import { summarize } from './stats.mjs';

const f = (x, d = 1) => (x == null ? '-' : x.toFixed(d));

/** Runs the benchmark; screenshots (first iteration of each page and rate) go to `shots` when given. */
export async function runTiming({ names, runs, rates, shots, log = console.log }) {
  const servers = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await serve(n)])));
  const raw = [];
  try {
    log(`pages: ${names.join(', ')} | runs=${runs} rates=${rates.join(',')}`);
    for (const rate of rates) {
      for (let i = 0; i < runs; i++) {
        const order = names.map((_, k) => names[(k + i) % names.length]);
        for (const name of order) {
          const shot = shots && i === 0 ? join(shots, `${name}-${rate}x.png`) : undefined;
          if (shot) mkdirSync(shots, { recursive: true });
          const r = await measureOnce(name, servers[name], rate, shot);
          // The machine is shared: the 1-minute load average at the end of each run goes with it.
          raw.push({ ...r, iteration: i, load1: loadavg()[0] });
          log(
            `[${rate}x #${i + 1}] ${name.padEnd(22)} visible=${f(r.tVisible)} lt=${f(r.longTaskTotal)} cls=${f(r.cls, 4)} heap=${r.heapPostGC ?? '-'} accept=${f(r.acceptToStored)} calib=${f(r.calibMs)}${r.error ? ` ERROR ${r.error}` : ''}`,
          );
        }
      }
    }
    return {
      env: {
        browser: { userAgent: raw.find((r) => r.userAgent)?.userAgent ?? null },
        runs,
        rates,
        settleMs: SETTLE_MS,
        viewport: VIEWPORT,
      },
      summary: summarize(raw, names, rates),
      raw,
    };
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  }
}
