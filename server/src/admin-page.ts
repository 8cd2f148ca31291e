/**
 * Serves the built admin page (`vite build -c server/admin/vite.config.ts`,
 * into `dist/admin`) at `/admin`, with headers that leave an injected script
 * nothing to run and nothing to reach: a CSP without 'unsafe-inline' (the page
 * is external JS and CSS files only; Lit's constructable stylesheets and
 * uPlot's CSSOM styles are not inline markup), no framing, no referrer (the
 * page is behind a token), no MIME sniffing. The token itself never travels
 * in a URL: the page keeps it in sessionStorage and sends it as a header.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import { ApiError } from './api-error.js';

/** The Content-Security-Policy of every /admin answer. */
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const ADMIN_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': ADMIN_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * The /admin routes over the built files in `dir`.
 *
 * @example
 * app.route('/admin', adminPage('dist/admin'));
 */
export function adminPage(dir: string): Hono {
  const root = resolve(dir);
  const app = new Hono();
  app.use('*', async function adminHeaders(c, next) {
    await next();
    for (const [name, value] of Object.entries(ADMIN_HEADERS)) c.header(name, value);
  });

  const index = async () => {
    const body = await readOrNull(join(root, 'index.html'));
    if (!body) {
      throw new ApiError(
        503,
        'admin-not-built',
        'the admin page is not built: run vite build -c server/admin/vite.config.ts',
      );
    }
    return new Response(new Uint8Array(body), {
      headers: { 'Content-Type': TYPES['.html']!, 'Cache-Control': 'no-cache' },
    });
  };
  // Relative asset URLs need the trailing slash.
  app.get('/', (c) => (c.req.path.endsWith('/') ? index() : c.redirect('/admin/', 308)));
  app.get('/index.html', () => index());
  app.get('/*', async (c) => {
    let rel: string;
    try {
      rel = decodeURIComponent(c.req.path.replace(/^\/admin\//, ''));
    } catch {
      throw new ApiError(404, 'not-found', `no file ${c.req.path}`);
    }
    if (rel === '') return index();
    const file = resolve(root, rel);
    // No way out of the directory (`..`, encoded or not), no dotfiles.
    if (!file.startsWith(root + sep) || rel.split('/').some((part) => part.startsWith('.'))) {
      throw new ApiError(404, 'not-found', `no file ${c.req.path}`);
    }
    const body = await readOrNull(file);
    if (!body) throw new ApiError(404, 'not-found', `no file ${c.req.path}`);
    // Vite puts content-hashed names under assets/: they never change.
    const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    return new Response(new Uint8Array(body), {
      headers: { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': cache },
    });
  });
  return app;
}
