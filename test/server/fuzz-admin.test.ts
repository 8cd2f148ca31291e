/**
 * Hostile input on the admin API and the /admin page (issue 8, scenario 1):
 * generated paths, queries (bad dates, formats, limits, broken
 * percent-encoding, huge values), methods and tokens, over a real SQLite
 * file holding a few proofs. No 5xx, every error a JSON error, a wrong or
 * missing token always 401, every export stream readable to its end, and
 * nothing stored. `FUZZ_RUNS` and `FUZZ_SEED` replay or scale a run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, makeProof, postProofs } from './fixtures.js';
import { fuzzAdmin, fuzzApp, memory, prototypeSnapshot } from './fuzz-run.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3500);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

describe('the admin API under hostile input', () => {
  let t: ReturnType<typeof fuzzApp>;
  before(async () => {
    t = fuzzApp();
    await postProofs(t.app, [makeProof(), makeProof({ action: 'reject-all' })]);
  });
  after(() => t.close());

  it(`answers ${RUNS} generated requests without a 5xx, each error as JSON, storing nothing`, async (ctx) => {
    const prototypes = prototypeSnapshot();
    const start = memory();
    const figures = await fuzzAdmin(t.app, t.store, RUNS, SEED);
    const end = memory();
    ctx.diagnostic(JSON.stringify({ ...figures, memory: { start, end } }));
    assert.equal(figures.cases, RUNS);
    assert.equal(figures.serverErrors, 0);
    assert.ok((figures.statuses[200] ?? 0) > RUNS / 20, 'many requests were served, not only refused');
    assert.equal(prototypeSnapshot(), prototypes);
    assert.ok(end.heapMB - start.heapMB < 64, `heap ${start.heapMB} → ${end.heapMB} MB`);
  });

  it('still serves the right token afterwards', async () => {
    const res = await t.app.request('/v1/admin/stats?site=shop', {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { total: number }).total, 2);
  });
});
