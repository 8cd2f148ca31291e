/**
 * The one ProofStore test suite, run against every adapter (SQLite and the
 * real PostgreSQL) by store.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ChainVerifier, GENESIS_HASH } from '@consentry/core';
import type { StoredRecord } from '@consentry/core/schema';
import { type AppendItem, type ProofStore, type StoredRow, verifyReceiptSignature } from '@consentry/server';
import { makeProof, newSigner } from './fixtures.js';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const records = (rows: StoredRow[]) => rows.map((r) => JSON.parse(r.json) as StoredRecord);

export interface StoreHarness {
  /** Opens the store (again): the same database each time. */
  open(): Promise<ProofStore>;
  /** Removes the database. */
  destroy(): Promise<void>;
}

export function storeSuite(label: string, harness: StoreHarness): void {
  describe(`ProofStore on ${label}`, () => {
    let store: ProofStore;
    const signer = newSigner();
    const site = () => `site-${randomUUID().slice(0, 8)}`;
    const append = (s: string, items: AppendItem[], receivedAt = '2026-11-22T12:00:00.000Z') =>
      store.append({ site: s, items, receivedAt }, signer.sign);
    const all = (s: string) => store.page({ site: s, afterSeq: 0, untilSeq: Number.MAX_SAFE_INTEGER, limit: 10_000 });
    /** The seqs of a site received from `from` (inclusive) to `to` (exclusive). */
    const seqsReceived = async (s: string, from: string, to: string) =>
      (await store.page({ site: s, afterSeq: 0, untilSeq: 100, from, to, limit: 100 })).map((r) => r.seq);

    before(async () => {
      store = await harness.open();
    });
    after(async () => {
      await store.close();
      await harness.destroy();
    });

    it('chains a site’s records from seq 1 and genesis, with signed receipts', async () => {
      const s = site();
      const first = await append(s, [
        { proof: makeProof({ site: s }) },
        { proof: makeProof({ site: s }), ua: 'Firefox 133' },
      ]);
      const second = await append(s, [{ proof: makeProof({ site: s }) }]);
      assert.equal(first.status, 'ok');
      assert.equal(second.status, 'ok');
      const rows = await all(s);
      assert.deepEqual(
        rows.map((r) => r.seq),
        [1, 2, 3],
      );
      const recs = records(rows);
      assert.equal(recs[0]!.prevHash, GENESIS_HASH);
      assert.equal(recs[1]!.ua, 'Firefox 133');
      const verifier = new ChainVerifier({ sha256: sha });
      for (const r of recs) assert.equal(verifier.pushSync(r), null);
      for (const row of rows) {
        assert.equal(row.receipt.hash, JSON.parse(row.json).hash);
        assert.ok(verifyReceiptSignature(row.receipt.hash, row.receipt.sig, signer.jwks().keys[0]!));
      }
      assert.deepEqual(await store.head(s), { seq: 3, hash: recs[2]!.hash });
      assert.equal(await store.count(s), 3);
      assert.ok((await store.sites()).includes(s));
    });

    it('keeps one chain per site', async () => {
      const a = site();
      const b = site();
      await append(a, [{ proof: makeProof({ site: a }) }]);
      await append(b, [{ proof: makeProof({ site: b }) }]);
      await append(a, [{ proof: makeProof({ site: a }) }]);
      assert.deepEqual(
        (await all(a)).map((r) => r.seq),
        [1, 2],
      );
      assert.deepEqual(
        (await all(b)).map((r) => r.seq),
        [1],
      );
    });

    it('answers a resent proof with its first receipt and appends nothing', async () => {
      const s = site();
      const proof = makeProof({ site: s });
      const first = await append(s, [{ proof }]);
      const again = await append(s, [{ proof: { ...proof } }], '2026-11-23T00:00:00.000Z');
      assert.ok(first.status === 'ok' && again.status === 'ok');
      assert.equal(first.created, 1);
      assert.equal(again.created, 0);
      assert.deepEqual(again.rows[0]!.receipt, first.rows[0]!.receipt);
      assert.equal(await store.count(s), 1);
    });

    it('keeps one record for an id repeated inside a batch', async () => {
      const s = site();
      const proof = makeProof({ site: s });
      const outcome = await append(s, [{ proof }, { proof }]);
      assert.ok(outcome.status === 'ok');
      assert.equal(outcome.created, 1);
      assert.deepEqual(outcome.rows[1]!.receipt, outcome.rows[0]!.receipt);
    });

    it('refuses an id resent with other content, and appends nothing of that batch', async () => {
      const s = site();
      const proof = makeProof({ site: s });
      await append(s, [{ proof }]);
      const fresh = makeProof({ site: s });
      const outcome = await append(s, [{ proof: fresh }, { proof: { ...proof, action: 'reject-all' } }]);
      assert.deepEqual(outcome, { status: 'conflict', id: proof.id });
      assert.equal(await store.count(s), 1);
      assert.deepEqual(await store.head(s), { seq: 1, hash: JSON.parse((await all(s))[0]!.json).hash });
    });

    it('refuses an id taken by another site at the same moment, and the other appends of that site go on', async () => {
      const a = site();
      const b = site();
      const id = randomUUID();
      const batch = (s: string) => [
        { proof: makeProof({ site: s, id }) },
        ...Array.from({ length: 99 }, () => ({ proof: makeProof({ site: s }) })),
      ];
      // Batches of 100 are signed in worker threads: the window between planning and commit is wide.
      const [first, second, ...bystanders] = await Promise.all([
        append(a, batch(a)),
        append(b, batch(b)),
        ...Array.from({ length: 5 }, () => append(b, [{ proof: makeProof({ site: b }) }])),
      ]);
      assert.deepEqual(
        [first!.status, second!.status].sort(),
        ['conflict', 'ok'],
        'one site gets the id, the other a conflict',
      );
      assert.ok(
        bystanders.every((o) => o.status === 'ok'),
        'the other proofs of that site are stored',
      );
      const stored = second!.status === 'ok' ? b : a;
      const refused = stored === a ? b : a;
      assert.equal(await store.count(stored), stored === b ? 105 : 100);
      assert.equal(await store.count(refused), refused === b ? 5 : 0);
      for (const s of [a, b]) {
        const verifier = new ChainVerifier({ sha256: sha });
        for (const r of records(await all(s))) assert.equal(verifier.pushSync(r), null);
      }
    });

    it('keeps the chain gap-free under concurrent appends', async () => {
      const s = site();
      const outcomes = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          append(
            s,
            Array.from({ length: (i % 3) + 1 }, () => ({ proof: makeProof({ site: s }) })),
          ),
        ),
      );
      assert.ok(outcomes.every((o) => o.status === 'ok'));
      const rows = await all(s);
      assert.deepEqual(
        rows.map((r) => r.seq),
        Array.from({ length: 120 }, (_, i) => i + 1),
      );
      const verifier = new ChainVerifier({ sha256: sha });
      for (const r of records(rows)) assert.equal(verifier.pushSync(r), null);
    });

    it('never stamps a record earlier than the one before it in the chain', async () => {
      // Another instance (or this one before a clock step back) stamped a request earlier than one
      // that reached the chain first: its records take the head's time, so receivedAt never goes
      // back along seq and any time range of the log is one run of seq (date-cut exports verify).
      const s = site();
      await append(s, [{ proof: makeProof({ site: s }) }], '2026-03-01T10:00:00.005Z');
      const late = await append(
        s,
        [{ proof: makeProof({ site: s }) }, { proof: makeProof({ site: s }) }],
        '2026-03-01T10:00:00.001Z',
      );
      await append(s, [{ proof: makeProof({ site: s }) }], '2026-03-01T10:00:00.009Z');
      const rows = await all(s);
      assert.deepEqual(
        records(rows).map((r) => r.receivedAt),
        [
          '2026-03-01T10:00:00.005Z',
          '2026-03-01T10:00:00.005Z',
          '2026-03-01T10:00:00.005Z',
          '2026-03-01T10:00:00.009Z',
        ],
      );
      assert.equal(late.status, 'ok');
      if (late.status === 'ok')
        assert.deepEqual(
          late.rows.map((r) => r.receipt.receivedAt),
          ['2026-03-01T10:00:00.005Z', '2026-03-01T10:00:00.005Z'],
        );
      for (const row of rows) assert.equal(row.receipt.receivedAt, JSON.parse(row.json).receivedAt);
      const verifier = new ChainVerifier({ sha256: sha });
      for (const r of records(rows)) assert.equal(verifier.pushSync(r), null);
      assert.deepEqual(await seqsReceived(s, '2026-03-01T10:00:00.002Z', '2026-03-01T10:00:00.006Z'), [1, 2, 3]);
      // The floor is kept with the head: a store opened again (another process) honours it too.
      const again = await harness.open();
      try {
        await again.append(
          { site: s, items: [{ proof: makeProof({ site: s }) }], receivedAt: '2026-03-01T09:00:00.000Z' },
          signer.sign,
        );
        const last = records(await again.page({ site: s, afterSeq: 4, untilSeq: Number.MAX_SAFE_INTEGER, limit: 10 }));
        assert.deepEqual(
          last.map((r) => [r.seq, r.receivedAt]),
          [[5, '2026-03-01T10:00:00.009Z']],
        );
      } finally {
        await again.close();
      }
    });

    it('pages in seq order up to a snapshot bound and within a time range', async () => {
      const s = site();
      for (const day of ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']) {
        await append(s, [{ proof: makeProof({ site: s }) }, { proof: makeProof({ site: s }) }], `${day}T08:00:00.000Z`);
      }
      const page1 = await store.page({ site: s, afterSeq: 0, untilSeq: 7, limit: 3 });
      const page2 = await store.page({ site: s, afterSeq: 3, untilSeq: 7, limit: 3 });
      const page3 = await store.page({ site: s, afterSeq: 6, untilSeq: 7, limit: 3 });
      assert.deepEqual(
        [...page1, ...page2, ...page3].map((r) => r.seq),
        [1, 2, 3, 4, 5, 6, 7],
      );
      assert.deepEqual(await seqsReceived(s, '2026-01-02T00:00:00.000Z', '2026-01-04T00:00:00.000Z'), [3, 4, 5, 6]);
    });

    it('finds a subject’s proofs oldest first, and a site’s latest newest first', async () => {
      const s = site();
      const subject = randomUUID();
      await append(s, [{ proof: makeProof({ site: s, subject }) }], '2026-02-01T00:00:00.000Z');
      await append(s, [{ proof: makeProof({ site: s }) }], '2026-02-02T00:00:00.000Z');
      await append(s, [{ proof: makeProof({ site: s, subject, action: 'withdraw' }) }], '2026-02-03T00:00:00.000Z');
      const mine = await store.bySubject(subject, 100);
      assert.deepEqual(
        mine.map((r) => r.seq),
        [1, 3],
      );
      assert.deepEqual(
        (await store.latest(s, 2)).map((r) => r.seq),
        [3, 2],
      );
      // Bounded: the newest, still oldest first (the choice in force is never the one left out).
      await append(s, [{ proof: makeProof({ site: s, subject }) }], '2026-02-04T00:00:00.000Z');
      assert.deepEqual(
        (await store.bySubject(subject, 2)).map((r) => r.seq),
        [3, 4],
      );
    });

    it('counts per day, action and tier', async () => {
      const s = site();
      const granted = { essential: true as const, audience: true, advertising: false, services: {} };
      await append(s, [{ proof: makeProof({ site: s, choices: granted }) }], '2026-03-01T10:00:00.000Z');
      await append(
        s,
        [{ proof: makeProof({ site: s, action: 'reject-all', choices: { ...granted, audience: false } }) }],
        '2026-03-01T11:00:00.000Z',
      );
      await append(s, [{ proof: makeProof({ site: s }) }], '2026-03-02T10:00:00.000Z');
      const rows = await store.stats(s, '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z');
      assert.deepEqual(
        rows.sort((a, b) => a.action.localeCompare(b.action)),
        [
          { day: '2026-03-01', action: 'accept-all', audience: true, advertising: false, count: 1 },
          { day: '2026-03-01', action: 'reject-all', audience: false, advertising: false, count: 1 },
        ],
      );
    });

    it('keeps per-day counts on append and purge (the stats aggregate)', async () => {
      const s = site();
      const refused = { essential: true as const, audience: false, advertising: false, services: {} };
      await append(
        s,
        [{ proof: makeProof({ site: s }) }, { proof: makeProof({ site: s }) }],
        '2015-03-01T10:00:00.000Z',
      );
      await append(
        s,
        [{ proof: makeProof({ site: s, action: 'reject-all', choices: refused }) }],
        '2015-03-01T23:00:00.000Z',
      );
      await append(s, [{ proof: makeProof({ site: s }) }], '2015-03-02T00:00:00.000Z');
      const replay = (await all(s))[0]!;
      await append(s, [{ proof: JSON.parse(replay.json) }], '2015-03-03T00:00:00.000Z');
      const byDay = async (from: string, to: string) =>
        (await store.dailyStats(s, from, to)).map((r) => [r.day, r.action, r.audience, r.advertising, r.count]);
      assert.deepEqual(await byDay('2015-03-01', '2015-03-03'), [
        ['2015-03-01', 'accept-all', true, true, 2],
        ['2015-03-01', 'reject-all', false, false, 1],
        ['2015-03-02', 'accept-all', true, true, 1],
      ]);
      assert.deepEqual(await byDay('2015-03-02', '2015-03-09'), [['2015-03-02', 'accept-all', true, true, 1]]);
      await store.purge('2015-03-01T12:00:00.000Z');
      assert.deepEqual(await byDay('', '9999'), [
        ['2015-03-01', 'reject-all', false, false, 1],
        ['2015-03-02', 'accept-all', true, true, 1],
      ]);
    });

    it('purges only the expired prefix, keeps its head as anchor, and keeps chaining', async () => {
      const s = site();
      await append(
        s,
        [{ proof: makeProof({ site: s }) }, { proof: makeProof({ site: s }) }],
        '2015-01-01T00:00:00.000Z',
      );
      await append(s, [{ proof: makeProof({ site: s }) }], '2015-06-01T00:00:00.000Z');
      await append(s, [{ proof: makeProof({ site: s }) }], '2016-06-01T00:00:00.000Z');
      const before = records(await all(s));
      const results = await store.purge('2015-03-01T00:00:00.000Z');
      assert.deepEqual(
        results.find((r) => r.site === s),
        { site: s, deleted: 2, anchor: { seq: 2, hash: before[1]!.hash } },
      );
      assert.deepEqual(await store.anchor(s), { seq: 2, hash: before[1]!.hash });
      await append(s, [{ proof: makeProof({ site: s }) }], '2016-07-01T00:00:00.000Z');
      const kept = records(await all(s));
      assert.deepEqual(
        kept.map((r) => r.seq),
        [3, 4, 5],
      );
      const verifier = new ChainVerifier({ sha256: sha, anchors: { [s]: { seq: 2, hash: before[1]!.hash } } });
      for (const r of kept) assert.equal(verifier.pushSync(r), null);
    });

    it('purges a whole chain and continues it after the anchor', async () => {
      const s = site();
      await append(s, [{ proof: makeProof({ site: s }) }], '2014-01-01T00:00:00.000Z');
      const head = await store.head(s);
      await store.purge('2014-02-01T00:00:00.000Z');
      assert.equal(await store.count(s), 0);
      assert.deepEqual(await store.anchor(s), head);
      await append(s, [{ proof: makeProof({ site: s }) }]);
      const [next] = records(await all(s));
      assert.equal(next!.seq, 2);
      assert.equal(next!.prevHash, head!.hash);
    });

    it('keeps its data and schema when opened again (migrations run once)', async () => {
      const s = site();
      await append(s, [{ proof: makeProof({ site: s }) }]);
      const again = await harness.open();
      try {
        assert.equal(await again.count(s), 1);
        assert.deepEqual(await again.head(s), await store.head(s));
      } finally {
        await again.close();
      }
    });
  });
}
