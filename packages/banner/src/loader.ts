/**
 * `consentry.js`, the classic script of the script tag (DESIGN.md "Contracts"):
 *
 *   <script src="https://consent.example.com/consentry.js" data-config="#consentry-config"></script>
 *
 * A classic script cannot import ES modules statically, and lazy ES chunks that
 * imported a classic entry would run it again; so this file is a small loader
 * and everything else is one ordinary ES module graph (code splitting, lazy
 * dialog and languages) next to it. While the parser waits on this script it:
 *
 * 1. reads `document.currentScript` (only set now) for `data-config` and its URL;
 * 2. pushes the Consent Mode `default`, all denied (RULES.md 14), so it precedes
 *    every tag after it on the page; the runtime does not push it again;
 *    and starts opening the IndexedDB store, which takes as long as loading
 *    the modules on a first visit (store.ts `openEarly`);
 * 3. preloads the modules start-up needs (`<link rel="modulepreload">`), the
 *    strings of the page's language among them, and
 *    imports the ES entry, both resolved against this script's URL, so the
 *    bundle works from another origin than the page (the server sends
 *    `Access-Control-Allow-Origin: *` for them: module fetches use CORS).
 *
 * The file names come from the build (vite.config.ts writes them in).
 */
import { consentDefaultEarly } from './consent-mode.js';
import { openEarly } from './store.js';

/** The ES entry, relative to this script (e.g. `consentry/main-1a2b3c.js`). */
declare const __CONSENTRY_ENTRY__: string;
/** Every module the entry imports statically, transitively: fetched in parallel. */
declare const __CONSENTRY_PRELOAD__: string[];
/** The strings chunk of each built-in language, by language. */
declare const __CONSENTRY_LOCALES__: Record<string, string>;

const LOADED = Symbol.for('consentry.loader');
const win = window as Window & { [LOADED]?: boolean };
const script = document.currentScript as HTMLScriptElement | null;

// Twice on a page (a tag copied into a template): the first one wins.
if (!win[LOADED]) {
  win[LOADED] = true;
  consentDefaultEarly(win);
  openEarly('consentry');
  const base = script?.src || document.baseURI;
  const url = (file: string) => new URL(file, base).href;
  // The page's language is start-up's likely choice (i18n/locale.ts): its strings load with the entry,
  // not after it has run. A site whose config names another locale loads that one as well.
  const language = (document.documentElement.lang || navigator.language).split('-')[0]!.toLowerCase();
  const strings = __CONSENTRY_LOCALES__[language];
  for (const file of strings ? [...__CONSENTRY_PRELOAD__, strings] : __CONSENTRY_PRELOAD__) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = url(file);
    document.head.append(link);
  }
  import(/* @vite-ignore */ url(__CONSENTRY_ENTRY__)).then(
    (entry: typeof import('./script-tag.js')) => entry.start(script),
    (error: unknown) => console.error('consentry: the banner failed to load; nothing gated runs', error),
  );
}
