/**
 * Shared test material for the server: proofs, signers, temporary dirs and
 * a fresh PostgreSQL database per run (dropped afterwards).
 */
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH, recordHashInput } from '@consentry/core';
import type { Proof, StoredRecord } from '@consentry/core/schema';
import {
  type AppDeps,
  createApp,
  createSigner,
  openSqliteStore,
  type ProofStore,
  type Signer,
  type Site,
} from '@consentry/server';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.CONSENTRY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ORIGIN = 'https://shop.example';
export const SITES: Site[] = [
  { id: 'shop', origins: [ORIGIN, 'https://www.shop.example'] },
  { id: 'blog', origins: ['https://blog.example'] },
];

const REFUSALS = ['reject-all', 'dismiss', 'withdraw', 'gpc'];

/**
 * A valid proof; `overrides` replace top-level fields. A refusal's action
 * comes with refused choices unless `choices` says otherwise (proof-rules.ts).
 */
export function makeProof(overrides: Partial<Proof> = {}): Proof {
  const refused = overrides.action !== undefined && REFUSALS.includes(overrides.action);
  return {
    id: randomUUID(),
    subject: randomUUID(),
    site: 'shop',
    at: '2026-11-01T10:00:00.000Z',
    action: 'accept-all',
    choices: { essential: true, audience: !refused, advertising: !refused, services: {} },
    policyVersion: '2026-11-01',
    noticeHash: 'ab'.repeat(32),
    locale: 'fr',
    expiresAt: '2027-12-01T10:00:00.000Z',
    gpc: false,
    url: 'https://shop.example/products',
    ...overrides,
  };
}

export function newSigner(): Signer {
  return createSigner(generateKeyPairSync('ed25519').privateKey);
}

/** A temporary directory, removed by the returned function. */
export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'consentry-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A fake clock tests move by hand: time is a boundary we do not own. */
export function fakeClock(start = '2026-11-22T12:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (iso: string) => {
      now = new Date(iso).getTime();
    },
  };
}

/** Creates an empty database on the test PostgreSQL; `drop` removes it. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `consentry_test_${process.pid}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** An app over an in-memory SQLite store, a fresh key and a fake clock. */
export function makeTestApp(options: { store?: ProofStore; signer?: Signer; deps?: Partial<AppDeps> } = {}) {
  const store = options.store ?? openSqliteStore(':memory:');
  const signer = options.signer ?? newSigner();
  const clock = fakeClock();
  const app = createApp({ store, sites: SITES, signer, adminToken: ADMIN_TOKEN, clock: clock.now, ...options.deps });
  return { app, store, signer, clock };
}

/** POSTs JSON to /v1/proofs from `origin`. */
export function postProofs(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request('/v1/proofs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

export const adminHeaders = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * `count` records of one site, chained exactly as the server chains them
 * (core's recordHashInput + SHA-256), without a database: for big files.
 */
export function* chainedRecords(count: number, site = 'shop', start: { seq: number; hash: string } | null = null) {
  let prevHash = start?.hash ?? GENESIS_HASH;
  const first = (start?.seq ?? 0) + 1;
  const proof = makeProof({ site });
  for (let seq = first; seq < first + count; seq++) {
    const body = {
      ...proof,
      id: randomUUID(),
      subject: randomUUID(),
      receivedAt: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
      seq,
      prevHash,
    };
    const hash = createHash('sha256').update(recordHashInput(body)).digest('hex');
    const record: StoredRecord = { ...body, hash };
    yield record;
    prevHash = hash;
  }
}
