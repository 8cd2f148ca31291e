#!/usr/bin/env node
/**
 * Measures what Consentry costs a browser, in bytes (raw, gzip -9, brotli 11).
 * Bytes are deterministic: the same sources give the same figures, so the
 * budget test (test/size.test.ts) can hold them to a limit.
 *
 *   node scripts/size.mjs            the script tag, then the core entries
 *   node scripts/size.mjs --json     the same as JSON
 *
 * 1. The script tag built in memory exactly as vite.config.ts builds it
 *    (scripts/script-tag-build.mjs: Vite/Rolldown, the classic entry
 *    `consentry.js` and its lazy ES chunks), each file classed:
 *    - critical: what a first visit downloads before the banner shows —
 *      `consentry.js` and every chunk it imports statically (none: the build
 *      refuses it), the English strings and the CSS included;
 *    - lazy: what it can load later through `import()` (the first decision,
 *      idle time, the dialog, the manage button, another language);
 *    - opt-in: reachable only through an opt-in import (none today: the full
 *      zod schema is not in the script tag's graph at all).
 *    "Everything" is critical + lazy: what the script tag can ever load.
 * 2. The real build, when `dist/consentry.js` exists: the same classes, from
 *    `dist/.vite/manifest.json`.
 * 3. Entries of @consentry/core, bundled alone (what the server and SPAs import).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { SCRIPT_TAG_ENTRY, scriptTagConfig } from './script-tag-build.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The script tag's entry. */
export const SCRIPT_TAG = SCRIPT_TAG_ENTRY;
/** Dynamic imports start-up awaits before the banner shows (none: English is in the entry). */
export const AWAITED = [];
/** Dynamic imports that only an opt-in loads (none: no zod in the script tag). */
export const OPT_IN = [];

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

/**
 * The script tag bundled by Vite (Rolldown) in memory with the plugins and
 * options of vite.config.ts (scripts/script-tag-build.mjs): the files a
 * visitor's browser gets, each compressed on its own as a server sends it.
 */
export async function measureBuild() {
  const { build: viteBuild } = await import('vite');
  const result = await viteBuild(
    scriptTagConfig(ROOT, { configFile: false, logLevel: 'silent', build: { write: false } }),
  );
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
      source: `${graph[c.fileName].modules.map((m) => m.replace(/^.*\//, '')).join(', ')}`,
      ...sizes(Buffer.from(c.code)),
    }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.brotli - a.brotli);
  // A page in another built-in language waits for that language's chunk too before the banner shows.
  const languages = {};
  for (const row of rows) {
    const language = /^i18n\/(\w+)\.ts$/.exec(graph[row.file].source?.replace(/^packages\/banner\/src\//, '') ?? '');
    if (language && row.kind === 'lazy') languages[language[1]] = sum([summarize(rows).critical, row]);
  }
  return { rows, ...summarize(rows), firstVisitIn: languages };
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
    const root = 'consentry.js';
    graph[root] ??= { imports: [], dynamicImports: [], source: root, css: [] };
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
  for (const [language, s] of Object.entries(report.firstVisitIn ?? {}))
    console.log(line(`= first visit, a "${language}" page`, s, `critical + its strings, fetched before the banner`));
  console.log(line('= lazy', report.lazy));
  console.log(line('= everything by default', report.everything, 'budget 16 KB brotli'));
  if (report.optIn.raw) console.log(line('= opt-in', report.optIn, 'not loaded by default'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const scriptTag = await measureBuild();
  const dist = measureDist();
  const core = await measureCore();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ scriptTag, dist, core }, null, 2));
  } else {
    printSplit(`script tag (${SCRIPT_TAG}), built in memory as vite.config.ts builds it`, scriptTag);
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
