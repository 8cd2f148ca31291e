/**
 * Builds Consentry (`npm run build` → dist/) before it is measured, holding the
 * build lock (scripts/build-lock.mjs) that `npm start` holds too, so a bench and
 * an `npm start` (or an e2e test) in the same checkout never build at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lockBuild } from '../scripts/build-lock.mjs';
import { DIST, ROOT } from './paths.mjs';

/** Whether dist/ holds a script-tag build to measure. */
export const haveBuild = () => existsSync(join(DIST, 'consentry.js')) && existsSync(join(DIST, '.vite/manifest.json'));

/** Runs `npm run build`; `site: true` skips the npm packages (what `npm start` builds), enough for the bench. */
export async function buildConsentry({ site = false } = {}) {
  const unlock = lockBuild(180_000);
  try {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...(site ? { CONSENTRY_BUILD: 'site' } : {}) },
    });
    if (run.status !== 0) throw new Error(`consentry build failed (exit ${run.status})`);
  } finally {
    unlock();
  }
}
