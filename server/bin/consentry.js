#!/usr/bin/env node
// Runs the built CLI (server/dist, `npm run build:server`) with plain node when it is
// up to date; otherwise the TypeScript sources through tsx, so a fresh clone or an
// edited source never runs a stale build.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const server = join(import.meta.dirname, '..');
const built = join(server, 'dist/cli/main.js');

/** Newest modification time of the sources a build is made of. */
function newestSource() {
  let newest = 0;
  for (const dir of [join(server, 'src'), join(server, '../packages/core/src')]) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function upToDate() {
  try {
    return statSync(built).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

if (process.env.CONSENTRY_TSX !== '1' && upToDate()) {
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
