/**
 * CORS for the browser-facing routes: only the configured origins, never
 * credentials (the banner sends no cookie), and `Vary: Origin` on every
 * answer so caches never serve one origin's answer to another.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';

/** Sets the CORS response headers for an allowed origin. */
export function allowOrigin(c: Context, origin: string): void {
  c.header('Access-Control-Allow-Origin', origin);
}

/**
 * Adds `Vary: Origin`, answers preflights for `origins`, and lets `methods`
 * through. Every answer to one of `origins` carries its CORS grant, errors
 * included: a banner that cannot read a 400 sees a network failure and
 * retries a proof the server will never take, for ever (outbox.ts drops a
 * proof only on a 4xx it can read). What the request may do is the route's
 * to decide (a site's own origins for its proofs).
 *
 * @example
 * app.use('/v1/proofs', corsFor(allOrigins, 'POST'));
 */
export function corsFor(origins: ReadonlySet<string>, methods: string): MiddlewareHandler {
  return async function cors(c, next) {
    c.header('Vary', 'Origin');
    const origin = c.req.header('Origin');
    if (c.req.method === 'OPTIONS') {
      if (!origin || !origins.has(origin))
        throw new ApiError(403, 'origin-not-allowed', `origin ${origin ?? '(none)'} is not allowed`);
      allowOrigin(c, origin);
      c.header('Access-Control-Allow-Methods', methods);
      c.header('Access-Control-Allow-Headers', 'Content-Type');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    if (origin && origins.has(origin)) allowOrigin(c, origin);
    await next();
    c.header('Vary', 'Origin');
  };
}
