import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Receipt, StoredRecord } from '@consentry/core/schema';
import { createApp, createSigner, LogVerifier, openSqliteStore, type PublicJwk } from '@consentry/server';
import Database from 'better-sqlite3';
import { CSV_COLUMNS, csvLine } from '../../server/src/export-stream.js';
import { SUBJECT_LIMIT } from '../../server/src/visitor-routes.js';
import { ADMIN_TOKEN, adminHeaders, makeProof, makeTestApp, ORIGIN, postProofs, SITES, tempDir } from './fixtures.js';

type ErrorBody = { error: { code: string; message: string } };

describe('GET /v1/proofs/:subject', () => {
  it('gives a visitor their own proofs with receipts, oldest first', async () => {
    const { app } = makeTestApp();
    const subject = randomUUID();
    const mine = [makeProof({ subject }), makeProof({ subject, action: 'withdraw' })];
    await postProofs(app, mine[0]);
    await postProofs(app, makeProof());
    await postProofs(app, mine[1]);
    const res = await app.request(`/v1/proofs/${subject}`, { headers: { Origin: ORIGIN } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), ORIGIN);
    const body = (await res.json()) as { subject: string; proofs: { record: StoredRecord; receipt: Receipt }[] };
    assert.deepEqual(
      body.proofs.map((p) => [p.record.id, p.receipt.id, p.receipt.hash === p.record.hash]),
      mine.map((p) => [p.id, p.id, true]),
    );
    assert.equal((body as { truncated?: boolean }).truncated, false);
  });

  it('says when a subject holds more proofs than one answer gives', async () => {
    const { app } = makeTestApp();
    const subject = randomUUID();
    for (let i = 0; i <= SUBJECT_LIMIT; i += 100) {
      const batch = Array.from({ length: Math.min(100, SUBJECT_LIMIT + 1 - i) }, () => makeProof({ subject }));
      assert.equal((await postProofs(app, batch)).status, 201);
    }
    const body = (await (await app.request(`/v1/proofs/${subject}`)).json()) as {
      proofs: { record: StoredRecord }[];
      truncated: boolean;
    };
    assert.deepEqual([body.proofs.length, body.truncated], [SUBJECT_LIMIT, true]);
    // The oldest is the one left out: the newest (the choice in force) is there, last.
    assert.deepEqual([body.proofs[0]!.record.seq, body.proofs.at(-1)!.record.seq], [2, SUBJECT_LIMIT + 1]);
  });

  it('refuses a subject that is not a UUID (400)', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/v1/proofs/not-a-uuid');
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as ErrorBody).error.code, 'bad-subject');
  });
});

describe('GET /v1/keys', () => {
  it('publishes the current key first and the retired ones as a JWK set', async () => {
    const retired = generateKeyPairSync('ed25519').privateKey;
    const signer = createSigner(generateKeyPairSync('ed25519').privateKey, [retired]);
    const { app } = makeTestApp({ signer });
    const { keys } = (await (await app.request('/v1/keys')).json()) as { keys: PublicJwk[] };
    assert.equal(keys.length, 2);
    assert.equal(keys[0]!.kid, signer.kid);
    for (const key of keys) {
      assert.deepEqual(Object.keys(key).sort(), ['crv', 'kid', 'kty', 'x']);
      assert.equal(key.kty, 'OKP');
      assert.equal(key.crv, 'Ed25519');
    }
  });
});

describe('admin API', () => {
  it('refuses a missing or wrong bearer token (401)', async () => {
    const { app } = makeTestApp();
    for (const path of [
      '/v1/admin/export',
      '/v1/admin/stats?site=shop',
      '/v1/admin/proofs?site=shop',
      '/v1/admin/chain?site=shop',
    ]) {
      const none = await app.request(path);
      assert.equal(none.status, 401, path);
      assert.match(none.headers.get('WWW-Authenticate') ?? '', /^Bearer/);
      assert.equal(((await none.json()) as ErrorBody).error.code, 'unauthorized');
      const wrong = await app.request(path, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}x` } });
      assert.equal(wrong.status, 401, path);
      const basic = await app.request(path, { headers: { Authorization: `Basic ${ADMIN_TOKEN}` } });
      assert.equal(basic.status, 401, path);
    }
  });

  it('exports NDJSON: stored records in seq order that verify', async () => {
    const { app } = makeTestApp();
    await postProofs(app, [makeProof(), makeProof()]);
    await postProofs(app, makeProof());
    await postProofs(app, makeProof({ site: 'blog' }), { Origin: 'https://blog.example' });
    const res = await app.request('/v1/admin/export?site=shop', { headers: adminHeaders });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /^application\/x-ndjson/);
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as StoredRecord);
    assert.deepEqual(
      lines.map((r) => [r.site, r.seq]),
      [
        ['shop', 1],
        ['shop', 2],
        ['shop', 3],
      ],
    );
    const verifier = new LogVerifier();
    for (const r of lines) assert.equal(verifier.push(r), null);
    const all = await (await app.request('/v1/admin/export', { headers: adminHeaders })).text();
    assert.equal(all.trimEnd().split('\n').length, 4);
  });

  it('exports JSON with receipts and keys that verify on their own', async () => {
    const { app } = makeTestApp();
    await postProofs(app, [makeProof(), makeProof(), makeProof()]);
    const res = await app.request('/v1/admin/export?site=shop&format=json', { headers: adminHeaders });
    const doc = (await res.json()) as {
      records: StoredRecord[];
      receipts: Receipt[];
      keys: PublicJwk[];
      partial: boolean;
    };
    assert.equal(doc.partial, false);
    assert.equal(doc.records.length, 3);
    const verifier = new LogVerifier({ keys: doc.keys, requireReceipts: true });
    for (const [i, r] of doc.records.entries()) assert.equal(verifier.push(r, doc.receipts[i]), null);
    assert.equal(verifier.report().signatures, 3);
  });

  it('exports CSV with a header and one row per record', async () => {
    const { app } = makeTestApp();
    await postProofs(app, [makeProof({ policyVersion: 'v1, "beta"' }), makeProof()]);
    const res = await app.request('/v1/admin/export?site=shop&format=csv', { headers: adminHeaders });
    assert.match(res.headers.get('Content-Type') ?? '', /^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^site,seq,id,subject,at,receivedAt,action,essential,audience,advertising,/);
    assert.match(lines[1]!, /^shop,1,.*,"v1, ""beta""",/);
  });

  it('never writes a CSV cell a spreadsheet would run as a formula', async () => {
    const { app } = makeTestApp();
    const formulas = ['=1+1', '+1', '-1+1', '@SUM(A1)'];
    await postProofs(
      app,
      formulas.map((policyVersion) => makeProof({ policyVersion })),
    );
    const res = await app.request('/v1/admin/export?site=shop&format=csv', { headers: adminHeaders });
    const [header, ...rows] = (await res.text()).trimEnd().split('\r\n');
    const column = header!.split(',').indexOf('policyVersion');
    assert.deepEqual(
      rows.map((line) => line.split(',')[column]),
      ["'=1+1", "'+1", "'-1+1", "'@SUM(A1)"],
    );
    const ndjson = await (await app.request('/v1/admin/export?site=shop', { headers: adminHeaders })).text();
    assert.equal(JSON.parse(ndjson.split('\n')[0]!).policyVersion, '=1+1', 'NDJSON keeps the record as hashed');
  });

  it('keeps ids, hashes and signatures in CSV as they are, a base64url "-" first included', async () => {
    const { app, store } = makeTestApp();
    await postProofs(app, makeProof());
    const [row] = await store.latest('shop', 1);
    const signed = { ...row!, receipt: { ...row!.receipt, kid: '-kid_0', sig: '-AbC_dEf' } };
    const cells = csvLine(signed).split(',');
    assert.equal(cells[CSV_COLUMNS.indexOf('kid')], '-kid_0');
    assert.equal(cells[CSV_COLUMNS.indexOf('sig')], '-AbC_dEf');
  });

  it('filters the export by receivedAt (from inclusive, date-only to includes the day)', async () => {
    const { app, clock } = makeTestApp();
    for (const day of ['2026-01-01', '2026-01-02', '2026-01-03']) {
      clock.set(`${day}T09:00:00.000Z`);
      await postProofs(app, makeProof());
    }
    const res = await app.request('/v1/admin/export?site=shop&from=2026-01-02&to=2026-01-02', {
      headers: adminHeaders,
    });
    const seqs = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).seq);
    assert.deepEqual(seqs, [2]);
  });

  it('refuses a bad format, a bad date and an unknown site', async () => {
    const { app } = makeTestApp();
    const format = await app.request('/v1/admin/export?format=xml', { headers: adminHeaders });
    assert.equal(format.status, 400);
    assert.match(((await format.json()) as ErrorBody).error.message, /^format:/);
    const date = await app.request('/v1/admin/stats?site=shop&from=yesterday', { headers: adminHeaders });
    assert.equal(date.status, 400);
    assert.match(((await date.json()) as ErrorBody).error.message, /^from:/);
    const site = await app.request('/v1/admin/export?site=nowhere', { headers: adminHeaders });
    assert.equal(site.status, 404);
    const noSite = await app.request('/v1/admin/stats', { headers: adminHeaders });
    assert.equal(noSite.status, 400);
  });

  it('counts decisions per day, tier and action', async () => {
    const { app, clock } = makeTestApp();
    clock.set('2026-05-01T10:00:00.000Z');
    await postProofs(app, makeProof());
    await postProofs(
      app,
      makeProof({
        action: 'reject-all',
        choices: { essential: true, audience: false, advertising: false, services: {} },
      }),
    );
    clock.set('2026-05-02T10:00:00.000Z');
    await postProofs(
      app,
      makeProof({ action: 'dismiss', choices: { essential: true, audience: false, advertising: false, services: {} } }),
    );
    const res = await app.request('/v1/admin/stats?site=shop&from=2026-05-01&to=2026-05-02', { headers: adminHeaders });
    const stats = (await res.json()) as {
      total: number;
      tiers: Record<string, { granted: number; denied: number }>;
      actions: Record<string, number>;
      days: { day: string; total: number }[];
    };
    assert.equal(stats.total, 3);
    assert.deepEqual(stats.tiers.audience, { granted: 1, denied: 2 });
    assert.deepEqual(stats.tiers.essential, { granted: 3, denied: 0 });
    assert.deepEqual(stats.actions, { 'accept-all': 1, 'reject-all': 1, dismiss: 1 });
    assert.deepEqual(
      stats.days.map((d) => [d.day, d.total]),
      [
        ['2026-05-01', 2],
        ['2026-05-02', 1],
      ],
    );
  });

  it('lists the latest proofs and refuses a bad limit', async () => {
    const { app } = makeTestApp();
    await postProofs(app, [makeProof(), makeProof(), makeProof()]);
    const res = await app.request('/v1/admin/proofs?site=shop&limit=2', { headers: adminHeaders });
    const { proofs } = (await res.json()) as { proofs: { record: StoredRecord }[] };
    assert.deepEqual(
      proofs.map((p) => p.record.seq),
      [3, 2],
    );
    assert.equal((await app.request('/v1/admin/proofs?site=shop&limit=0', { headers: adminHeaders })).status, 400);
  });

  it('reports the chain verified, then the first bad record once the database is edited', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'log.db');
    const { app } = makeTestApp({ store: openSqliteStore(file) });
    await postProofs(app, [makeProof(), makeProof(), makeProof(), makeProof()]);
    const ok = await (await app.request('/v1/admin/chain?site=shop', { headers: adminHeaders })).json();
    assert.deepEqual([ok.ok, ok.count, ok.verifiedUpTo], [true, 4, 4]);
    const db = new Database(file);
    db.prepare(
      "UPDATE proofs SET record = replace(record, 'accept-all', 'reject-all') WHERE site = 'shop' AND seq = 3",
    ).run();
    db.close();
    const bad = await (await app.request('/v1/admin/chain?site=shop', { headers: adminHeaders })).json();
    assert.equal(bad.ok, false);
    assert.equal(bad.verifiedUpTo, 2);
    assert.equal(bad.issue.seq, 3);
    assert.equal(bad.issue.kind, 'hash-mismatch');
    dir.remove();
  });

  it('sends the purged head as Consentry-Anchors with the export', async () => {
    const { app, store, clock } = makeTestApp();
    clock.set('2019-01-01T00:00:00.000Z');
    await postProofs(app, [makeProof(), makeProof()]);
    clock.set('2026-01-01T00:00:00.000Z');
    await postProofs(app, makeProof());
    const [purged] = await store.purge('2020-01-01T00:00:00.000Z');
    const res = await app.request('/v1/admin/export?site=shop', { headers: adminHeaders });
    assert.equal(res.headers.get('Consentry-Anchors'), `shop:2:${purged!.anchor!.hash}`);
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const verifier = new LogVerifier({ anchors: { shop: purged!.anchor! } });
    for (const r of lines) assert.equal(verifier.push(r), null);
    assert.equal(lines[0].seq, 3);
  });
});

describe('errors and misc routes', () => {
  it('answers /healthz', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true, store: 'sqlite' });
  });

  it('answers JSON 404 for an unknown path and JSON 405 with Allow for a wrong method', async () => {
    const { app } = makeTestApp();
    const missing = await app.request('/v2/nothing');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as ErrorBody).error.code, 'not-found');
    const wrong = await app.request('/v1/keys', { method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('Allow'), 'GET, HEAD, OPTIONS');
    assert.equal(((await wrong.json()) as ErrorBody).error.code, 'method-not-allowed');
    assert.equal((await app.request('/v1/proofs')).status, 405);
    // No Allow header that promises a POST the path does not take.
    const slash = await app.request('/v1/proofs/', { method: 'POST' });
    assert.equal(slash.status, 404);
    assert.equal(((await slash.json()) as ErrorBody).error.code, 'not-found');
  });

  it('answers 500 without a stack trace or internal message when the store fails', async () => {
    const { app, store } = makeTestApp();
    await store.close();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const res = await postProofs(app, makeProof());
      assert.equal(res.status, 500);
      const text = await res.text();
      assert.deepEqual(JSON.parse(text), { error: { code: 'internal', message: 'internal server error' } });
      assert.doesNotMatch(text, /at |database|sqlite/i);
      assert.equal(errors.length, 1, 'logged server-side');
    } finally {
      console.error = original;
    }
  });

  it('mounts extra routes (static files) after the API and before the 404', async () => {
    const { store, signer } = makeTestApp();
    const app = createApp({
      store,
      sites: SITES,
      signer,
      adminToken: ADMIN_TOKEN,
      clock: () => new Date(),
      mount: (a) => void a.get('/consentry.js', (c) => c.text('/* bundle */')),
    });
    assert.equal(await (await app.request('/consentry.js')).text(), '/* bundle */');
    assert.equal((await app.request('/healthz')).status, 200);
    assert.equal((await app.request('/other.js')).status, 404);
  });
});
