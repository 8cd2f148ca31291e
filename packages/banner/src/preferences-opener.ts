/**
 * Opens the preferences dialog, loading it on first use: the dialog is its
 * own chunk behind a dynamic `import()`, off the code a first visit downloads
 * before the banner shows (bundle budget). The element that had focus is kept
 * as the opener so focus returns to it when the dialog closes (WAI-ARIA dialog
 * pattern, RULES.md 17).
 */
import type { Messages } from './i18n/messages.js';
import type { ConsentryPreferences } from './preferences/preferences.js';
import type { ConsentryApi } from './types.js';

const bound = new WeakMap<ConsentryApi, Messages>();

/**
 * Makes `api.open()` (and so `[data-consentry-open]`, `<consentry-manage>` and
 * the banner's "Customize") open the dialog. Idempotent per API object.
 */
export function bindPreferences(api: ConsentryApi, messages: Messages, doc: Document = document): void {
  if (bound.has(api)) return;
  bound.set(api, messages);
  api.on('open', () => {
    openPreferences(api, messages, doc).catch((error: unknown) => console.error('consentry:', error));
  });
}

/** The focused element, looking through open shadow roots (the banner's buttons live in one). */
export function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active === doc.body ? null : active;
}

/** Shows the preferences dialog (one per document), created on first call. */
export async function openPreferences(
  api: ConsentryApi,
  messages: Messages,
  doc: Document = document,
): Promise<ConsentryPreferences> {
  const opener = deepActiveElement(doc);
  const [, state] = await Promise.all([import('./preferences/preferences.js'), api.ready()]);
  let dialog = doc.querySelector('consentry-preferences');
  if (!dialog) {
    dialog = doc.createElement('consentry-preferences');
    doc.body.append(dialog);
  }
  dialog.api = api;
  dialog.messages = messages;
  dialog.theme = state.config.theme.mode;
  await dialog.show(opener);
  return dialog;
}
