/**
 * kill -9 of a real server process in the middle of a SQLite ingest,
 * restarted on the same file: nothing that got a receipt is lost, the chain
 * verifies without a gap, and resending what was never acknowledged stores
 * each proof exactly once. The long version (100k proofs, five kills, SQLite
 * and PostgreSQL) is test/faults/server-kill.test.ts.
 */
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runKillScenario } from '../faults/support/kill-scenario.js';
import { assertKillReport } from '../faults/support/report-assertions.js';
import { tempDir } from './fixtures.js';

const TOTAL = 1500;
const SITES = ['shop', 'blog', 'news'];

describe('kill -9 of the server during ingest', () => {
  const dir = tempDir();
  after(() => dir.remove());

  it(`SQLite: ${TOTAL} proofs, one kill, restart: receipted proofs kept, chain whole, resends exactly once`, async () => {
    const report = await runKillScenario({
      databaseUrl: `sqlite:${join(dir.path, 'kill.db')}`,
      dataDir: dir.path,
      total: TOTAL,
      kills: 1,
      sites: SITES,
      batchShare: 0.9,
      batchSize: 25,
    });
    assertKillReport(report, 1);
  });
});
