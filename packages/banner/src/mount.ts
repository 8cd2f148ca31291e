/**
 * Puts the consent UI on a page around an API object: what the script tag
 * does by itself, and what a single-page app can call instead of placing the
 * elements. The banner is inserted first in `<body>` so keyboard and screen
 * reader users meet it first; it is fixed, so the page does not move.
 */
import { ConsentryBanner } from './banner/banner.js';
import { idle } from './dom-ready.js';
import type { Messages } from './i18n/messages.js';
import { bindPreferences } from './preferences-opener.js';
import type { ConsentryApi } from './types.js';

export interface MountOptions {
  document?: Document;
}

/**
 * Makes `api.open()` open the preferences dialog (the runtime turns clicks on
 * any `[data-consentry-open]` element into `open()`), shows
 * `<consentry-banner>` when the runtime says to ask, and adds
 * `<consentry-manage>` when the config enables it, or, unless the config turns
 * it off, when the page has no `[data-consentry-open]` control of its own.
 *
 * @example
 * const consentry = createConsentry({ config, locale, messages });
 * await mountConsentUi(consentry, messages);
 */
export async function mountConsentUi(
  api: ConsentryApi,
  messages: Messages,
  { document: doc = document }: MountOptions = {},
): Promise<void> {
  bindPreferences(api, messages, doc);
  const state = await api.ready();
  const theme = state.config.theme.mode;
  if (state.ask && !doc.querySelector('consentry-banner')) {
    // The class, not the tag name: a used export keeps the element's module
    // (and its define) in bundles of this `sideEffects: false` package.
    const banner = new ConsentryBanner();
    Object.assign(banner, { api, messages, theme });
    doc.body.prepend(banner);
  }
  // RULES.md 9: a way back to the choice from every page, unless the config says no: placed when
  // the page is idle (manage.ts placeManage: only where the page has no control, unless asked).
  const always = state.config.manageButton;
  if (always === false) return;
  await new Promise((resolve) => idle(doc.defaultView!, resolve as () => void));
  await (await import('./manage/manage.js')).placeManage(api, messages, doc, theme, always === true);
}
