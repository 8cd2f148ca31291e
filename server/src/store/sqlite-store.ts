/**
 * The default store: one SQLite file (better-sqlite3, WAL). Appends run in an
 * IMMEDIATE transaction, so even several processes on one file keep each
 * site's chain gap-free (the write lock is the chain-head lock); concurrent
 * requests share one transaction (append-queue.ts), so one commit serves many.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChainAnchor } from '@consentry/core';
import Database from 'better-sqlite3';
import { type ChainHead, type GroupPlan, planGroup, sealRows, sealRowsSync } from './append-plan.js';
import { AppendQueue, type QueuedAppend } from './append-queue.js';
import { dailyIncrements } from './daily-counts.js';
import type {
  AppendOutcome,
  AppendRequest,
  LogReads,
  LogSnapshot,
  PageQuery,
  PageText,
  ProofStore,
  PurgeResult,
  Seal,
  StatsRow,
  StoredRow,
} from './proof-store.js';
import { SQLITE_MIGRATIONS } from './sqlite-schema.js';

interface Row {
  site: string;
  seq: number;
  id: string;
  hash: string;
  received_at: string;
  kid: string;
  sig: string;
  record: string;
}

const COLUMNS = 'site, seq, id, hash, received_at, kid, sig, record';

function toStored(row: Row): StoredRow {
  return {
    site: row.site,
    seq: row.seq,
    json: row.record,
    receipt: { id: row.id, seq: row.seq, hash: row.hash, receivedAt: row.received_at, kid: row.kid, sig: row.sig },
  };
}

/** A group planned but not yet committed: what the next group chains on. */
interface Tail {
  head: ChainHead | null;
  rows: Map<string, StoredRow>;
  committed: Promise<unknown>;
}

/** Opens (creating if needed) the SQLite log at `file` and runs pending migrations. */
export function openSqliteStore(file: string): SqliteStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return new SqliteStore(new Database(file));
}

export class SqliteStore implements ProofStore {
  readonly kind = 'sqlite' as const;
  #db: Database.Database;
  #queue: AppendQueue;
  #reads: LogReads;
  #wal: boolean;

  constructor(db: Database.Database) {
    this.#db = db;
    // 'memory' for an in-memory database; another answer means a file system without WAL support.
    this.#wal = db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    // NORMAL is durable across application crashes in WAL mode; FULL would fsync every commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 10000');
    this.#migrate();
    this.#reads = sqliteReads(db);
    const readHead = db.prepare<[string], ChainHead>(
      'SELECT seq, hash, received_at AS receivedAt FROM chain_heads WHERE site = ?',
    );
    const insert = db.prepare(
      `INSERT INTO proofs (${COLUMNS}, subject, action, audience, advertising)
       VALUES (@site, @seq, @id, @hash, @receivedAt, @kid, @sig, @json, @subject, @action, @audience, @advertising)`,
    );
    const writeHead = db.prepare(
      `INSERT INTO chain_heads (site, seq, hash, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (site) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, received_at = excluded.received_at`,
    );
    const count = db.prepare(
      `INSERT INTO daily_counts (site, day, action, audience, advertising, n) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    );
    const lookup = db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM proofs WHERE id IN (SELECT value FROM json_each(?))`,
    );
    /**
     * Plans a group on the current head, or on the planned head of the group
     * still in flight before it (`tail`): the head it started from and the plan.
     */
    const plan = (site: string, group: QueuedAppend[], tail?: Tail) => {
      const head = tail ? tail.head : (readHead.get(site) ?? null);
      const ids = group.flatMap((q) => q.request.items.map((i) => i.proof.id));
      const known = new Map(lookup.all(JSON.stringify(ids)).map((r) => [r.id, toStored(r)]));
      for (const id of ids) {
        const pending = tail?.rows.get(id);
        if (pending) known.set(id, pending);
      }
      return { head, plan: planGroup(group, head, known) };
    };
    const write = (site: string, { inserts, head }: GroupPlan) => {
      for (const row of inserts) {
        insert.run({
          ...row,
          kid: row.receipt.kid,
          sig: row.receipt.sig,
          hash: row.receipt.hash,
          audience: row.audience ? 1 : 0,
          advertising: row.advertising ? 1 : 0,
        });
      }
      for (const d of dailyIncrements(inserts)) {
        count.run(d.site, d.day, d.action, d.audience ? 1 : 0, d.advertising ? 1 : 0, d.n);
      }
      if (inserts.length > 0 && head) writeHead.run(site, head.seq, head.hash, head.receivedAt ?? null);
    };
    /**
     * Writes a plan sealed outside the write lock if the head is still the one
     * it was planned on; if another process appended meanwhile, plans again
     * under the lock and signs here (rare: only with several processes on one file).
     */
    // Nested in `commit`, a savepoint: a failed write is undone on its own and `commit` goes on.
    const writeOnce = db.transaction(write);
    const commit = db.transaction((site: string, group: QueuedAppend[], planned: ReturnType<typeof plan>) => {
      const head = readHead.get(site) ?? null;
      if (head?.seq === planned.head?.seq && head?.hash === planned.head?.hash) {
        try {
          writeOnce(site, planned.plan);
          return planned.plan.outcomes;
        } catch (error) {
          // Ids are unique across sites: one planned as new may have been stored since by another
          // site's group (or process). Plan again under the lock, where it is a conflict (409), as
          // the PostgreSQL store does on its unique violation.
          if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        }
      }
      const again = plan(site, group).plan;
      sealRowsSync(again.inserts, group[0]!.seal);
      write(site, again);
      return again.outcomes;
    });
    const tails = new Map<string, Tail>();
    this.#queue = new AppendQueue(async (site, group) => {
      // Hash and chain without the write lock, sign in worker threads, then commit
      // in one IMMEDIATE transaction: the lock is held for the inserts only. The
      // next group is planned on this one while it is being signed (depth 2);
      // commits stay in order, and one that finds another head plans again.
      const tail = tails.get(site);
      const planned = plan(site, group, tail);
      const rows = new Map(tail?.rows);
      for (const row of planned.plan.inserts) rows.set(row.id, row);
      const committed = (async () => {
        await sealRows(planned.plan.inserts, group[0]!.seal);
        await tail?.committed.catch(() => undefined);
        return commit.immediate(site, group, planned);
      })();
      const entry: Tail = { head: planned.plan.head, rows, committed };
      tails.set(site, entry);
      try {
        return await committed;
      } finally {
        if (tails.get(site) === entry) tails.delete(site);
      }
    }, 2);
  }

  #migrate(): void {
    this.#db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    this.#db
      .transaction(() => {
        // Read under the write lock: another process starting on the same file may be migrating.
        const current = this.#db
          .prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_version')
          .get();
        const from = current?.v ?? 0;
        SQLITE_MIGRATIONS.slice(from).forEach((sql, i) => {
          this.#db.exec(sql);
          this.#db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(from + i + 1);
        });
      })
      .immediate();
  }

  append(request: AppendRequest, seal: Seal): Promise<AppendOutcome> {
    return this.#queue.push(request, seal);
  }

  async bySubject(subject: string, limit: number): Promise<StoredRow[]> {
    return this.#db
      .prepare<[string, number], Row>(
        `SELECT * FROM (SELECT ${COLUMNS} FROM proofs WHERE subject = ? ORDER BY received_at DESC, site DESC, seq DESC LIMIT ?) ORDER BY received_at, site, seq`,
      )
      .all(subject, limit)
      .map(toStored);
  }

  page(q: PageQuery): Promise<StoredRow[]> {
    return this.#reads.page(q);
  }

  pageText(q: PageQuery): Promise<PageText> {
    return this.#reads.pageText(q);
  }

  async latest(site: string, limit: number): Promise<StoredRow[]> {
    return this.#db
      .prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM proofs WHERE site = ? ORDER BY seq DESC LIMIT ?`)
      .all(site, limit)
      .map(toStored);
  }

  head(site: string): Promise<ChainAnchor | null> {
    return this.#reads.head(site);
  }

  anchor(site: string): Promise<ChainAnchor | null> {
    return this.#reads.anchor(site);
  }

  sites(): Promise<string[]> {
    return this.#reads.sites();
  }

  async count(site: string): Promise<number> {
    return (
      this.#db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM proofs WHERE site = ?').get(site)?.n ?? 0
    );
  }

  async stats(site: string, from: string, to: string): Promise<StatsRow[]> {
    return this.#db
      .prepare<
        [string, string, string],
        { day: string; action: string; audience: number; advertising: number; n: number }
      >(
        `SELECT substr(received_at, 1, 10) AS day, action, audience, advertising, count(*) AS n FROM proofs
         WHERE site = ? AND received_at >= ? AND received_at < ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
      )
      .all(site, from, to)
      .map((r) => ({
        day: r.day,
        action: r.action,
        audience: r.audience === 1,
        advertising: r.advertising === 1,
        count: r.n,
      }));
  }

  async dailyStats(site: string, fromDay: string, toDay: string): Promise<StatsRow[]> {
    return this.#db
      .prepare<
        [string, string, string],
        { day: string; action: string; audience: number; advertising: number; n: number }
      >(
        `SELECT day, action, audience, advertising, n FROM daily_counts
         WHERE site = ? AND day >= ? AND day < ? AND n > 0 ORDER BY day, action`,
      )
      .all(site, fromDay, toDay)
      .map((r) => ({
        day: r.day,
        action: r.action,
        audience: r.audience === 1,
        advertising: r.advertising === 1,
        count: r.n,
      }));
  }

  async purge(cutoff: string): Promise<PurgeResult[]> {
    const results: PurgeResult[] = [];
    for (const site of await this.sites()) {
      const result = this.#db
        .transaction((): PurgeResult => {
          // Only a prefix of the chain goes, so what is kept still links to one anchor.
          const keep = this.#db
            .prepare<[string, string], { seq: number | null }>(
              'SELECT min(seq) AS seq FROM proofs WHERE site = ? AND received_at >= ?',
            )
            .get(site, cutoff)?.seq;
          const head = this.#db
            .prepare<[string], ChainAnchor>('SELECT seq, hash FROM chain_heads WHERE site = ?')
            .get(site);
          const last = keep == null ? (head?.seq ?? 0) : keep - 1;
          const anchor =
            this.#db
              .prepare<[string, number], ChainAnchor>('SELECT seq, hash FROM proofs WHERE site = ? AND seq = ?')
              .get(site, last) ?? null;
          if (!anchor) return { site, deleted: 0, anchor: null };
          this.#db
            .prepare(
              `INSERT INTO daily_counts (site, day, action, audience, advertising, n)
               SELECT site, substr(received_at, 1, 10), action, audience, advertising, -count(*) FROM proofs
               WHERE site = ? AND seq <= ? GROUP BY 1, 2, 3, 4, 5
               ON CONFLICT DO UPDATE SET n = n + excluded.n`,
            )
            .run(site, last);
          this.#db.prepare('DELETE FROM daily_counts WHERE site = ? AND n <= 0').run(site);
          const deleted = this.#db.prepare('DELETE FROM proofs WHERE site = ? AND seq <= ?').run(site, last).changes;
          this.#db
            .prepare(
              'INSERT INTO chain_anchors (site, seq, hash, purged_at) VALUES (?, ?, ?, ?) ON CONFLICT (site) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, purged_at = excluded.purged_at',
            )
            .run(site, anchor.seq, anchor.hash, new Date().toISOString());
          return { site, deleted, anchor };
        })
        .immediate();
      results.push(result);
    }
    return results;
  }

  async snapshot(): Promise<LogSnapshot> {
    // Without WAL a reader's lock would hold every append back, and no second connection sees an
    // in-memory database (tests, `DATABASE_URL=sqlite::memory:`): read the live log then.
    if (!this.#wal) return { ...this.#reads, close: async () => {} };
    const db = new Database(this.#db.name, { readonly: true, fileMustExist: true });
    const close = async () => {
      if (!db.open) return;
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    };
    try {
      db.pragma('busy_timeout = 10000');
      // A deferred transaction: its first read fixes what every later one sees (WAL snapshot).
      db.exec('BEGIN');
      return { ...sqliteReads(db), close };
    } catch (error) {
      await close();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

/** The reads an export makes, on one connection (the store's, or a snapshot's). */
function sqliteReads(db: Database.Database): LogReads {
  const pageRows = db.prepare<unknown[], Row>(
    `SELECT ${COLUMNS} FROM proofs WHERE site = ? AND seq > ? AND seq <= ?
     AND received_at >= ? AND received_at < ? ORDER BY seq LIMIT ?`,
  );
  const pageText = db.prepare<unknown[], { text: string | null; count: number; lastSeq: number | null }>(
    `SELECT group_concat(record, char(10) ORDER BY seq) AS text, count(*) AS count, max(seq) AS lastSeq
     FROM (SELECT seq, record FROM proofs WHERE site = ? AND seq > ? AND seq <= ?
           AND received_at >= ? AND received_at < ? ORDER BY seq LIMIT ?)`,
  );
  const head = db.prepare<[string], ChainAnchor>('SELECT seq, hash FROM chain_heads WHERE site = ?');
  const anchor = db.prepare<[string], ChainAnchor>('SELECT seq, hash FROM chain_anchors WHERE site = ?');
  const sites = db.prepare<[], { site: string }>('SELECT site FROM chain_heads ORDER BY site');
  const bounds = (q: PageQuery) => [q.site, q.afterSeq, q.untilSeq, q.from ?? '', q.to ?? '\uffff', q.limit];
  return {
    page: async (q) => pageRows.all(...bounds(q)).map(toStored),
    pageText: async (q) => {
      const row = pageText.get(...bounds(q));
      return { text: row?.text ?? '', count: row?.count ?? 0, lastSeq: row?.lastSeq ?? q.afterSeq };
    },
    head: async (site) => head.get(site) ?? null,
    anchor: async (site) => anchor.get(site) ?? null,
    sites: async () => sites.all().map((r) => r.site),
  };
}
