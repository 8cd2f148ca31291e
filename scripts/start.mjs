#!/usr/bin/env node
/**
 * `npm start`: builds what is missing or out of date (the script-tag bundle,
 * the demo site, the admin page — `vite build`, skipping the npm packages),
 * then runs one consent-log server on PORT (8787) with SQLite under ./data,
 * serving the demo at `/`, `/consentry.js`, the API and `/admin`, for the site
 * `demo` on its own origins. Prints the URLs and the admin token.
 *
 * Every server variable of server/README.md still applies (DATABASE_URL,
 * CONSENTRY_SITES, CONSENTRY_ADMIN_TOKEN, HOST, …). `--rebuild` forces a build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockBuild } from './build-lock.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
/** What the site build reads: a change in any of them means a rebuild. */
const INPUTS = [
  'vite.config.ts',
  // How the script tag is bundled (its plugins): vite.config.ts imports it.
  'scripts/script-tag-build.mjs',
  'package-lock.json',
  'packages/core/src',
  'packages/banner/src',
  'demo',
  'server/admin',
];
const SKIP = new Set(['node_modules', 'dist', '.vite']);

/** The newest modification time under `path` (ms), 0 when absent. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (!SKIP.has(entry)) max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

function stale() {
  if (!existsSync(STAMP) || !existsSync(join(DIST, 'consentry.js'))) return 'no build yet';
  const built = statSync(STAMP).mtimeMs;
  const changed = INPUTS.find((input) => newest(join(ROOT, input)) > built);
  return changed ? `${changed} changed` : undefined;
}

const unlock = lockBuild();
const why = process.argv.includes('--rebuild') ? 'asked for' : stale();
if (why) {
  console.log(`consentry: building the bundle, the demo and the admin page (${why})…`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CONSENTRY_BUILD: 'site' },
  });
  if (result.status !== 0) {
    unlock();
    console.error('consentry: the build failed (see above); not starting');
    process.exit(result.status ?? 1);
  }
  console.log(`consentry: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
unlock();

const port = process.env.PORT || '8787';
const token = process.env.CONSENTRY_ADMIN_TOKEN || randomBytes(24).toString('base64url');
const server = spawn(process.execPath, [join(ROOT, 'server/bin/consentry.js'), 'serve'], {
  cwd: ROOT,
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, PORT: port, CONSENTRY_ADMIN_TOKEN: token, CONSENTRY_STATIC_DIR: DIST },
});

let announced = false;
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const listening = /listening on (http:\/\/\S+)/.exec(String(chunk));
  if (listening && !announced) {
    announced = true;
    announce(listening[1]);
  }
});

function announce(url) {
  const local = url.replace('://127.0.0.1:', '://localhost:');
  console.log(
    [
      '',
      `  Demo site       ${url}/   (also ${local}/)`,
      `  Single-page app ${url}/shop.html`,
      `  Privacy policy  ${url}/privacy.html   French: ${url}/fr/`,
      `  Script tag      ${url}/consentry.js`,
      `  Admin page      ${url}/admin`,
      `  Admin token     ${token}${process.env.CONSENTRY_ADMIN_TOKEN ? '' : '   (new at each start; set CONSENTRY_ADMIN_TOKEN to keep one)'}`,
      `  Export          curl -H 'Authorization: Bearer ${token}' '${url}/v1/admin/export?site=demo'`,
      '',
      '  Ctrl+C stops the server.',
      '',
    ].join('\n'),
  );
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
// Orphaned (a wrapper such as `npm start` was killed without passing the signal on): stop the server too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) server.kill('SIGTERM');
}, 1000).unref();
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
