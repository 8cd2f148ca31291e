#!/usr/bin/env node
/**
 * Measures what Consentry costs a browser, in bytes (raw, gzip -9, brotli 11).
 * Bytes are deterministic: the same sources give the same figures, so the
 * budget test (test/size.test.ts) can hold them to a limit.
 *
 *   node scripts/size.mjs            the script tag, split into chunks, then the core entries
 *   node scripts/size.mjs --json     the same as JSON
 *
 * The budget test (test/size.test.ts) uses the esbuild figures (1.): fast and
 * exact. esbuild's splitting is a little pessimistic — it puts every module
 * that a lazy chunk shares with start-up into a chunk of its own, and each
 * file is compressed on its own — so the Vite (Rolldown) figures (2.) are
 * printed too: what the real bundler makes of the same sources.
 *
 * 1. The script tag (`packages/banner/src/script-tag.ts`), bundled by esbuild
 *    with code splitting (ESM, minified, ES2022, browser), each chunk classed:
 *    - critical: what a first visit downloads before the banner shows — the
 *      entry and every chunk it imports statically (transitively), plus the
 *      default language's strings, which start-up awaits before it mounts;
 *    - lazy: loaded later (first decision, idle time, the dialog, the manage
 *      button, another language);
 *    - opt-in: only with `data-validate` / `validate: true` (the full zod
 *      config check, a dev and staging tool): never loaded by default.
 *    "Everything" is critical + lazy: what the script tag can ever load by
 *    default. Opt-in chunks are reported apart.
 * 2. The same sources bundled by Vite (Rolldown) in memory, as vite.config.ts
 *    builds them, classed the same way.
 * 3. The real build, when `dist/consentry.js` exists: every file it can load,
 *    classed the same way from `dist/.vite/manifest.json` (static imports vs
 *    dynamic imports) when there is one.
 * 4. Entries of @consentry/core, bundled alone (what the server and SPAs import).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The script-tag ES entry and what it may load. */
export const SCRIPT_TAG = 'packages/banner/src/script-tag.ts';
/** The classic script `consentry.js` that imports the ES entry (built on its own, as an IIFE). */
export const LOADER = 'packages/banner/src/loader.ts';
/** Dynamic imports start-up awaits before the banner shows: the strings of the default language. */
export const AWAITED = ['packages/banner/src/i18n/en.ts'];
/** Dynamic imports that only an opt-in loads: the full zod config check. */
export const OPT_IN = ['packages/banner/src/validate.ts', 'packages/core/src/schema.ts'];

const CORE_ENTRIES = {
  core: "export * from './packages/core/src/index.ts';",
  'config-check': "export { formatErrors, parseSiteConfig } from './packages/core/src/schema.ts';",
  'core+schema': "export * from './packages/core/src/index.ts'; export * from './packages/core/src/schema.ts';",
};

/** raw, gzip -9 and brotli 11 sizes of some bytes. */
export function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const sum = (rows) =>
  rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });

/**
 * Classes a graph of files: `graph[file] = { imports: [...], dynamicImports: [...], source? }`.
 * Critical: the entry's static closure and the static closure of each awaited
 * dynamic import. Opt-in: reachable only through an opt-in dynamic import.
 * Lazy: the rest.
 */
export function classify(graph, entry, isAwaited, isOptIn) {
  const closure = (starts, follow) => {
    const seen = new Set();
    const stack = [...starts];
    while (stack.length) {
      const file = stack.pop();
      if (seen.has(file) || !graph[file]) continue;
      seen.add(file);
      stack.push(...graph[file].imports);
      if (follow) stack.push(...graph[file].dynamicImports.filter((d) => follow(d)));
    }
    return seen;
  };
  const awaited = Object.keys(graph).filter((f) => isAwaited(f));
  const critical = closure([entry, ...awaited]);
  const byDefault = closure([entry], (d) => !isOptIn(d));
  const kind = {};
  for (const file of Object.keys(graph)) {
    kind[file] = critical.has(file) ? 'critical' : byDefault.has(file) ? 'lazy' : 'opt-in';
  }
  return kind;
}

/** Totals of classed rows. */
export function summarize(rows) {
  const of = (k) => sum(rows.filter((r) => r.kind === k));
  const critical = of('critical');
  const lazy = of('lazy');
  return { critical, lazy, everything: sum([critical, lazy]), optIn: of('opt-in') };
}

/** Bundles the script tag with esbuild code splitting and classes its chunks. */
export async function measureScriptTag() {
  const result = await build({
    entryPoints: [join(ROOT, SCRIPT_TAG)],
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    outdir: 'size-out',
    write: false,
    metafile: true,
    legalComments: 'none',
  });
  const outputs = result.metafile.outputs;
  const graph = {};
  for (const [file, out] of Object.entries(outputs)) {
    if (file.endsWith('.map')) continue;
    graph[file] = {
      imports: out.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
      dynamicImports: out.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
      source: out.entryPoint,
      modules: Object.keys(out.inputs),
    };
  }
  const entry = Object.keys(graph).find((f) => graph[f].source === SCRIPT_TAG);
  const kind = classify(
    graph,
    entry,
    (f) => AWAITED.includes(graph[f].source),
    (f) => OPT_IN.includes(graph[f]?.source),
  );
  const rows = result.outputFiles
    .map((file) => {
      const name = relative(ROOT, file.path);
      const node = graph[name];
      return {
        file: name.replace(/^size-out\//, ''),
        kind: kind[name],
        source: node.source ?? `shared: ${node.modules.map((m) => m.replace(/^.*\//, '')).join(', ')}`,
        ...sizes(file.contents),
      };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.brotli - a.brotli);
  const preload = rows.filter((r) => r.kind === 'critical' && !AWAITED.includes(graph[`size-out/${r.file}`]?.source));
  const loader = await measureLoader(
    entry.replace(/^size-out\//, ''),
    preload.map((r) => r.file),
  );
  if (loader) rows.unshift(loader);
  return { rows, ...summarize(rows) };
}

/** `consentry.js`, the classic loader, as the build makes it (an IIFE with the chunk names written in). */
async function measureLoader(entry, preload) {
  if (!existsSync(join(ROOT, LOADER))) return undefined;
  const loader = await build({
    entryPoints: [join(ROOT, LOADER)],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    platform: 'browser',
    write: false,
    legalComments: 'none',
    define: {
      __CONSENTRY_ENTRY__: JSON.stringify(`consentry/${entry}`),
      __CONSENTRY_PRELOAD__: JSON.stringify(preload.map((file) => `consentry/${file}`)),
    },
  });
  const source = `${LOADER} (classic loader, IIFE)`;
  return { file: 'consentry.js', kind: 'critical', source, ...sizes(loader.outputFiles[0].contents) };
}

/**
 * The script tag bundled by Vite (Rolldown) in memory, as vite.config.ts
 * builds `dist/consentry/` (ES2022, minified, the preload helper reduced to a
 * plain call, start-up's static imports in the entry chunk): what visitors get
 * when the real bundler splits the code.
 */
export async function measureVite() {
  const { build: viteBuild } = await import('vite');
  const result = await viteBuild({
    configFile: false,
    root: ROOT,
    base: './',
    logLevel: 'silent',
    publicDir: false,
    // As vite.config.ts: Vite's preload helper reduced to a plain call.
    plugins: [
      {
        name: 'consentry:plain-dynamic-imports',
        enforce: 'pre',
        load: (id) =>
          id === '\0vite/preload-helper.js' ? 'export const __vitePreload = (load) => load();' : undefined,
      },
    ],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      rolldownOptions: {
        input: { main: join(ROOT, SCRIPT_TAG) },
        // As vite.config.ts: start-up's static imports in the entry chunk, expiry.ts apart.
        preserveEntrySignatures: 'allow-extension',
        output: {
          codeSplitting: {
            groups: [
              { name: 'expiry', test: /[\\/]expiry\.ts$/, priority: 2 },
              { name: 'main', tags: ['$initial'], priority: 1 },
            ],
          },
        },
      },
    },
  });
  const chunks = (Array.isArray(result) ? result[0] : result).output.filter((c) => c.type === 'chunk');
  const graph = Object.fromEntries(
    chunks.map((c) => [
      c.fileName,
      {
        imports: c.imports,
        dynamicImports: c.dynamicImports,
        source: c.facadeModuleId ? relative(ROOT, c.facadeModuleId) : undefined,
        modules: Object.keys(c.modules),
      },
    ]),
  );
  const entry = chunks.find((c) => c.isEntry).fileName;
  const kind = classify(
    graph,
    entry,
    (f) => AWAITED.includes(graph[f].source),
    (f) => OPT_IN.includes(graph[f]?.source),
  );
  const rows = chunks
    .map((c) => ({
      file: c.fileName,
      kind: kind[c.fileName],
      source:
        graph[c.fileName].source ??
        `shared: ${graph[c.fileName].modules.map((m) => m.replace(/^.*\//, '')).join(', ')}`,
      ...sizes(Buffer.from(c.code)),
    }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.brotli - a.brotli);
  const preload = rows.filter((r) => r.kind === 'critical' && !AWAITED.includes(graph[r.file].source));
  const loader = await measureLoader(
    entry,
    preload.map((r) => r.file),
  );
  if (loader) rows.unshift(loader);
  return { rows, ...summarize(rows) };
}

/** The files of the real build, when there is one (`dist/consentry.js`). */
export function measureDist(dist = join(ROOT, 'dist')) {
  if (!existsSync(join(dist, 'consentry.js'))) return undefined;
  const manifestPath = join(dist, '.vite', 'manifest.json');
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : undefined;
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === '.vite') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(m?js|css)$/.test(name)) files.push(relative(dist, path));
    }
  };
  walk(dist);
  // Only the script tag's files: dist also holds the demo site and the admin page.
  const listed = new Set(['consentry.js', ...Object.values(manifest ?? {}).flatMap((c) => [c.file, ...(c.css ?? [])])]);
  const ours = files.filter((f) => (manifest ? listed.has(f) : f === 'consentry.js' || f.startsWith('consentry/')));
  files.length = 0;
  files.push(...ours);
  let kind = Object.fromEntries(files.map((f) => [f, 'unclassified']));
  if (manifest) {
    // Manifest keys are sources; chunks point at each other by key.
    const graph = {};
    const fileOf = (key) => manifest[key]?.file;
    for (const [key, chunk] of Object.entries(manifest)) {
      graph[chunk.file] = {
        imports: (chunk.imports ?? []).map(fileOf).filter(Boolean),
        dynamicImports: (chunk.dynamicImports ?? []).map(fileOf).filter(Boolean),
        source: chunk.src ?? key,
        css: chunk.css ?? [],
      };
    }
    const sourceOf = (f) => graph[f]?.source ?? '';
    const matches = (list) => (f) => list.some((s) => sourceOf(f).endsWith(s.replace(/^packages\/banner\//, '')));
    // The classic loader imports the ES entry: both are on the critical path.
    const entries = Object.values(manifest).filter((c) => c.isEntry);
    const root = 'consentry.js';
    graph[root] ??= { imports: [], dynamicImports: [], source: root, css: [] };
    graph[root].imports.push(...entries.map((c) => c.file).filter((f) => f !== root));
    const classed = classify(graph, root, matches(AWAITED), matches(OPT_IN));
    kind = Object.fromEntries(
      files.map((f) => [f, classed[f] ?? (Object.values(graph).some((g) => g.css.includes(f)) ? 'css' : 'unlisted')]),
    );
  }
  const rows = files
    .map((file) => ({ file, kind: kind[file], source: '', ...sizes(readFileSync(join(dist, file))) }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.brotli - a.brotli);
  return { rows, manifest: Boolean(manifest), ...summarize(rows), all: sum(rows) };
}

/** Each core entry bundled alone. */
export async function measureCore() {
  const rows = [];
  for (const [name, contents] of Object.entries(CORE_ENTRIES)) {
    const result = await build({
      stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.ts` },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      legalComments: 'none',
    });
    rows.push({ file: name, ...sizes(result.outputFiles[0].contents) });
  }
  return rows;
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const line = (label, s, extra = '') =>
  `${label.padEnd(34)}${kb(s.raw).padStart(10)}${kb(s.gzip).padStart(10)}${kb(s.brotli).padStart(10)}  ${extra}`;
const header = (title) =>
  `\n${title}\n${'file'.padEnd(34)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`;

function printSplit(title, report) {
  console.log(header(title));
  for (const r of report.rows) console.log(line(`${r.kind.padEnd(9)}${r.file}`, r, r.source));
  console.log(line('= critical (first visit)', report.critical, 'budget 10 KB brotli'));
  console.log(line('= lazy', report.lazy));
  console.log(line('= everything by default', report.everything, 'budget 16 KB brotli'));
  console.log(line('= opt-in (data-validate)', report.optIn, 'not loaded by default'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const scriptTag = await measureScriptTag();
  const vite = await measureVite();
  const dist = measureDist();
  const core = await measureCore();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ scriptTag, vite, dist, core }, null, 2));
  } else {
    printSplit(`script tag: esbuild splitting of ${SCRIPT_TAG}`, scriptTag);
    printSplit('script tag: Vite (Rolldown) splitting, in memory, as vite.config.ts builds it', vite);
    if (dist) {
      printSplit(
        `real build: dist/ (${dist.manifest ? 'classed by .vite/manifest.json' : 'no manifest: unclassified'})`,
        dist,
      );
      console.log(line('= every file in dist', dist.all));
    } else console.log('\nreal build: no dist/consentry.js (run `npm run build` to measure it)');
    console.log(header('@consentry/core entries, bundled alone'));
    for (const r of core) console.log(line(r.file, r));
  }
}
