/**
 * Shows the preferences dialog (one per document), created on first call:
 * what `api.open()` does once bound (preferences-opener.ts).
 */
import type { Messages } from '../i18n/messages.js';
import { deepActiveElement } from '../preferences-opener.js';
import type { ConsentryApi } from '../types.js';
import type { ConsentryPreferences } from './preferences.js';

/**
 * Opens the dialog on the visitor's current choices; focus returns to
 * `opener` (default: the focused element) when it closes.
 *
 * @example
 * await openPreferences(consentry, messages);
 */
export async function openPreferences(
  api: ConsentryApi,
  messages: Messages,
  doc: Document = document,
  opener: Element | null = deepActiveElement(doc),
): Promise<ConsentryPreferences> {
  const [, state] = await Promise.all([import('./preferences.js'), api.ready()]);
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
