/**
 * `vite build` builds everything a release needs:
 *
 * 1. The script tag (scripts/script-tag-build.mjs): `dist/consentry.js`, one
 *    classic script with everything a first visit needs before the banner
 *    shows (entry `packages/banner/src/script-tag.ts`), and `dist/consentry/*.js`,
 *    the ES chunks it imports later: the dialog, the decision and record code,
 *    the manage button, French. Manifest in `dist/.vite/manifest.json`.
 * 2. The demo site (`demo/`) into `dist/` (its pages at `/`).
 * 3. The admin page, when `server/admin/vite.config.ts` exists, into `dist/admin/`.
 * 4. The npm packages: `packages/core/dist/` and `packages/banner/dist/`, ESM
 *    (one file per module) with `.d.ts`, each with the package.json to publish
 *    (`npm publish packages/banner/dist`). The workspace's own package.json files
 *    point at the TypeScript sources, so tests and tools need no build.
 *
 * `dist/` is what `npm start` serves (`CONSENTRY_STATIC_DIR`). With
 * `CONSENTRY_BUILD=site` (what `npm start` uses) step 4 is skipped.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig } from 'vite';
import { demoPages } from './demo/build/pages.js';
import { scriptTagConfig } from './scripts/script-tag-build.mjs';

const ROOT = dirname(fileURLToPath(import.meta.url));
const DIST = join(ROOT, 'dist');
const at = (path: string) => join(ROOT, path);
const logLevel = 'warn' as const;

/** 2. The demo website. */
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

/** 3. The admin page (its own config, by the admin page's authors), into `dist/admin` (`CONSENTRY_ADMIN_DIR`'s default). */
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

/** 4. One npm package: ESM with the module structure kept, types from tsc, the package.json to publish. */
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

/** 1. The script tag: this file's own build (the `client` environment). */
export default defineConfig({
  ...scriptTagConfig(ROOT, { logLevel, build: { outDir: DIST, emptyOutDir: true, manifest: true } }),
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.client!);
      await buildDemo();
      await buildAdmin();
      if (process.env.CONSENTRY_BUILD !== 'site') await buildPackages();
      writeFileSync(join(DIST, '.build-stamp'), `${new Date().toISOString()}\n`);
    },
  },
});
