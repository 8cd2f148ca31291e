/**
 * Four server processes on one PostgreSQL (a fresh database), 20 sites
 * written in parallel, while the same proofs and batches are sent to two
 * processes at the same instant: every chain is gap-free and verifies, each
 * raced request is stored once (one 201, one 200) and both processes answer
 * the identical receipt. The long version (50k proofs) is
 * test/faults/server-concurrency.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import { runConcurrencyScenario, siteIds } from '../faults/support/concurrency-scenario.js';
import { assertConcurrencyReport } from '../faults/support/report-assertions.js';
import { createPgDatabase, tempDir } from './fixtures.js';

describe('four processes on one PostgreSQL, 20 sites, idempotency races', () => {
  const dir = tempDir();
  let db: Awaited<ReturnType<typeof createPgDatabase>>;
  before(async () => {
    db = await createPgDatabase();
  });
  after(async () => {
    await db.drop();
    dir.remove();
  });

  it('1000 proofs and 60 same-instant races: gap-free verifying chains, one record and one receipt per id', async () => {
    const report = await runConcurrencyScenario({
      databaseUrl: db.url,
      dataDir: dir.path,
      processes: 4,
      sites: siteIds(20),
      total: 1000,
      races: 60,
      batchShare: 0.9,
    });
    assertConcurrencyReport(report);
  });
});
