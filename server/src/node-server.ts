/**
 * The Node entry: opens the store, loads the signing key, serves the app with
 * @hono/node-server (plus static files when a directory is given), purges
 * daily, and shuts down gracefully on SIGTERM/SIGINT — in-flight requests
 * finish, then the database closes.
 *
 * Abuse limits live here and in the app: a whole request must arrive within
 * `requestTimeout` (a client trickling its body is answered 408 and cut off,
 * so it cannot hold a connection forever), idle keep-alive connections close
 * after 5 s, and past `maxConnections` new connections are refused at once.
 */
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import { loadSigner } from './key-store.js';
import { schedulePurge } from './retention.js';
import { mountStatic } from './static-files.js';
import { openStore } from './store/open-store.js';

/** Idle keep-alive connections close after this long (Node's own default). */
const KEEP_ALIVE_MS = 5000;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts serving `config`; resolves once listening.
 *
 * @example
 * const server = await startServer(loadConfig());
 */
export async function startServer(config: ServerConfig, log = console.log): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl);
  const signer = loadSigner(config.dataDir, config.signingKey);
  const staticDir = config.staticDir;
  const app = createApp({
    store,
    sites: config.sites,
    signer,
    adminToken: config.adminToken,
    clock: () => new Date(),
    adminDir: config.adminDir,
    peerAddress: (c) => getConnInfo(c).remote.address,
    trustProxy: config.trustProxy,
    rateLimit: config.rateLimit,
    adminLockout: config.adminLockout,
    ...(staticDir ? { mount: (a: Hono) => mountStatic(a, staticDir) } : {}),
  });
  const stopPurge = schedulePurge(store, config.retentionDays, () => new Date());
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const timeout = config.requestTimeout * 1000;
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        serverOptions: {
          requestTimeout: timeout,
          headersTimeout: Math.min(timeout, 10_000),
          keepAliveTimeout: KEEP_ALIVE_MS,
          // Node checks the two timeouts above on this period (30 s by default, longer than they last).
          connectionsCheckingInterval: Math.min(1000, timeout / 2),
        },
      },
      () => resolve(s),
    );
    (s as { maxConnections?: number }).maxConnections = config.maxConnections;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log(
    `consentry: listening on ${url} (${store.kind}; sites ${config.sites.map((s) => s.id).join(', ')}; key ${signer.kid})`,
  );
  if (config.adminTokenGenerated)
    log(`consentry: admin token (set CONSENTRY_ADMIN_TOKEN to keep one): ${config.adminToken}`);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      stopPurge();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      await store.close();
    })();
    return closing;
  };
  return { url, close };
}
