/**
 * Shows the preferences dialog (one per document), created on first call:
 * what `openPreferences` (preferences-opener.ts) loads and runs, with the
 * dialog's element, on first use.
 */
import { bodyReady } from '../dom-ready.js';
import type { Messages } from '../i18n/messages.js';
import type { ConsentryApi } from '../types.js';
import './preferences.js';
import type { ConsentryPreferences } from './preferences.js';

/** Opens the dialog on the visitor's current choices; focus returns to `opener` when it closes. */
export async function showPreferences(
  api: ConsentryApi,
  messages: Messages,
  doc: Document,
  opener: Element | null,
): Promise<ConsentryPreferences> {
  const state = await api.ready();
  // Asked for while the page is still parsing (the script tag binds at start-up).
  await bodyReady(doc);
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
