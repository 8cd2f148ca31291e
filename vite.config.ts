/**
 * `vite build` builds everything a release needs:
 *
 * 1. `dist/consentry/*.js`: the script tag's ES module graph (entry
 *    `packages/banner/src/script-tag.ts`), ordinary code splitting: Lit and the
 *    start-up code shared, the dialog, the manage button, each language, the
 *    decision code and the full config check as lazy chunks. Manifest in
 *    `dist/.vite/manifest.json`.
 * 2. `dist/consentry.js`: the classic loader (`packages/banner/src/loader.ts`) as
 *    one IIFE, with the entry's file name and the modules to preload written in.
 * 3. The demo site (`demo/`) into `dist/` (its pages at `/`).
 * 4. The admin page, when `server/admin/vite.config.ts` exists, into `dist/admin/`.
 * 5. The npm packages: `packages/core/dist/` and `packages/banner/dist/`, ESM
 *    (one file per module) with `.d.ts`, each with the package.json to publish
 *    (`npm publish packages/banner/dist`). The workspace's own package.json files
 *    point at the TypeScript sources, so tests and tools need no build.
 *
 * `dist/` is what `npm start` serves (`CONSENTRY_STATIC_DIR`). With
 * `CONSENTRY_BUILD=site` (what `npm start` uses) step 5 is skipped.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Manifest, type Plugin } from 'vite';
import { demoPages } from './demo/build/pages.js';

const ROOT = dirname(fileURLToPath(import.meta.url));
const DIST = join(ROOT, 'dist');
const at = (path: string) => join(ROOT, path);
const logLevel = 'warn' as const;

function readManifest(): Manifest {
  return JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Manifest;
}

/** The entry's file and every chunk it imports statically (transitively): what start-up needs. */
export function criticalFiles(manifest: Manifest): { entry: string; preload: string[] } {
  const key = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!key) throw new Error('vite.config.ts: the module build has no entry');
  const seen = new Set<string>();
  const walk = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const next of manifest[k]?.imports ?? []) walk(next);
  };
  walk(key);
  const files = [...seen].map((k) => manifest[k]!.file);
  return { entry: files[0]!, preload: files };
}

/** Each built-in language's strings chunk, by language (`{ en: 'consentry/en-….js', … }`). */
export function localeFiles(manifest: Manifest): Record<string, string> {
  const files: Record<string, string> = {};
  for (const chunk of Object.values(manifest)) {
    const language = /i18n\/([a-z]{2,3})\.ts$/.exec(chunk.src ?? '')?.[1];
    if (language && chunk.isDynamicEntry) files[language] = chunk.file;
  }
  return files;
}

/** 2. `consentry.js`, the classic loader. */
async function buildLoader(manifest: Manifest): Promise<void> {
  const { entry, preload } = criticalFiles(manifest);
  await build({
    configFile: false,
    root: ROOT,
    logLevel,
    publicDir: false,
    define: {
      __CONSENTRY_ENTRY__: JSON.stringify(entry),
      __CONSENTRY_PRELOAD__: JSON.stringify(preload),
      __CONSENTRY_LOCALES__: JSON.stringify(localeFiles(manifest)),
    },
    build: {
      outDir: DIST,
      emptyOutDir: false,
      target: 'es2020',
      minify: true,
      lib: {
        entry: at('packages/banner/src/loader.ts'),
        formats: ['iife'],
        name: 'consentryLoader',
        fileName: () => 'consentry.js',
      },
    },
  });
}

/** 3. The demo website. */
async function buildDemo(): Promise<void> {
  const root = at('demo');
  await build({
    configFile: false,
    root,
    base: '/',
    logLevel: 'error',
    publicDir: join(root, 'public'),
    plugins: [demoPages(root)],
    build: {
      outDir: DIST,
      emptyOutDir: false,
      target: 'es2022',
      rolldownOptions: { input: htmlFiles(root) },
    },
  });
}

function htmlFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !['public', 'build', 'node_modules'].includes(entry.name)) htmlFiles(path, found);
    else if (entry.name.endsWith('.html')) found.push(path);
  }
  return found;
}

/** 4. The admin page (its own config, by the admin page's authors), into `dist/admin` (`CONSENTRY_ADMIN_DIR`'s default). */
async function buildAdmin(): Promise<void> {
  const configFile = at('server/admin/vite.config.ts');
  if (!existsSync(configFile)) return;
  await build({ configFile, logLevel, build: { outDir: join(DIST, 'admin'), emptyOutDir: true } });
}

interface PackageJson {
  name: string;
  sideEffects?: boolean | string[];
  exports: Record<string, { types: string; import: string }>;
  [key: string]: unknown;
}

/** 5. One npm package: ESM with the module structure kept, types from tsc, the package.json to publish. */
async function buildPackage(name: 'core' | 'banner', types: string): Promise<void> {
  const dir = at(`packages/${name}`);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const out = join(dir, 'dist');
  const built = (src: string) => `./${relative('src', src.replace(/^\.\//, '')).replace(/\.ts$/, '.js')}`;
  const deps = Object.keys((pkg.dependencies as Record<string, string>) ?? {});
  await build({
    configFile: false,
    root: dir,
    logLevel,
    publicDir: false,
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: {
        entry: Object.fromEntries(
          Object.values(pkg.exports).map((e) => [built(e.import).slice(2, -3), join(dir, e.import)]),
        ),
        formats: ['es'],
      },
      rolldownOptions: {
        external: (id) => deps.some((d) => id === d || id.startsWith(`${d}/`)),
        output: { preserveModules: true, preserveModulesRoot: join(dir, 'src'), entryFileNames: '[name].js' },
      },
    },
  });
  cpSync(join(types, name, 'src'), out, { recursive: true });
  const exports = Object.fromEntries(
    Object.entries(pkg.exports).map(([key, e]) => [
      key,
      { types: built(e.types).replace(/\.js$/, '.d.ts'), import: built(e.import) },
    ]),
  );
  const sideEffects = Array.isArray(pkg.sideEffects) ? pkg.sideEffects.map(built) : pkg.sideEffects;
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ ...pkg, sideEffects, exports }, null, 2)}\n`);
}

async function buildPackages(): Promise<void> {
  const types = at('node_modules/.cache/consentry-types');
  rmSync(types, { recursive: true, force: true });
  mkdirSync(types, { recursive: true });
  execFileSync(
    process.execPath,
    [at('node_modules/typescript/bin/tsc'), '-p', at('tsconfig.build.json'), '--outDir', types],
    { stdio: 'inherit' },
  );
  await buildPackage('core', types);
  await buildPackage('banner', types);
}

/**
 * Vite wraps every dynamic import of a client build in its preload helper
 * (`__vitePreload(() => import(…), deps, import.meta.url)`) even with
 * `build.modulePreload: false`, where the deps are always empty: 0.74 KB
 * brotli on the critical path for nothing (the loader preloads start-up's
 * modules). This replaces the helper's module with a plain call (the wrapped
 * calls stay, a few bytes). The one difference: a failed lazy import no longer
 * dispatches Vite's `vite:preloadError` event on the window before rejecting
 * (nothing listens for it; the callers handle the rejection).
 * scripts/size.mjs (measureVite) mirrors this.
 */
function plainDynamicImports(): Plugin {
  return {
    name: 'consentry:plain-dynamic-imports',
    enforce: 'pre',
    load(id) {
      if (id === '\0vite/preload-helper.js') return 'export const __vitePreload = (load) => load();';
    },
  };
}

/** 1. The ES module graph the loader starts: this file's own build (the `client` environment). */
export default defineConfig({
  root: ROOT,
  // Chunks import each other relatively, so the bundle works from any URL and origin.
  base: './',
  logLevel,
  publicDir: false,
  plugins: [plainDynamicImports()],
  build: {
    outDir: DIST,
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    // Vite's preload helper would resolve chunk URLs against the page; the loader preloads instead.
    modulePreload: false,
    rolldownOptions: {
      input: { main: at('packages/banner/src/script-tag.ts') },
      // Everything start-up imports statically (`$initial`: Lit, the theme, the
      // small shared modules) goes into the entry chunk: one file instead of
      // six (each file is compressed, and requested, on its own); lazy chunks
      // import what they share with start-up from it. `allow-extension` keeps
      // the entry's `start` export (the loader calls it) and lets the chunk
      // export those shared bindings too, instead of adding a facade file.
      // `expiry.ts` stays apart: start-up only uses its constant (inlined),
      // its functions are the lazy decision code's. scripts/size.mjs
      // (measureVite) mirrors this.
      preserveEntrySignatures: 'allow-extension',
      output: {
        entryFileNames: 'consentry/[name]-[hash].js',
        chunkFileNames: 'consentry/[name]-[hash].js',
        codeSplitting: {
          groups: [
            { name: 'expiry', test: /[\\/]expiry\.ts$/, priority: 2 },
            { name: 'main', tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.client!);
      await buildLoader(readManifest());
      await buildDemo();
      await buildAdmin();
      if (process.env.CONSENTRY_BUILD !== 'site') await buildPackages();
      writeFileSync(join(DIST, '.build-stamp'), `${new Date().toISOString()}\n`);
    },
  },
});
