/**
 * Bearer-token guard of the admin API. Both sides are hashed first so the
 * comparison is constant-time whatever the lengths (no timing oracle), and
 * wrong tokens are counted per client address (admin-guard.ts): a guesser is
 * locked out after a few tries.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AdminGuard } from './admin-guard.js';
import { ApiError } from './api-error.js';
import { type AddressOf, clientKey } from './client-address.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether `given` equals `expected`, in time independent of where they differ. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Rejects requests without `Authorization: Bearer <token>` with 401, and any
 * request from a locked-out address with 429 and `Retry-After` (a right token
 * included: the lock would mean nothing if the right guess got through).
 * Only a presented, wrong bearer token counts as a guess.
 */
export function adminAuth(token: string, guard?: { guard: AdminGuard; addressOf: AddressOf }): MiddlewareHandler {
  return async function adminAuth(c, next) {
    const key = guard ? clientKey(guard.addressOf(c)) : '';
    const wait = guard?.guard.lockedFor(key) ?? 0;
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new ApiError(
        429,
        'too-many-attempts',
        `too many wrong admin tokens from this address; retry after ${wait} s`,
      );
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!given || !tokenMatches(given, token)) {
      if (given) guard?.guard.failed(key);
      c.header('WWW-Authenticate', 'Bearer realm="consentry-admin"');
      throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <CONSENTRY_ADMIN_TOKEN>');
    }
    guard?.guard.succeeded(key);
    await next();
  };
}
