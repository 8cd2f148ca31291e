/**
 * Picks the adapter from `DATABASE_URL`: `postgres://` or `postgresql://` for
 * PostgreSQL, anything else (`sqlite:PATH`, `file:PATH` or a bare path) for SQLite.
 */
import { openPostgresStore } from './postgres-store.js';
import type { ProofStore } from './proof-store.js';
import { openSqliteStore } from './sqlite-store.js';

/** Whether a DATABASE_URL names PostgreSQL. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/** The SQLite file a non-PostgreSQL DATABASE_URL names. */
export function sqlitePath(url: string): string {
  return url.replace(/^(sqlite|file):(\/\/)?/i, '');
}

/**
 * Opens the store a DATABASE_URL names and runs its migrations.
 *
 * @example
 * const store = await openStore('postgres://postgres@127.0.0.1:5432/test');
 */
export async function openStore(url: string): Promise<ProofStore> {
  return isPostgresUrl(url) ? openPostgresStore(url) : openSqliteStore(sqlitePath(url));
}
