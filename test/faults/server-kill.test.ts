/**
 * Long version of test/server/faults-kill.test.ts: 100k proofs per store,
 * five kill -9 at random points of the ingest, each followed by a restart on
 * the same database. Prints a FIGURES line per store (docs/RELIABILITY.md).
 *
 *   node --import tsx --test test/faults/server-kill.test.ts
 */
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createPgDatabase, tempDir } from '../server/fixtures.js';
import { type KillReport, runKillScenario } from './support/kill-scenario.js';
import { assertKillReport, printFigures } from './support/report-assertions.js';

const TOTAL = Number(process.env.FAULTS_TOTAL ?? 100_000);
const KILLS = 5;
const SITES = ['shop', 'blog', 'news', 'docs'];

function figures(report: KillReport) {
  return {
    cases: report.cases,
    kills: report.kills,
    inFlight: report.inFlight,
    inFlightStored: report.inFlightStored,
    lostAfterCrash: report.afterCrash.lost,
    stored: report.final.stored,
    lost: report.final.lost,
    duplicated: report.final.duplicated,
    replays: report.replays,
    errors: report.load.unexpected + report.load.hung,
    statuses: report.load.statuses,
    seconds: Math.round(report.ms / 1000),
  };
}

describe(`kill -9 during a ${TOTAL}-proof ingest, ${KILLS} times`, { timeout: 3_600_000 }, () => {
  const dir = tempDir();
  after(() => dir.remove());

  for (const store of ['sqlite', 'postgres'] as const) {
    it(`${store}: receipted proofs kept, chains whole, resends exactly once`, async () => {
      const db = store === 'postgres' ? await createPgDatabase() : null;
      try {
        const report = await runKillScenario({
          databaseUrl: db ? db.url : `sqlite:${join(dir.path, 'kill.db')}`,
          dataDir: dir.path,
          total: TOTAL,
          kills: KILLS,
          sites: SITES,
          batchShare: 0.8,
          batchSize: 50,
        });
        printFigures(`kill-9 ${store}`, figures(report));
        assertKillReport(report, KILLS);
      } finally {
        await db?.drop();
      }
    });
  }
});
