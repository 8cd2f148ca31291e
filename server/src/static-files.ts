/**
 * The static files of the Node entry (`CONSENTRY_STATIC_DIR`): the script-tag
 * bundle (`/consentry.js` and its ES chunks) and the demo pages.
 * Sites load the bundle from the consent server's origin, and `consentry.js`
 * imports its lazy ES chunks, which browsers fetch with CORS: every static
 * file is public, so each is sent with `Access-Control-Allow-Origin: *` (never
 * credentials). Hashed chunks never change; `consentry.js` (its URL is the
 * contract) and the pages are revalidated.
 * HTML pages carry the page security headers (security-headers.ts): a CSP
 * without 'unsafe-inline', nosniff, a referrer policy, no framing by others.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';
import { PAGE_HEADERS } from './security-headers.js';

const HASHED = /-[\w-]{8}\.(?:m?js|css)$/;
const PAGE = /\.html?$/i;

/** Serves `root` at `/` after the API routes. */
export function mountStatic(app: Hono, root: string): void {
  app.use(
    '/*',
    serveStatic({
      root,
      onFound: (path: string, c: Context) => {
        c.header('Access-Control-Allow-Origin', '*');
        c.header('Cross-Origin-Resource-Policy', 'cross-origin');
        c.header('Cache-Control', HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        if (PAGE.test(path)) for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
      },
    }),
  );
}
