/**
 * Server configuration from the environment. A bad value stops the start
 * with a message naming the variable.
 *
 * | variable | default |
 * |---|---|
 * | `PORT` | 8787 |
 * | `HOST` | 127.0.0.1 (set 0.0.0.0 to listen on every interface) |
 * | `DATABASE_URL` | `sqlite:./data/consentry.db`; `postgres://…` for PostgreSQL |
 * | `CONSENTRY_DATA_DIR` | `./data` (signing key, SQLite file) |
 * | `CONSENTRY_ADMIN_TOKEN` | generated and printed at start |
 * | `CONSENTRY_SITES` | `demo=http://localhost:PORT,http://127.0.0.1:PORT[,http://HOST:PORT]` |
 * | `CONSENTRY_RETENTION_DAYS` | 1826 (5 years: RULES.md, retention of consent proofs) |
 * | `CONSENTRY_SIGNING_KEY` | unset: `signing-key.pem` under the data dir |
 * | `CONSENTRY_STATIC_DIR` | unset: files served at `/` by the Node entry |
 * | `CONSENTRY_ADMIN_DIR` | `dist/admin`: the built admin page, served at `/admin` |
 * | `CONSENTRY_RATE_LIMIT` | `600/min`: proof posts per client address (`off` for none) |
 * | `CONSENTRY_TRUST_PROXY` | 0: reverse proxies in front whose `X-Forwarded-For` names the client |
 * | `CONSENTRY_ADMIN_MAX_FAILURES` | 10 wrong admin tokens per address, then a lock-out (0: never) |
 * | `CONSENTRY_ADMIN_LOCKOUT_SECONDS` | 900 |
 * | `CONSENTRY_REQUEST_TIMEOUT` | 30 s to receive a whole request (headers and body) |
 * | `CONSENTRY_MAX_CONNECTIONS` | 1000 open connections |
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_LOCKOUT, type Lockout } from './admin-guard.js';
import { parseSigningKey } from './key-store.js';
import { parseRate, type Rate } from './rate-limit.js';
import { parseSites, type Site } from './sites.js';

export const DEFAULT_PORT = 8787;
/** Five years, the limitation period (RULES.md, "Durations"). */
export const DEFAULT_RETENTION_DAYS = 1826;
/**
 * A page sends one proof per decision (a few per visit), so 600 a minute is
 * far above any visitor, and above a busy office behind one address; a flood
 * is cut to 10 requests a second per address.
 */
export const DEFAULT_RATE_LIMIT = '600/min';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  adminToken: string;
  /** True when the token was generated (and must be printed). */
  adminTokenGenerated: boolean;
  sites: Site[];
  retentionDays: number;
  signingKey?: string;
  staticDir?: string;
  /** The built admin page (relative to the working directory). */
  adminDir: string;
  /** Proof posts per client address; null: no limit. */
  rateLimit: Rate | null;
  /** Reverse proxies in front (their X-Forwarded-For entries name the client). */
  trustProxy: number;
  /** Wrong admin tokens before a lock-out; null: never locked. */
  adminLockout: Lockout | null;
  /** Seconds to receive a whole request; headers get at most 10 of them. */
  requestTimeout: number;
  maxConnections: number;
}

/** A configuration error: `name` is the environment variable at fault. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/**
 * Reads the configuration; throws a ConfigError naming the first bad variable.
 *
 * @example
 * const config = loadConfig({ PORT: '8080', CONSENTRY_SITES: 'shop=https://shop.example' });
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = integer(env, 'PORT', DEFAULT_PORT, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = env.CONSENTRY_DATA_DIR?.trim() || './data';
  const databaseUrl = env.DATABASE_URL?.trim() || `sqlite:${join(dataDir, 'consentry.db')}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl) && !/^(postgres(ql)?|sqlite|file):\/\//i.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', `expected postgres://…, sqlite:PATH or a file path, got "${databaseUrl}"`);
  }
  const token = env.CONSENTRY_ADMIN_TOKEN?.trim();
  if (token !== undefined && token !== '' && !/^\S{16,}$/.test(token)) {
    throw new ConfigError('CONSENTRY_ADMIN_TOKEN', 'expected at least 16 characters without spaces');
  }
  const demoOrigins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  if (env.HOST?.trim() && !['localhost', '127.0.0.1', '0.0.0.0', '::'].includes(host)) {
    demoOrigins.push(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  }
  let sites: Site[];
  try {
    sites = parseSites(env.CONSENTRY_SITES?.trim() || `demo=${demoOrigins.join(',')}`);
  } catch (error) {
    throw new ConfigError('CONSENTRY_SITES', (error as Error).message);
  }
  const signingKey = env.CONSENTRY_SIGNING_KEY?.trim() || undefined;
  if (signingKey) {
    try {
      parseSigningKey(signingKey);
    } catch (error) {
      throw new ConfigError('CONSENTRY_SIGNING_KEY', `expected an Ed25519 PKCS#8 PEM (${(error as Error).message})`);
    }
  }
  let rateLimit: Rate | null;
  try {
    rateLimit = parseRate(env.CONSENTRY_RATE_LIMIT?.trim() || DEFAULT_RATE_LIMIT);
  } catch (error) {
    throw new ConfigError('CONSENTRY_RATE_LIMIT', (error as Error).message);
  }
  const maxFailures = integer(env, 'CONSENTRY_ADMIN_MAX_FAILURES', DEFAULT_LOCKOUT.maxFailures, 0, 1_000_000);
  const lockSeconds = integer(env, 'CONSENTRY_ADMIN_LOCKOUT_SECONDS', DEFAULT_LOCKOUT.lockSeconds, 1, 86_400);
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    adminToken: token || randomBytes(24).toString('base64url'),
    adminTokenGenerated: !token,
    sites,
    retentionDays: integer(env, 'CONSENTRY_RETENTION_DAYS', DEFAULT_RETENTION_DAYS, 1, 36_500),
    ...(signingKey ? { signingKey } : {}),
    ...(env.CONSENTRY_STATIC_DIR?.trim() ? { staticDir: env.CONSENTRY_STATIC_DIR.trim() } : {}),
    adminDir: env.CONSENTRY_ADMIN_DIR?.trim() || 'dist/admin',
    rateLimit,
    trustProxy: integer(env, 'CONSENTRY_TRUST_PROXY', 0, 0, 10),
    adminLockout: maxFailures === 0 ? null : { maxFailures, lockSeconds },
    requestTimeout: integer(env, 'CONSENTRY_REQUEST_TIMEOUT', 30, 1, 3600),
    maxConnections: integer(env, 'CONSENTRY_MAX_CONNECTIONS', 1000, 1, 1_000_000),
  };
}
