import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openSqliteStore, type ProofStore } from '@consentry/server';
import Database from 'better-sqlite3';
import { ChainChecker } from '../../server/src/admin-chain.js';
import { buildStats, loadStats } from '../../server/src/stats.js';
import { ADMIN_TOKEN, adminHeaders, makeProof, makeTestApp, postProofs, tempDir } from './fixtures.js';

/** An app over an SQLite file that a test can also open itself (`file`); `done()` closes and removes it. */
function fileApp() {
  const dir = tempDir();
  const file = join(dir.path, 'log.db');
  const t = makeTestApp({ store: openSqliteStore(file) });
  return {
    ...t,
    file,
    done: async () => {
      await t.store.close();
      dir.remove();
    },
  };
}

type ErrorBody = { error: { code: string } };
const refused = { essential: true as const, audience: false, advertising: false, services: {} };

/** Posts `n` proofs per listed instant (the fake clock is the server's receivedAt). */
async function seedDays(t: ReturnType<typeof makeTestApp>, instants: string[], n = 3) {
  for (const [i, at] of instants.entries()) {
    t.clock.set(at);
    const proofs = Array.from({ length: n }, (_, k) =>
      (i + k) % 3 === 0 ? makeProof({ action: 'reject-all', choices: refused }) : makeProof(),
    );
    assert.equal((await postProofs(t.app, proofs)).status, 201);
  }
}

describe('GET /v1/admin/sites', () => {
  it('lists the configured sites with their chain head and record count, behind the token', async () => {
    const t = makeTestApp();
    await postProofs(t.app, [makeProof(), makeProof()]);
    assert.equal((await t.app.request('/v1/admin/sites')).status, 401);
    const res = await t.app.request('/v1/admin/sites', { headers: adminHeaders });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Cache-Control'), 'no-store');
    const { sites } = (await res.json()) as { sites: { id: string; records: number; head: { seq: number } | null }[] };
    assert.deepEqual(
      sites.map((s) => [s.id, s.records, s.head?.seq ?? null]),
      [
        ['shop', 2, 2],
        ['blog', 0, null],
      ],
    );
  });

  it('answers a wrong method with 405', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/v1/admin/sites', { method: 'POST', headers: adminHeaders });
    assert.equal(res.status, 405);
  });
});

describe('GET /v1/admin/stats from the daily aggregate', () => {
  const instants = [
    '2026-03-01T09:00:00.000Z',
    '2026-03-01T18:30:00.000Z',
    '2026-03-02T00:00:00.000Z',
    '2026-03-02T23:59:59.999Z',
    '2026-03-04T12:00:00.000Z',
  ];

  it('counts whole days, partial first and last days, and one partial day exactly as a scan of the log', async () => {
    const t = makeTestApp();
    await seedDays(t, instants);
    const scan = async (from: string, to: string) => buildStats('shop', await t.store.stats('shop', from, to));
    const ranges: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      ['2026-03-01T00:00:00.000Z', '2026-03-05T00:00:00.000Z'],
      ['2026-03-01T12:00:00.000Z', '2026-03-04T13:00:00.000Z'],
      ['2026-03-02T00:00:00.000Z', '2026-03-02T12:00:00.000Z'],
      ['2026-03-01T10:00:00.000Z', undefined],
      [undefined, '2026-03-02T00:00:00.001Z'],
    ];
    for (const [from, to] of ranges) {
      const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
      assert.deepEqual(
        await loadStats(t.store, 'shop', range),
        await scan(from ?? '', to ?? '\uffff'),
        `${from}..${to}`,
      );
    }
    const res = await t.app.request('/v1/admin/stats?site=shop&from=2026-03-01&to=2026-03-04', {
      headers: adminHeaders,
    });
    const body = (await res.json()) as { total: number; days: { day: string; total: number }[] };
    assert.equal(body.total, 15);
    // A reversed range is refused by stats and export alike, not read two ways.
    for (const route of ['stats', 'export']) {
      const reversed = await t.app.request(
        `/v1/admin/${route}?site=shop&from=2026-03-04T06:00:00Z&to=2026-03-02T18:00:00Z`,
        { headers: adminHeaders },
      );
      assert.equal(reversed.status, 400, route);
      assert.equal(((await reversed.json()) as { error: { code: string } }).error.code, 'bad-query');
    }
    assert.deepEqual(
      body.days.map((d) => [d.day, d.total]),
      [
        ['2026-03-01', 6],
        ['2026-03-02', 6],
        ['2026-03-04', 3],
      ],
    );
  });

  it('reads whole days from the aggregate, not from the log (a row deleted behind the store’s back still counts)', async () => {
    const t = fileApp();
    const file = t.file;
    await seedDays(t, instants.slice(0, 2));
    const db = new Database(file);
    db.prepare("DELETE FROM proofs WHERE site = 'shop' AND seq = 1").run();
    db.close();
    const stats = await loadStats(t.store, 'shop', {});
    assert.equal(stats.total, 6);
    await t.done();
  });

  it('fills the aggregate from the stored proofs when an older database is opened', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'log.db');
    let store: ProofStore = openSqliteStore(file);
    const t = makeTestApp({ store });
    await seedDays(t, instants);
    const before = await loadStats(store, 'shop', {});
    await store.close();
    // Back to the schema before the aggregate existed (version 1: nor the head's time of version 3).
    const db = new Database(file);
    db.exec(
      'DROP TABLE daily_counts; ALTER TABLE chain_heads DROP COLUMN received_at; DELETE FROM schema_version WHERE version >= 2;',
    );
    db.close();
    store = openSqliteStore(file);
    assert.deepEqual(await loadStats(store, 'shop', {}), before);
    assert.equal(before.total, 15);
    await store.close();
    dir.remove();
  });

  it('forgets purged proofs', async () => {
    const t = makeTestApp();
    await seedDays(t, instants);
    await t.store.purge('2026-03-02T00:00:00.000Z');
    const stats = await loadStats(t.store, 'shop', {});
    assert.equal(stats.total, 9);
    assert.deepEqual(stats, buildStats('shop', await t.store.stats('shop', '', '\uffff')));
  });
});

describe('GET /v1/admin/chain', () => {
  it('checks a bounded slice per request, reports progress, then the verified head', async () => {
    const t = makeTestApp();
    for (let i = 0; i < 5; i++)
      await postProofs(
        t.app,
        Array.from({ length: 20 }, () => makeProof()),
      );
    const chains = new ChainChecker(t.store, () => t.signer.jwks().keys, t.clock.now, { budgetMs: 0, pageSize: 30 });
    const first = await chains.status('shop');
    assert.deepEqual([first.checkedAt, first.complete, first.running], [null, false, { at: 30, from: 0, until: 100 }]);
    const seen = [first.running!.at];
    let status = first;
    while (!status.checkedAt) {
      status = await chains.status('shop');
      seen.push(status.running?.at ?? status.verifiedUpTo);
    }
    assert.deepEqual(seen, [30, 60, 90, 100]);
    assert.deepEqual([status.ok, status.complete, status.verifiedUpTo, status.count], [true, true, 100, 100]);
    // New records: the last finished sweep is still reported while the next one runs.
    await postProofs(t.app, makeProof());
    const next = await chains.status('shop');
    assert.deepEqual([next.verifiedUpTo, next.complete, next.running?.at], [100, false, 30]);
  });

  it('names a receipt that does not match its record, and a forged signature on a page tip', async () => {
    const t = fileApp();
    const file = t.file;
    await postProofs(
      t.app,
      Array.from({ length: 6 }, () => makeProof()),
    );
    const db = new Database(file);
    const sig = (seq: number) => (db.prepare('SELECT sig FROM proofs WHERE seq = ?').get(seq) as { sig: string }).sig;
    const chains = new ChainChecker(t.store, () => t.signer.jwks().keys, t.clock.now, { pageSize: 3 });
    db.prepare("UPDATE proofs SET hash = 'ab' || substr(hash, 3) WHERE seq = 2").run();
    const receipt = await chains.status('shop');
    assert.deepEqual(
      [receipt.ok, receipt.verifiedUpTo, receipt.issue?.kind, receipt.issue?.seq],
      [false, 1, 'bad-receipt', 2],
    );
    db.prepare("UPDATE proofs SET hash = (SELECT json_extract(record, '$.hash')) WHERE seq = 2").run();
    // seq 3 closes the first page of 3: its signature vouches for 1 and 2 through the chain.
    db.prepare('UPDATE proofs SET sig = ? WHERE seq = 3').run(sig(1));
    const forged = await chains.status('shop');
    assert.deepEqual([forged.ok, forged.verifiedUpTo, forged.issue?.kind], [false, 2, 'bad-signature']);
    db.close();
    await t.done();
  });

  it('names records missing at the end of the chain, and a last record the head does not name', async () => {
    // No link between the records left can show a cut tail: the chain head (seq and hash) does.
    const t = fileApp();
    const file = t.file;
    await postProofs(
      t.app,
      Array.from({ length: 10 }, () => makeProof()),
    );
    const chains = new ChainChecker(t.store, () => t.signer.jwks().keys, t.clock.now, { pageSize: 4 });
    assert.deepEqual([(await chains.status('shop')).ok, (await chains.status('shop')).verifiedUpTo], [true, 10]);
    const db = new Database(file);
    db.prepare("DELETE FROM proofs WHERE site = 'shop' AND seq >= 9").run();
    const cut = await chains.status('shop', { restart: true });
    assert.deepEqual(
      [cut.ok, cut.complete, cut.verifiedUpTo, cut.count, cut.issue?.kind, cut.issue?.seq, cut.running],
      [false, false, 8, 8, 'truncated', 9, null],
    );
    assert.match(cut.issue!.message, /records 9…10 are missing/);
    // The head moved back to seq 8 with another hash: record 8 is not the one the head names.
    db.prepare("UPDATE chain_heads SET seq = 8, hash = 'ab' || substr(hash, 3) WHERE site = 'shop'").run();
    const rewritten = await chains.status('shop', { restart: true });
    assert.deepEqual(
      [rewritten.ok, rewritten.verifiedUpTo, rewritten.issue?.kind, rewritten.issue?.seq],
      [false, 7, 'head-mismatch', 8],
    );
    db.close();
    await t.done();
  });

  it('takes a purge between two pages of one check for what it is, not a gap; a real gap is named', async () => {
    const t = fileApp();
    const file = t.file;
    t.clock.set('2019-01-01T00:00:00.000Z');
    await postProofs(
      t.app,
      Array.from({ length: 12 }, () => makeProof()),
    );
    t.clock.set('2026-01-01T00:00:00.000Z');
    await postProofs(
      t.app,
      Array.from({ length: 8 }, () => makeProof()),
    );
    let purged = false;
    // The retention purge runs right after the check's first page.
    const store = new Proxy(t.store, {
      get(target, prop) {
        if (prop === 'page')
          return async (q: Parameters<typeof target.page>[0]) => {
            const rows = await target.page(q);
            if (!purged) {
              purged = true;
              await target.purge('2020-01-01T00:00:00.000Z');
            }
            return rows;
          };
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const chains = new ChainChecker(store, () => t.signer.jwks().keys, t.clock.now, { pageSize: 4 });
    const during = await chains.status('shop');
    assert.deepEqual([purged, during.ok, during.issue, during.checkedAt], [true, true, null, null]);
    const after = await chains.status('shop');
    assert.deepEqual([after.ok, after.complete, after.verifiedUpTo, after.count], [true, true, 20, 8]);
    // A record deleted in the middle: the gap is named, and what was verified stops before it.
    const db = new Database(file);
    db.prepare("DELETE FROM proofs WHERE site = 'shop' AND seq = 16").run();
    db.close();
    const gap = await chains.status('shop', { restart: true });
    assert.deepEqual([gap.ok, gap.issue?.kind, gap.issue?.seq, gap.verifiedUpTo], [false, 'gap', 17, 15]);
    await t.done();
  });

  it('starts over from the anchor after a purge, and on ?restart=1', async () => {
    const t = makeTestApp();
    t.clock.set('2019-01-01T00:00:00.000Z');
    await postProofs(t.app, [makeProof(), makeProof(), makeProof()]);
    t.clock.set('2026-01-01T00:00:00.000Z');
    await postProofs(t.app, [makeProof(), makeProof()]);
    const headers = adminHeaders;
    const first = await (await t.app.request('/v1/admin/chain?site=shop', { headers })).json();
    assert.deepEqual([first.ok, first.verifiedUpTo, first.count], [true, 5, 5]);
    await t.store.purge('2020-01-01T00:00:00.000Z');
    const after = await (await t.app.request('/v1/admin/chain?site=shop&restart=1', { headers })).json();
    assert.deepEqual([after.ok, after.verifiedUpTo, after.count, after.anchor.seq], [true, 5, 2, 3]);
  });

  it('refuses an unknown site and a missing token', async () => {
    const { app } = makeTestApp();
    const unknown = await app.request('/v1/admin/chain?site=nowhere', { headers: adminHeaders });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as ErrorBody).error.code, 'unknown-site');
    const none = await app.request('/v1/admin/chain?site=shop', {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN.slice(1)}` },
    });
    assert.equal(none.status, 401);
  });
});
