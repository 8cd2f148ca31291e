/**
 * Google Consent Mode v2 bridge (RULES.md 14): `default` all denied before any
 * gated tag, then `update` after every decision, refusal and withdrawal
 * included. Audience → `analytics_storage`; advertising → `ad_storage`,
 * `ad_user_data`, `ad_personalization`.
 */
import type { Choices } from '@consentry/core';

type Gtag = (...args: unknown[]) => void;
type GtagWindow = Window & { dataLayer?: unknown[]; gtag?: Gtag };

/** The Consent Mode signals for these choices (null: nothing decided, all denied). */
export function consentSignals(choices: Choices | null): Record<string, 'granted' | 'denied'> {
  const state = (granted: boolean | undefined) => (granted ? 'granted' : 'denied');
  const ads = state(choices?.advertising);
  return {
    ad_storage: ads,
    analytics_storage: state(choices?.audience),
    ad_user_data: ads,
    ad_personalization: ads,
  };
}

/** The page's `gtag`, created with its `dataLayer` when absent (the standard snippet). */
function gtagOf(win: GtagWindow): Gtag {
  win.dataLayer ??= [];
  if (typeof win.gtag !== 'function') {
    // GTM reads `arguments` objects from the dataLayer, not arrays: this is Google's own snippet.
    win.gtag = function gtag() {
      // biome-ignore lint/complexity/noArguments: GTM expects the Arguments object itself.
      win.dataLayer?.push(arguments);
    };
  }
  return win.gtag;
}

/**
 * Set on the window by the script tag (script-tag.ts), which pushes `default`
 * synchronously, before any later tag on the page, whatever its config says;
 * the runtime it then starts does not push it twice.
 */
const EARLY = Symbol.for('consentry.consent-default');
type MarkedWindow = GtagWindow & { [EARLY]?: boolean };

/** Pushes `consent default` (everything denied): call before anything else runs. */
export function consentDefault(win: Window): void {
  const marked = win as MarkedWindow;
  // Consumed once: a later runtime on the same page (an SPA restarting it) pushes its own.
  if (marked[EARLY]) {
    marked[EARLY] = false;
    return;
  }
  gtagOf(win)('consent', 'default', consentSignals(null));
}

/** The script tag's synchronous `default` (RULES.md 14), marked so the runtime it starts skips its own. */
export function consentDefaultEarly(win: Window): void {
  consentDefault(win);
  (win as MarkedWindow)[EARLY] = true;
}

/** Pushes `consent update` for a decision (or the stored choice found at start-up). */
export function consentUpdate(win: Window, choices: Choices): void {
  gtagOf(win)('consent', 'update', consentSignals(choices));
}
