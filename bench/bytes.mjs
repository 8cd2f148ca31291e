/**
 * What a site ships for its banner: raw, gzip -9 and brotli 11 of each file,
 * each compressed on its own as a server would send it (scripts/size.mjs
 * `sizes`, the same function for every library). Consentry's files are the real
 * build, classed by scripts/size.mjs `measureDist` (critical path vs lazy chunks)
 * from dist/.vite/manifest.json, exactly as `npm run size` reports them.
 */
import { readFileSync } from 'node:fs';
// @ts-expect-error scripts/size.mjs is plain JavaScript without types
import { measureDist, sizes } from '../scripts/size.mjs';
import { manifest, pageNames } from './pages.mjs';
import { DIST, pageFile } from './paths.mjs';

const ZERO = { raw: 0, gzip: 0, brotli: 0 };
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

function measureFiles(name, files) {
  const rows = files.map((file) => ({ file, ...sizes(readFileSync(pageFile(name, file))) }));
  return { files: rows, total: rows.reduce(add, ZERO) };
}

/** Consentry: the critical path (before the banner shows) and the total with every default lazy chunk. */
function measureConsentry() {
  const dist = measureDist(DIST);
  if (!dist?.manifest) throw new Error('bench: dist/consentry.js or its manifest is missing; run `npm run build`');
  const rows = dist.rows.map((r) => ({
    file: `dist/${r.file}`,
    kind: r.kind,
    raw: r.raw,
    gzip: r.gzip,
    brotli: r.brotli,
  }));
  const of = (kinds) => rows.filter((r) => kinds.includes(r.kind));
  return {
    files: of(['critical']),
    total: dist.critical,
    alternatives: {
      'total: critical + every lazy chunk it can load': {
        files: of(['critical', 'lazy']),
        total: dist.everything,
      },
    },
  };
}

/** Bytes of every page (all pages, whatever `--only` says: bytes are cheap and deterministic). */
export function measureBytes() {
  const result = {};
  for (const name of pageNames()) {
    const m = manifest(name);
    const entry = { label: m.label, package: m.package, version: m.version, notes: m.notes };
    if (m.files === 'dist') Object.assign(entry, measureConsentry());
    else {
      Object.assign(entry, measureFiles(name, m.files));
      entry.alternatives = Object.fromEntries(
        Object.entries(m.altFiles ?? {}).map(([label, files]) => [label, measureFiles(name, files)]),
      );
    }
    result[name] = entry;
  }
  return result;
}
