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
import { planGroup } from './append-plan.js';
import { AppendQueue, type QueuedAppend } from './append-queue.js';
import type {
  AppendOutcome,
  AppendRequest,
  PageQuery,
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

/** Opens (creating if needed) the SQLite log at `file` and runs pending migrations. */
export function openSqliteStore(file: string): SqliteStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return new SqliteStore(new Database(file));
}

export class SqliteStore implements ProofStore {
  readonly kind = 'sqlite' as const;
  #db: Database.Database;
  #queue: AppendQueue;

  constructor(db: Database.Database) {
    this.#db = db;
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; FULL would fsync every commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 10000');
    this.#migrate();
    const readHead = db.prepare<[string], { seq: number; hash: string }>(
      'SELECT seq, hash FROM chain_heads WHERE site = ?',
    );
    const insert = db.prepare(
      `INSERT INTO proofs (${COLUMNS}, subject, action, audience, advertising)
       VALUES (@site, @seq, @id, @hash, @receivedAt, @kid, @sig, @json, @subject, @action, @audience, @advertising)`,
    );
    const writeHead = db.prepare(
      'INSERT INTO chain_heads (site, seq, hash) VALUES (?, ?, ?) ON CONFLICT (site) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
    );
    const lookup = db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM proofs WHERE id IN (SELECT value FROM json_each(?))`,
    );
    const tx = db.transaction((site: string, group: QueuedAppend[]): AppendOutcome[] => {
      const head = readHead.get(site) ?? null;
      const ids = group.flatMap((q) => q.request.items.map((i) => i.proof.id));
      const known = new Map(lookup.all(JSON.stringify(ids)).map((r) => [r.id, toStored(r)]));
      const plan = planGroup(group, head, known);
      for (const row of plan.inserts) {
        insert.run({
          ...row,
          kid: row.receipt.kid,
          sig: row.receipt.sig,
          hash: row.receipt.hash,
          audience: row.audience ? 1 : 0,
          advertising: row.advertising ? 1 : 0,
        });
      }
      if (plan.inserts.length > 0 && plan.head) writeHead.run(site, plan.head.seq, plan.head.hash);
      return plan.outcomes;
    });
    this.#queue = new AppendQueue(async (site, group) => tx.immediate(site, group));
  }

  #migrate(): void {
    this.#db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const current = this.#db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_version').get();
    const from = current?.v ?? 0;
    this.#db
      .transaction(() => {
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
        `SELECT ${COLUMNS} FROM proofs WHERE subject = ? ORDER BY received_at, site, seq LIMIT ?`,
      )
      .all(subject, limit)
      .map(toStored);
  }

  async page(q: PageQuery): Promise<StoredRow[]> {
    return this.#db
      .prepare<unknown[], Row>(
        `SELECT ${COLUMNS} FROM proofs WHERE site = ? AND seq > ? AND seq <= ?
         AND received_at >= ? AND received_at < ? ORDER BY seq LIMIT ?`,
      )
      .all(q.site, q.afterSeq, q.untilSeq, q.from ?? '', q.to ?? '\uffff', q.limit)
      .map(toStored);
  }

  async latest(site: string, limit: number): Promise<StoredRow[]> {
    return this.#db
      .prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM proofs WHERE site = ? ORDER BY seq DESC LIMIT ?`)
      .all(site, limit)
      .map(toStored);
  }

  async head(site: string): Promise<ChainAnchor | null> {
    return (
      this.#db.prepare<[string], ChainAnchor>('SELECT seq, hash FROM chain_heads WHERE site = ?').get(site) ?? null
    );
  }

  async anchor(site: string): Promise<ChainAnchor | null> {
    return (
      this.#db.prepare<[string], ChainAnchor>('SELECT seq, hash FROM chain_anchors WHERE site = ?').get(site) ?? null
    );
  }

  async sites(): Promise<string[]> {
    return this.#db
      .prepare<[], { site: string }>('SELECT site FROM chain_heads ORDER BY site')
      .all()
      .map((r) => r.site);
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

  async close(): Promise<void> {
    this.#db.close();
  }
}
