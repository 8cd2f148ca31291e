/**
 * How the script tag is bundled, shared by vite.config.ts (the real build)
 * and scripts/size.mjs (the same build in memory, for the budget test).
 *
 * `consentry.js` is ONE classic script holding everything a first visit needs
 * before the banner shows (Lit's templates, the runtime, the first layer, its
 * CSS, the English strings): no second request before the banner, and the
 * Consent Mode `default` is pushed while the parser waits on it (RULES.md 14,
 * DESIGN.md "Contracts": a plain `<script src>`, no `type="module"`). What
 * loads later (the dialog, the decision and record code, the outbox, the
 * manage button, French) are ordinary ES modules in `consentry/`, loaded with
 * `import()` — which a classic script may call, resolved against its own URL,
 * so the bundle works from another origin.
 *
 * Rolldown builds one ES graph (entry `consentry.js`, chunks in
 * `consentry/`); then {@link classicEntry} turns the entry into a classic
 * script: its body is wrapped in a function (nothing leaks into the page's
 * global scope), its exports — the bindings the lazy chunks share with it,
 * Lit among them — go to one object on `globalThis` under a key unique to the
 * build, and each lazy chunk's `import {…} from "../consentry.js"` reads that
 * object instead. The result is checked: the entry must compile as a classic
 * script and no chunk may still import it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Script } from 'node:vm';

export const SCRIPT_TAG_ENTRY = 'packages/banner/src/script-tag.ts';
export const ENTRY_FILE = 'consentry.js';

/**
 * Vite wraps every dynamic import of a client build in its preload helper
 * (`__vitePreload(() => import(…), deps, import.meta.url)`) even with
 * `build.modulePreload: false`, where the deps are always empty: 0.74 KB
 * brotli for nothing. This replaces the helper's module with a plain call (the
 * wrapped calls stay, a few bytes). The one difference: a failed lazy import
 * no longer dispatches Vite's `vite:preloadError` event on the window before
 * rejecting (nothing listens for it; the callers handle the rejection).
 */
export function plainDynamicImports() {
  return {
    name: 'consentry:plain-dynamic-imports',
    enforce: 'pre',
    load(id) {
      if (id === '\0vite/preload-helper.js') return 'export const __vitePreload = (load) => load();';
    },
  };
}

/** idb's ES build, the one module of the package (`idb` resolves to it), by path or URL. */
export const IDB_BUILD = /[\\/]node_modules[\\/]idb[\\/]build[\\/]index\.js$/;

/**
 * idb's build without its two add-ons, which patch idb's proxy traps as a side
 * effect of loading it, so no bundler can drop them: the database shortcuts
 * (`db.get(store, key)`, `db.getAll`…) and async iteration of stores and
 * cursors (`store.iterate()`, `for await`). Consentry uses neither: its store
 * works in transactions (store-ops.ts, whose `Db` type has no shortcut). What
 * stays is idb itself, `wrap` and the promise-based objects it returns: 0.43 KB
 * brotli less. Throws if idb's build no longer has the shape this relies on.
 */
export function idbWithoutAddOns(code) {
  const addOns = code.indexOf('\nconst readMethods = ');
  const exports = code.lastIndexOf('\nexport { ');
  if (addOns < 0 || exports < addOns || !code.slice(addOns, exports).includes('async function* iterate(')) {
    throw new Error("idb's build changed: its add-ons (database shortcuts, async iterators) were not found");
  }
  return code.slice(0, addOns) + code.slice(exports);
}

/** {@link idbWithoutAddOns} as a Vite plugin. */
export function idbCore() {
  return {
    name: 'consentry:idb-core',
    enforce: 'pre',
    transform(code, id) {
      if (IDB_BUILD.test(id)) return { code: idbWithoutAddOns(code), map: null };
    },
  };
}

/**
 * CSS: comments dropped, whitespace runs collapsed, and no space around
 * `{ } ; , >` or after `:` — safe for every stylesheet of the banner (no
 * strings or `url()` with such characters in them, checked by the UI tests).
 */
export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/**
 * Lit templates: a whitespace run with a line break becomes one space. HTML
 * renders any whitespace run as one space (the banner has no `<pre>`), and
 * Lit's parts stay where they are: the same DOM, fewer bytes.
 */
export function collapseTemplate(text) {
  return text.replace(/[ \t]*\n\s*/g, ' ');
}

/** A module of the banner's own code. */
const BANNER_SOURCE = /[\\/]packages[\\/]banner[\\/]src[\\/].*\.ts$/;

/**
 * `code` with the edits `pick` returns for the nodes of its syntax tree
 * (`[start, end, text]` each), as a transform hook's result; undefined when
 * nothing changes.
 */
function rewriteNodes(code, tree, pick) {
  const edits = [];
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    edits.push(...(pick(node) ?? []));
    for (const key of Object.keys(node)) if (key !== 'type') visit(node[key]);
  };
  visit(tree);
  if (!edits.length) return undefined;
  let out = code;
  for (const [start, end, text] of edits.sort((x, y) => y[0] - x[0])) out = out.slice(0, start) + text + out.slice(end);
  return { code: out, map: null };
}

/**
 * Minifies the static text of the banner's `css`…`` stylesheets and
 * `html`/`svg`…`` templates, found in the syntax tree (after TypeScript is
 * stripped), so that no expression inside `${…}` is ever touched.
 */
export function minifyTemplates() {
  return {
    name: 'consentry:minify-templates',
    transform(code, id) {
      if (!BANNER_SOURCE.test(id) || !/\b(css|html|svg)`/.test(code)) return undefined;
      return rewriteNodes(code, this.parse(code), (node) => {
        if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier') return undefined;
        const tag = node.tag.name;
        const minify = tag === 'css' ? minifyCss : tag === 'html' || tag === 'svg' ? collapseTemplate : undefined;
        if (!minify || (tag === 'css' && node.quasi.quasis.length > 1)) return undefined;
        // ESTree: a quasi spans its raw text only (oxc, acorn); guard anyway.
        return node.quasi.quasis
          .filter((quasi) => code.slice(quasi.start, quasi.end) === quasi.value.raw)
          .map((quasi) => [quasi.start, quasi.end, minify(quasi.value.raw)]);
      });
    },
  };
}

/** The one module the script tag loads after the banner (its `import()`s all lead there). */
export const LAZY_MODULE = 'packages/banner/src/lazy.ts';

/** `./x.js` imported from `dir`, as the TypeScript file it names. */
const sourceOf = (dir, specifier) => join(dir, specifier).replace(/\.js$/, '.ts');

/**
 * Each `import('./x.js')` of the banner's code that the script tag loads after
 * the banner becomes an `import()` of {@link LAZY_MODULE}, which re-exports
 * them all: one chunk whose exports are the modules' own bindings, instead of
 * a chunk with a module namespace object (and a wrapper) per imported module.
 * The languages keep their own chunks. A lazy import of a module that
 * lazy.ts does not re-export fails the build: add it there.
 */
export function oneLazyChunk(root) {
  const facade = join(root, LAZY_MODULE);
  let members;
  return {
    name: 'consentry:one-lazy-chunk',
    buildStart() {
      const text = readFileSync(facade, 'utf8');
      members = new Set([...text.matchAll(/\bfrom\s+'(\.[^']+)'/g)].map((m) => sourceOf(dirname(facade), m[1])));
    },
    transform(code, id) {
      if (id === facade || !BANNER_SOURCE.test(id) || !code.includes('import(')) return undefined;
      return rewriteNodes(code, this.parse(code), (node) => {
        if (node.type !== 'ImportExpression' || node.source.type !== 'Literal') return undefined;
        const target = sourceOf(dirname(id), node.source.value);
        if (/[\\/]i18n[\\/]/.test(target)) return undefined;
        if (!members.has(target)) {
          throw new Error(
            `script tag: ${relative(root, id)} imports ${node.source.value} lazily; re-export it from ${LAZY_MODULE}`,
          );
        }
        const path = relative(dirname(id), facade).replace(/\\/g, '/').replace(/\.ts$/, '.js');
        return [[node.source.start, node.source.end, JSON.stringify(path.startsWith('.') ? path : `./${path}`)]];
      });
    },
  };
}

/** The script's own URL, in the entry's scope (a name the minifier never makes: it has a `$$`). */
const BASE = '$$consentryBase';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One `import{a as b,c}from"<file>";` statement of a minified chunk. */
const importOf = (file) => new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["'\`]${escapeRegExp(file)}["'\`];?`, 'g');
/** One `import"<file>";` statement (for its side effects only). */
const bareImportOf = (file) => new RegExp(`import\\s*["'\`]${escapeRegExp(file)}["'\`];?`, 'g');
/** The names of an import or export list (`a as b,c`): `[['a', 'b'], ['c', 'c']]`. */
const names = (list) =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [left, right = left] = s.split(/\s+as\s+/);
      return [left, right];
    });
/** Import specifiers as a destructuring pattern: `a as b,c` → `a:b,c`. */
const pattern = (specifiers) =>
  names(specifiers)
    .map(([imported, local]) => (local === imported ? imported : `${imported}:${local}`))
    .join(',');

/** The entry chunk as a classic script, and the lazy chunks reading its shared bindings. */
export function classicEntry() {
  return {
    name: 'consentry:classic-entry',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry);
        if (!entry || entry.fileName !== ENTRY_FILE) throw new Error(`script tag: the entry must be ${ENTRY_FILE}`);
        if (entry.imports.length)
          throw new Error(`script tag: the entry imports ${entry.imports.join(', ')} statically`);
        const key = `consentry@${createHash('sha256').update(entry.code).digest('hex').slice(0, 12)}`;
        const shared = `globalThis[Symbol.for(${JSON.stringify(key)})]`;

        // The entry: `export{x as a,start}` at the end becomes the shared object.
        const exports = /export\s*\{([^}]*)\};?\s*$/.exec(entry.code);
        let body = entry.code;
        let assign = '';
        if (exports) {
          body = body.slice(0, exports.index);
          const props = names(exports[1]).map(([local, exported]) =>
            exported === local
              ? local
              : `${/^[A-Za-z_$][\w$]*$/.test(exported) ? exported : JSON.stringify(exported)}:${local}`,
          );
          assign = `${shared}={${props.join(',')}};`;
        }
        // `import.meta.url` only appears as the (ignored) argument of the reduced preload helper.
        body = body.replaceAll('import.meta.url', 'void 0');
        // A cross-origin classic script loaded without CORS resolves `import()` against about:blank:
        // each lazy chunk is imported by its absolute URL, from this script's own.
        const rewritten = new Set();
        body = body.replace(/\bimport\((["'`])\.\/([^"'`$]+)\1\)/g, (_, quote, path) => {
          rewritten.add(path);
          return `import(new URL(${quote}./${path}${quote},${BASE}).href)`;
        });
        const expected = [...new Set(entry.dynamicImports)].sort().join(', ');
        if ([...rewritten].sort().join(', ') !== expected) {
          throw new Error(`script tag: rewrote the imports of ${[...rewritten].join(', ')}, expected ${expected}`);
        }
        // Twice on a page (a tag copied into a template): the first one runs, the second does nothing.
        entry.code = `(function(){"use strict";if(${shared})return;var ${BASE}=document.currentScript?.src||document.baseURI;${body}\n${assign}})();\n`;
        try {
          new Script(entry.code, { filename: ENTRY_FILE });
        } catch (error) {
          throw new Error(`script tag: ${ENTRY_FILE} is not a valid classic script: ${error.message}`);
        }

        // Lazy chunks: import the shared bindings from the object instead of the entry module.
        for (const chunk of chunks) {
          if (chunk === entry || !chunk.imports.includes(ENTRY_FILE)) continue;
          const relative = `${'../'.repeat(chunk.fileName.split('/').length - 1)}${ENTRY_FILE}`;
          chunk.code = chunk.code
            .replace(importOf(relative), (_, specifiers) => `const{${pattern(specifiers)}}=${shared};`)
            .replace(bareImportOf(relative), '');
          if (chunk.code.includes(relative)) {
            throw new Error(`script tag: ${chunk.fileName} still refers to ${relative} after the rewrite`);
          }
        }
      },
    },
  };
}

/**
 * Terser's options for {@link terserPass}: its safe compressions only, three
 * passes; made anew for each file, since Terser writes into the options it is
 * given (a `compress` object shared with a module would later let it drop the
 * entry's "use strict" as redundant).
 */
export const terserOptions = (module) => ({
  ecma: 2020,
  module,
  compress: { passes: 3 },
  mangle: true,
  format: { comments: false },
});

/**
 * A second minifier over what Rolldown's (oxc) wrote, once the entry is a
 * classic script ({@link classicEntry}): Terser's safe compressions find what
 * oxc leaves (sequences, inlined single-use bindings, shorter conditionals),
 * and mangles again the names the entry's wrapper made local: 0.19 KB brotli
 * less in all, 0.12 KB of it before the banner (issue 4, 2026-12-03). The entry is
 * minified as the classic script it is, the lazy chunks as modules; the entry
 * is checked again as a classic script.
 */
export function terserPass() {
  return {
    name: 'consentry:terser',
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const { minify } = await import('terser');
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk') continue;
          const entry = chunk.fileName === ENTRY_FILE;
          const { code } = await minify(chunk.code, terserOptions(!entry));
          if (code === undefined) throw new Error(`script tag: terser returned nothing for ${chunk.fileName}`);
          chunk.code = `${code}\n`;
          if (entry && !chunk.code.startsWith('!function(){"use strict";'))
            throw new Error(`script tag: ${ENTRY_FILE} lost its "use strict" wrapper in Terser`);
          if (entry) new Script(chunk.code, { filename: ENTRY_FILE });
        }
      },
    },
  };
}

/**
 * The Rolldown options of the script-tag build: the entry (with everything
 * start-up imports statically, `$initial`) as `consentry.js`, and the lazy
 * chunks in `consentry/`: `lazy-<hash>.js`, everything after the banner
 * ({@link oneLazyChunk}: one file compresses better than several), and one
 * chunk per other language (a French page alone needs fr.ts). Hashed names
 * let the browser keep them.
 */
export function scriptTagRolldownOptions(input) {
  return {
    input: { consentry: input },
    preserveEntrySignatures: 'allow-extension',
    output: {
      entryFileNames: ENTRY_FILE,
      chunkFileNames: 'consentry/[name]-[hash].js',
      codeSplitting: { groups: [{ name: 'consentry', tags: ['$initial'], priority: 3 }] },
    },
  };
}

/**
 * The Vite config of the script-tag build, rooted at `root` (callers outside
 * vite.config.ts add `configFile: false`): what
 * vite.config.ts builds into `dist/`, and what `npm run size` and
 * `npm run screenshots` build the same way. `build` adds to the build options
 * (`outDir`, `write`, `manifest`…).
 *
 * @example
 * await build(scriptTagConfig(ROOT, { configFile: false, logLevel: 'silent', build: { write: false } }));
 */
export function scriptTagConfig(root, { build = {}, ...rest } = {}) {
  return {
    root,
    // Chunks import each other relatively, so the bundle works from any URL and origin.
    base: './',
    publicDir: false,
    plugins: [idbCore(), oneLazyChunk(root), minifyTemplates(), plainDynamicImports(), classicEntry(), terserPass()],
    ...rest,
    build: {
      minify: true,
      target: 'es2022',
      // Vite's preload helper would resolve chunk URLs against the page; nothing needs preloading.
      modulePreload: false,
      rolldownOptions: scriptTagRolldownOptions(join(root, SCRIPT_TAG_ENTRY)),
      ...build,
    },
  };
}
