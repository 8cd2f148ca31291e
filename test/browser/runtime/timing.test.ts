import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConsentry } from '../../../packages/banner/src/runtime.js';
import { loadPage, MESSAGES, siteConfig, unique } from './helpers.js';

const RUNS = 20;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Milliseconds from `createConsentry` to the start-up decision. */
async function timeToDecision(doc: Document, dbName: string, config: Record<string, unknown>): Promise<number> {
  const t0 = performance.now();
  const api = createConsentry({ config, locale: 'en', messages: MESSAGES, document: doc, dbName });
  await api.ready();
  const elapsed = performance.now() - t0;
  api.destroy();
  return elapsed;
}

describe('start-up timing', () => {
  it(`decides fast on a cold and a warm IndexedDB (median of ${RUNS})`, async () => {
    const { doc, frame } = await loadPage();
    const config = siteConfig();
    const cold: number[] = [];
    const warm: number[] = [];
    const warmDb = unique('db');
    const seed = createConsentry({ config, locale: 'en', messages: MESSAGES, document: doc, dbName: warmDb });
    await seed.acceptAll();
    seed.destroy();
    for (let i = 0; i < RUNS; i++) {
      // Cold: a first visit, the database does not exist yet and is created.
      cold.push(await timeToDecision(doc, unique('cold'), config));
      // Warm: a return visit, the database holds a valid choice.
      warm.push(await timeToDecision(doc, warmDb, config));
    }
    frame.remove();
    const report = { coldMedianMs: +median(cold).toFixed(2), warmMedianMs: +median(warm).toFixed(2) };
    console.log(`consentry start-up to decision: ${JSON.stringify(report)}`);
    assert.ok(report.warmMedianMs < 100, `warm median ${report.warmMedianMs} ms`);
    assert.ok(report.coldMedianMs < 200, `cold median ${report.coldMedianMs} ms`);
  });
});
