/**
 * Migrations of a log written by an earlier version, on both adapters: the
 * database is made by the store itself, then taken back to the schema of that
 * version (the column dropped, its migration unrecorded) and opened again.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { StoredRecord } from '@consentry/core/schema';
import { openPostgresStore, openSqliteStore, type ProofStore } from '@consentry/server';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createPgDatabase, makeProof, newSigner, tempDir } from './fixtures.js';

const signer = newSigner();
const EARLY = '2026-03-01T10:00:00.005Z';

async function appendAt(store: ProofStore, site: string, receivedAt: string) {
  const outcome = await store.append({ site, items: [{ proof: makeProof({ site }) }], receivedAt }, signer.sign);
  assert.equal(outcome.status, 'ok');
}

async function receivedAts(store: ProofStore, site: string) {
  const rows = await store.page({ site, afterSeq: 0, untilSeq: Number.MAX_SAFE_INTEGER, limit: 100 });
  return rows.map((r) => (JSON.parse(r.json) as StoredRecord).receivedAt);
}

/** Version 3 gave the chain head the latest receivedAt of its chain; a log of version 2 gets it from its records. */
const HEAD_TIME_UNDONE =
  'ALTER TABLE chain_heads DROP COLUMN received_at; DELETE FROM schema_version WHERE version >= 3;';

describe('migrations of an earlier log', () => {
  const dir = tempDir();
  after(() => dir.remove());

  it('SQLite: a chain of version 2 gets its head time from its records', async () => {
    const file = join(dir.path, 'v2.db');
    let store: ProofStore = openSqliteStore(file);
    await appendAt(store, 'shop', EARLY);
    await store.close();
    const db = new Database(file);
    db.exec(HEAD_TIME_UNDONE);
    db.close();
    store = openSqliteStore(file);
    try {
      await appendAt(store, 'shop', '2026-03-01T09:00:00.000Z');
      assert.deepEqual(await receivedAts(store, 'shop'), [EARLY, EARLY]);
    } finally {
      await store.close();
    }
  });

  it('PostgreSQL: a chain of version 2 gets its head time from its records', async () => {
    const database = await createPgDatabase();
    try {
      let store: ProofStore = await openPostgresStore(database.url);
      await appendAt(store, 'shop', EARLY);
      await store.close();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(HEAD_TIME_UNDONE);
      await client.end();
      store = await openPostgresStore(database.url);
      try {
        await appendAt(store, 'shop', '2026-03-01T09:00:00.000Z');
        assert.deepEqual(await receivedAts(store, 'shop'), [EARLY, EARLY]);
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});
