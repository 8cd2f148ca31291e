/**
 * The headless consent runtime: everything the banner does except drawing it.
 * A site may drive it from its own buttons; the Lit elements sit on top of it.
 *
 * Start-up is the critical path (bundle budget; RULES.md 1): Consent Mode
 * `default`, opening IndexedDB, the cheap config check. A first visit
 * (nothing stored) needs no more to show the banner. Everything else is
 * a dynamic import: gating (requested at once), the decision on a stored choice and the notice hash
 * (decide.ts), recording decisions, idb, proof sync and cookie deletion
 * (record.ts, loaded on the first decision or prefetched when the page is
 * idle). The config check is `checkConfigShape`: no zod in the browser (it
 * costs more than Lit); a test holds it to the zod schema's verdicts
 * (test/core/config-parity.test.ts).
 */
import type { Choices, ConsentAction, DecisionReason, FieldError } from '@consentry/core';
import { checkConfigShape, namedTiers, refuseAll } from '@consentry/core/start-up';
import { consentDefault, consentUpdate } from './consent-mode.js';
import { joinTabs } from './cross-tab.js';
import { domReady, idle } from './dom-ready.js';
import { createEvents } from './events.js';
import type { Gate } from './gating.js';
import type { Session } from './record.js';
import { openStore, storedHint } from './store.js';
import type { ConfigError, ConsentryRuntime, ConsentState, ErrorDetail } from './types.js';

/** Options of {@link createConsentry}. */
export interface ConsentryOptions {
  /** The site config as parsed JSON (DESIGN.md "Contracts"); checked here. */
  config: unknown;
  /** The language the banner is shown in. */
  locale: string;
  /**
   * Every text the banner and dialog show in `locale`: part of the notice whose
   * hash each proof carries. A promise lets the database open while the texts load.
   */
  messages: Record<string, string> | Promise<Record<string, string>>;
  /** The document to gate (default: the global one); its window gets `dataLayer` and the listeners. */
  document?: Document;
  /** The clock (tests; default `new Date()`). */
  now?: () => Date;
  /** Used to send proofs (default: the window's `fetch`). */
  fetch?: typeof fetch;
  /** IndexedDB database name (default `consentry`). */
  dbName?: string;
}

/**
 * Starts the runtime on a page and returns its API. Synchronous: Consent Mode
 * `default` is pushed and the database starts opening before it returns.
 *
 * @example
 * const consentry = createConsentry({ config, locale: 'fr', messages: fr });
 * const state = await consentry.ready();
 * if (state.ask) showBanner();
 */
export function createConsentry(options: ConsentryOptions): ConsentryRuntime {
  const doc = options.document ?? document;
  const win = doc.defaultView as Window & typeof globalThis;
  const events = createEvents(doc);
  const fail = (code: ErrorDetail['code'], message: string, cause?: unknown) =>
    events.emit('error', { code, message: `consentry: ${message}`, ...(cause === undefined ? {} : { cause }) });

  // RULES.md 14: Consent Mode `default` (all denied) before anything else can run.
  consentDefault(win);
  // Decide fast: the database opens first, while the rest of start-up runs.
  const dbName = options.dbName ?? 'consentry';
  const handle = openStore(dbName, (cause) =>
    fail('storage', 'IndexedDB unavailable, this page view keeps choices in memory', cause),
  );

  const shape = checkConfigShape(options.config);
  if (!shape.ok) {
    handle.close();
    return broken(shape.errors);
  }
  const config = shape.config;
  // The gate comes with the lazy code: until it runs, gated elements stay inert (`type="text/plain"`,
  // `data-src`), which is what "nothing before consent" needs (RULES.md 1). A stored choice loads it
  // at once; a first visit once the banner is up and the page idle, so that its download and
  // evaluation never delay the banner. On a first visit its first pass runs the essential tier on
  // its own, as start-up would have, before any decision reaches it.
  let loadedGate: Promise<Gate> | undefined;
  const gate = () =>
    (loadedGate ??= import('./gating.js').then(
      (m) => {
        const created = m.createGate(doc, (message) => fail('gating', message));
        if (early) created.apply(refuseAll());
        return created;
      },
      (cause) => {
        fail('gating', 'the gating code failed to load; nothing gated runs on this page', cause);
        return INERT_GATE;
      },
    ));
  let choices: Choices | null = null;
  let ready: ConsentState | undefined;
  let decisions = Promise.resolve();
  const tabs = joinTabs(win, config.site, (choice, subject) => {
    // The first decision in another tab made this browser's subject id: a later decision here is
    // logged under it too (GDPR 7(1), 7(3): a withdrawal under the id that consented).
    session.subject ??= subject;
    // Applied here without reload (GDPR 7(3)), at once, whatever the lazy chunk does; the cookies,
    // and from a tab on another policy version only its refusals: record.ts fromOtherTab.
    if (choice.policyVersion === config.policyVersion) loaded.then(() => enforce(choice.choices, choice.action));
    lazy().then(
      (m) => loaded.then(() => m.fromOtherTab(session, choice, choices, (next) => enforce(next, choice.action))),
      () => {},
    );
  });

  /** Puts choices in force on this page: signals first, then gated elements, then listeners. */
  const enforce = (next: Choices, action?: ConsentAction) => {
    choices = next;
    consentUpdate(win, next);
    gate().then((g) => g.apply(next));
    if (action) events.emit('change', { choices: next, action });
  };

  const session: Session = {
    doc,
    win,
    config,
    locale: options.locale,
    now: options.now ?? (() => new Date()),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    texts: Promise.resolve(options.messages),
    gpc: (win.navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
    handle,
    post: tabs.post,
    fail,
  };
  const lazy = () => import('./record.js');

  /** The state start-up reports: the stored choice in force, or why the banner asks. */
  const stateOf = (decision: { ask: boolean; reason: DecisionReason }): ConsentState => ({
    config,
    locale: options.locale,
    ask: decision.ask,
    reason: decision.reason,
    choices,
    gpc: session.gpc,
  });
  const announce = (state: ConsentState) => {
    ready = state;
    events.emit('ready', state);
    return state;
  };
  // No choice was ever stored in this browser (store.ts `storedHint`): ask now, while the database
  // opens; only essential runs (ePrivacy 5(3)). The read below still decides what holds.
  const early = storedHint.maybe(dbName) ? undefined : announce(stateOf({ ask: true, reason: 'no-choice' }));
  if (early) domReady(doc).then(() => idle(win, gate));

  const loaded: Promise<ConsentState> = handle.read().then(async (snapshot) => {
    // `??=`: another tab's first decision may have given the id while this read ran.
    session.subject ??= snapshot.subject;
    // Nothing stored (a first visit): ask, no decision code needed. If that code cannot load or
    // check it (the notice cannot be hashed), the stored choice cannot be checked: ask again rather
    // than leave essential scripts gated and the page without a banner.
    const ask = (reason: DecisionReason) => ({ ask: true, reason, choice: null });
    const decision = snapshot.choice
      ? await import('./decide.js')
          .then((m) => m.decideStored(session, snapshot.choice!))
          .catch((cause) => {
            fail('storage', 'the stored choice could not be checked; the visitor is asked again', cause);
            return ask('unreadable');
          })
      : ask('no-choice');
    // A choice stored before the hint existed, or whose hint was lost: set it for the next page.
    if (snapshot.choice) storedHint.set(dbName);
    // ePrivacy 5(3): only now is the choice known; without a valid one only essential runs.
    const stored = decision.choice;
    let state: ConsentState;
    if (early) {
      // The banner already asks. A valid stored choice takes over, as one made in another tab would:
      // in force at once, `change` tells the banner to go.
      if (stored) enforce(stored.choices, stored.action);
      state = stored ? stateOf(decision) : early;
      ready = state;
    } else {
      if (stored) enforce(stored.choices);
      else gate().then((g) => g.apply(refuseAll()));
      state = announce(stateOf(decision));
    }
    idle(win, () => {
      // Proofs wait from an earlier page: send them. The banner asks: have the decision code ready.
      if (snapshot.pending)
        lazy().then(
          (m) => m.sync(session),
          (cause) => fail('sync', 'sync code failed to load', cause),
        );
      // A failed prefetch is reported by the decision that needs it.
      else if (decision.ask) lazy().catch(() => {});
    });
    return state;
  });
  loaded.catch((cause) => fail('storage', 'start-up failed', cause));

  /**
   * Decisions run one after the other, after start-up. Each is in force on the
   * page at once (signals, gating, `change`); recording it waits for its code,
   * so a click while that chunk loads is never lost.
   */
  const record = (action: ConsentAction, next: Choices): Promise<void> => {
    const run = async () => {
      // The stored choice and the subject id are known (the read is done) before a new decision.
      await loaded;
      enforce(next, action);
      const code = await lazy().catch((cause) => {
        fail('storage', 'the decision code failed to load; this choice holds on this page only', cause);
        throw cause;
      });
      await code.record(session, action, next).catch((cause) => {
        // No proof, nothing stored (a notice that cannot be hashed, no Web Crypto): say so.
        fail('storage', 'this choice could not be recorded; it holds on this page only', cause);
        throw cause;
      });
      storedHint.set(dbName);
    };
    decisions = decisions.then(run, run);
    return decisions;
  };

  const onClick = (event: Event) => {
    if ((event.target as Element | null)?.closest?.('[data-consentry-open]')) api.open();
  };
  doc.addEventListener('click', onClick);

  const api: ConsentryRuntime = {
    get: () => choices,
    // RULES.md 2: only the purposes the banner names (namedTiers). RULES.md 15: under Global Privacy
    // Control, advertising stays refused unless chosen in the dialog.
    acceptAll: () =>
      record('accept-all', {
        ...refuseAll(),
        ...Object.fromEntries(namedTiers(config.services).map((tier) => [tier, tier === 'audience' || !session.gpc])),
      }),
    rejectAll: () => record('reject-all', refuseAll()),
    save: (partial) =>
      record('customize', {
        essential: true,
        audience: partial.audience === true,
        advertising: partial.advertising === true,
        // Only the config's services: another key would make a proof the log refuses.
        services: Object.fromEntries(
          Object.entries(partial.services ?? {}).filter(
            ([id, v]) => typeof v === 'boolean' && config.services.some((s) => s.id === id),
          ),
        ),
      }),
    dismiss: () => record('dismiss', refuseAll()),
    withdraw: () => record('withdraw', refuseAll()),
    open: () => events.emit('open', undefined),
    on(event, fn) {
      // A late `ready` listener still hears it: the UI may load after start-up.
      if (event === 'ready' && ready) {
        const state = ready;
        queueMicrotask(() => (fn as (s: ConsentState) => void)(state));
      }
      return events.on(event, fn);
    },
    // The latest state (an early ask is set at once; an early ask that a stored choice then
    // replaced is not reported again), else start-up's.
    ready: () => (ready ? Promise.resolve(ready) : loaded),
    proofs: async () => (await lazy()).proofs(session),
    destroy() {
      // A gate not loaded yet never will be: a later first-visit idle call gets the inert one.
      loadedGate ??= Promise.resolve(INERT_GATE);
      loadedGate.then((g) => g.stop());
      tabs.close();
      doc.removeEventListener('click', onClick);
      session.outbox?.then((box) => box?.stop());
      handle.close();
    },
  };
  return api;

  /** A malformed config: no banner, nothing gated runs, the console names the field (DESIGN.md). */
  function broken(errors: FieldError[]): ConsentryRuntime {
    const message = reportConfig(errors);
    // After return, so that `on('error')` listeners added right away hear it too.
    queueMicrotask(() => fail('config', message));
    return refusingApi(Object.assign(new Error(message), { code: 'config' as const, errors }), events.on);
  }
}

/**
 * The API of a page whose config was refused: no choice, every decision and
 * `ready()` reject with `error`, `open()` does nothing, and `on` (by default)
 * registers nothing: no event will come. The page's own code that calls it
 * keeps working (DESIGN.md: a malformed config never breaks the page).
 */
export function refusingApi(error: ConfigError, on: ConsentryRuntime['on'] = () => () => {}): ConsentryRuntime {
  const refuse = () => Promise.reject(error);
  return {
    get: () => null,
    acceptAll: refuse,
    rejectAll: refuse,
    save: refuse,
    dismiss: refuse,
    withdraw: refuse,
    open() {},
    on,
    ready: refuse,
    proofs: async () => [],
    destroy() {},
  };
}

/** Logs each bad field on the console and returns a one-line summary. */
function reportConfig(errors: FieldError[]): string {
  const lines = errors.map((e) => `${e.path || '(root)'}: ${e.message}`);
  console.error(`consentry: invalid config, the banner is not shown.\n${lines.join('\n')}`);
  return `invalid config: ${lines.join('; ')}`;
}

/** What gates nothing: the gating code failed to load, or the runtime was destroyed first. */
const INERT_GATE: Gate = { apply() {}, stop() {} };
