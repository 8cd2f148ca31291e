/**
 * Bundles the server and CLI (server/src, with @consentry/core) into
 * server/dist, run by plain `node`: no TypeScript loader at runtime, which
 * saves about 100 MB of RSS and the start-up transpile. Packages from
 * node_modules stay external (better-sqlite3 is native).
 *
 *   npm run build:server
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
// Chunk names are content hashes: start clean so old ones do not pile up.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts', 'src/index.ts', 'src/verify-worker.ts'],
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  external: ['better-sqlite3', 'pg', 'hono', 'hono/*', '@hono/*', 'zod', 'zod/*'],
  logLevel: 'warning',
});
console.log('server/dist built');
