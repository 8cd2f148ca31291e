/**
 * The demo's shared page parts, put in at build time so every page carries the
 * very same Consentry config (the notice hash covers the services: one config,
 * one choice across pages). A page marks where each part goes with a comment:
 *
 * - `<!-- demo:consentry -->` the inline config and the script tag (DESIGN.md "Contracts");
 * - `<!-- demo:config -->` the inline config only (the SPA imports the ES module instead);
 * - `<!-- demo:header -->`, `<!-- demo:footer -->` navigation, "Manage cookies" in the footer;
 * - `<!-- demo:panel -->` the panel that lists which trackers ran and which cookies exist;
 * - `<!-- demo:services -->` the privacy policy's table of services and cookies, from the config.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

interface Cookie {
  name: string;
  duration: string;
  purpose: string;
}
interface Service {
  id: string;
  tier: string;
  name: string;
  provider?: string;
  description?: string;
  cookies: Cookie[];
}

type Lang = 'en' | 'fr';

const T = {
  en: {
    nav: [
      ['/', 'Home'],
      ['/journal.html', 'Journal'],
      ['/shop.html', 'Shop'],
      ['/privacy.html', 'Privacy'],
      ['/fr/', 'Français'],
    ],
    manage: 'Manage cookies',
    privacy: 'Privacy policy',
    admin: 'Consent log (admin)',
    footer: 'Brûlerie Lumière is a demo site of Consentry. No coffee will be shipped.',
    panel: 'What ran on this page',
    tiers: { essential: 'Essential', audience: 'Audience measurement', advertising: 'Advertising' },
    head: ['Service', 'Provider', 'Cookie', 'Kept for', 'Purpose'],
  },
  fr: {
    nav: [
      ['/fr/', 'Accueil'],
      ['/fr/confidentialite.html', 'Confidentialité'],
      ['/', 'English'],
    ],
    manage: 'Gérer les cookies',
    privacy: 'Politique de confidentialité',
    admin: 'Journal des consentements (admin)',
    footer: 'La Brûlerie Lumière est un site de démonstration de Consentry. Aucun café ne sera livré.',
    panel: 'Ce qui a tourné sur cette page',
    tiers: { essential: 'Cookies essentiels', audience: "Mesure d'audience", advertising: 'Publicité' },
    head: ['Service', 'Fournisseur', 'Cookie', 'Durée', 'Finalité'],
  },
} as const;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** The Vite plugin that fills the markers of every demo page. */
export function demoPages(root: string): Plugin {
  const json = readFileSync(join(root, 'site-config.json'), 'utf8').trim();
  const services = (JSON.parse(json) as { services: Service[] }).services;
  const config = [
    `<script type="application/json" id="consentry-config">\n${json}\n</script>`,
    // Demo only: points the config's endpoint at the serving origin (public/demo-endpoint.js);
    // a file, not an inline script, so the pages' CSP needs no 'unsafe-inline'.
    '<script src="/demo-endpoint.js"></script>',
  ].join('\n');

  const parts = (lang: Lang): Record<string, string> => {
    const t = T[lang];
    return {
      consentry: `${config}\n<script src="/consentry.js" data-config="#consentry-config"></script>`,
      config,
      header: `<header class="site-header"><a class="brand" href="${t.nav[0][0]}">☕ Brûlerie Lumière</a><nav>${t.nav
        .map(([href, label]) => `<a href="${href}">${label}</a>`)
        .join('')}</nav></header>`,
      footer: `<footer class="site-footer"><p>${t.footer}</p><p><a href="#cookies" data-consentry-open>${t.manage}</a> · <a href="${lang === 'fr' ? '/fr/confidentialite.html' : '/privacy.html'}">${t.privacy}</a> · <a href="/admin">${t.admin}</a></p></footer>`,
      panel: `<aside class="panel" id="tracker-panel" aria-labelledby="panel-title"><h2 id="panel-title">${t.panel}</h2><div data-panel></div></aside>`,
      services: servicesTable(lang, services),
    };
  };

  return {
    name: 'consentry-demo-pages',
    transformIndexHtml(html) {
      const lang: Lang = /<html[^>]*\blang="fr"/.test(html) ? 'fr' : 'en';
      const fill = parts(lang);
      return html.replace(/<!-- demo:(\w+) -->/g, (marker, name: string) => {
        const part = fill[name];
        if (part === undefined) throw new Error(`demo: unknown marker ${marker}`);
        return part;
      });
    },
  };
}

function servicesTable(lang: Lang, services: Service[]): string {
  const t = T[lang];
  const rows = (tier: keyof typeof t.tiers) => {
    const list = services.filter((s) => s.tier === tier);
    const lines = list.flatMap((s) =>
      s.cookies.map(
        (c) =>
          `<tr><td>${escapeHtml(s.name)}</td><td>${escapeHtml(s.provider ?? '')}</td><td><code>${escapeHtml(c.name)}</code></td><td>${escapeHtml(c.duration)}</td><td>${escapeHtml(c.purpose)}</td></tr>`,
      ),
    );
    return `<h3>${t.tiers[tier]}</h3><table><thead><tr>${t.head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${lines.join('')}</tbody></table>`;
  };
  return (['essential', 'audience', 'advertising'] as const).map(rows).join('\n');
}
