/**
 * The consent-log HTTP API (DESIGN.md, "Server API (v1)"), built by a factory
 * with no runtime-specific code: the Node entry serves it, tests call
 * `app.request()` without opening a port.
 */
import { Hono } from 'hono';
import { adminPage } from './admin-page.js';
import { adminRoutes } from './admin-routes.js';
import { errorResponse, handleError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { ingestRoutes } from './ingest-route.js';
import { visitorRoutes } from './visitor-routes.js';

/** The methods each API path answers; anything else there is a JSON 405. */
const ALLOWED: readonly [RegExp, string][] = [
  [/^\/v1\/proofs\/?$/, 'POST, OPTIONS'],
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

  app.get('/healthz', async (c) => {
    await deps.store.head(deps.sites[0]?.id ?? '');
    return c.json({ ok: true, store: deps.store.kind });
  });
  app.route('/v1/proofs', ingestRoutes(deps));
  app.route('/v1', visitorRoutes(deps));
  app.route('/v1/admin', adminRoutes(deps));
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
