/**
 * @consentry/banner — the consent banner for single-page apps and the script tag.
 * This entry point only re-exports.
 */
export { ConsentryBanner, type ThemeMode } from './banner/banner.js';
export { type ConsentrySingleton, type ConsentryStartOptions, consentry } from './consentry.js';
export { createConsentry } from './create.js';
export { BUILT_IN_LOCALES, FALLBACK_LOCALE, messagesFor, resolveLocale } from './i18n/locale.js';
export { format, type MessageKey, type Messages } from './i18n/messages.js';
export { ConsentryManage } from './manage/manage.js';
export { type MountOptions, mountConsentUi } from './mount.js';
export type { ConsentryPreferences } from './preferences/preferences.js';
export { openPreferences } from './preferences-opener.js';
export type { ConsentryOptions } from './runtime.js';
export type {
  ChangeDetail,
  ConfigError,
  ConsentryApi,
  ConsentryEventName,
  ConsentryEvents,
  ConsentryRuntime,
  ConsentState,
  ErrorDetail,
  ProofEntry,
} from './types.js';
