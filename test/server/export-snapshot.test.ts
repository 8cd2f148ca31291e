/**
 * An export reads one snapshot of the log (`ProofStore.snapshot()`): a retention
 * purge that runs while it streams changes nothing in it. Both adapters, on
 * real databases (SQLite in a file: a second connection holds the snapshot).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  type ExportFormat,
  exportChunks,
  MAX_EXPORTS,
  openPostgresStore,
  openSqliteStore,
  type ProofStore,
  verifyFile,
} from '@consentry/server';
import pg from 'pg';
import { adminHeaders, createPgDatabase, makeProof, makeTestApp, newSigner, tempDir } from './fixtures.js';

const signer = newSigner();
const dir = tempDir();
after(() => dir.remove());

/** `old` records received in 2015 (past any retention cut of 2016), then `recent` in 2026, in batches. */
async function seed(store: ProofStore, old: number, recent: number) {
  for (const [count, receivedAt] of [
    [old, '2015-01-01T00:00:00.000Z'],
    [recent, '2026-01-01T00:00:00.000Z'],
  ] as const) {
    for (let done = 0; done < count; done += 500) {
      const items = Array.from({ length: Math.min(500, count - done) }, () => ({ proof: makeProof() }));
      assert.equal((await store.append({ site: 'shop', items, receivedAt }, signer.sign)).status, 'ok');
    }
  }
}

/** Streams an export from a reader, running `during` once the chunk matching `at` has been read. */
async function exportWith(store: ProofStore, format: ExportFormat, at: RegExp, during: () => Promise<unknown>) {
  const reader = await store.snapshot();
  let text = '';
  let ran = false;
  try {
    for await (const chunk of exportChunks({ store: reader, range: {}, format, keys: signer.jwks() })) {
      text += chunk;
      if (!ran && at.test(chunk)) {
        ran = true;
        await during();
      }
    }
  } finally {
    await reader.close();
  }
  assert.ok(ran, 'the purge ran during the export');
  return text;
}

function suite(label: string, open: () => Promise<{ store: ProofStore; done: () => Promise<void> }>) {
  describe(`export snapshot on ${label}`, () => {
    it('a JSON export overlapping a purge keeps every record and receipt it started with', async () => {
      const { store, done } = await open();
      try {
        await seed(store, 5, 3);
        // Between the records and the receipts sections: before, the receipts of the 5 purged were gone.
        const text = await exportWith(store, 'json', /"receipts":\[/, () => store.purge('2016-01-01T00:00:00.000Z'));
        const doc = JSON.parse(text) as { records: { seq: number }[]; receipts: { seq: number }[] };
        assert.deepEqual(
          doc.receipts.map((r) => r.seq),
          [1, 2, 3, 4, 5, 6, 7, 8],
        );
        const file = join(dir.path, `${label}.json`);
        writeFileSync(file, text);
        const report = await verifyFile(file, { keys: signer.jwks().keys });
        assert.equal(report.ok, true, JSON.stringify(report.issue));
        assert.equal(report.signatures, 8);
        assert.equal(await store.count('shop'), 3, 'the purge itself went through');
      } finally {
        await done();
      }
    });

    it('an NDJSON export overlapping a purge has no gap (a page read after it)', async () => {
      const { store, done } = await open();
      try {
        // More than one page (2,000 rows): the purge runs after the first.
        await seed(store, 2_500, 10);
        const text = await exportWith(store, 'ndjson', /./, () => store.purge('2016-01-01T00:00:00.000Z'));
        const seqs = text
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { seq: number }).seq);
        assert.equal(seqs.length, 2_510);
        assert.deepEqual(seqs.slice(1998, 2002), [1999, 2000, 2001, 2002]);
        const file = join(dir.path, `${label}.ndjson`);
        writeFileSync(file, text);
        assert.equal((await verifyFile(file)).ok, true);
      } finally {
        await done();
      }
    });
  });
}

let n = 0;
suite('SQLite', async () => {
  const store = openSqliteStore(join(dir.path, `log-${n++}.db`));
  return { store, done: () => store.close() };
});
suite('PostgreSQL', async () => {
  const database = await createPgDatabase();
  const store = await openPostgresStore(database.url);
  return {
    store,
    done: async () => {
      await store.close();
      await database.drop();
    },
  };
});

describe('GET /v1/admin/export holds its snapshot only while it streams', () => {
  it('closes it when the export ends, when the client goes away, and at once for HEAD (PostgreSQL)', async () => {
    const database = await createPgDatabase();
    const store = await openPostgresStore(database.url);
    const watcher = new pg.Client({ connectionString: database.url });
    await watcher.connect();
    // An open snapshot is a session in a transaction (idle in it between two pages, active during one).
    const open = async () =>
      Number(
        (
          await watcher.query(
            `SELECT count(*) AS n FROM pg_stat_activity
             WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()`,
          )
        ).rows[0].n,
      );
    const settled = async () => {
      for (let i = 0; i < 50 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      return open();
    };
    try {
      await seed(store, 0, 2_500);
      const { app } = makeTestApp({ store, signer });
      const url = '/v1/admin/export?site=shop&format=ndjson';
      const whole = await app.request(url, { headers: adminHeaders });
      assert.equal((await whole.text()).trim().split('\n').length, 2_500);
      assert.equal(await settled(), 0, 'after a whole export');

      const cut = await app.request(url, { headers: adminHeaders });
      const body = cut.body!.getReader();
      await body.read();
      assert.equal(await open(), 1, 'the snapshot is open while the export streams');
      await body.cancel();
      assert.equal(await settled(), 0, 'after the client went away');

      const head = await app.request(url, { method: 'HEAD', headers: adminHeaders });
      assert.equal(head.status, 200);
      assert.equal(await settled(), 0, 'after HEAD');

      // A client that stops reading: the export ends after the stall time, and its snapshot with it.
      const stalling = makeTestApp({ store, signer, deps: { exportStallMs: 300 } });
      const stalled = (await stalling.app.request(url, { headers: adminHeaders })).body!.getReader();
      await stalled.read();
      assert.equal(await open(), 1);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await settled(), 0, 'after the client stalled');
      await assert.rejects(
        (async () => {
          for (;;) if ((await stalled.read()).done) return;
        })(),
        /export stalled/,
      );
    } finally {
      await watcher.end();
      // A leaked snapshot would keep its pool client forever, and closing the pool would wait for it.
      await Promise.race([store.close(), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await database.drop();
    }
  });
});

describe('GET /v1/admin/export, several at once', () => {
  it(`streams ${MAX_EXPORTS} at once, answers 503 export-busy beyond, and takes more once one ends (SQLite)`, async () => {
    const store = openSqliteStore(join(dir.path, 'busy.db'));
    try {
      await seed(store, 0, 2_500);
      const { app } = makeTestApp({ store, signer });
      const url = '/v1/admin/export?site=shop';
      const readers = [];
      for (let i = 0; i < MAX_EXPORTS; i++) {
        const res = await app.request(url, { headers: adminHeaders });
        assert.equal(res.status, 200);
        const reader = res.body!.getReader();
        await reader.read();
        readers.push(reader);
      }
      const busy = await app.request(url, { headers: adminHeaders });
      assert.equal(busy.status, 503);
      assert.equal(busy.headers.get('Retry-After'), '30');
      assert.equal(((await busy.json()) as { error: { code: string } }).error.code, 'export-busy');
      await readers.pop()!.cancel();
      const next = await app.request(url, { headers: adminHeaders });
      assert.equal(next.status, 200);
      assert.equal((await next.text()).trim().split('\n').length, 2_500);
      for (const reader of readers) await reader.cancel();
      // Proofs keep arriving while exports stream: appends never wait for them.
      await seed(store, 0, 10);
      assert.equal(await store.count('shop'), 2_510);
    } finally {
      await store.close();
    }
  });
});

describe('GET /v1/admin/export when the database goes silent', () => {
  it('a page query that never answers does not hold the export past the stall time', async () => {
    // The real store, whose snapshot's second page never answers until it is closed (a peer gone
    // silent mid-export): the stall must close it rather than wait behind the query.
    const store = openSqliteStore(join(dir.path, 'silent.db'));
    try {
      await seed(store, 0, 2_500);
      let closed = 0;
      const silent: ProofStore = Object.assign(Object.create(store) as ProofStore, {
        snapshot: async () => {
          const real = await store.snapshot();
          let release: (error: Error) => void = () => {};
          const gone = new Promise<never>((_, reject) => {
            release = reject;
          });
          gone.catch(() => undefined);
          let pages = 0;
          return {
            ...real,
            pageText: async (q: Parameters<ProofStore['pageText']>[0]) => (++pages === 1 ? real.pageText(q) : gone),
            close: async () => {
              closed++;
              release(new Error('connection closed'));
              await real.close();
            },
          };
        },
      });
      const { app } = makeTestApp({ store: silent, signer, deps: { exportStallMs: 300 } });
      const reader = (await app.request('/v1/admin/export?site=shop', { headers: adminHeaders })).body!.getReader();
      await reader.read();
      const started = Date.now();
      await assert.rejects(reader.read(), /export stalled|connection closed/);
      assert.equal(closed, 1);
      assert.ok(Date.now() - started < 2_000, 'closed at the stall, not later');
      // Its slot is free: MAX_EXPORTS more can start.
      for (let i = 0; i < MAX_EXPORTS; i++) {
        const res = await app.request('/v1/admin/export?site=shop', { headers: adminHeaders });
        assert.equal(res.status, 200);
        await res.body!.cancel();
      }
    } finally {
      await store.close();
    }
  });
});
