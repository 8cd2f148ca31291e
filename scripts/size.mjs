#!/usr/bin/env node
/**
 * Measures what Consentry's packages cost a browser, in bytes: each entry is
 * bundled with esbuild (minified, ES2022, browser platform) and reported raw,
 * gzip -9 and brotli 11. `--json` prints the figures as JSON.
 *
 * Entries:
 *   start-up      what the banner needs before it shows: shape check, decision, notice hash
 *   core          @consentry/core's main entry, all of it (the model, no zod)
 *   config-check  the full site-config validation (zod/mini): a lazy chunk
 *   core+schema   core with every zod/mini schema (what the server uses)
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ENTRIES = {
  'start-up': "export { checkConfigShape, decide, noticeHash } from './packages/core/src/index.ts';",
  core: "export * from './packages/core/src/index.ts';",
  'config-check': "export { formatErrors, parseSiteConfig } from './packages/core/src/schema.ts';",
  'core+schema': "export * from './packages/core/src/index.ts'; export * from './packages/core/src/schema.ts';",
};

async function measure(name, contents) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts', sourcefile: `${name}.ts` },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
  });
  const bytes = result.outputFiles[0].contents;
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const rows = [];
for (const [name, contents] of Object.entries(ENTRIES)) rows.push(await measure(name, contents));

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
  console.log('entry'.padEnd(14), 'raw'.padStart(10), 'gzip'.padStart(10), 'brotli'.padStart(10));
  for (const r of rows)
    console.log(r.name.padEnd(14), kb(r.raw).padStart(10), kb(r.gzip).padStart(10), kb(r.brotli).padStart(10));
}
