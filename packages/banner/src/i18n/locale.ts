/**
 * Which language to show, and its texts. English is built in: it is the
 * fallback and the base of every language a site adds, and a first visit in
 * English needs no second request before the banner shows. Each other
 * built-in catalogue is its own chunk behind a dynamic `import()`, loaded only
 * for a page in that language (bundle budget).
 */
import type { SiteConfig } from '@consentry/core';
import { en } from './en.js';
import type { Messages } from './messages.js';

/** The locale used when nothing else matches, and the base of a language a site adds. */
export const FALLBACK_LOCALE = 'en';

const CATALOGUES: Record<string, () => Promise<Messages>> = {
  en: async () => en,
  fr: () => import('./fr.js').then((m) => m.fr),
};

/** The languages shipped complete with the banner. */
export const BUILT_IN_LOCALES: readonly string[] = Object.keys(CATALOGUES);

type LocaleSource = Pick<SiteConfig, 'locale' | 'texts'>;
type NavigatorLanguages = Pick<Navigator, 'language'> & { languages?: readonly string[] };

const baseOf = (tag: string) => tag.split('-')[0]!.toLowerCase();

/**
 * The language to show: the config's `locale`, else `<html lang>`, else the
 * browser's languages, else English. A candidate counts when it is built in
 * or when the site brings its texts (`config.texts[tag]`), matched exactly
 * then by its base language (`fr-CA` → `fr`).
 *
 * @example
 * resolveLocale({ texts: { de: { acceptAll: 'Alle akzeptieren' } } }, document, navigator); // 'de' on <html lang="de">
 */
export function resolveLocale(
  config: LocaleSource,
  doc: Pick<Document, 'documentElement'> | undefined = globalThis.document,
  nav: NavigatorLanguages | undefined = globalThis.navigator,
): string {
  const site = Object.keys(config.texts ?? {});
  const known = (tag: string) => BUILT_IN_LOCALES.includes(tag) || site.includes(tag);
  const candidates = [config.locale, doc?.documentElement?.lang, ...(nav?.languages ?? []), nav?.language];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const tag = candidate.trim();
    if (site.includes(tag)) return tag;
    const base = baseOf(tag);
    if (known(base)) return base;
  }
  return FALLBACK_LOCALE;
}

/**
 * The texts for a locale: the built-in catalogue of its language (English for
 * a language the site adds), then the site's overrides for the base language,
 * then for the exact tag. Only known keys are taken, and only strings, so a
 * typo in a site's `texts` cannot add text the notice hash would not describe.
 *
 * @example
 * const messages = await messagesFor('fr', { fr: { acceptAll: 'J’accepte tout' } });
 */
export async function messagesFor(locale: string, texts: SiteConfig['texts'] = {}): Promise<Messages> {
  const base = baseOf(locale);
  const load = CATALOGUES[base] ?? CATALOGUES[FALLBACK_LOCALE]!;
  // A catalogue that fails to load (the network, a deploy that removed the chunk a cached
  // consentry.js names) must not leave the page without a banner or a way to withdraw: English
  // then, and the console says so. The notice hash covers the texts shown, whatever the locale.
  const messages: Messages = {
    ...(await load().catch((cause: unknown) => {
      console.error(`consentry: the "${base}" texts failed to load; the banner is shown in English`, cause);
      return en;
    })),
  };
  for (const overrides of [texts[base], base === locale ? undefined : texts[locale]]) {
    for (const [key, value] of Object.entries(overrides ?? {})) {
      if (Object.hasOwn(messages, key) && typeof value === 'string') messages[key as keyof Messages] = value;
    }
  }
  return messages;
}
