import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Proof, Receipt } from '@consentry/core/schema';
import { verifyReceiptSignature } from '@consentry/server';
import { makeProof, makeTestApp, ORIGIN, postProofs } from './fixtures.js';

const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36';

describe('POST /v1/proofs', () => {
  it('answers 201 with a receipt signed by a key of GET /v1/keys', async () => {
    const { app, clock } = makeTestApp();
    const proof = makeProof();
    const res = await postProofs(app, proof);
    assert.equal(res.status, 201);
    const receipt = (await res.json()) as Receipt;
    assert.equal(receipt.id, proof.id);
    assert.equal(receipt.seq, 1);
    assert.equal(receipt.receivedAt, clock.now().toISOString());
    const keys = (await (await app.request('/v1/keys')).json()) as { keys: { kid: string; x: string }[] };
    const key = keys.keys.find((k) => k.kid === receipt.kid);
    assert.ok(key, 'the receipt key is published');
    assert.ok(verifyReceiptSignature(receipt.hash, receipt.sig, { kty: 'OKP', crv: 'Ed25519', ...key }));
  });

  it('stores the browser family and major version only, never the IP or the full user agent', async () => {
    const { app, store } = makeTestApp();
    const res = await postProofs(app, makeProof(), { 'User-Agent': CHROME_UA, 'X-Forwarded-For': '203.0.113.9' });
    assert.equal(res.status, 201);
    const [row] = await store.latest('shop', 1);
    assert.equal(JSON.parse(row!.json).ua, 'Chrome 131');
    assert.doesNotMatch(row!.json, /203\.0\.113|AppleWebKit|X11/);
  });

  it('answers a resent proof with the same receipt (200) and does not append it again', async () => {
    const { app, store, clock } = makeTestApp();
    const proof = makeProof();
    const first = await (await postProofs(app, proof)).json();
    clock.set('2026-11-23T00:00:00.000Z');
    const again = await postProofs(app, proof);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), first);
    assert.equal(await store.count('shop'), 1);
  });

  it('refuses a proof that contradicts itself or the rules (400 invalid-proof naming the field), storing nothing', async () => {
    const { app, store } = makeTestApp();
    const granted = { essential: true as const, audience: true, advertising: false, services: {} };
    const cases: [Partial<Proof>, RegExp][] = [
      [{ action: 'dismiss', choices: granted }, /^choices: a dismiss proof grants no tier/],
      [
        { action: 'withdraw', choices: { ...granted, audience: false, advertising: true } },
        /withdraw proof grants no tier/,
      ],
      [
        { action: 'reject-all', choices: { ...granted, audience: false, services: { matomo: true } } },
        /^choices\.services\.matomo: a reject-all proof grants no service/,
      ],
      [{ action: 'gpc', choices: { ...granted, advertising: true } }, /^choices\.advertising: a gpc proof refuses/],
      [{ expiresAt: '2099-01-01T00:00:00.000Z' }, /^expiresAt: expected after at, by at most 395 days/],
      [{ expiresAt: '2020-01-01T00:00:00.000Z' }, /^expiresAt/],
      [{ url: 'https://alice:secret@shop.example/account' }, /^url: expected an origin and a path, without user name/],
    ];
    for (const [overrides, message] of cases) {
      const res = await postProofs(app, makeProof(overrides));
      assert.equal(res.status, 400, JSON.stringify(overrides));
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'invalid-proof');
      assert.match(error.message, message);
    }
    // In a batch, the field is named with the proof's position; the good proofs beside it are not stored either.
    const batch = await postProofs(app, [makeProof(), makeProof({ action: 'dismiss', choices: granted })]);
    assert.equal(batch.status, 400);
    assert.match(((await batch.json()) as { error: { message: string } }).error.message, /^\[1\]\.choices: /);
    assert.equal(await store.count('shop'), 0);
    // What the banner writes passes: a refusal of everything, a year's consent.
    const refusal = { essential: true as const, audience: false, advertising: false, services: { matomo: false } };
    assert.equal((await postProofs(app, makeProof({ action: 'withdraw', choices: refusal }))).status, 201);
  });

  it('answers 409 to an id resent with other content', async () => {
    const { app } = makeTestApp();
    const proof = makeProof();
    await postProofs(app, proof);
    const res = await postProofs(app, { ...proof, action: 'customize' });
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'id-conflict');
  });

  it('takes a batch and answers one receipt per proof, in order', async () => {
    const { app } = makeTestApp();
    const proofs = [makeProof(), makeProof(), makeProof()];
    const res = await postProofs(app, proofs);
    assert.equal(res.status, 201);
    const { receipts } = (await res.json()) as { receipts: Receipt[] };
    assert.deepEqual(
      receipts.map((r) => [r.id, r.seq]),
      proofs.map((p, i) => [p.id, i + 1]),
    );
  });

  it('takes a batch of 100 and refuses 101 or none', async () => {
    const { app, store } = makeTestApp();
    const hundred = Array.from({ length: 100 }, () => makeProof({ url: 'https://shop.example/' }));
    assert.equal((await postProofs(app, hundred)).status, 201);
    const tooMany = await postProofs(
      app,
      Array.from({ length: 101 }, () => makeProof({ url: 'https://shop.example/' })),
    );
    assert.equal(tooMany.status, 400);
    assert.equal(((await tooMany.json()) as { error: { code: string } }).error.code, 'batch-too-large');
    assert.equal((await postProofs(app, [])).status, 400);
    assert.equal(await store.count('shop'), 100);
  });

  it('answers 413 beyond 64 KB, with or without Content-Length', async () => {
    const { app } = makeTestApp();
    const big = JSON.stringify(makeProof({ policyVersion: 'x'.repeat(64) })).padEnd(65 * 1024, ' ');
    const withLength = await postProofs(app, big, { 'Content-Length': String(Buffer.byteLength(big)) });
    assert.equal(withLength.status, 413);
    assert.equal(((await withLength.json()) as { error: { code: string } }).error.code, 'payload-too-large');
    const chunked = await app.request('/v1/proofs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
  });

  it('names the bad field of an invalid proof (400)', async () => {
    const { app } = makeTestApp();
    const res = await postProofs(app, { ...makeProof(), noticeHash: 'nope' });
    assert.equal(res.status, 400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'invalid-proof');
    assert.match(error.message, /^noticeHash: /);
    const extra = await postProofs(app, [makeProof(), { ...makeProof(), ip: '203.0.113.9' }]);
    assert.match(((await extra.json()) as { error: { message: string } }).error.message, /\[1\]\.ip/);
  });

  it('answers 400 to malformed JSON and 415 to another content type', async () => {
    const { app } = makeTestApp();
    const malformed = await postProofs(app, '{"id":');
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, 'bad-request');
    const text = await postProofs(app, JSON.stringify(makeProof()), { 'Content-Type': 'text/plain' });
    assert.equal(text.status, 415);
  });

  it('refuses an unknown site and a batch mixing sites (400)', async () => {
    const { app } = makeTestApp();
    const unknown = await postProofs(app, makeProof({ site: 'nowhere' }));
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'unknown-site');
    const mixed = await postProofs(app, [makeProof(), makeProof({ site: 'blog' })]);
    assert.equal(mixed.status, 400);
    assert.equal(((await mixed.json()) as { error: { code: string } }).error.code, 'mixed-sites');
  });
});

describe('receivedAt and the clocks of several instances', () => {
  it('holds a new record at the head time when this clock is behind, and warns the operator once an hour', async () => {
    const { app, clock } = makeTestApp();
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      // Another instance with a clock 10 minutes ahead appended first (here: this clock, moved back).
      clock.set('2026-11-22T12:10:00.000Z');
      assert.equal((await postProofs(app, makeProof())).status, 201);
      clock.set('2026-11-22T12:00:00.000Z');
      const held = (await (await postProofs(app, makeProof())).json()) as Receipt;
      assert.equal(held.receivedAt, '2026-11-22T12:10:00.000Z');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /the chain of "shop" is 600 s ahead of this server's clock.*NTP/);
      clock.set('2026-11-22T12:00:30.000Z');
      await postProofs(app, makeProof());
      assert.equal(warnings.length, 1, 'not again within the hour');
      clock.set('2026-11-22T12:09:59.000Z');
      await postProofs(app, makeProof());
      assert.equal(warnings.length, 1, 'a chain less than a minute ahead is ordinary');
    } finally {
      console.warn = original;
    }
  });
});

describe('CORS on /v1/proofs', () => {
  it('allows the site’s origins, with Vary: Origin and no credentials', async () => {
    const { app } = makeTestApp();
    const res = await postProofs(app, makeProof(), { Origin: 'https://www.shop.example' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'https://www.shop.example');
    assert.match(res.headers.get('Vary') ?? '', /Origin/);
    assert.equal(res.headers.get('Access-Control-Allow-Credentials'), null);
  });

  it('refuses another site’s origin and a request without Origin (403); only a configured origin may read why', async () => {
    const { app, store } = makeTestApp();
    // blog.example is the origin of another configured site: its banner can read the refusal
    // (and stop resending); an unknown origin gets no CORS grant at all.
    for (const [origin, grant] of [
      ['https://blog.example', 'https://blog.example'],
      ['https://evil.example', null],
    ] as const) {
      const res = await postProofs(app, makeProof(), { Origin: origin });
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), grant);
      assert.match(res.headers.get('Vary') ?? '', /Origin/);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'origin-not-allowed');
    }
    const none = await app.request('/v1/proofs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(makeProof()),
    });
    assert.equal(none.status, 403);
    assert.equal(await store.count('shop'), 0);
  });

  it('lets the site’s banner read every refusal (400, 413, 415, 409), so that it stops resending', async () => {
    // outbox.ts drops a proof on a 4xx it can read; without the grant the browser reports a network
    // error (status 0), and a proof the server will never take is retried for ever.
    const { app, store } = makeTestApp();
    const origin = { Origin: ORIGIN };
    const sent = makeProof();
    await postProofs(app, sent, origin);
    const answers = [
      await postProofs(app, { ...makeProof(), action: 'nope' }, origin),
      await app.request('/v1/proofs', {
        method: 'POST',
        headers: { ...origin, 'Content-Type': 'application/json' },
        body: '{',
      }),
      await app.request('/v1/proofs', {
        method: 'POST',
        headers: { ...origin, 'Content-Type': 'text/plain' },
        body: '{}',
      }),
      await app.request('/v1/proofs', {
        method: 'POST',
        headers: { ...origin, 'Content-Type': 'application/json' },
        body: JSON.stringify([makeProof()]).padEnd(70_000, ' '),
      }),
      await postProofs(app, { ...makeProof(), site: 'unknown' }, origin),
      await postProofs(app, { ...sent, action: 'customize' }, origin),
    ];
    assert.deepEqual(
      answers.map((r) => [r.status, r.headers.get('Access-Control-Allow-Origin')]),
      [400, 400, 415, 413, 400, 409].map((status) => [status, ORIGIN]),
    );
    assert.equal(await store.count('shop'), 1);
  });

  it('answers an allowed preflight with 204 and the allowed method and header', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/v1/proofs', {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), ORIGIN);
    assert.equal(res.headers.get('Access-Control-Allow-Methods'), 'POST');
    assert.equal(res.headers.get('Access-Control-Allow-Headers'), 'Content-Type');
    assert.equal(res.headers.get('Access-Control-Allow-Credentials'), null);
    assert.match(res.headers.get('Vary') ?? '', /Origin/);
  });

  it('refuses a preflight from an unknown origin (403)', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/v1/proofs', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), null);
  });
});
