import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { en } from '../../../packages/banner/src/i18n/en.js';
import { fr } from '../../../packages/banner/src/i18n/fr.js';
import { messagesFor, resolveLocale } from '../../../packages/banner/src/i18n/locale.js';
import { banner, cleanup, part, preferences, proofsStored, start } from './support.js';

afterEach(cleanup);

const page = (lang: string) => ({ documentElement: { lang } }) as Document;
const browser = (...languages: string[]) => ({ language: languages[0] ?? '', languages });

describe('languages', () => {
  it('takes the locale from the config, else <html lang>, else the browser, else English', () => {
    assert.equal(resolveLocale({ locale: 'fr' }, page('en'), browser('en')), 'fr');
    assert.equal(resolveLocale({}, page('fr-FR'), browser('en')), 'fr');
    assert.equal(resolveLocale({}, page(''), browser('fr-CA', 'en')), 'fr');
    assert.equal(resolveLocale({}, page(''), browser('ja', 'de')), 'en');
    assert.equal(resolveLocale({ texts: { de: {} } }, page('de-AT'), browser('en')), 'de');
    assert.equal(resolveLocale({ texts: { 'pt-BR': {} } }, page('pt-BR'), browser('en')), 'pt-BR');
  });

  it('ships complete French and English catalogues', () => {
    assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
    for (const [key, value] of Object.entries(fr)) assert.ok(value.trim(), `fr.${key} is not empty`);
    assert.equal(fr.acceptAll, 'Tout accepter');
    assert.equal(fr.rejectAll, 'Tout refuser');
    assert.equal(fr.customize, 'Personnaliser');
    assert.equal(en.acceptAll, 'Accept all');
    assert.equal(en.rejectAll, 'Reject all');
    assert.equal(en.customize, 'Customize');
  });

  it('merges site overrides, ignores unknown keys, and lets a site add a language over English', async () => {
    const texts = { fr: { bannerTitle: 'Cookies ?', nope: 'x' }, de: { acceptAll: 'Alle akzeptieren' } };
    const french = await messagesFor('fr', texts);
    assert.equal(french.bannerTitle, 'Cookies ?');
    assert.equal(french.rejectAll, 'Tout refuser');
    assert.equal('nope' in french, false);
    const german = await messagesFor('de', texts);
    assert.equal(german.acceptAll, 'Alle akzeptieren');
    assert.equal(german.rejectAll, 'Reject all', 'falls back to English');
  });

  it('shows French on a French page, in the banner, the dialog and the proof', async () => {
    document.documentElement.lang = 'fr';
    const { api } = await start();
    const el = await banner();
    assert.equal(part(el, 'title').textContent, 'Vos choix concernant les cookies');
    assert.equal(part(el, 'accept-all').textContent?.trim(), 'Tout accepter');
    assert.equal(part(el, 'reject-all').textContent?.trim(), 'Tout refuser');
    assert.equal(part(el, 'customize').textContent?.trim(), 'Personnaliser');
    assert.equal(part(el, 'close').getAttribute('aria-label'), 'Continuer sans accepter');
    part(el, 'customize').click();
    const prefs = await preferences();
    assert.equal(part(prefs, 'title').textContent, 'Préférences de cookies');
    assert.equal(part(prefs, 'save').textContent?.trim(), 'Enregistrer mes choix');
    part(prefs, 'reject-all').click();
    const proofs = await proofsStored(api);
    assert.equal(proofs.at(-1)?.proof.locale, 'fr');
  });

  it('shows a site’s string override', async () => {
    await start({ texts: { en: { bannerTitle: 'Cookies on example.com', privacyPolicy: 'How we use data' } } });
    const el = await banner();
    assert.equal(part(el, 'title').textContent, 'Cookies on example.com');
    assert.equal(part(el, 'privacy-link').textContent, 'How we use data');
    assert.equal(part(el, 'accept-all').textContent?.trim(), 'Accept all');
  });
});
