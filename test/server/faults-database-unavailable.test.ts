/**
 * The database cannot serve: the API answers 503 (retry later), never a 500
 * or a hang, and nothing is lost or doubled once clients resend.
 *
 * First, which real driver errors count as "unavailable" or "storage full"
 * (a refused connection, a session terminated by PostgreSQL, a SQLite file
 * locked by another writer) and that a programming error stays a 500. Then
 * PostgreSQL going down under load while the server keeps running (a private
 * cluster: the shared one on 5432 is never touched): requests during the
 * outage get 503 `unavailable` with Retry-After, the process never crashes (a
 * pooled connection lost mid-transaction used to be an unhandled 'error'
 * event), the server reconnects by itself, and after the clients resend every
 * proof is stored exactly once in chains that verify. The long version is
 * test/faults/server-postgres-outage.test.ts; the full disk is
 * faults-disk-full.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { storeUnavailable } from '../../server/src/store/store-errors.js';
import { runOutageScenario } from '../faults/support/outage-scenario.js';
import { privatePostgresUnavailable } from '../faults/support/private-postgres.js';
import { assertOutageReport } from '../faults/support/report-assertions.js';
import { freePort } from '../faults/support/server-process.js';
import { PG_ADMIN_URL, tempDir } from './fixtures.js';

async function rejection(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('database failures a client should retry', () => {
  const dir = tempDir();
  after(() => dir.remove());

  it('PostgreSQL not listening: unavailable, retry after 2 s', async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/test` });
    const error = await rejection(() => client.connect());
    assert.deepEqual(storeUnavailable(error), { reason: 'unavailable', retryAfter: 2 });
  });

  it('a session terminated by PostgreSQL (as on shutdown): unavailable', async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    // The connection ends by itself; its 'error' event is the one a pooled client must survive.
    const lost = new Promise<Error>((resolve) => client.once('error', resolve));
    const error = await rejection(() => client.query('SELECT pg_terminate_backend(pg_backend_pid())'));
    assert.equal(storeUnavailable(error)?.reason, 'unavailable', String(error));
    assert.equal(storeUnavailable(await lost)?.reason, 'unavailable');
    await client.end().catch(() => undefined);
  });

  it('a SQLite file locked by another writer: unavailable', () => {
    const file = join(dir.path, 'locked.db');
    const holder = new Database(file);
    const other = new Database(file, { timeout: 0 });
    holder.exec('CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
    try {
      const error = (() => {
        try {
          other.exec('BEGIN IMMEDIATE');
        } catch (e) {
          return e;
        }
      })();
      assert.equal(storeUnavailable(error)?.reason, 'unavailable', String(error));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      other.close();
    }
  });

  it('a disk full (ENOSPC, SQLITE_FULL, PostgreSQL 53100): storage-full, retry after 60 s', () => {
    const full = { reason: 'storage-full', retryAfter: 60 };
    for (const code of ['ENOSPC', 'SQLITE_FULL', '53100']) {
      assert.deepEqual(storeUnavailable(Object.assign(new Error('full'), { code })), full, code);
    }
  });

  it('a programming error (bad SQL) is not retryable: the API answers 500', async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    try {
      const error = await rejection(() => client.query('SELEC 1'));
      assert.equal(storeUnavailable(error), null);
      assert.equal(storeUnavailable(new TypeError('x is undefined')), null);
    } finally {
      await client.end();
    }
  });
});

const skip = privatePostgresUnavailable();

describe('PostgreSQL outage under load', { skip: skip ?? false }, () => {
  const dir = tempDir();
  after(() => dir.remove());

  it('stopped until clients were refused, then restarted immediate (a crash): 503s, recovery, exactly once', async () => {
    const report = await runOutageScenario({
      dataDir: dir.path,
      total: 600,
      sites: ['shop', 'blog'],
      outages: [
        { kind: 'stop', refusals: 10 },
        { kind: 'restart', mode: 'immediate' },
      ],
      batchShare: 0.8,
    });
    assertOutageReport(report, 2);
  });
});
