/**
 * The notice hash and the decision on a stored choice (RULES.md 8: a choice
 * expires, and the banner asks again when the policy or the texts shown
 * change). Only needed when a choice is stored (a return visit, whose browser
 * has this chunk cached since its first decision) or to record a decision: a
 * first visit shows the banner without it (bundle budget).
 */
import { type Decision, decide, noticeHash, type StoredChoice } from '@consentry/core';
import { messagesFor } from './i18n/locale.js';
import type { Session } from './record.js';

/** SHA-256 of what the visitor is shown here (GDPR 7(1)), computed once per page view. */
export const hashOf = (s: Session): Promise<string> =>
  (s.hash ??= s.texts.then((texts) =>
    noticeHash({ locale: s.locale, policyVersion: s.config.policyVersion, texts, services: s.config.services }),
  ));

/**
 * Whether `stored` still holds on this page, or why the banner must ask again.
 * A choice made on a page in another language of the site is checked against
 * the notice in that language, the one the visitor read: a bilingual site does
 * not ask again at each switch, and asks when that notice changed. (Texts an
 * SPA passed itself cannot be rebuilt here: then the banner asks, as before.)
 */
export async function decideStored(s: Session, stored: StoredChoice): Promise<Decision> {
  const { policyVersion, maxAgeDays, services, texts } = s.config;
  const locale = stored.locale;
  const shown =
    typeof locale === 'string' && locale !== s.locale
      ? noticeHash({ locale, policyVersion, texts: await messagesFor(locale, texts), services })
      : hashOf(s);
  return decide(stored, { policyVersion, noticeHash: await shown, maxAgeDays }, s.now());
}
