import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildProof,
  type ChainAnchor,
  ChainVerifier,
  canonicalize,
  chainRecord,
  GENESIS_HASH,
  recordHash,
  refuseAll,
  sha256Hex,
  verifyChain,
} from '../../packages/core/src/index.js';

type Rec = Record<string, unknown> & { seq: number; hash: string; prevHash: string; site: string };

async function makeChain(count: number, site = 'example', head: ChainAnchor | null = null): Promise<Rec[]> {
  const records: Rec[] = [];
  for (let i = 0; i < count; i++) {
    const proof = buildProof({
      subject: '5d7f2b7c-3e4a-4d8b-9c1e-2f3a4b5c6d7e',
      site,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      action: i % 2 ? 'accept-all' : 'reject-all',
      choices: refuseAll(),
      policyVersion: 'v1',
      noticeHash: 'd'.repeat(64),
      locale: 'en',
      maxAgeDays: 395,
      gpc: false,
      url: 'https://example.com/',
    });
    const record = await chainRecord(
      { ...proof, receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() },
      head,
    );
    records.push(record as Rec);
    head = { seq: record.seq, hash: record.hash };
  }
  return records;
}

async function rehash(record: Rec): Promise<Rec> {
  return { ...record, hash: await recordHash(record) };
}

describe('the hash chain', () => {
  it('links records: seq 1 after 64 zeros, each prevHash the previous hash, hash over JCS without hash', async () => {
    const [a, b] = await makeChain(2);
    assert.equal(a!.seq, 1);
    assert.equal(a!.prevHash, GENESIS_HASH);
    assert.equal(b!.prevHash, a!.hash);
    const { hash, ...rest } = b!;
    assert.equal(hash, await sha256Hex(canonicalize(rest)));
  });

  it('verifies an intact chain', async () => {
    const records = await makeChain(20);
    const summary = await verifyChain(records);
    assert.equal(summary.ok, true);
    assert.equal(summary.count, 20);
    assert.deepEqual(summary.sites.example, { first: 1, last: 20, head: records[19]!.hash });
  });

  it('names an edited record (hash mismatch)', async () => {
    const records = await makeChain(10);
    records[4] = { ...records[4]!, choices: { ...refuseAll(), advertising: true } };
    const { ok, issue } = await verifyChain(records);
    assert.equal(ok, false);
    assert.deepEqual([issue?.kind, issue?.seq, issue?.index], ['hash-mismatch', 5, 5]);
  });

  it('names a deleted record (gap)', async () => {
    const records = await makeChain(10);
    records.splice(6, 1);
    const { issue } = await verifyChain(records);
    assert.deepEqual([issue?.kind, issue?.seq], ['gap', 8]);
    assert.match(issue?.message ?? '', /records 7…7 are missing/);
  });

  it('names reordered records', async () => {
    const records = await makeChain(10);
    [records[3], records[4]] = [records[4]!, records[3]!];
    const { issue } = await verifyChain(records);
    assert.deepEqual([issue?.kind, issue?.seq], ['gap', 5]);
    const swapped = await makeChain(10);
    const moved = swapped.splice(2, 1)[0]!;
    swapped.splice(6, 0, moved);
    assert.equal((await verifyChain(swapped)).issue?.kind, 'gap');
    const late = await makeChain(5);
    late.push(late[1]!);
    assert.deepEqual([(await verifyChain(late)).issue?.kind, (await verifyChain(late)).issue?.seq], ['reorder', 2]);
  });

  it('names an inserted record, even one re-hashed to look valid (broken link or duplicate)', async () => {
    const records = await makeChain(6);
    const forged = await rehash({ ...records[2]!, seq: 4, action: 'accept-all', id: crypto.randomUUID() });
    const inserted = [...records.slice(0, 3), forged, ...records.slice(3)];
    const { issue } = await verifyChain(inserted);
    assert.deepEqual([issue?.kind, issue?.seq, issue?.index], ['broken-link', 4, 4]);
    const duplicated = [
      ...records.slice(0, 3),
      await rehash({ ...records[2]!, prevHash: records[2]!.prevHash }),
      ...records.slice(3),
    ];
    assert.deepEqual(
      [(await verifyChain(duplicated)).issue?.kind, (await verifyChain(duplicated)).issue?.seq],
      ['duplicate', 3],
    );
  });

  it('names a re-linked record whose own hash was recomputed', async () => {
    const records = await makeChain(5);
    records[2] = await rehash({ ...records[2]!, prevHash: 'e'.repeat(64) });
    assert.deepEqual(
      [(await verifyChain(records)).issue?.kind, (await verifyChain(records)).issue?.seq],
      ['broken-link', 3],
    );
  });

  it('requires the chain to start at seq 1 after 64 zeros, unless anchored or partial', async () => {
    const records = await makeChain(10);
    const tail = records.slice(4);
    assert.equal((await verifyChain(tail)).issue?.kind, 'bad-start');
    const anchor = { seq: 4, hash: records[3]!.hash };
    assert.equal((await verifyChain(tail, { anchors: { example: anchor } })).ok, true);
    const wrongAnchor = { seq: 4, hash: 'f'.repeat(64) };
    assert.equal((await verifyChain(tail, { anchors: { example: wrongAnchor } })).issue?.kind, 'broken-link');
    assert.equal((await verifyChain(tail, { partial: true })).ok, true);
    const badGenesis = await rehash({ ...records[0]!, prevHash: '1'.repeat(64) });
    assert.equal((await verifyChain([badGenesis])).issue?.kind, 'bad-start');
  });

  it('follows several sites interleaved, each on its own chain', async () => {
    const a = await makeChain(5, 'shop');
    const b = await makeChain(5, 'blog');
    const mixed = a.flatMap((r, i) => [r, b[i]!]);
    const summary = await verifyChain(mixed);
    assert.equal(summary.ok, true);
    assert.deepEqual(Object.keys(summary.sites).sort(), ['blog', 'shop']);
    mixed.splice(3, 1);
    assert.deepEqual([(await verifyChain(mixed)).issue?.site, (await verifyChain(mixed)).issue?.kind], ['blog', 'gap']);
  });

  it('reports malformed lines and keeps reporting the first issue', async () => {
    const v = new ChainVerifier();
    const first = await v.push({ seq: 'one' });
    assert.equal(first?.kind, 'malformed');
    assert.equal(await v.push((await makeChain(1))[0]), first);
    assert.equal(v.summary().ok, false);
  });

  it('verifies synchronously with a synchronous hasher, and refuses an async one there', async () => {
    const records = await makeChain(3);
    const known = new Map(await Promise.all(records.map(async (r) => [await recordHashInputOf(r), r.hash] as const)));
    const v = new ChainVerifier({ sha256: (text) => known.get(text) ?? 'unknown' });
    for (const r of records) assert.equal(v.pushSync(r), null);
    assert.equal(v.summary().count, 3);
    assert.throws(() => new ChainVerifier().pushSync(records[0]), /synchronous/);
  });
});

async function recordHashInputOf(record: Rec): Promise<string> {
  const { hash: _h, ...rest } = record;
  return canonicalize(rest);
}
