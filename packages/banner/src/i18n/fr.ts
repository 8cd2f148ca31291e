import type { Messages } from './messages.js';

/** French, complete (typed `Messages`). Non-breaking spaces before « ; : » and inside « », per French typography. */
export const fr: Messages = {
  bannerTitle: 'Vos choix concernant les cookies',
  bannerIntro: 'Avec votre accord, nous et nos partenaires utilisons des cookies et traceurs pour\u00a0:',
  bannerConsequences:
    'Refuser ne limite pas votre usage du site. Choisissez finalité par finalité avec «\u00a0Personnaliser\u00a0» et changez d’avis à tout moment via «\u00a0Gérer les cookies\u00a0». Les cookies essentiels au site sont toujours actifs.',
  bannerDismiss: 'Fermer (×\u00a0ou Échap) vaut refus.',
  privacyPolicy: 'Politique de confidentialité',
  acceptAll: 'Tout accepter',
  rejectAll: 'Tout refuser',
  customize: 'Personnaliser',
  dismiss: 'Continuer sans accepter',
  tierEssential: 'Cookies essentiels',
  tierEssentialText:
    'Nécessaires au fonctionnement du site et à la mémorisation de votre choix. Ils ne peuvent pas être désactivés.',
  tierAudience: "Mesure d'audience",
  tierAudienceText: 'Compter les visites et comprendre l’usage du site pour l’améliorer.',
  tierAdvertising: 'Publicité',
  tierAdvertisingText: 'Afficher et mesurer des publicités, éventuellement personnalisées, par nos partenaires.',
  dialogTitle: 'Préférences de cookies',
  dialogIntro:
    'Choisissez finalité par finalité. Les cookies facultatifs restent désactivés tant que vous ne les activez pas\u00a0; enregistrer sans rien changer les refuse tous.',
  dialogClose: 'Fermer',
  gpcNote:
    'Votre navigateur envoie le signal Global Privacy Control\u00a0: la publicité reste désactivée sauf si vous l’activez.',
  services: 'Services et cookies ({count})',
  noServices: 'Aucun service dans cette catégorie.',
  cookieName: 'Cookie',
  cookieProvider: 'Fournisseur',
  cookieDuration: 'Durée',
  cookiePurpose: 'Finalité',
  servicePolicy: 'Politique de confidentialité de {name}',
  saveChoices: 'Enregistrer mes choix',
  downloadProofs: 'Télécharger mes preuves de consentement',
  manageCookies: 'Gérer les cookies',
};
