/**
 * The long variant of the hostile-input fuzzing (issue 8, scenario 1): the
 * same generated cases as test/server/fuzz-*.test.ts, ten times more, with
 * heap and RSS taken (after a full GC) every 10,000 cases to show memory
 * stays flat, and a run against PostgreSQL (text with NUL, RTL and astral
 * characters must store there too). `FUZZ_LONG_RUNS` scales it.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openPostgresStore } from '@consentry/server';
import { createPgDatabase, makeProof, postProofs } from '../server/fixtures.js';
import {
  type Figures,
  fuzzAdmin,
  fuzzApp,
  fuzzIngest,
  type Memory,
  memory,
  newFigures,
  prototypeSnapshot,
} from '../server/fuzz-run.js';

const RUNS = Number(process.env.FUZZ_LONG_RUNS ?? 60_000);
const STEP = 10_000;

/** Runs `total` cases in steps, with the memory after each step. */
async function inSteps(total: number, run: (n: number) => Promise<Figures>) {
  const steps: Memory[] = [memory()];
  const sum = newFigures();
  for (let done = 0; done < total; done += STEP) {
    const f = await run(Math.min(STEP, total - done));
    sum.cases += f.cases;
    sum.serverErrors += f.serverErrors;
    sum.storedFromInvalid += f.storedFromInvalid;
    sum.validStored += f.validStored;
    sum.duplicated += f.duplicated;
    for (const [k, v] of Object.entries(f.statuses)) sum.statuses[k] = (sum.statuses[k] ?? 0) + v;
    for (const [k, v] of Object.entries(f.byKind)) sum.byKind[k] = (sum.byKind[k] ?? 0) + v;
    steps.push(memory());
  }
  return { sum, steps };
}

describe('hostile input, long run', { timeout: 60 * 60_000 }, () => {
  it(`POST /v1/proofs: ${RUNS} cases over SQLite, no 5xx, nothing stored from invalid input, memory flat`, async (ctx) => {
    const t = fuzzApp();
    try {
      const prototypes = prototypeSnapshot();
      const { sum, steps } = await inSteps(RUNS, (n) => fuzzIngest(t.app, t.store, n));
      ctx.diagnostic(JSON.stringify({ ...sum, memory: steps }));
      assert.equal(sum.serverErrors, 0);
      assert.equal(sum.storedFromInvalid, 0);
      assert.equal(sum.duplicated, 0);
      assert.equal(prototypeSnapshot(), prototypes);
      // Flat: the heap after the last step is within 64 MB of the one after the first (the store grows a little).
      assert.ok(steps.at(-1)!.heapMB - steps[1]!.heapMB < 64, JSON.stringify(steps));
    } finally {
      await t.close();
    }
  });

  it(`admin API: ${RUNS / 3} cases, no 5xx, nothing stored, memory flat`, async (ctx) => {
    const t = fuzzApp();
    try {
      await postProofs(t.app, [makeProof(), makeProof()]);
      const { sum, steps } = await inSteps(RUNS / 3, (n) => fuzzAdmin(t.app, t.store, n));
      ctx.diagnostic(JSON.stringify({ ...sum, memory: steps }));
      assert.equal(sum.serverErrors, 0);
      assert.equal(sum.storedFromInvalid, 0);
      assert.ok(steps.at(-1)!.heapMB - steps[1]!.heapMB < 64, JSON.stringify(steps));
    } finally {
      await t.close();
    }
  });

  describe('over PostgreSQL', () => {
    let db: Awaited<ReturnType<typeof createPgDatabase>> | undefined;
    after(() => db?.drop());

    it('POST /v1/proofs: 5,000 cases, no 5xx, nothing stored from invalid input', async (ctx) => {
      db = await createPgDatabase();
      const t = fuzzApp({ store: await openPostgresStore(db.url) });
      try {
        const figures = await fuzzIngest(t.app, t.store, 5000);
        ctx.diagnostic(JSON.stringify(figures));
        assert.equal(figures.serverErrors, 0);
        assert.equal(figures.storedFromInvalid, 0);
        const nul = await postProofs(t.app, makeProof({ policyVersion: 'v\u0000\u202e𝕏' }));
        assert.equal(nul.status, 201, 'NUL, RTL and astral characters are stored escaped');
      } finally {
        await t.close();
      }
    });
  });
});
