/**
 * Response headers that keep a browser from misreading what the server sends:
 * every answer is `nosniff` (a JSON error echoing input must never run as a
 * script or page), and every HTML page from the static directory (the demo)
 * gets a CSP without 'unsafe-inline' — only scripts and styles from files on
 * this origin run, so a value injected into a page has nothing to execute.
 * The admin page has its own, stricter set (admin-page.ts).
 */
import type { MiddlewareHandler } from 'hono';

/**
 * The CSP of static HTML pages. `frame-ancestors 'self'`: the demo frames its
 * own player page, no other site may frame ours (clickjacking a consent choice).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'SAMEORIGIN',
};

/** Adds `X-Content-Type-Options: nosniff` to every answer, errors included. */
export function noSniff(): MiddlewareHandler {
  return async function noSniff(c, next) {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  };
}
