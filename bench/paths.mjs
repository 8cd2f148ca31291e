/**
 * Where the benchmark reads and writes. Pages (`bench/pages/<name>/`) are
 * committed; what is generated from node_modules (peer files, bundles) and raw
 * results go under node_modules/.cache, which git and biome ignore.
 * A page refers to its files with relative URLs: `vendor/…` (the peer's files,
 * made by prepare.mjs) and `dist/…` (Consentry's real build).
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DIST = join(ROOT, 'dist');
export const PAGES = join(ROOT, 'bench/pages');
export const WORK = join(ROOT, 'node_modules/.cache/consentry-bench');
/** The peers' prepared files; a smoke run uses its own, so that it never pulls them from under a full run. */
export let VENDOR = join(WORK, 'vendor');
export function useVendorDir(dir) {
  VENDOR = dir;
}
export const NODE_MODULES = join(ROOT, 'node_modules');

/** The directory each URL prefix of page `name` is served from (longest prefix first). */
export function mounts(name) {
  return [
    ['/vendor/', join(VENDOR, name)],
    ['/dist/', DIST],
    ['/', join(PAGES, name)],
  ];
}

/** The file behind `rel` (a page-relative URL path such as `vendor/klaro.js`) for page `name`. */
export function pageFile(name, rel) {
  const path = `/${rel.replace(/^\.?\//, '')}`;
  const [prefix, dir] = mounts(name).find(([p]) => path.startsWith(p));
  return join(dir, path.slice(prefix.length));
}
