/**
 * One build at a time in a checkout: `npm start`, the e2e tests and
 * `npm run bench` may each start `vite build`, and two builds into the same
 * `dist/` would empty it under each other. The lock is a directory (mkdir is
 * atomic); a lock older than two minutes belongs to a build that died.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOCK = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules/.cache/consentry-build.lock');
const STALE_MS = 120_000;

/**
 * Takes the build lock, waiting (synchronously) for at most `waitMs` before
 * taking it over; returns the function that releases it.
 */
export function lockBuild(waitMs = 120_000) {
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_MS || Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}
