/** The measured pages: every `bench/pages/<name>/` with an index.html and a bench.json manifest. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_MODULES, PAGES, ROOT } from './paths.mjs';

/** The order of every table: Consentry, the peers, then the two floors. */
const ORDER = ['consentry', 'vanilla-cookieconsent', 'tarteaucitron', 'klaro', 'c15t', 'lit-floor', 'baseline'];
const rank = (name) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);

/** Page names, optionally only those in `only`. */
export function pageNames(only) {
  const names = readdirSync(PAGES)
    .filter((n) => existsSync(join(PAGES, n, 'index.html')) && existsSync(join(PAGES, n, 'bench.json')))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return only ? names.filter((n) => only.includes(n)) : names;
}

/** A page's manifest, with the installed version of its package. */
export function manifest(name) {
  const m = JSON.parse(readFileSync(join(PAGES, name, 'bench.json'), 'utf8'));
  // A peer's version is the installed package's; Consentry's, its workspace package's.
  const pkg = m.package ? join(NODE_MODULES, m.package) : m.workspace ? join(ROOT, m.workspace) : undefined;
  const version = pkg ? JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version : null;
  return { ...m, version };
}
