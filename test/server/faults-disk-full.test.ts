/**
 * A full disk under the SQLite file (a real 3 MB tmpfs): ingest answers 503
 * `storage-full` with Retry-After, stores nothing it refused, the process
 * stays up and keeps serving reads, the file passes `PRAGMA integrity_check`,
 * the chain verifies, and once space is freed (ballast deleted, volume
 * grown) the refused proofs are accepted on resend. Skipped, with the reason, where a tmpfs cannot be
 * mounted (needs root).
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { checkChains } from '../faults/support/chain-check.js';
import { type Chunk, Load, makeChunks, sitesEnv } from '../faults/support/load.js';
import { printFigures } from '../faults/support/report-assertions.js';
import { type ServerProcess, startServerProcess } from '../faults/support/server-process.js';
import { mountSmallDisk, type SmallDisk, smallDiskUnavailable } from '../faults/support/tmpfs.js';
import { ADMIN_TOKEN, tempDir } from './fixtures.js';

const SITES = ['shop', 'blog'];
const skip = await smallDiskUnavailable();

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('disk full under the SQLite file', { skip: skip ?? false }, () => {
  const keys = tempDir();
  let disk: SmallDisk;
  let server: ServerProcess;
  let file: string;
  const load = new Load({ concurrency: 4, urls: [] });
  const refused: Chunk[] = [];

  before(async () => {
    disk = await mountSmallDisk('3m');
    file = join(disk.path, 'consentry.db');
    // Ballast: deleting it later is the operator freeing space.
    writeFileSync(join(disk.path, 'ballast'), Buffer.alloc(768 * 1024, 1));
    server = await startServerProcess({
      DATABASE_URL: `sqlite:${file}`,
      CONSENTRY_DATA_DIR: keys.path,
      CONSENTRY_ADMIN_TOKEN: ADMIN_TOKEN,
      CONSENTRY_SITES: sitesEnv(SITES),
    });
  });

  after(async () => {
    await server?.stop();
    await disk?.remove();
    keys.remove();
  });

  it('answers 503 storage-full until the disk fills, stays up, and keeps the file and the chain whole', async () => {
    const send = (chunk: Chunk) => load.send(chunk, server.url);
    // Batches and singles, four at a time, until ten requests were refused for space.
    while ((load.figures.statuses['503 storage-full'] ?? 0) < 10) {
      const chunks = makeChunks(200, SITES, 0.75, 50);
      const results = await Promise.all(chunks.map(async (chunk) => ({ chunk, result: await send(chunk) })));
      for (const { chunk, result } of results) if (result.status === 503) refused.push(chunk);
      assert.ok(load.figures.proofsSent < 50_000, `the disk never filled: ${JSON.stringify(load.figures)}`);
    }
    const figures = JSON.stringify(load.figures);
    assert.equal(load.figures.unexpected, 0, figures);
    assert.equal(load.figures.missingRetryAfter, 0, figures);
    assert.equal(load.figures.statuses['503 unavailable'], undefined, figures);
    assert.equal(server.child.exitCode, null, 'the process is still running');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'reads still work');

    assert.equal(integrity(file), 'ok');
    const chains = await checkChains(server.url, SITES, load.receipts);
    assert.equal(chains.stored, load.receipts.size, 'exactly the receipted proofs are stored, none refused');
    assert.equal(chains.lost, 0);
    assert.deepEqual(chains.gaps, []);
    assert.deepEqual(chains.issues, []);
  });

  it('accepts the refused proofs once space is freed, and the file stays whole after a restart', async () => {
    // Freeing the ballast alone may not be enough for every refused batch (each commit appends
    // its pages to the WAL): the operator also grows the volume.
    rmSync(join(disk.path, 'ballast'));
    await disk.resize('64m');
    for (const chunk of refused) {
      const result = await load.send(chunk, server.url);
      assert.equal(result.status, 201, JSON.stringify(load.figures));
    }
    const chains = await checkChains(server.url, SITES, load.receipts, true);
    assert.equal(chains.stored, load.receipts.size);
    assert.deepEqual([chains.lost, chains.duplicated, chains.gaps, chains.issues], [0, 0, [], []]);
    assert.equal(await server.stop(), 0, server.output.join(''));
    assert.equal(integrity(file), 'ok');
    printFigures('disk-full', { stored: chains.stored, refusedRequests: refused.length, ...load.figures });
  });
});
