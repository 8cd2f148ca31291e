/**
 * What every run of a server fault scenario must show, whatever its size or
 * the timing of its faults: shared by the fast tests (test/server/faults-*)
 * and the long ones (test/faults/server-*).
 */
import assert from 'node:assert/strict';
import type { ConcurrencyReport } from './concurrency-scenario.js';
import type { KillReport } from './kill-scenario.js';
import type { OutageReport } from './outage-scenario.js';

/** What every kill run must show, whatever the timing of the kill. */
export function assertKillReport(report: KillReport, kills: number): void {
  const context = JSON.stringify({ ...report, afterCrash: { ...report.afterCrash, ids: undefined }, final: undefined });
  assert.equal(report.kills, kills, context);
  assert.equal(report.afterCrash.lost, 0, `receipted proofs missing after the crash: ${context}`);
  assert.deepEqual(report.afterCrash.gaps, [], context);
  assert.deepEqual(report.afterCrash.issues, [], context);
  assert.equal(report.afterCrash.duplicated, 0, context);
  assert.equal(report.final.stored, report.cases, `every proof stored once: ${context}`);
  assert.equal(report.final.duplicated, 0, context);
  assert.equal(report.final.lost, 0, context);
  assert.deepEqual(report.final.gaps, [], context);
  assert.deepEqual(report.final.issues, [], context);
  assert.equal(report.load.unexpected, 0, context);
  assert.equal(report.load.hung, 0, context);
  assert.equal(report.load.changedReceipts, 0, 'a resend answers the receipt already given');
  assert.ok((report.load.statuses['200'] ?? 0) > 0, 'resends of stored proofs answer 200');
}

/** What every outage run must show. */
export function assertOutageReport(report: OutageReport, outages: number): void {
  const context = JSON.stringify({ ...report, final: { ...report.final, ids: report.final.ids.size } });
  assert.equal(report.outages, outages, context);
  assert.ok(report.refused > 0, `requests during the outage were refused with 503: ${context}`);
  assert.equal(report.load.missingRetryAfter, 0, `every 503 carries Retry-After: ${context}`);
  assert.equal(report.load.unexpected, 0, `no 500 or other status: ${context}`);
  assert.equal(report.load.hung, 0, `no request hung: ${context}`);
  assert.equal(report.final.stored, report.cases, `every proof stored: ${context}`);
  assert.equal(report.final.duplicated, 0, context);
  assert.equal(report.final.lost, 0, context);
  assert.deepEqual(report.final.gaps, [], context);
  assert.deepEqual(report.final.issues, [], context);
  assert.equal(report.load.changedReceipts, 0, context);
}

/** What every concurrency run must show. */
export function assertConcurrencyReport(report: ConcurrencyReport): void {
  const context = JSON.stringify({ ...report, final: { ...report.final, ids: report.final.ids.size } });
  assert.equal(report.final.stored, report.cases, `every proof stored: ${context}`);
  assert.equal(report.final.duplicated, 0, context);
  assert.equal(report.final.lost, 0, context);
  assert.deepEqual(report.final.gaps, [], context);
  assert.deepEqual(report.final.issues, [], context);
  for (const figures of [report.load, report.raceLoad]) {
    assert.equal(figures.unexpected, 0, context);
    assert.equal(figures.hung, 0, context);
  }
  assert.equal(report.raceLoad.changedReceipts, 0, `both processes answer the same receipt: ${context}`);
  assert.equal(report.raceCreated, report.races, `one creation per race: ${context}`);
  assert.equal(report.raceReplayed, report.races, `one replay per race: ${context}`);
}

/** One line of figures for the reliability report (docs/RELIABILITY.md): printed by the long runs. */
export function printFigures(scenario: string, figures: Record<string, unknown>): void {
  console.log(`FIGURES ${scenario} ${JSON.stringify(figures)}`);
}
