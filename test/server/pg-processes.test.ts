import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Receipt, StoredRecord } from '@consentry/core/schema';
import { LogVerifier, type PublicJwk } from '@consentry/server';
import { ADMIN_TOKEN, createPgDatabase, makeProof, ORIGIN, tempDir } from './fixtures.js';

const BIN = join(import.meta.dirname, '../../server/bin/consentry.js');
const TOTAL = 2000;

interface Server {
  child: ChildProcess;
  url: string;
  output: string[];
}

/** Starts `consentry serve` on a free port and resolves with its URL once it listens. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d) => output.push(String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output.push(String(d));
      const match = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output.join('')}`)));
  });
  return { child, url, output };
}

/** Sends `proofs` one request each, `concurrency` at a time. */
async function sendAll(url: string, proofs: unknown[], concurrency: number): Promise<Receipt[]> {
  const receipts: Receipt[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < proofs.length) {
        const proof = proofs[next++];
        const res = await fetch(`${url}/v1/proofs`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
          body: JSON.stringify(proof),
        });
        assert.equal(res.status, 201, await res.clone().text());
        receipts.push((await res.json()) as Receipt);
      }
    }),
  );
  return receipts;
}

describe('two server processes on one PostgreSQL', () => {
  const dir = tempDir();
  let db: Awaited<ReturnType<typeof createPgDatabase>>;
  let servers: Server[] = [];

  before(async () => {
    db = await createPgDatabase();
    const env = {
      DATABASE_URL: db.url,
      CONSENTRY_DATA_DIR: dir.path,
      CONSENTRY_ADMIN_TOKEN: ADMIN_TOKEN,
      CONSENTRY_SITES: `shop=${ORIGIN}`,
    };
    servers = await Promise.all([startServer(env), startServer(env)]);
  });

  after(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await db.drop();
    dir.remove();
  });

  it(`append ${TOTAL} proofs of one site in parallel into one gap-free chain that verifies`, async () => {
    const proofs = Array.from({ length: TOTAL }, () => makeProof());
    const [a, b] = servers as [Server, Server];
    const receipts = [
      ...(await Promise.all([
        sendAll(a.url, proofs.slice(0, TOTAL / 2), 20),
        sendAll(b.url, proofs.slice(TOTAL / 2), 20),
      ])),
    ].flat();
    assert.equal(new Set(receipts.map((r) => r.seq)).size, TOTAL, 'every receipt has its own seq');

    const headers = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const ndjson = await (await fetch(`${b.url}/v1/admin/export?site=shop`, { headers })).text();
    const records = ndjson
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as StoredRecord);
    assert.deepEqual(
      records.map((r) => r.seq),
      Array.from({ length: TOTAL }, (_, i) => i + 1),
    );
    assert.deepEqual(new Set(records.map((r) => r.id)), new Set(proofs.map((p) => p.id)));

    const doc = (await (await fetch(`${a.url}/v1/admin/export?site=shop&format=json`, { headers })).json()) as {
      records: StoredRecord[];
      receipts: Receipt[];
      keys: PublicJwk[];
    };
    const verifier = new LogVerifier({ keys: doc.keys, requireReceipts: true });
    for (const [i, r] of doc.records.entries()) verifier.push(r, doc.receipts[i]);
    const report = verifier.report();
    assert.equal(report.ok, true, report.issue?.message);
    assert.equal(report.signatures, TOTAL);
  });

  it('shuts down on SIGTERM with exit code 0', async () => {
    for (const s of servers) {
      const exited = once(s.child, 'exit');
      s.child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0, s.output.join(''));
      assert.match(s.output.join(''), /SIGTERM, closing/);
    }
  });
});
