/**
 * What the hostile-config tests check on a site page: that it still works,
 * that a refused config is named, that no link leaves http(s), and how to
 * open the banner and the dialog.
 */
import assert from 'node:assert/strict';
import {
  createConsentry,
  type ErrorDetail,
  type Messages,
  mountConsentUi,
} from '../../../packages/banner/src/index.js';
import { CONFIG } from '../ui/support.js';
import { allElements, type Site, unique, waitFor } from './support.js';

export const valid = (overrides: Record<string, unknown> = {}) => ({ ...CONFIG, site: 'hostile', ...overrides });

/** The page survived: its scripts ran, nothing escaped uncaught, nothing gated ran. */
export function assertPageWorks({ win }: Site) {
  assert.ok(win.log.includes('site-script'), 'the site script after the banner ran');
  assert.ok(win.log.includes('started'), 'the module that starts Consentry ran to its end');
  assert.equal(win.uncaught.length, 0, `no uncaught exception: ${win.uncaught.join(' | ')}`);
  assert.ok(!win.log.includes('audience') && !win.log.includes('advertising'), 'nothing gated ran');
}

/** A refused config: no banner, the console and `consentry-error` name `field`, decisions reject. */
export async function assertRefused(site: Site, field: string) {
  const { win, doc } = site;
  await waitFor(() => win.consentryErrors.length && win.consoleErrors.length, 5000, 'the config error');
  assertPageWorks(site);
  assert.equal(doc.querySelector('consentry-banner'), null, 'no banner');
  assert.equal(win.consentryErrors[0]?.code, 'config');
  assert.ok(win.consentryErrors[0]?.message.includes(field), `consentry-error names ${field}`);
  assert.ok(win.consoleErrors.join('\n').includes(field), `the console names ${field}`);
  await assert.rejects(win.api.acceptAll(), /invalid config/);
  assert.equal(win.api.get(), null);
}

/**
 * The same refusal through `createConsentry` on this page (one config after
 * another, cheaper than a page each): no banner, `consentry-error` and the
 * console name `field`, decisions reject, nothing is thrown.
 */
export async function assertRefusedByApi(config: unknown, field: string) {
  const logged: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  try {
    const api = createConsentry({ config, locale: 'en', messages: {}, dbName: unique('hostile') });
    const error = new Promise<ErrorDetail>((resolve) => api.on('error', resolve));
    await mountConsentUi(api, {} as Messages).catch(() => {});
    const detail = await error;
    assert.equal(detail.code, 'config', field);
    assert.ok(detail.message.includes(field), `consentry-error names ${field}: ${detail.message}`);
    assert.ok(logged.join('\n').includes(field), `the console names ${field}`);
    await assert.rejects(api.acceptAll(), /invalid config/);
    assert.equal(document.querySelector('consentry-banner'), null, 'no banner');
    api.destroy();
  } finally {
    console.error = consoleError;
  }
}

/** Every link rendered anywhere (light DOM and shadow roots) resolves to http: or https:. */
export function assertLinksSafe(doc: Document) {
  for (const a of allElements(doc).filter((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement)) {
    if (!a.hasAttribute('href')) continue;
    assert.match(new URL(a.href).protocol, /^https?:$/, `link ${JSON.stringify(a.getAttribute('href'))}`);
  }
}

/** Resolves once the banner shows its buttons. */
export const bannerShown = (doc: Document) =>
  waitFor(() => doc.querySelector('consentry-banner')?.shadowRoot?.querySelector('[part~="accept-all"]'));

/** Opens the preferences dialog with every service's disclosure expanded. */
export async function openDialog({ win, doc }: Site) {
  win.api.open();
  const dialog = (await waitFor(() => {
    const el = doc.querySelector('consentry-preferences');
    return el?.dialog?.open ? el : undefined;
  }))!;
  for (const details of dialog.shadowRoot!.querySelectorAll('details')) details.open = true;
  await dialog.updateComplete;
  return dialog;
}
