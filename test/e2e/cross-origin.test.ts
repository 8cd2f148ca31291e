/**
 * The script tag on someone else's site: the page comes from one origin
 * (`http://localhost:Q`), the bundle and the consent log from another
 * (`http://127.0.0.1:P`), as with `https://consent.example.com/consentry.js`
 * on `https://shop.example`. The classic script imports its lazy ES modules across
 * origins, which only works with CORS on the bundle's files.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { type Consentry, proofsWithReceipts, serverProofs, siteBesideConsentry, until, visitor } from './support.js';

function sitePage(consent: string): string {
  const config = {
    site: 'demo',
    endpoint: consent,
    policyVersion: '2026-11-01',
    privacyPolicyUrl: '/privacy',
    services: [
      {
        id: 'stats',
        tier: 'audience',
        name: 'Stats',
        cookies: [{ name: '_ga', duration: '13 months', purpose: 'visit statistics' }],
      },
    ],
  };
  return `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <title>Partner shop</title>
    <script type="application/json" id="site-consent">${JSON.stringify(config)}</script>
    <script src="${consent}/consentry.js" data-config="#site-consent"></script>
    <script>
      // A tag placed after Consentry (e.g. Google Tag Manager): Consent Mode's default must precede it.
      window.dataLayer.push({ event: 'later-tag' });
    </script>
  </head>
  <body>
    <h1>Boutique partenaire</h1>
    <a href="#cookies" data-consentry-open>Gérer les cookies</a>
    <script type="text/plain" data-consentry="audience">
      document.cookie = '_ga=GA1.1.1.1; path=/; max-age=600';
      document.body.dataset.stats = 'ran';
    </script>
  </body>
</html>`;
}

describe('the script tag served from another origin than the page', { timeout: 90_000 }, () => {
  let server: Consentry;
  let browser: Browser;
  let siteUrl: string;
  let stop: (() => Promise<void>) | undefined;

  before(async () => {
    ({ server, browser, siteUrl, stop } = await siteBesideConsentry((consent) => sitePage(consent)));
  });
  after(() => stop?.());

  it('loads its modules cross-origin, pushes Consent Mode first, and records the choice', async () => {
    const { context, page, requests } = await visitor(browser);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      // A French page: consentry.js imports the French strings, an ES module from the consent server (CORS).
      const modules = page.waitForResponse((r) => /\/consentry\/fr-[\w-]+\.js$/.test(r.url()));
      await page.goto(`${siteUrl}/`);
      const strings = await modules;
      assert.equal(strings.status(), 200);
      assert.equal(strings.headers()['access-control-allow-origin'], '*');
      // The page's language: French buttons.
      const accept = page.locator('consentry-banner').getByRole('button', { name: 'Tout accepter' });
      await accept.waitFor();
      const layer = await page.evaluate(() =>
        (window as unknown as { dataLayer: unknown[] }).dataLayer.map((e) =>
          Object.prototype.toString.call(e) === '[object Arguments]'
            ? Array.from(e as IArguments)
                .slice(0, 2)
                .join(' ')
            : (e as { event: string }).event,
        ),
      );
      assert.deepEqual(layer, ['consent default', 'later-tag']);
      assert.equal(await page.evaluate(() => document.body.dataset.stats), undefined, 'nothing gated ran');

      await accept.click();
      await until(() => page.evaluate(() => document.body.dataset.stats === 'ran'), 'the gated script');
      const [entry] = await proofsWithReceipts(page, 1);
      const stored = await serverProofs(server, entry!.proof.subject);
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.record.action, 'accept-all');
      assert.equal((stored[0]!.record as unknown as { url: string }).url, `${siteUrl}/`);
      const bundle = requests.filter((url) => url.startsWith(`${server.url}/consentry`));
      assert.ok(bundle.length >= 2, 'consentry.js and its lazy modules come from the consent server');
      assert.deepEqual(
        bundle.filter((url, i) => bundle.indexOf(url) !== i),
        [],
        'no module fetched twice',
      );
      // `<html lang="fr">`: the French strings came from the consent server, resolved against consentry.js.
      assert.ok(
        bundle.some((url) => /\/consentry\/fr-[\w-]+\.js$/.test(url)),
        'the French strings',
      );
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
