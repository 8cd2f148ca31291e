/**
 * `consentry`: the page's one consent API, for single-page apps — the same
 * methods as `window.consentry` of the script tag (DESIGN.md "Contracts").
 * It is created on first use: by `start(config)`, or by any other method,
 * which reads the page's `<script type="application/json" id="consentry-config">`.
 * Starting shows the banner when the visitor must be asked and makes `open()`
 * show the preferences dialog. When the script tag already runs on the page,
 * every method goes to its `window.consentry`, so both see one choice.
 */
import { readConfig, startConsentry } from './boot.js';
import { refusingApi } from './runtime.js';
import type { ConsentryApi, ConsentryEventName, ConsentryEvents } from './types.js';

/** Options of {@link consentry}`.start`. */
export interface ConsentryStartOptions {
  /** The site config (DESIGN.md "Contracts"); default: the JSON in `#consentry-config`. */
  config?: unknown;
  document?: Document;
}

/** The singleton: the public API, plus an explicit start. */
export interface ConsentrySingleton extends ConsentryApi {
  /** Starts with this config (once per page; later calls return the running API). */
  start(options?: ConsentryStartOptions): ConsentryApi;
}

let running: ConsentryApi | undefined;

function start({ config, document: doc = document }: ConsentryStartOptions = {}): ConsentryApi {
  if (running) return running;
  if (window.consentry) {
    running = window.consentry;
    return running;
  }
  let source = config;
  if (source === undefined) {
    const read = readConfig(doc, doc.querySelector<HTMLScriptElement>('script[data-config]'));
    // readConfig said on the console what is wrong; the API refuses (said once, not twice).
    if (read instanceof Error) {
      running = refusingApi(read);
      return running;
    }
    source = read;
  }
  const { api, mounted } = startConsentry({ config: source, document: doc });
  mounted.catch((error: unknown) => console.error('consentry:', error));
  window.consentry = api;
  running = api;
  return api;
}

const current = () => running ?? start();

/**
 * The consent API of this page, created on first use.
 *
 * @example
 * import { consentry } from '@consentry/banner';
 *
 * consentry.start({ config });              // or let the first call read #consentry-config
 * consentry.on('change', ({ choices }) => {
 *   if (choices.audience) startAnalytics();
 * });
 * settingsLink.onclick = () => consentry.open();
 */
export const consentry: ConsentrySingleton = {
  start,
  get: () => current().get(),
  acceptAll: () => current().acceptAll(),
  rejectAll: () => current().rejectAll(),
  save: (choices) => current().save(choices),
  dismiss: () => current().dismiss(),
  withdraw: () => current().withdraw(),
  open: () => current().open(),
  on: <E extends ConsentryEventName>(event: E, fn: (detail: ConsentryEvents[E]) => void) => current().on(event, fn),
  ready: () => current().ready(),
  proofs: () => current().proofs(),
};
