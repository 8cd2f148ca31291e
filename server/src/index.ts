/**
 * @consentry/server — the consent-log server: the Hono app factory, the
 * stores, the signer and the export/verify building blocks.
 */
export { adminAuth, tokenMatches } from './admin-auth.js';
export { AdminGuard, DEFAULT_LOCKOUT, type Lockout } from './admin-guard.js';
export { ADMIN_CSP, ADMIN_HEADERS } from './admin-page.js';
export { EXPORT_STALL_MS, MAX_EXPORTS } from './admin-routes.js';
export { ApiError } from './api-error.js';
export { createApp } from './app.js';
export type { AppDeps } from './app-deps.js';
export { type AddressOf, clientAddress, clientKey, isLoopback } from './client-address.js';
export {
  ConfigError,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_RETENTION_DAYS,
  loadConfig,
  type ServerConfig,
} from './config.js';
export { EXPORT_FORMATS, type ExportFormat, exportChunks } from './export-stream.js';
export { MAX_BATCH, MAX_BODY_BYTES } from './ingest-route.js';
export { hostileJson } from './json-hazards.js';
export { loadSigner, rotateKey } from './key-store.js';
export { type LogIssue, type LogReport, LogVerifier } from './log-verifier.js';
export { type RunningServer, startServer } from './node-server.js';
export { parseRate, type Rate, rateLimit, TokenBuckets } from './rate-limit.js';
export { purgeExpired, schedulePurge } from './retention.js';
export { PAGE_CSP, PAGE_HEADERS } from './security-headers.js';
export { createSigner, type JwkSet, type PublicJwk, publicJwk, type Signer, verifyReceiptSignature } from './signer.js';
export { parseSites, type Site } from './sites.js';
export { isPostgresUrl, openStore } from './store/open-store.js';
export { openPostgresStore, PostgresStore } from './store/postgres-store.js';
export type * from './store/proof-store.js';
export { openSqliteStore, SqliteStore } from './store/sqlite-store.js';
export { browserFamily } from './user-agent.js';
export { verifyFile } from './verify-file.js';
export {
  isProofsFile,
  logRecords,
  type ProofsFileIssue,
  type ProofsFileOptions,
  type ProofsFileReport,
  receivedIds,
  verifyProofsFile,
} from './verify-proofs.js';
