/**
 * Long version of test/server/faults-concurrency.test.ts: four server
 * processes on one PostgreSQL (a fresh database), 50k proofs over 20 sites in
 * parallel, and 1,000 same-instant races of one proof or batch sent to two
 * processes. Prints a FIGURES line (docs/RELIABILITY.md).
 *
 *   node --import tsx --test test/faults/server-concurrency.test.ts
 */
import { after, before, describe, it } from 'node:test';
import { createPgDatabase, tempDir } from '../server/fixtures.js';
import { runConcurrencyScenario, siteIds } from './support/concurrency-scenario.js';
import { assertConcurrencyReport, printFigures } from './support/report-assertions.js';

const TOTAL = Number(process.env.FAULTS_TOTAL ?? 50_000);

describe('four processes on one PostgreSQL under a 20-site ingest', { timeout: 3_600_000 }, () => {
  const dir = tempDir();
  let db: Awaited<ReturnType<typeof createPgDatabase>>;
  before(async () => {
    db = await createPgDatabase();
  });
  after(async () => {
    await db.drop();
    dir.remove();
  });

  it(`${TOTAL} proofs and 1000 races: every chain gap-free and verifying, one record and one receipt per id`, async () => {
    const report = await runConcurrencyScenario({
      databaseUrl: db.url,
      dataDir: dir.path,
      processes: 4,
      sites: siteIds(20),
      total: TOTAL,
      races: 1000,
      batchShare: 0.8,
    });
    printFigures('concurrency', {
      cases: report.cases,
      races: report.races,
      raceCreated: report.raceCreated,
      raceReplayed: report.raceReplayed,
      changedReceipts: report.raceLoad.changedReceipts,
      stored: report.final.stored,
      lost: report.final.lost,
      duplicated: report.final.duplicated,
      gaps: report.final.gaps.length,
      errors: report.load.unexpected + report.load.hung + report.raceLoad.unexpected + report.raceLoad.hung,
      statuses: report.load.statuses,
      seconds: Math.round(report.ms / 1000),
    });
    assertConcurrencyReport(report);
  });
});
