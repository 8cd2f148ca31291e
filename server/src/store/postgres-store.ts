/**
 * The scale-out store: several stateless server processes on one PostgreSQL.
 *
 * Each append transaction locks the site's `chain_heads` row (an upsert takes
 * the row lock), so appends of one site are serialized across processes and
 * the chain stays gap-free. Inside a process, concurrent requests for a site
 * are committed together (append-queue.ts): one lock, one multi-row insert.
 */
import { type ChainAnchor, GENESIS_HASH } from '@consentry/core';
import pg from 'pg';
import { type NewRow, planGroup, sealRows } from './append-plan.js';
import { AppendQueue, type QueuedAppend } from './append-queue.js';
import { dailyIncrements } from './daily-counts.js';
import { MIGRATION_LOCK, POSTGRES_MIGRATIONS } from './postgres-schema.js';
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

interface Row {
  site: string;
  seq: string;
  id: string;
  hash: string;
  received_at: string;
  kid: string;
  sig: string;
  record: string;
}

const COLUMNS = 'site, seq, id, hash, received_at, kid, sig, record';
const UNIQUE_VIOLATION = '23505';

function toStored(row: Row): StoredRow {
  const seq = Number(row.seq);
  return {
    site: row.site,
    seq,
    json: row.record,
    receipt: { id: row.id, seq, hash: row.hash, receivedAt: row.received_at, kid: row.kid, sig: row.sig },
  };
}

const toAnchor = (row: { seq: string; hash: string } | undefined): ChainAnchor | null =>
  row ? { seq: Number(row.seq), hash: row.hash } : null;

/**
 * How long a request waits for a connection (the pool is busy, or PostgreSQL
 * accepts TCP but does not answer): past it the request fails with a 503
 * instead of hanging while PostgreSQL is down or restarting.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/** Connects to `url` (postgres://…) and runs pending migrations. */
export async function openPostgresStore(url: string, poolSize = 10): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A peer that vanished without closing (host down, network cut) is noticed on idle connections too.
    keepAlive: true,
  });
  // An idle client losing its connection (PostgreSQL restarted) must not crash the server; the pool drops it and the next query reconnects.
  pool.on('error', (error) => console.error('consentry: PostgreSQL connection lost:', error.message));
  const store = new PostgresStore(pool);
  await store.migrate();
  return store;
}

export class PostgresStore implements ProofStore {
  readonly kind = 'postgres' as const;
  #pool: pg.Pool;
  #reads: LogReads;
  #queue = new AppendQueue((site, group) => this.#appendGroup(site, group));

  constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#reads = pgReads(pool);
  }

  async migrate(): Promise<void> {
    await this.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
      const from = rows[0]?.v ?? 0;
      for (const [i, sql] of POSTGRES_MIGRATIONS.slice(from).entries()) {
        await client.query(sql);
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [from + i + 1]);
      }
    });
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    // A checked-out client has no pool listener: a connection lost between two queries
    // (PostgreSQL shut down while receipts are signed) would be an unhandled 'error' event
    // and end the process. The next query on it fails, and the client is discarded below.
    let lost: Error | undefined;
    const onLost = (error: Error) => {
      lost = error;
    };
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // Rolling back over a lost connection fails too; the transaction is gone with it.
      if (!lost) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          lost = rollback;
        });
      }
      throw error;
    } finally {
      client.off('error', onLost);
      // A client that lost its connection or failed to roll back is destroyed, not reused.
      client.release(lost ?? false);
    }
  }

  append(request: AppendRequest, seal: Seal): Promise<AppendOutcome> {
    return this.#queue.push(request, seal);
  }

  async #appendGroup(site: string, group: QueuedAppend[], attempt = 1): Promise<AppendOutcome[]> {
    try {
      return await this.#transaction(async (client) => {
        // The upsert takes the row lock: other processes wait here until COMMIT.
        const locked = await client.query<{ seq: string; hash: string; received_at: string | null }>(
          `INSERT INTO chain_heads (site, seq, hash) VALUES ($1, 0, $2)
           ON CONFLICT (site) DO UPDATE SET site = excluded.site RETURNING seq, hash, received_at`,
          [site, GENESIS_HASH],
        );
        const anchor = toAnchor(locked.rows[0]);
        const start = anchor && { ...anchor, receivedAt: locked.rows[0]!.received_at };
        const ids = group.flatMap((w) => w.request.items.map((i) => i.proof.id));
        const existing = await client.query<Row>(`SELECT ${COLUMNS} FROM proofs WHERE id = ANY($1::text[])`, [ids]);
        const known = new Map(existing.rows.map((r) => [r.id, toStored(r)]));
        const { outcomes, inserts, head } = planGroup(group, start && start.seq > 0 ? start : null, known);
        await sealRows(inserts, group[0]!.seal);
        if (inserts.length > 0 && head) {
          await insertRows(client, inserts);
          await countRows(client, inserts);
          await client.query('UPDATE chain_heads SET seq = $2, hash = $3, received_at = $4 WHERE site = $1', [
            site,
            head.seq,
            head.hash,
            head.receivedAt ?? null,
          ]);
        }
        return outcomes;
      });
    } catch (error) {
      // The same id sent concurrently for another site: retry, the second pass sees it and answers 409.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && attempt < 3) {
        return this.#appendGroup(site, group, attempt + 1);
      }
      throw error;
    }
  }

  async bySubject(subject: string, limit: number): Promise<StoredRow[]> {
    const { rows } = await this.#pool.query<Row>(
      `SELECT * FROM (SELECT ${COLUMNS} FROM proofs WHERE subject = $1 ORDER BY received_at DESC, site DESC, seq DESC LIMIT $2) AS newest ORDER BY received_at, site, seq`,
      [subject, limit],
    );
    return rows.map(toStored);
  }

  page(q: PageQuery): Promise<StoredRow[]> {
    return this.#reads.page(q);
  }

  pageText(q: PageQuery): Promise<PageText> {
    return this.#reads.pageText(q);
  }

  async latest(site: string, limit: number): Promise<StoredRow[]> {
    const { rows } = await this.#pool.query<Row>(
      `SELECT ${COLUMNS} FROM proofs WHERE site = $1 ORDER BY seq DESC LIMIT $2`,
      [site, limit],
    );
    return rows.map(toStored);
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

  async snapshot(): Promise<LogSnapshot> {
    // Its own connection, outside the pool: an export streaming to a slow client never takes a
    // connection appends need.
    const client = new pg.Client(this.#pool.options);
    // A connection lost while the snapshot is open must not end the process (as in #transaction):
    // the next read fails, and the export with it.
    client.on('error', () => {});
    let open = true;
    // Ending the connection ends its read-only transaction: nothing to commit. A query still
    // running (a peer gone silent) does not hold it: pg destroys the socket then.
    const close = async () => {
      if (!open) return;
      open = false;
      await client.end().catch(() => undefined);
    };
    try {
      await client.connect();
      // The first read of a REPEATABLE READ transaction fixes what every later one sees.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (error) {
      await close();
      throw error;
    }
    return { ...pgReads(client), close };
  }

  async count(site: string): Promise<number> {
    const { rows } = await this.#pool.query<{ n: string }>('SELECT count(*) AS n FROM proofs WHERE site = $1', [site]);
    return Number(rows[0]?.n ?? 0);
  }

  async stats(site: string, from: string, to: string): Promise<StatsRow[]> {
    const { rows } = await this.#pool.query<{
      day: string;
      action: string;
      audience: boolean;
      advertising: boolean;
      n: string;
    }>(
      `SELECT substr(received_at, 1, 10) AS day, action, audience, advertising, count(*) AS n FROM proofs
       WHERE site = $1 AND received_at >= $2 AND received_at < $3 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
      [site, from, to],
    );
    return rows.map((r) => ({
      day: r.day,
      action: r.action,
      audience: r.audience,
      advertising: r.advertising,
      count: Number(r.n),
    }));
  }

  async dailyStats(site: string, fromDay: string, toDay: string): Promise<StatsRow[]> {
    const { rows } = await this.#pool.query<{
      day: string;
      action: string;
      audience: boolean;
      advertising: boolean;
      n: string;
    }>(
      `SELECT day, action, audience, advertising, n FROM daily_counts
       WHERE site = $1 AND day >= $2 AND day < $3 AND n > 0 ORDER BY day, action`,
      [site, fromDay, toDay],
    );
    return rows.map((r) => ({
      day: r.day,
      action: r.action,
      audience: r.audience,
      advertising: r.advertising,
      count: Number(r.n),
    }));
  }

  async purge(cutoff: string): Promise<PurgeResult[]> {
    const results: PurgeResult[] = [];
    for (const site of await this.sites()) {
      results.push(
        await this.#transaction(async (client) => {
          // Lock the head so no append interleaves with the purge of this chain.
          const head = toAnchor(
            (await client.query('SELECT seq, hash FROM chain_heads WHERE site = $1 FOR UPDATE', [site])).rows[0],
          );
          const keep = await client.query<{ seq: string | null }>(
            'SELECT min(seq) AS seq FROM proofs WHERE site = $1 AND received_at >= $2',
            [site, cutoff],
          );
          const keepFrom = keep.rows[0]?.seq;
          const last = keepFrom == null ? (head?.seq ?? 0) : Number(keepFrom) - 1;
          const anchor = toAnchor(
            (await client.query('SELECT seq, hash FROM proofs WHERE site = $1 AND seq = $2', [site, last])).rows[0],
          );
          if (!anchor) return { site, deleted: 0, anchor: null };
          await client.query(
            `INSERT INTO daily_counts (site, day, action, audience, advertising, n)
             SELECT site, substr(received_at, 1, 10), action, audience, advertising, -count(*) FROM proofs
             WHERE site = $1 AND seq <= $2 GROUP BY 1, 2, 3, 4, 5
             ON CONFLICT (site, day, action, audience, advertising) DO UPDATE SET n = daily_counts.n + excluded.n`,
            [site, last],
          );
          await client.query('DELETE FROM daily_counts WHERE site = $1 AND n <= 0', [site]);
          const deleted = await client.query('DELETE FROM proofs WHERE site = $1 AND seq <= $2', [site, last]);
          await client.query(
            `INSERT INTO chain_anchors (site, seq, hash, purged_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (site) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, purged_at = excluded.purged_at`,
            [site, anchor.seq, anchor.hash, new Date().toISOString()],
          );
          return { site, deleted: deleted.rowCount ?? 0, anchor };
        }),
      );
    }
    return results;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** One multi-row insert through arrays (unnest): one round trip whatever the group size. */
async function insertRows(client: pg.PoolClient, rows: NewRow[]): Promise<void> {
  await client.query(
    `INSERT INTO proofs (site, seq, id, subject, received_at, action, audience, advertising, hash, kid, sig, record)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                          $7::boolean[], $8::boolean[], $9::text[], $10::text[], $11::text[], $12::text[])`,
    [
      rows.map((r) => r.site),
      rows.map((r) => r.seq),
      rows.map((r) => r.id),
      rows.map((r) => r.subject),
      rows.map((r) => r.receivedAt),
      rows.map((r) => r.action),
      rows.map((r) => r.audience),
      rows.map((r) => r.advertising),
      rows.map((r) => r.receipt.hash),
      rows.map((r) => r.receipt.kid),
      rows.map((r) => r.receipt.sig),
      rows.map((r) => r.json),
    ],
  );
}

/** Adds the new rows to the stats aggregate (daily-counts.ts): one upsert through arrays. */
async function countRows(client: pg.PoolClient, rows: NewRow[]): Promise<void> {
  const counts = dailyIncrements(rows);
  await client.query(
    `INSERT INTO daily_counts (site, day, action, audience, advertising, n)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::boolean[], $6::bigint[])
     ON CONFLICT (site, day, action, audience, advertising) DO UPDATE SET n = daily_counts.n + excluded.n`,
    [
      counts.map((c) => c.site),
      counts.map((c) => c.day),
      counts.map((c) => c.action),
      counts.map((c) => c.audience),
      counts.map((c) => c.advertising),
      counts.map((c) => c.n),
    ],
  );
}

/** The reads an export makes, on the pool or on one client (a snapshot's transaction). */
function pgReads(db: pg.Pool | pg.Client): LogReads {
  const query = <R extends pg.QueryResultRow>(text: string, values: unknown[]) => db.query<R>(text, values);
  const bounds = (q: PageQuery) => [q.site, q.afterSeq, q.untilSeq, q.from ?? null, q.to ?? null, q.limit];
  return {
    page: async (q) => {
      const { rows } = await query<Row>(
        `SELECT ${COLUMNS} FROM proofs WHERE site = $1 AND seq > $2 AND seq <= $3
         AND ($4::text IS NULL OR received_at >= $4) AND ($5::text IS NULL OR received_at < $5)
         ORDER BY seq LIMIT $6`,
        bounds(q),
      );
      return rows.map(toStored);
    },
    pageText: async (q) => {
      const { rows } = await query<{ text: string | null; count: string; last_seq: string | null }>(
        `SELECT string_agg(record, E'\\n' ORDER BY seq) AS text, count(*) AS count, max(seq) AS last_seq
         FROM (SELECT seq, record FROM proofs WHERE site = $1 AND seq > $2 AND seq <= $3
               AND ($4::text IS NULL OR received_at >= $4) AND ($5::text IS NULL OR received_at < $5)
               ORDER BY seq LIMIT $6) AS page`,
        bounds(q),
      );
      const row = rows[0];
      return { text: row?.text ?? '', count: Number(row?.count ?? 0), lastSeq: Number(row?.last_seq ?? q.afterSeq) };
    },
    head: async (site) =>
      toAnchor(
        (
          await query<{ seq: string; hash: string }>('SELECT seq, hash FROM chain_heads WHERE site = $1 AND seq > 0', [
            site,
          ])
        ).rows[0],
      ),
    anchor: async (site) =>
      toAnchor(
        (await query<{ seq: string; hash: string }>('SELECT seq, hash FROM chain_anchors WHERE site = $1', [site]))
          .rows[0],
      ),
    sites: async () =>
      (await query<{ site: string }>('SELECT site FROM chain_heads WHERE seq > 0 ORDER BY site', [])).rows.map(
        (r) => r.site,
      ),
  };
}
