import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp, openSqliteStore } from '@consentry/server';
import { build } from 'vite';
import { ADMIN_TOKEN, newSigner, SITES, tempDir } from './fixtures.js';

const appWith = (adminDir?: string) =>
  createApp({
    store: openSqliteStore(':memory:'),
    sites: SITES,
    signer: newSigner(),
    adminToken: ADMIN_TOKEN,
    clock: () => new Date(),
    ...(adminDir ? { adminDir } : {}),
  });

function assertSecurityHeaders(res: Response): void {
  const csp = res.headers.get('Content-Security-Policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
  assert.equal(res.headers.get('Referrer-Policy'), 'no-referrer');
  assert.equal(res.headers.get('X-Frame-Options'), 'DENY');
}

describe('/admin, the admin page', () => {
  const dir = tempDir();
  before(() => {
    mkdirSync(join(dir.path, 'assets'));
    writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>admin</title>');
    writeFileSync(join(dir.path, 'assets/app-1234.js'), 'export {};');
    writeFileSync(join(dir.path, 'assets/app-1234.css'), 'body{}');
    writeFileSync(join(dir.path, '.secret'), 'no');
  });
  after(() => dir.remove());

  it('serves the page with a strict CSP, nosniff, no referrer and no framing', async () => {
    const app = appWith(dir.path);
    const res = await app.request('/admin/');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Content-Type'), 'text/html; charset=utf-8');
    assert.equal(await res.text(), '<!doctype html><title>admin</title>');
    assertSecurityHeaders(res);
    const redirect = await app.request('/admin');
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.get('Location'), '/admin/');
  });

  it('serves hashed assets with their type, cached for good, with the same headers', async () => {
    const app = appWith(dir.path);
    const js = await app.request('/admin/assets/app-1234.js');
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('Content-Type'), 'text/javascript; charset=utf-8');
    assert.match(js.headers.get('Cache-Control') ?? '', /immutable/);
    assertSecurityHeaders(js);
    const css = await app.request('/admin/assets/app-1234.css');
    assert.equal(css.headers.get('Content-Type'), 'text/css; charset=utf-8');
  });

  it('serves nothing outside its directory, no dotfile, and a JSON 404 for a missing file', async () => {
    const app = appWith(dir.path);
    for (const path of [
      '/admin/../package.json',
      '/admin/%2e%2e/%2e%2e/package.json',
      '/admin/.secret',
      '/admin/nope.js',
      '/admin/%E0%A4%A',
    ]) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
    }
    const missing = await app.request('/admin/nope.js');
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not-found');
  });

  it('says how to build the page when it is not built, and has no /admin without a directory', async () => {
    const unbuilt = await appWith(join(dir.path, 'nowhere')).request('/admin/');
    assert.equal(unbuilt.status, 503);
    assert.match(
      ((await unbuilt.json()) as { error: { message: string } }).error.message,
      /vite build -c server\/admin/,
    );
    assert.equal((await appWith().request('/admin/')).status, 404);
  });
});

describe('the admin page build', () => {
  const out = tempDir();
  after(() => out.remove());

  it('is external JS and CSS files only: nothing inline for the CSP to allow', async () => {
    await build({
      configFile: join(import.meta.dirname, '../../server/admin/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: out.path },
    });
    const html = readFileSync(join(out.path, 'index.html'), 'utf8');
    assert.match(html, /<script type="module" crossorigin src="\/admin\/assets\/[^"]+\.js"><\/script>/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, 'no inline style or handler');
    const assets = readdirSync(join(out.path, 'assets'));
    assert.ok(
      assets.some((f) => /^uPlot\.min-.+\.css$/.test(f)),
      `uPlot's stylesheet is a file: ${assets.join(', ')}`,
    );
  });
});
