/**
 * The built `consentry.js` on pages a site owner may really write: the tag
 * copied twice (a template and a CMS block), the config placed after the
 * tag instead of before it, and a page whose server is slow to send the rest
 * of the body. The bundle is the real build served by the
 * consent server (`npm run build`), the page by a plain HTTP server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { siteBesideConsentry, until, visitor } from './support.js';

const CONFIG = {
  site: 'demo',
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

const ICON = '<link rel="icon" href="data:,">';
const config = `<script type="application/json" id="consentry-config">${JSON.stringify(CONFIG)}</script>`;

/** The pages, by path: `consent` is the consent server's origin. */
const pages = (consent: string): Record<string, string | string[]> => {
  const tag = `<script src="${consent}/consentry.js" data-config="#consentry-config"></script>`;
  return {
    '/twice': `<!doctype html><html lang="en"><head>${ICON}${config}${tag}${tag}</head><body><h1>Shop</h1>${tag}</body></html>`,
    '/config-after': `<!doctype html><html lang="en"><head>${ICON}${tag}</head><body><h1>Shop</h1>${config}</body></html>`,
    '/fr': `<!doctype html><html lang="fr"><head>${ICON}${config}${tag}</head><body><h1>Boutique</h1></body></html>`,
    '/slow-body': [
      `<!doctype html><html lang="en"><head>${ICON}${config}${tag}</head><body><h1>Shop</h1>`,
      '<p id="rest">The rest of the page.</p></body></html>',
    ],
  };
};

describe('the built script tag on real-world pages', { timeout: 90_000 }, () => {
  let browser: Browser;
  let siteUrl: string;
  let stop: (() => Promise<void>) | undefined;

  before(async () => {
    ({ browser, siteUrl, stop } = await siteBesideConsentry((consent, path) => pages(consent)[path]));
  });
  after(() => stop?.());

  const consentDefaults = (page: import('playwright-core').Page) =>
    page.evaluate(
      () =>
        (window as unknown as { dataLayer: unknown[] }).dataLayer.filter(
          (e) => Object.prototype.toString.call(e) === '[object Arguments]' && (e as IArguments)[1] === 'default',
        ).length,
    );

  it('three copies of the tag: one runtime, one banner, one Consent Mode default', async () => {
    const { context, page } = await visitor(browser);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      await page.goto(`${siteUrl}/twice`);
      await page.locator('consentry-banner').getByRole('button', { name: 'Accept all' }).waitFor();
      await page.waitForTimeout(300);
      assert.equal(await page.locator('consentry-banner').count(), 1);
      assert.equal(await consentDefaults(page), 1);
      await page.locator('consentry-banner').getByRole('button', { name: 'Reject all' }).click();
      await until(
        () => page.evaluate(() => (window as unknown as { consentry: { get(): unknown } }).consentry.get() !== null),
        'the refusal in force',
      );
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('a config placed after the tag is found once the page is parsed', async () => {
    const { context, page } = await visitor(browser);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      await page.goto(`${siteUrl}/config-after`);
      await page.locator('consentry-banner').getByRole('button', { name: 'Accept all' }).waitFor();
      // Consent Mode's default does not wait for the config: it precedes every later tag.
      assert.equal(await consentDefaults(page), 1);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('shows the banner as soon as the body starts, not once the whole page has arrived', async () => {
    const { context, page } = await visitor(browser);
    try {
      await page.goto(`${siteUrl}/slow-body`, { waitUntil: 'commit' });
      await page.locator('consentry-banner').getByRole('button', { name: 'Accept all' }).waitFor();
      const parsing = await page.evaluate(() => [document.readyState, document.getElementById('rest') === null]);
      assert.deepEqual(parsing, ['loading', true], 'the banner is up while the body is still arriving');
      // First in <body> (keyboard and screen reader users meet it first), the page parsed after it.
      await page.locator('#rest').waitFor({ state: 'attached' });
      const order = await page.evaluate(() => [...document.body.children].map((e) => e.localName));
      assert.deepEqual(order.slice(0, 2), ['consentry-banner', 'h1']);
      // The page has no control of its own: the floating Manage cookies button comes once it is parsed.
      await page.locator('consentry-manage').waitFor({ state: 'attached' });
      const parsed = await page.evaluate(() => [...document.body.children].map((e) => e.localName));
      assert.deepEqual(parsed.slice(-2), ['p', 'consentry-manage']);
    } finally {
      await context.close();
    }
  });

  it('a French page whose texts fail to load shows the banner in English, and decisions still work', async () => {
    const { context, page } = await visitor(browser);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // The French chunk is unreachable (the network, or a deploy removed what a cached consentry.js names).
    await context.route(/\/consentry\/fr-[\w-]+\.js$/, (route) => route.abort());
    try {
      await page.goto(`${siteUrl}/fr`);
      await page.locator('consentry-banner').getByRole('button', { name: 'Reject all' }).click();
      await until(
        () => page.evaluate(() => (window as unknown as { consentry: { get(): unknown } }).consentry.get() !== null),
        'the refusal in force',
      );
      const stored = await until(
        () =>
          page.evaluate(async () => {
            const api = (window as unknown as { consentry: { proofs(): Promise<{ proof: { action: string } }[]> } })
              .consentry;
            const actions = (await api.proofs()).map((e) => e.proof.action);
            return actions.length ? actions : null;
          }),
        'the proof stored',
      );
      assert.deepEqual(stored, ['reject-all']);
      assert.ok(
        errors.some((e) => e.includes('"fr" texts failed to load')),
        `the console says why: ${errors.join(' | ')}`,
      );
    } finally {
      await context.close();
    }
  });
});
