/** What the report says about the machine and the versions measured. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../scripts/chromium.mjs';
import { NODE_MODULES, ROOT } from './paths.mjs';

const version = (pkg) => JSON.parse(readFileSync(join(NODE_MODULES, pkg, 'package.json'), 'utf8')).version;
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

/** The machine, the tools and Consentry's version, at the start of a run. */
export function environment(command) {
  return {
    command,
    started: new Date().toISOString().slice(0, 19),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    loadStart: loadavg()[0],
    node: process.version,
    chromium: execFileSync(findChromium({ install: false }), ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim(),
    versions: Object.fromEntries(['playwright-core', 'esbuild', 'vite'].map((p) => [p, version(p)])),
    consentry: {
      version: JSON.parse(readFileSync(join(ROOT, 'packages/banner/package.json'), 'utf8')).version,
      commit: git('rev-parse', '--short', 'HEAD'),
      dirty: git('status', '--porcelain', '--', 'packages', 'vite.config.ts', 'package-lock.json') !== '',
    },
  };
}

/** Closes the record: end time and load. */
export function finish(env) {
  return { ...env, finished: new Date().toISOString().slice(0, 19), loadEnd: loadavg()[0] };
}
