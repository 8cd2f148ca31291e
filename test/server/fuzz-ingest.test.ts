/**
 * Hostile input on `POST /v1/proofs` (issue 8, scenario 1): thousands of
 * generated bodies and headers through `app.request()` over a real SQLite
 * file. The server must answer every one without a 5xx, refuse each invalid
 * one with a JSON error and store nothing from it, store each valid one
 * exactly as sent, leave the built-in prototypes alone, and keep its memory.
 * `FUZZ_RUNS` and `FUZZ_SEED` replay or scale a run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeProof, postProofs } from './fixtures.js';
import { fuzzApp, fuzzIngest, memory, prototypeSnapshot } from './fuzz-run.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6500);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

describe('POST /v1/proofs under hostile input', () => {
  let t: ReturnType<typeof fuzzApp>;
  before(() => {
    t = fuzzApp();
  });
  after(() => t.close());

  it(`answers ${RUNS} generated bodies without a 5xx and stores only the valid ones`, async (ctx) => {
    const prototypes = prototypeSnapshot();
    const start = memory();
    const figures = await fuzzIngest(t.app, t.store, RUNS, SEED);
    const end = memory();
    ctx.diagnostic(JSON.stringify({ ...figures, memory: { start, end } }));
    assert.equal(figures.cases, RUNS);
    assert.equal(figures.serverErrors, 0);
    assert.equal(figures.storedFromInvalid, 0);
    assert.ok(figures.validStored > RUNS / 10, `the control proofs were stored (${figures.validStored})`);
    assert.equal(prototypeSnapshot(), prototypes, 'no built-in prototype gained or lost a property');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    // Generous: a leak of one body per case would be hundreds of MB.
    assert.ok(end.heapMB - start.heapMB < 64, `heap ${start.heapMB} → ${end.heapMB} MB`);
  });

  it('refuses a __proto__ key, which zod would otherwise drop silently', async () => {
    const proof = makeProof();
    const body = JSON.stringify(proof).replace('"services":{}', '"services":{"__proto__":true,"matomo":true}');
    const res = await postProofs(t.app, body);
    assert.equal(res.status, 400);
    assert.match(
      ((await res.json()) as { error: { message: string } }).error.message,
      /choices\.services: .*__proto__/,
    );
  });

  it('refuses a lone surrogate (it cannot be canonicalized, so never hashed) instead of failing with 500', async () => {
    const res = await postProofs(t.app, JSON.stringify(makeProof({ policyVersion: 'v\ud800' })));
    assert.equal(res.status, 400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'invalid-proof');
    assert.match(error.message, /^policyVersion: .*lone surrogate/);
  });

  it('refuses a compressed body with 415 rather than parsing it as text', async () => {
    const res = await postProofs(t.app, JSON.stringify(makeProof()), { 'Content-Encoding': 'gzip' });
    assert.equal(res.status, 415);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unsupported-encoding');
  });
});
