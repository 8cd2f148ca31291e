/**
 * Bearer-token guard of the admin API. Both sides are hashed first so the
 * comparison is constant-time whatever the lengths (no timing oracle).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether `given` equals `expected`, in time independent of where they differ. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Rejects requests without `Authorization: Bearer <token>` with 401. */
export function adminAuth(token: string): MiddlewareHandler {
  return async function adminAuth(c, next) {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!given || !tokenMatches(given, token)) {
      c.header('WWW-Authenticate', 'Bearer realm="consentry-admin"');
      throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <CONSENTRY_ADMIN_TOKEN>');
    }
    await next();
  };
}
