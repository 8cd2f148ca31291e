/**
 * Makes `api.open()` open the preferences dialog. The dialog and the code that
 * opens it (preferences/open.ts) load on first use, off the code a first visit
 * downloads before the banner shows (bundle budget). The element that has
 * focus when the visitor asks is kept as the opener, so focus returns to it
 * when the dialog closes (WAI-ARIA dialog pattern, RULES.md 17).
 */
import type { Messages } from './i18n/messages.js';
import type { ConsentryPreferences } from './preferences/preferences.js';
import type { ConsentryApi } from './types.js';

const bound = new WeakSet<ConsentryApi>();

/**
 * Makes `api.open()` (and so `[data-consentry-open]`, `<consentry-manage>` and
 * the banner's "Customize") open the dialog. Idempotent per API object. The
 * texts may still be loading (the script tag binds at start-up, so that a
 * visitor's early click on the page's own control is not lost).
 */
export function bindPreferences(
  api: ConsentryApi,
  messages: Messages | Promise<Messages>,
  doc: Document = document,
): void {
  if (bound.has(api)) return;
  bound.add(api);
  api.on('open', () => {
    const opener = deepActiveElement(doc);
    Promise.resolve(messages)
      .then((texts) => openPreferences(api, texts, doc, opener))
      .catch((error: unknown) => console.error('consentry:', error));
  });
}

/**
 * Opens the dialog on the visitor's current choices; focus returns to
 * `opener` (default: the focused element) when it closes. The dialog's code
 * loads on first use.
 *
 * @example
 * await openPreferences(consentry, messages);
 */
export function openPreferences(
  api: ConsentryApi,
  messages: Messages,
  doc: Document = document,
  opener: Element | null = deepActiveElement(doc),
): Promise<ConsentryPreferences> {
  return import('./preferences/open.js').then((m) => m.showPreferences(api, messages, doc, opener));
}

/** The focused element, looking through open shadow roots (the banner's buttons live in one). */
export function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active === doc.body ? null : active;
}

/**
 * Gives focus to what opens the choices again, when a decision removed the
 * focused control (the banner's buttons): the manage button, else the page's
 * own `[data-consentry-open]` control (RULES.md 17: focus is never left on
 * nothing).
 */
export function focusReopener(doc: Document): void {
  (
    doc.querySelector<HTMLElement>('consentry-manage') ?? doc.querySelector<HTMLElement>('[data-consentry-open]')
  )?.focus();
}
