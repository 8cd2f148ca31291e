/**
 * Several processes on one SQLite file (server/README.md): the second to
 * start while the first is still migrating waits for it, instead of running
 * the same migrations again and failing ("table … already exists").
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { openSqliteStore } from '@consentry/server';
import { makeProof, newSigner, tempDir } from './fixtures.js';

const SCHEMA = pathToFileURL(join(import.meta.dirname, '../../server/src/store/sqlite-schema.ts')).href;

/** What a store's first open does on a fresh file, its transaction held open `holdMs` (a slow disk, a long backfill). */
const SLOW_MIGRATOR = `
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from ${JSON.stringify(SCHEMA)};
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
db.exec('BEGIN IMMEDIATE');
SQLITE_MIGRATIONS.forEach((sql, i) => {
  db.exec(sql);
  db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(i + 1);
});
console.log('migrating');
setTimeout(() => { db.exec('COMMIT'); console.log('committed'); }, Number(process.argv[2]));
`;

describe('SQLite shared by processes', () => {
  const dir = tempDir();
  after(() => dir.remove());

  it('opens a file another process is migrating once that migration commits', async () => {
    const file = join(dir.path, 'shared.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', SLOW_MIGRATOR, file, '1500'],
      {
        cwd: join(import.meta.dirname, '../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('migrating')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the migrating process exited (${code}) before migrating`)));
    });
    const store = openSqliteStore(file);
    try {
      await exited;
      assert.match(out, /committed/, 'the first process committed its migration');
      const site = 'shop';
      const outcome = await store.append(
        { site, items: [{ proof: makeProof({ site }) }], receivedAt: '2026-11-22T12:00:00.000Z' },
        newSigner().sign,
      );
      assert.equal(outcome.status, 'ok');
      assert.equal(await store.count(site), 1);
    } finally {
      await store.close();
    }
  });
});
