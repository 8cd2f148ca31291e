/**
 * Copies each peer's distributed browser files from node_modules into
 * node_modules/.cache/consentry-bench/vendor/<page>/ (paths.mjs VENDOR), and builds the two bundles
 * npm does not ship: c15t has no browser bundle (ESM with bare imports, headless),
 * lit has no single-file bundle. Re-runnable; touches only that directory.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';
import { NODE_MODULES, ROOT, VENDOR } from './paths.mjs';

function copy(page, from, to = basename(from)) {
  const target = join(VENDOR, page, to);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(NODE_MODULES, from), target);
}

/** Bundles `source` (one line of ESM) the way a plain-`<script>` site would have to. */
async function bundle(name, source, outfile, options) {
  await build({
    stdin: { contents: source, resolveDir: ROOT, sourcefile: `${name}-entry.js` },
    bundle: true,
    minify: true,
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
    outfile,
    ...options,
  });
}

export async function prepare() {
  rmSync(VENDOR, { recursive: true, force: true });
  // vanilla-cookieconsent v3: UMD build + stylesheet (the documented <script>/<link> install).
  copy('vanilla-cookieconsent', 'vanilla-cookieconsent/dist/cookieconsent.umd.js');
  copy('vanilla-cookieconsent', 'vanilla-cookieconsent/dist/cookieconsent.css');
  // klaro: klaro.js is the documented single-file build; the other two are a byte-table alternative.
  for (const file of ['klaro.js', 'klaro-no-css.js', 'klaro.min.css']) copy('klaro', `klaro/dist/${file}`);
  // tarteaucitron fetches its CSS, language and services files relative to its own URL: same layout.
  for (const file of [
    'tarteaucitron.min.js',
    'tarteaucitron.js',
    'tarteaucitron.services.min.js',
    'tarteaucitron.services.js',
    'css/tarteaucitron.min.css',
    'css/tarteaucitron.css',
    'lang/tarteaucitron.en.min.js',
    'lang/tarteaucitron.en.js',
  ]) {
    copy('tarteaucitron', `tarteaucitronjs/${file}`, `tarteaucitron/${file}`);
  }
  // c15t: the smallest bundle a script-tag site can make: the runtime factory its docs use, as an IIFE.
  await bundle('c15t', "export { getOrCreateConsentRuntime } from 'c15t';\n", join(VENDOR, 'c15t/c15t.iife.min.js'), {
    format: 'iife',
    globalName: 'c15t',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  // lit: everything `lit` exports, minified ESM: the lit-core bundle npm does not publish.
  await bundle('lit', "export * from 'lit';\n", join(VENDOR, 'lit-floor/lit-core.min.js'), {
    format: 'esm',
    target: 'es2021',
  });
}
