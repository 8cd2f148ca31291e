/**
 * The bundle budget (issue 4), checked on every `npm run test:node`: the
 * script tag is built in memory exactly as vite.config.ts builds it
 * (scripts/size.mjs `measureBuild`) and its brotli bytes are held to limits.
 * Bytes are deterministic — the same sources and the same bundler give the
 * same figures — so this test cannot flake; it fails when a change makes a
 * first visit (or everything the script tag can load) heavier than the limit.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'vite';
import { idbWithoutAddOns, oneLazyChunk } from '../scripts/script-tag-build.mjs';
// @ts-expect-error scripts/size.mjs is plain JavaScript without types
import { measureBuild } from '../scripts/size.mjs';

const KB = 1024;
/**
 * What a first visit downloads before the banner shows: `consentry.js` alone
 * (Lit's templates, the runtime, the first layer, its CSS, the English
 * strings). Goal 10 KB brotli: met, 9.96 KB (2026-12-03, evening: +0.13 KB for the
 * review's fixes: a refusing window.consentry on a refused config, Accept all
 * granting only the named tiers, save() keeping only configured services, a
 * same-policy decision from another tab in force at once, the manage button's
 * idle placement, an early open() kept; 9.83 KB before: Terser after Rolldown,
 * −0.12 KB, then the lone-surrogate check of config texts, +0.04 KB, and the cross-tab guard, +0.01 KB; 9.90 KB before, 9.77 KB
 * before the focus, cross-tab and failure-path fixes; was 12.89 KB). It moves by
 * a few dozen bytes when the lazy chunk changes: the chunk's hashed name and
 * the build-keyed hash of the shared object are in it.
 */
const CRITICAL_LIMIT = 10 * KB;
/**
 * A first visit on a French page (the config's `locale`, `<html lang>` or the
 * browser's language): `consentry.js` and then the French strings, fetched
 * before the banner shows. The 10 KB counts the strings: NOT met,
 * 10.77 KB (2026-12-03, first measured that day at 10.64 KB, before the review's fixes). English is in `consentry.js` so
 * that an English page needs no second request; French in it too would put
 * every first visit at about 10.5 KB. The limit holds it.
 */
const FRENCH_FIRST_VISIT_LIMIT = 10.8 * KB;
/**
 * Everything the script tag can ever load, lazy chunks included (gating, the
 * dialog, the decision and record code with idb, the manage button, French;
 * no zod: the start-up check gives the schema's verdicts). Goal 16 KB brotli,
 * NOT met: 17.60 KB (2026-12-03, evening: +0.44 KB for the review's fixes — a
 * refusing API on a refused config, Accept all on named tiers, configured
 * services only, a withdrawal from a tab on another policy version applied
 * here, the automatic manage button, Reject all after a consent recorded as
 * withdraw, an early open() kept; 17.16 KB before, with Terser after Rolldown −0.19 KB and the
 * lone-surrogate check +0.04 KB; 17.29 KB before, with the focus, cross-tab,
 * failure-path and language-switch fixes; 17.05 KB before them, with the notice hashed by jcs-compact.ts;
 * 17.40 KB the day before, 18.08 KB that morning, 21.73 KB before, 29.3 KB
 * with the zod check); the limit is that plus about 0.15 KB so that nothing
 * grows unnoticed. Lower it whenever a change makes it smaller.
 */
const EVERYTHING_LIMIT = 17.75 * KB;

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
  firstVisitIn: Record<string, Sizes>;
  everything: Sizes;
  optIn: Sizes;
}

const kb = (n: number) => `${(n / KB).toFixed(2)} KB`;

describe('bundle budget (brotli 11, the script tag as vite.config.ts builds it)', () => {
  let report: Report | undefined;
  const measured = async () => {
    report ??= (await measureBuild()) as Report;
    return report;
  };

  it(`a first visit downloads one file of at most ${kb(CRITICAL_LIMIT)} before the banner shows`, async () => {
    const { critical, rows } = await measured();
    const files = rows.filter((r) => r.kind === 'critical');
    assert.deepEqual(
      files.map((r) => r.file),
      ['consentry.js'],
    );
    assert.ok(critical.brotli <= CRITICAL_LIMIT, `critical ${kb(critical.brotli)}`);
  });

  it(`a first visit on a French page downloads at most ${kb(FRENCH_FIRST_VISIT_LIMIT)} before the banner shows`, async () => {
    const { firstVisitIn, critical } = await measured();
    assert.deepEqual(Object.keys(firstVisitIn), ['fr'], 'one language chunk besides the English in consentry.js');
    const fr = firstVisitIn.fr!;
    assert.ok(fr.brotli > critical.brotli, 'the French strings come on top of consentry.js');
    assert.ok(fr.brotli <= FRENCH_FIRST_VISIT_LIMIT, `French first visit ${kb(fr.brotli)}`);
  });

  it(`everything the script tag can load is at most ${kb(EVERYTHING_LIMIT)}`, async () => {
    const { everything, rows } = await measured();
    const files = rows.map((r) => `${r.file} ${kb(r.brotli)}`);
    assert.ok(everything.brotli <= EVERYTHING_LIMIT, `everything ${kb(everything.brotli)}: ${files.join(', ')}`);
  });

  it('the script tag never loads zod: the full schema is not in its graph', async () => {
    const { rows, optIn } = await measured();
    assert.deepEqual(
      rows.filter((r) => /schema|zod/.test(r.source)).map((r) => r.file),
      [],
    );
    assert.equal(optIn.brotli, 0);
  });

  it('the same sources give the same bytes (the limits are exact, not statistical)', async () => {
    const again = (await measureBuild()) as Report;
    const first = await measured();
    assert.deepEqual(again.critical, first.critical);
    assert.deepEqual(again.everything, first.everything);
  });
});

describe('idb in the script tag (scripts/script-tag-build.mjs idbWithoutAddOns)', () => {
  const idb = readFileSync(
    createRequire(import.meta.url)
      .resolve('idb')
      .replace(/index\.cjs$/, 'index.js'),
    'utf8',
  );

  it("keeps idb's wrap and leaves out the database shortcuts and async iterators", () => {
    const core = idbWithoutAddOns(idb);
    assert.match(core, /function wrap\(/);
    assert.match(core, /export \{ deleteDB, openDB, unwrap, wrap \};\s*$/);
    for (const addOn of ['getMethod', 'async function* iterate', 'isIteratorProp'])
      assert.equal(core.includes(addOn), false, addOn);
    assert.ok(idb.length - core.length > 2000, `${idb.length - core.length} characters left out`);
  });

  it('refuses an idb build of another shape rather than bundle it wrongly', () => {
    assert.throws(() => idbWithoutAddOns('function wrap(v) { return v; }\nexport { wrap };\n'), /idb's build changed/);
  });
});

describe('one lazy chunk (scripts/script-tag-build.mjs oneLazyChunk)', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const transform = (file: string, code: string) => {
    const plugin = oneLazyChunk(root);
    plugin.buildStart();
    return plugin.transform.call({ parse: parseAst }, code, join(root, 'packages/banner/src', file));
  };

  it('sends each lazy import to lazy.ts, and leaves the languages their own chunks', () => {
    const out = transform(
      'preferences-opener.ts',
      "const a = import('./preferences/open.js'); const b = import('./i18n/fr.js');",
    );
    assert.equal(out?.code, 'const a = import("./lazy.js"); const b = import(\'./i18n/fr.js\');');
    assert.equal(transform('manage/x.ts', "import('../record.js')")?.code, 'import("../lazy.js")');
  });

  it('fails the build on a lazy import that lazy.ts does not re-export', () => {
    assert.throws(
      () => transform('runtime.ts', "import('./cookies.js')"),
      /re-export it from packages\/banner\/src\/lazy\.ts/,
    );
  });

  it('re-exports every value of its modules that no module imports statically (the dynamic ones)', () => {
    // A binding the script tag reaches through `import()` but lazy.ts omits is undefined there, and
    // no type checks it: the npm package's modules have it. Kept in step by reading the sources.
    const dir = join(root, 'packages/banner/src');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const src = (file: string) => readFileSync(join(dir, file), 'utf8');
    const reexports = [...src('lazy.ts').matchAll(/export \{([^}]+)\} from '\.\/([^']+)\.js'/g)];
    assert.ok(reexports.length > 3, 'lazy.ts re-exports its modules');
    for (const [, names, module] of reexports) {
      const listed = new Set(names!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]));
      const base = module!.split('/').at(-1);
      const imported = (name: string) =>
        files.some(
          (f) =>
            f !== 'lazy.ts' &&
            new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '[^']*\\b${base}\\.js'`).test(src(f)),
        );
      for (const [, name] of src(`${module}.ts`).matchAll(
        /^export (?:async function|function|const|let|class) (\w+)/gm,
      )) {
        assert.ok(listed.has(name!) || imported(name!), `lazy.ts does not re-export ${name} from ./${module}.js`);
      }
    }
  });
});
