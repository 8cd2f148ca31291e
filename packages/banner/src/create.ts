/**
 * `createConsentry` as the npm package exports it: the runtime, with the texts
 * the app passes checked. The config's own texts are checked at start-up and
 * the script tag's come from `messagesFor`, which keeps only those; an app's
 * catalogue is its own code, and a text the notice hash cannot hold (a lone
 * surrogate: no RFC 8785 form) would make every decision fail without naming
 * it. The script tag does not carry this check (bundle budget).
 */
import { LONE_SURROGATE, WELL_FORMED } from '@consentry/core';
import { type ConsentryOptions, createConsentry as startRuntime } from './runtime.js';
import type { ConsentryRuntime } from './types.js';

/** The texts, or a TypeError naming the first one that is not a well-formed string. */
export function checkedTexts(texts: Record<string, string>): Record<string, string> {
  for (const [key, text] of Object.entries(texts)) {
    if (typeof text !== 'string' || LONE_SURROGATE.test(text)) {
      throw new TypeError(`messages.${key}: expected ${WELL_FORMED}`);
    }
  }
  return texts;
}

/**
 * Starts the runtime on a page and returns its API (runtime.ts). A text of
 * `messages` that is not a well-formed string is named on the console at once,
 * and fails each decision with a `consentry-error` whose `cause` names it
 * (`messages.acceptAll: …`); the choice still holds on the page.
 *
 * @example
 * const consentry = createConsentry({ config, locale: 'fr', messages: fr });
 * const state = await consentry.ready();
 * if (state.ask) showBanner();
 */
export function createConsentry(options: ConsentryOptions): ConsentryRuntime {
  const messages = Promise.resolve(options.messages).then(checkedTexts);
  // Said when the texts arrive, not at the first click; the decisions still see the rejection.
  messages.catch((error: unknown) => console.error('consentry: these texts cannot be recorded:', error));
  return startRuntime({ ...options, messages });
}
