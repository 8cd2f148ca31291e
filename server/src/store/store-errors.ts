/**
 * Database failures that are neither the request's fault nor a bug, and
 * pass: PostgreSQL unreachable, restarting or shutting down, the connection
 * pool busy past its wait, a SQLite file locked by another process, a full
 * disk. The API answers them 503 with a Retry-After (api-error.ts) rather
 * than a bare 500, and clients resend: appends are idempotent on `id`, so a
 * resend after an ambiguous failure (a COMMIT whose answer was lost) is
 * never stored twice.
 */

/** `unavailable`: retry soon. `storage-full`: nothing more can be written until space is freed. */
export type UnavailableReason = 'unavailable' | 'storage-full';

export interface StoreUnavailable {
  reason: UnavailableReason;
  /** Seconds a client should wait before resending (the `Retry-After` header). */
  retryAfter: number;
}

const UNAVAILABLE: StoreUnavailable = { reason: 'unavailable', retryAfter: 2 };
const FULL: StoreUnavailable = { reason: 'storage-full', retryAfter: 60 };

/** Socket errors of a database connection (PostgreSQL's, through node:net). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03
 * (admin or crash shutdown, "the database system is starting up"), 53300 (too
 * many connections), 53200 (out of memory), 40001/40P01 (serialization
 * failure, deadlock: the transaction can simply run again), 55P03 (lock not
 * available), 53100 (disk full).
 */
function postgresState(code: string): StoreUnavailable | null {
  if (code === '53100') return FULL;
  if (code.startsWith('08') || /^57P0[1-3]$/.test(code)) return UNAVAILABLE;
  if (['53300', '53200', '40001', '40P01', '55P03'].includes(code)) return UNAVAILABLE;
  return null;
}

/** node-postgres reports a lost or refused connection by message only. */
const PG_CONNECTION_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * Whether `error`, thrown by a store, means "the database cannot serve this
 * now" — and which kind; null for anything else (a bug: a 500).
 *
 * @example
 * storeUnavailable(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))
 * // → { reason: 'storage-full', retryAfter: 60 }
 */
export function storeUnavailable(error: unknown): StoreUnavailable | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return FULL;
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return UNAVAILABLE;
      if (SOCKET_CODES.has(code)) return UNAVAILABLE;
      if (/^[0-9A-Z]{5}$/.test(code)) {
        const state = postgresState(code);
        if (state) return state;
      }
    }
    if (PG_CONNECTION_MESSAGE.test(e.message)) return UNAVAILABLE;
  }
  return null;
}
