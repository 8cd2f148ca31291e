#!/usr/bin/env node
/**
 * `npm run screenshots`: PNGs of the banner and the preferences dialog, light
 * and dark, French and English, at 1280 px and 360 px, in docs/screenshots/.
 *
 * The script tag is built as vite.config.ts builds it (scripts/script-tag-build.mjs:
 * `consentry.js` and its lazy chunks) and served with a sample site page by a
 * tiny local HTTP server; a real Chromium (scripts/chromium.mjs) visits it
 * with a fresh profile per shot.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { scriptTagConfig } from './script-tag-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs/screenshots');

const CONFIG = {
  site: 'demo',
  policyVersion: '2026-11-01',
  privacyPolicyUrl: '/privacy',
  services: [
    {
      id: 'session',
      tier: 'essential',
      name: 'Session',
      cookies: [{ name: 'sid', duration: 'session', purpose: 'keeps you signed in' }],
    },
    {
      id: 'matomo',
      tier: 'audience',
      name: 'Matomo',
      provider: 'Example SAS',
      description: 'Self-hosted, privacy-friendly visit statistics.',
      cookies: [
        { name: '_pk_id.*', duration: '13 months', purpose: 'distinguishes visitors' },
        { name: '_pk_ses.*', duration: '30 minutes', purpose: 'groups the pages of one visit' },
      ],
    },
    {
      id: 'meta-pixel',
      tier: 'advertising',
      name: 'Meta Pixel',
      provider: 'Meta Platforms Ireland',
      privacyPolicyUrl: 'https://www.facebook.com/privacy/policy/',
      cookies: [{ name: '_fbp', duration: '3 months', purpose: 'ad measurement' }],
    },
  ],
};

const PAGE = (lang) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Example shop</title>
<link rel="stylesheet" href="/site.css">
<script type="application/json" id="consentry-config">${JSON.stringify(CONFIG)}</script>
<script src="/consentry.js" data-config="#consentry-config"></script>
</head><body>
<header><strong>Example shop</strong><nav><a href="#">Shop</a> <a href="#">About</a> <a href="#" data-consentry-open>Cookies</a></nav></header>
<main><h1>${lang === 'fr' ? 'Bienvenue' : 'Welcome'}</h1>
${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris.</p>'.repeat(8)}
</main></body></html>`;

const SITE_CSS = `body{margin:0;font:16px/1.6 Georgia,serif;color:#222;background:#f6f4ef}
@media (prefers-color-scheme:dark){body{color:#ddd;background:#121212}a{color:#8ab4f8}}
header{display:flex;justify-content:space-between;padding:1rem 2rem;border-bottom:1px solid #9995}
nav a{margin-left:1rem}main{max-width:46rem;margin:auto;padding:1rem 2rem}`;

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

async function bundle(dir) {
  await build(
    scriptTagConfig(root, { configFile: false, logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } }),
  );
}

function serve(dir) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE(url.searchParams.get('lang') ?? 'en'));
    } else if (url.pathname === '/site.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(SITE_CSS);
    } else {
      try {
        const body = await readFile(join(dir, url.pathname.replace(/\.\./g, '')));
        res.writeHead(200, { 'content-type': TYPES[extname(url.pathname)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const dir = await mkdtemp(join(tmpdir(), 'consentry-shots-'));
await bundle(dir);
const server = await serve(dir);
const base = `http://127.0.0.1:${server.address().port}`;
await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const written = [];
try {
  for (const lang of ['en', 'fr']) {
    for (const scheme of ['light', 'dark']) {
      for (const width of [1280, 360]) {
        const context = await browser.newContext({
          viewport: { width, height: width > 400 ? 800 : 740 },
          colorScheme: scheme,
          reducedMotion: 'reduce',
        });
        const page = await context.newPage();
        page.on('pageerror', (error) => console.error(`page error (${lang} ${scheme} ${width}):`, error.message));
        await page.goto(`${base}/?lang=${lang}`);
        await page.locator('consentry-banner [part~="accept-all"]').waitFor();
        const name = `${lang}-${scheme}-${width}.png`;
        await page.screenshot({ path: join(out, `banner-${name}`) });
        await page.locator('consentry-banner [part~="customize"]').click();
        await page.locator('consentry-preferences [part~="dialog"]').waitFor();
        await page.locator('consentry-preferences [part~="audience"] summary').click();
        await page.locator('consentry-preferences [part~="audience"] [role="switch"]').first().click();
        await page.screenshot({ path: join(out, `dialog-${name}`) });
        written.push(`banner-${name}`, `dialog-${name}`);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
  await rm(dir, { recursive: true, force: true });
}
console.log(`${written.length} screenshots in docs/screenshots/:\n${written.map((f) => `  ${f}`).join('\n')}`);
