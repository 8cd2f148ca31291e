/**
 * The typed shape of every text the banner, the preferences dialog and the
 * manage button show. A type alias (not an interface) so a catalogue is also a
 * plain `Record<string, string>`: the runtime hashes exactly these texts into
 * each proof's `noticeHash` (GDPR 7(1): what the visitor read).
 *
 * `{name}` and `{count}` are placeholders filled by {@link format}.
 */
export type Messages = {
  bannerTitle: string;
  bannerIntro: string;
  bannerConsequences: string;
  bannerDismiss: string;
  privacyPolicy: string;
  acceptAll: string;
  rejectAll: string;
  customize: string;
  /** Accessible name of the banner's × control: a refusal (CNIL rec. 2020-092). */
  dismiss: string;
  tierEssential: string;
  tierEssentialText: string;
  tierAudience: string;
  tierAudienceText: string;
  tierAdvertising: string;
  tierAdvertisingText: string;
  dialogTitle: string;
  dialogIntro: string;
  dialogClose: string;
  gpcNote: string;
  services: string;
  noServices: string;
  cookieName: string;
  cookieProvider: string;
  cookieDuration: string;
  cookiePurpose: string;
  servicePolicy: string;
  saveChoices: string;
  downloadProofs: string;
  manageCookies: string;
};

export type MessageKey = keyof Messages;

/**
 * Fills `{placeholder}`s; an unknown placeholder stays as written.
 *
 * @example
 * format(messages.services, { count: 2 }); // "Services and cookies (2)"
 */
export function format(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
