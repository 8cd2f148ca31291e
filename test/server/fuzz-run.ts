/**
 * Runs the hostile cases of fuzz-cases.ts against an app over a real SQLite
 * store and keeps the figures the reliability report needs: cases tried,
 * statuses, 5xx answers, records stored from invalid input, valid proofs
 * stored, heap and RSS before and after (after a full GC).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Proof } from '@consentry/core/schema';
import { createApp, MAX_BODY_BYTES, openSqliteStore, type ProofStore } from '@consentry/server';
import fc from 'fast-check';
import { ADMIN_TOKEN, fakeClock, newSigner, SITES, tempDir } from './fixtures.js';
import { type AdminCase, adminCase } from './fuzz-admin-cases.js';
import { type IngestCase, ingestCase } from './fuzz-cases.js';

setFlagsFromString('--expose-gc');
/** A full collection, so heap figures compare what is kept, not garbage. */
export const fullGc = runInNewContext('gc') as () => void;

export interface Memory {
  heapMB: number;
  rssMB: number;
}
export function memory(): Memory {
  fullGc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapMB: Math.round(heapUsed / 1e5) / 10, rssMB: Math.round(rss / 1e5) / 10 };
}

export interface Figures {
  cases: number;
  byKind: Record<string, number>;
  statuses: Record<string, number>;
  serverErrors: number;
  storedFromInvalid: number;
  validStored: number;
  duplicated: number;
}

export const newFigures = (): Figures => ({
  cases: 0,
  byKind: {},
  statuses: {},
  serverErrors: 0,
  storedFromInvalid: 0,
  validStored: 0,
  duplicated: 0,
});

/** An app over a SQLite file in a temporary directory (or `store`), with an admin page; no admin lock-out (the fuzz sends wrong tokens on purpose). */
export function fuzzApp(options: { store?: ProofStore } = {}) {
  const dir = tempDir();
  mkdirSync(join(dir.path, 'admin/assets'), { recursive: true });
  writeFileSync(join(dir.path, 'admin/index.html'), '<!doctype html><title>admin</title>');
  writeFileSync(join(dir.path, 'admin/assets/app-1234.js'), 'export {};');
  const store = options.store ?? openSqliteStore(join(dir.path, 'fuzz.db'));
  const app = createApp({
    store,
    sites: SITES,
    signer: newSigner(),
    adminToken: ADMIN_TOKEN,
    clock: fakeClock().now,
    adminDir: join(dir.path, 'admin'),
    adminLockout: null,
  });
  return {
    app,
    store,
    close: async () => {
      await store.close();
      dir.remove();
    },
  };
}

const total = async (store: ProofStore) => (await store.count('shop')) + (await store.count('blog'));

function assertErrorShape(status: number, text: string, label: string): void {
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  assert.equal(typeof body.error?.code, 'string', `${label}: ${status} without error.code: ${text.slice(0, 200)}`);
  assert.equal(typeof body.error?.message, 'string', `${label}: ${status} without error.message`);
}

const SERVER_FIELDS = new Set(['receivedAt', 'seq', 'prevHash', 'hash', 'ua']);

/** Each proof of an accepted body is stored once, with exactly the fields sent. */
async function assertStoredAsSent(store: ProofStore, body: string): Promise<number> {
  const sent = JSON.parse(body) as Proof | Proof[];
  const proofs = Array.isArray(sent) ? sent : [sent];
  for (const proof of proofs) {
    const rows = (await store.bySubject(proof.subject, 10)).filter((r) => JSON.parse(r.json).id === proof.id);
    assert.equal(rows.length, 1, `proof ${proof.id} is stored once`);
    const record = JSON.parse(rows[0]!.json) as Record<string, unknown>;
    const kept = Object.fromEntries(Object.entries(record).filter(([k]) => !SERVER_FIELDS.has(k)));
    assert.deepEqual(kept, JSON.parse(JSON.stringify(proof)), 'stored exactly as sent');
  }
  return proofs.length;
}

/** Counts one answered case and checks what every answer must be: never a 5xx, always nosniff. */
function tally(figures: Figures, kind: string, res: Response, text: string, label: string): void {
  figures.cases++;
  figures.byKind[kind] = (figures.byKind[kind] ?? 0) + 1;
  figures.statuses[res.status] = (figures.statuses[res.status] ?? 0) + 1;
  if (res.status >= 500) figures.serverErrors++;
  assert.ok(res.status < 500, `${label}: ${res.status} ${text.slice(0, 300)}`);
  assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff', `${label}: nosniff`);
}

/** Sends `runs` ingest cases; throws on the first broken invariant (fast-check prints the seed and the case). */
export async function fuzzIngest(
  app: ReturnType<typeof fuzzApp>['app'],
  store: ProofStore,
  runs: number,
  seed?: number,
) {
  const figures = newFigures();
  // The count after one case is the count before the next: one count per case.
  let before = await total(store);
  await fc.assert(
    fc.asyncProperty(ingestCase, async (c: IngestCase) => {
      const res = await app.request('/v1/proofs', { method: 'POST', headers: c.headers, body: c.body });
      const text = await res.text();
      const after = await total(store);
      const counted = before;
      before = after;
      // Anything over the body limit is refused (413) whatever it holds.
      const expect = Buffer.byteLength(c.body) > MAX_BODY_BYTES ? 'invalid' : c.expect;
      const label = `${c.kind} (${expect})`;
      tally(figures, c.kind.split(':')[0]!, res, text, label);
      if (res.status >= 400) {
        assertErrorShape(res.status, text, label);
        if (after !== counted) figures.storedFromInvalid += after - counted;
        assert.equal(after, counted, `${label}: a refused body stored nothing`);
        assert.notEqual(expect, 'valid', `${label}: a valid proof was refused: ${res.status} ${text.slice(0, 300)}`);
        return;
      }
      assert.notEqual(expect, 'invalid', `${label}: invalid input accepted (${res.status}): ${c.body.slice(0, 300)}`);
      const stored = await assertStoredAsSent(store, c.body);
      if (res.status === 201) figures.validStored += stored;
      if (after - counted !== (res.status === 201 ? stored : 0)) figures.duplicated++;
      assert.equal(after - counted, res.status === 201 ? stored : 0, `${label}: one record per new proof`);
    }),
    { numRuns: runs, includeErrorInReport: true, ...(seed === undefined ? {} : { seed }) },
  );
  return figures;
}

const AUTH = { right: `Bearer ${ADMIN_TOKEN}`, wrong: `Bearer ${ADMIN_TOKEN}-nope` };

/** Sends `runs` admin cases; admin routes only read, so nothing may be stored. */
export async function fuzzAdmin(
  app: ReturnType<typeof fuzzApp>['app'],
  store: ProofStore,
  runs: number,
  seed?: number,
) {
  const figures = newFigures();
  const before = await total(store);
  await fc.assert(
    fc.asyncProperty(adminCase, async (c: AdminCase) => {
      const headers: Record<string, string> = c.token === 'none' ? {} : { Authorization: AUTH[c.token] };
      const res = await app.request(c.path, { method: c.method, headers });
      // The whole body: an export fails mid-stream, not in its status.
      const text = await res.text();
      const label = `${c.method} ${c.path.slice(0, 200)} (${c.token})`;
      tally(figures, c.kind, res, text, label);
      const api = c.path.startsWith('/v1/admin/');
      if (api && c.token !== 'right' && ['export', 'stats', 'proofs', 'chain', 'sites'].includes(c.kind.slice(6))) {
        if (c.method === 'GET' || c.method === 'HEAD')
          assert.equal(res.status, 401, `${label}: refused without the token`);
      }
      if (res.status >= 400 && c.method !== 'HEAD') assertErrorShape(res.status, text, label);
    }),
    { numRuns: runs, includeErrorInReport: true, ...(seed === undefined ? {} : { seed }) },
  );
  const after = await total(store);
  figures.storedFromInvalid = after - before;
  assert.equal(after, before, 'the admin API stored nothing');
  return figures;
}

/** The own property names of the built-in prototypes, to prove nothing was added to them. */
export function prototypeSnapshot(): string {
  return JSON.stringify(
    [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
      Object.getOwnPropertyNames(p).sort(),
    ),
  );
}
