/**
 * PostgreSQL schema migrations, applied in order at start under an advisory
 * lock (several server processes may start together).
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE proofs (
     site TEXT NOT NULL,
     seq BIGINT NOT NULL,
     id TEXT NOT NULL UNIQUE,
     subject TEXT NOT NULL,
     received_at TEXT NOT NULL,
     action TEXT NOT NULL,
     audience BOOLEAN NOT NULL,
     advertising BOOLEAN NOT NULL,
     hash TEXT NOT NULL,
     kid TEXT NOT NULL,
     sig TEXT NOT NULL,
     record TEXT NOT NULL,
     PRIMARY KEY (site, seq)
   );
   CREATE INDEX proofs_subject ON proofs (subject);
   CREATE INDEX proofs_received ON proofs (site, received_at);
   CREATE TABLE chain_heads (site TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);
   CREATE TABLE chain_anchors (site TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL, purged_at TEXT NOT NULL);`,
  // The admin stats aggregate (daily-counts.ts), filled from what is already stored.
  `CREATE TABLE daily_counts (
     site TEXT NOT NULL,
     day TEXT NOT NULL,
     action TEXT NOT NULL,
     audience BOOLEAN NOT NULL,
     advertising BOOLEAN NOT NULL,
     n BIGINT NOT NULL,
     PRIMARY KEY (site, day, action, audience, advertising)
   );
   INSERT INTO daily_counts
     SELECT site, substr(received_at, 1, 10), action, audience, advertising, count(*) FROM proofs GROUP BY 1, 2, 3, 4, 5;`,
  // The chain head keeps the latest receivedAt of its chain (append-plan.ts `ChainHead`): the
  // floor of the next record's. Filled from what is stored (the latest, should an earlier version
  // have stamped out of order); null for a chain purged whole.
  `ALTER TABLE chain_heads ADD COLUMN received_at TEXT;
   UPDATE chain_heads SET received_at = (SELECT max(received_at) FROM proofs p WHERE p.site = chain_heads.site);`,
];

/** Key of the advisory lock that serializes migrations across processes. */
export const MIGRATION_LOCK = 7_262_011;
