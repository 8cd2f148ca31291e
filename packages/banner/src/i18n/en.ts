import type { Messages } from './messages.js';

/** English, the fallback locale: complete by construction (typed `Messages`). */
export const en: Messages = {
  bannerTitle: 'Your choice about cookies',
  bannerIntro: 'With your consent, we and our partners use cookies and similar trackers for:',
  bannerConsequences:
    'Refusing does not limit your use of the site. Choose purpose by purpose with “Customize”, and change your mind at any time with “Manage cookies”. Cookies essential to the site are always on.',
  bannerDismiss: 'Closing (×\u00a0or Escape) counts as a refusal.',
  privacyPolicy: 'Privacy policy',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customize: 'Customize',
  dismiss: 'Continue without accepting',
  tierEssential: 'Essential',
  tierEssentialText: 'Needed for the site to work and to remember your choice. They cannot be turned off.',
  tierAudience: 'Audience measurement',
  tierAudienceText: 'Counting visits and understanding how the site is used, to improve it.',
  tierAdvertising: 'Advertising',
  tierAdvertisingText: 'Showing and measuring ads, possibly personalised, by our advertising partners.',
  dialogTitle: 'Cookie preferences',
  dialogIntro:
    'Choose purpose by purpose. Optional cookies stay off unless you turn them on; saving without changes refuses them all.',
  dialogClose: 'Close',
  gpcNote: 'Your browser sends a Global Privacy Control signal: advertising stays off unless you turn it on.',
  services: 'Services and cookies ({count})',
  noServices: 'No service in this category.',
  cookieName: 'Cookie',
  cookieProvider: 'Provider',
  cookieDuration: 'Duration',
  cookiePurpose: 'Purpose',
  servicePolicy: 'Privacy policy of {name}',
  saveChoices: 'Save my choices',
  downloadProofs: 'Download my consent proofs',
  manageCookies: 'Manage cookies',
};
