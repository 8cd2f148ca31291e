/**
 * Builds Consentry (`npm run build` → dist/) before it is measured, holding the
 * lock scripts/start.mjs holds around its own builds, so a bench and an
 * `npm start` (or an e2e test) in the same checkout never build at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DIST, ROOT } from './paths.mjs';

const LOCK = join(ROOT, 'node_modules/.cache/consentry-build.lock');

async function lock() {
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // As start.mjs: a lock older than two minutes belongs to a build that died.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000 || Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Whether dist/ holds a script-tag build to measure. */
export const haveBuild = () => existsSync(join(DIST, 'consentry.js')) && existsSync(join(DIST, '.vite/manifest.json'));

/** Runs `npm run build`; `site: true` skips the npm packages (what `npm start` builds), enough for the bench. */
export async function buildConsentry({ site = false } = {}) {
  const unlock = await lock();
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
