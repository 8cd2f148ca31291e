#!/usr/bin/env node
/**
 * Screenshots of the demo site for the README, from a running `npm start`:
 *
 *   node scripts/demo-screenshots.mjs [http://127.0.0.1:8787]
 *
 * Writes docs/screenshots/demo-*.png: the first visit (banner), the preferences
 * dialog, the page after "Accept all" (trackers ran, cookies set), the SPA after
 * its `consentry-change`, and the French home page. Each uses a fresh profile.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const base = (process.argv[2] ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
const out = join(resolve(fileURLToPath(new URL('..', import.meta.url))), 'docs/screenshots');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
const shot = async (name, path, act, { width = 1280, height = 860, locale = 'en-GB' } = {}) => {
  const context = await browser.newContext({ viewport: { width, height }, locale });
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  await page.locator('consentry-banner').getByRole('button').first().waitFor();
  await act?.(page);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(out, `demo-${name}.png`) });
  console.log(`docs/screenshots/demo-${name}.png`);
  await context.close();
};
const button = (page, host, name) => page.locator(host).getByRole('button', { name }).click();

try {
  await shot('banner', '/');
  await shot('dialog', '/', async (page) => {
    await button(page, 'consentry-banner', 'Customize');
    await page.locator('consentry-preferences').getByRole('dialog').waitFor();
  });
  await shot('accepted', '/', async (page) => {
    await button(page, 'consentry-banner', 'Accept all');
    await page.locator('[data-tracker="video"][data-state="ran"]').waitFor();
    await page.waitForTimeout(1200);
  });
  await shot('spa', '/shop.html', async (page) => {
    await button(page, 'consentry-banner', 'Accept all');
    await page.locator('[data-events] li').first().waitFor();
  });
  await shot('banner-fr-mobile', '/fr/', undefined, { width: 390, height: 844, locale: 'fr-FR' });
} finally {
  await browser.close();
}
