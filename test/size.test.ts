/**
 * The bundle budget (issue 4), checked on every `npm run test:node`: the
 * script tag is bundled with esbuild code splitting (scripts/size.mjs) and its
 * brotli bytes are held to limits. Bytes are deterministic — the same sources
 * and the same esbuild give the same figures — so this test cannot flake; it
 * fails when a change makes a first visit (or everything the script tag can
 * load by default) heavier than the limit.
 *
 * The goals are 10 KB for the first visit and 16 KB for everything; where the
 * achieved figure is above a goal, the limit is the achieved figure plus a
 * small margin (docs and the closing note say by how much the goal is missed).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error scripts/size.mjs is plain JavaScript without types
import { measureScriptTag, measureVite } from '../scripts/size.mjs';

const KB = 1024;
/**
 * What a first visit downloads before the banner shows (loader, entry, Lit,
 * first layer, CSS, English strings). Goal 10 KB brotli, NOT met: achieved
 * 14.22 KB (2026-11-22: +0.3 KB for the loader's early IndexedDB open and
 * strings preload, +0.04 KB for stricter link checks; was 15.25 KB); the limit is that plus about 0.2 KB so
 * that nothing grows unnoticed. Lower it whenever a change makes it smaller.
 */
const CRITICAL_LIMIT = 14.4 * KB;
/**
 * Everything the script tag can load by default, lazy chunks included. Goal
 * 16 KB brotli, NOT met: achieved 23.42 KB (was 30.9 KB with the zod chunk
 * loaded by default); the limit is that plus about 0.4 KB.
 */
const EVERYTHING_LIMIT = 23.6 * KB;
/** The opt-in full config check (`data-validate`), never loaded by default: 9.19 KB, kept in check too. */
const OPT_IN_LIMIT = 9.5 * KB;
/**
 * The same two figures for the real bundler: Vite (Rolldown) as vite.config.ts
 * builds `dist/consentry/` (scripts/size.mjs measureVite: the preload helper
 * reduced to a plain call, start-up's static imports in the entry chunk).
 * Achieved 12.90 KB critical (2026-11-22, was 14.12 KB) and 21.74 KB
 * everything (was 22.94 KB); the limits are those plus about 0.2 KB and 0.4 KB.
 */
const VITE_CRITICAL_LIMIT = 13.05 * KB;
const VITE_EVERYTHING_LIMIT = 21.9 * KB;

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}
interface Row extends Sizes {
  file: string;
  kind: 'critical' | 'lazy' | 'opt-in';
  source: string;
}
interface Report {
  rows: Row[];
  critical: Sizes;
  everything: Sizes;
  optIn: Sizes;
}

const kb = (n: number) => `${(n / KB).toFixed(2)} KB`;

describe('bundle budget (brotli 11, esbuild code splitting of the script tag)', () => {
  let report: Report | undefined;
  const measured = async () => {
    report ??= (await measureScriptTag()) as Report;
    return report;
  };

  it(`a first visit downloads at most ${kb(CRITICAL_LIMIT)} before the banner shows`, async () => {
    const { critical, rows } = await measured();
    const files = rows.filter((r) => r.kind === 'critical').map((r) => `${r.file} ${kb(r.brotli)}`);
    assert.ok(critical.brotli <= CRITICAL_LIMIT, `critical ${kb(critical.brotli)}: ${files.join(', ')}`);
  });

  it(`everything the script tag can load by default is at most ${kb(EVERYTHING_LIMIT)}`, async () => {
    const { everything } = await measured();
    assert.ok(everything.brotli <= EVERYTHING_LIMIT, `everything ${kb(everything.brotli)}`);
  });

  it('the full zod config check is opt-in: not reachable without data-validate', async () => {
    const { rows, optIn } = await measured();
    const zod = rows.filter((r) => r.source.includes('schema.ts'));
    assert.ok(zod.length > 0, 'the opt-in check is still a chunk of its own');
    assert.ok(
      zod.every((r) => r.kind === 'opt-in'),
      'the schema chunk is opt-in',
    );
    assert.ok(optIn.brotli <= OPT_IN_LIMIT, `opt-in ${kb(optIn.brotli)}`);
  });

  it('the same sources give the same bytes (the limits are exact, not statistical)', async () => {
    const again = (await measureScriptTag()) as Report;
    const first = await measured();
    assert.deepEqual(again.critical, first.critical);
    assert.deepEqual(again.everything, first.everything);
  });
});

describe('bundle budget (brotli 11, Vite (Rolldown) build of the script tag, as vite.config.ts)', () => {
  let report: Report | undefined;
  const measured = async () => {
    report ??= (await measureVite()) as Report;
    return report;
  };

  it(`a first visit downloads at most ${kb(VITE_CRITICAL_LIMIT)} before the banner shows`, async () => {
    const { critical, rows } = await measured();
    const files = rows.filter((r) => r.kind === 'critical').map((r) => `${r.file} ${kb(r.brotli)}`);
    assert.ok(critical.brotli <= VITE_CRITICAL_LIMIT, `critical ${kb(critical.brotli)}: ${files.join(', ')}`);
  });

  it(`everything the script tag can load by default is at most ${kb(VITE_EVERYTHING_LIMIT)}`, async () => {
    const { everything } = await measured();
    assert.ok(everything.brotli <= VITE_EVERYTHING_LIMIT, `everything ${kb(everything.brotli)}`);
  });
});
