/**
 * The consent-log HTTP API (DESIGN.md, "Server API (v1)"), built by a factory
 * with no runtime-specific code: the Node entry serves it, tests call
 * `app.request()` without opening a port.
 */
import { Hono } from 'hono';
import { AdminGuard, DEFAULT_LOCKOUT } from './admin-guard.js';
import { adminPage } from './admin-page.js';
import { adminRoutes } from './admin-routes.js';
import { errorResponse, handleError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { clientAddress } from './client-address.js';
import { ingestRoutes } from './ingest-route.js';
import { rateLimit } from './rate-limit.js';
import { noSniff } from './security-headers.js';
import { visitorRoutes } from './visitor-routes.js';

/** The methods each API path answers; anything else there is a JSON 405. */
const ALLOWED: readonly [RegExp, string][] = [
  [/^\/v1\/proofs$/, 'POST, OPTIONS'],
  [/^\/v1\/proofs\/[^/]+$/, 'GET, HEAD, OPTIONS'],
  [/^\/v1\/keys$/, 'GET, HEAD, OPTIONS'],
  [/^\/v1\/admin\/(export|stats|proofs|chain|sites)$/, 'GET, HEAD'],
  [/^\/healthz$/, 'GET, HEAD'],
];

/**
 * @example
 * const app = createApp({ store, sites, signer, adminToken, clock: () => new Date() });
 * const res = await app.request('/healthz');
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(handleError);
  app.use('*', noSniff());
  const addressOf = clientAddress(deps.peerAddress ?? (() => undefined), deps.trustProxy ?? 0);
  const now = () => deps.clock().getTime();
  const lockout = deps.adminLockout === undefined ? DEFAULT_LOCKOUT : deps.adminLockout;
  const limits = {
    ...(deps.rateLimit ? { ingest: rateLimit(deps.rateLimit, addressOf, now) } : {}),
    ...(lockout ? { admin: { guard: new AdminGuard(lockout, now), addressOf } } : {}),
  };

  app.get('/healthz', async (c) => {
    await deps.store.head(deps.sites[0]?.id ?? '');
    return c.json({ ok: true, store: deps.store.kind });
  });
  app.route('/v1/proofs', ingestRoutes(deps, limits.ingest));
  app.route('/v1', visitorRoutes(deps));
  app.route('/v1/admin', adminRoutes(deps, limits.admin));
  if (deps.adminDir) app.route('/admin', adminPage(deps.adminDir));
  deps.mount?.(app);

  app.notFound((c) => {
    const allowed = ALLOWED.find(([pattern]) => pattern.test(c.req.path))?.[1];
    if (allowed) {
      c.header('Allow', allowed);
      return errorResponse(c, 405, 'method-not-allowed', `${c.req.method} is not allowed on ${c.req.path}`);
    }
    return errorResponse(c, 404, 'not-found', `no route for ${c.req.method} ${c.req.path}`);
  });
  return app;
}
