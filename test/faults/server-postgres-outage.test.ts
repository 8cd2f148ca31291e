/**
 * Long version of test/server/faults-database-unavailable.test.ts: 20k proofs
 * while a private PostgreSQL is stopped twice (held down until the clients
 * were refused 50 times) and restarted three times (fast, immediate,
 * immediate). Prints a FIGURES line (docs/RELIABILITY.md).
 *
 *   node --import tsx --test test/faults/server-postgres-outage.test.ts
 */
import { after, describe, it } from 'node:test';
import { tempDir } from '../server/fixtures.js';
import { runOutageScenario } from './support/outage-scenario.js';
import { privatePostgresUnavailable } from './support/private-postgres.js';
import { assertOutageReport, printFigures } from './support/report-assertions.js';

const TOTAL = Number(process.env.FAULTS_TOTAL ?? 20_000);
const skip = privatePostgresUnavailable();

describe('PostgreSQL stopped and restarted under a sustained ingest', {
  skip: skip ?? false,
  timeout: 3_600_000,
}, () => {
  const dir = tempDir();
  after(() => dir.remove());

  it(`${TOTAL} proofs, 5 outages: 503 with Retry-After during each, recovery, exactly once`, async () => {
    const report = await runOutageScenario({
      dataDir: dir.path,
      total: TOTAL,
      sites: ['shop', 'blog', 'news', 'docs'],
      outages: [
        { kind: 'stop', refusals: 50 },
        { kind: 'restart', mode: 'fast' },
        { kind: 'restart', mode: 'immediate' },
        { kind: 'stop', refusals: 50 },
        { kind: 'restart', mode: 'immediate' },
      ],
      batchShare: 0.8,
    });
    printFigures('postgres-outage', {
      cases: report.cases,
      outages: report.outages,
      refused503: report.refused,
      stored: report.final.stored,
      lost: report.final.lost,
      duplicated: report.final.duplicated,
      errors: report.load.unexpected + report.load.hung,
      missingRetryAfter: report.load.missingRetryAfter,
      statuses: report.load.statuses,
      seconds: Math.round(report.ms / 1000),
    });
    assertOutageReport(report, 5);
  });
});
