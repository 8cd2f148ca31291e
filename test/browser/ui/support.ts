/**
 * Shared set-up of the UI tests: a real runtime (`createConsentry`) with a
 * fresh IndexedDB per test, the real elements, axe-core from node_modules.
 */
import { sendKeys } from '@web/test-runner-commands';
import type { SiteConfigInput } from '../../../packages/core/src/index.js';
import '../../../packages/banner/src/banner/banner.js';
import type { ConsentryBanner } from '../../../packages/banner/src/banner/banner.js';
import { messagesFor, resolveLocale } from '../../../packages/banner/src/i18n/locale.js';
import type { Messages } from '../../../packages/banner/src/i18n/messages.js';
import { mountConsentUi } from '../../../packages/banner/src/mount.js';
import type { ConsentryPreferences } from '../../../packages/banner/src/preferences/preferences.js';
import { createConsentry } from '../../../packages/banner/src/runtime.js';
import type { ConsentryApi } from '../../../packages/banner/src/types.js';

export const CONFIG: SiteConfigInput = {
  site: 'example',
  policyVersion: '2026-11-01',
  privacyPolicyUrl: '/privacy',
  services: [
    {
      id: 'session',
      tier: 'essential',
      name: 'Session',
      cookies: [{ name: 'sid', duration: 'session', purpose: 'keeps you signed in' }],
    },
    {
      id: 'matomo',
      tier: 'audience',
      name: 'Matomo',
      provider: 'Example SAS',
      cookies: [{ name: '_pk_*', duration: '13 months', purpose: 'visit statistics' }],
    },
    {
      id: 'meta-pixel',
      tier: 'advertising',
      name: 'Meta Pixel',
      provider: 'Meta Platforms Ireland',
      privacyPolicyUrl: 'https://www.facebook.com/privacy/policy/',
      cookies: [{ name: '_fbp', duration: '3 months', purpose: 'ad measurement' }],
    },
  ],
};

export interface Started {
  api: ConsentryApi & { destroy?: () => void };
  messages: Messages;
  locale: string;
}

let run = 0;
const started: Started[] = [];

/** Starts the runtime and the UI as the script tag would, on a fresh database. */
export async function start(
  overrides: Partial<SiteConfigInput> = {},
  dbName = `consentry-ui-${Date.now()}-${run++}-${Math.random().toString(36).slice(2, 8)}`,
): Promise<Started> {
  // A site id of its own: test files run side by side in one browser, and the
  // runtime syncs decisions between tabs of the same site (BroadcastChannel).
  const config = {
    ...CONFIG,
    site: `ui-${dbName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 64),
    ...overrides,
  };
  const locale = resolveLocale(config as never, document, navigator);
  const messages = await messagesFor(locale, config.texts);
  const api = createConsentry({ config, locale, messages, dbName }) as Started['api'];
  await mountConsentUi(api, messages);
  const result = { api, messages, locale };
  started.push(result);
  return result;
}

/** Removes every element and stops every runtime the test started. */
export async function cleanup(): Promise<void> {
  for (const el of document.querySelectorAll('consentry-banner, consentry-preferences, consentry-manage, .fixture')) {
    el.remove();
  }
  for (const { api } of started.splice(0)) api.destroy?.();
  document.documentElement.lang = '';
}

export async function banner(): Promise<ConsentryBanner> {
  const el = document.querySelector('consentry-banner');
  if (!el) throw new Error('no <consentry-banner> on the page');
  await el.updateComplete;
  return el;
}

export function part<T extends Element = HTMLElement>(host: Element | null, name: string): T {
  const el = host?.shadowRoot?.querySelector<T>(`[part~="${name}"]`);
  if (!el) throw new Error(`no part "${name}" in <${host?.localName}>`);
  return el;
}

/** Resolves once the preferences dialog is open (it loads lazily). */
export async function preferences(): Promise<ConsentryPreferences> {
  for (let i = 0; i < 200; i++) {
    const el = document.querySelector('consentry-preferences');
    if (el?.dialog?.open) return el;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the preferences dialog did not open');
}

/** The element that has focus, through shadow roots. */
export function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` is truthy (IndexedDB writes and lazy chunks take a few ms). */
export async function until<T>(
  check: () => T | Promise<T>,
  what: string,
): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  for (let i = 0; i < 300; i++) {
    const value = await check();
    if (value) return value as Exclude<T, false | 0 | '' | null | undefined>;
    await tick(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface AxeResults {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>;
}
declare global {
  interface Window {
    axe?: { run(context: unknown, options: unknown): Promise<AxeResults> };
  }
}

/** Runs axe-core with the WCAG 2.2 AA tags; returns readable violations. */
export async function axeViolations(context: unknown = document): Promise<string[]> {
  if (!window.axe) {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/node_modules/axe-core/axe.min.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('axe-core did not load'));
      document.head.append(script);
    });
  }
  const results = await window.axe!.run(context, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  });
  return results.violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`,
  );
}

/** Shift+Tab, as a keyboard user presses it. */
export async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}

/** Waits until the runtime stored `count` proofs, and returns them (a decision is async: IndexedDB). */
export async function proofsStored(api: ConsentryApi, count = 1) {
  return until(async () => {
    const proofs = await api.proofs();
    return proofs.length >= count && proofs;
  }, `${count} stored proof(s)`);
}

/** The page's own "Manage cookies" control (`[data-consentry-open]`), appended to the body; cleanup() removes it. */
export function pageControl(): HTMLButtonElement {
  const button = document.createElement('button');
  button.className = 'fixture';
  button.dataset.consentryOpen = '';
  button.textContent = 'Manage cookies';
  document.body.append(button);
  return button;
}
