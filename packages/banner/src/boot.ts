/**
 * How the script tag starts (DESIGN.md "Contracts"): reads the JSON config from
 * the element `data-config` names, checks its shape without zod (cheap, on the
 * critical path), picks the language, loads only that language's texts, starts
 * the runtime, exposes `window.consentry`, then shows the banner when the
 * visitor must be asked and wires `[data-consentry-open]`. A malformed config
 * never breaks the page: nothing is shown, nothing gated runs, the console
 * names the bad field (and `consentry-error` fires with code `config`), and
 * `window.consentry` is an API that refuses, so the page's own calls
 * (`consentry.open()`, `on('change', …)`) do not throw.
 */
import type { SiteConfig } from '@consentry/core';
import { checkConfigShape } from '@consentry/core/start-up';
import { bodyReady, domReady } from './dom-ready.js';
import { messagesFor, resolveLocale } from './i18n/locale.js';
import type { Messages } from './i18n/messages.js';
import { mountConsentUi } from './mount.js';
import { bindPreferences } from './preferences-opener.js';
import { createConsentry, refusingApi } from './runtime.js';
import type { ConfigError, ConsentryApi, ConsentryRuntime } from './types.js';

declare global {
  interface Window {
    consentry?: ConsentryApi;
  }
}

const DEFAULT_SELECTOR = '#consentry-config';

/** Whether `selector` matches now (an invalid selector counts as there: readConfig reports it). */
function present(doc: Document, selector: string): boolean {
  try {
    return doc.querySelector(selector) !== null;
  } catch {
    return true;
  }
}

/** The config named by the script's `data-config`, or the error it reported on the console and as `consentry-error`. */
export function readConfig(doc: Document, script: HTMLScriptElement | null): SiteConfig | ConfigError {
  const selector = script?.dataset.config || DEFAULT_SELECTOR;
  const fail = (message: string, cause?: unknown): ConfigError => {
    console.error(`consentry: ${message}; the banner is not shown and nothing gated runs`);
    doc.dispatchEvent(new CustomEvent('consentry-error', { detail: { code: 'config', message, cause } }));
    return Object.assign(new Error(`invalid config: ${message}`), {
      code: 'config' as const,
      errors: Array.isArray(cause) ? cause : [],
    });
  };
  let source: Element | null;
  try {
    source = doc.querySelector(selector);
  } catch (error) {
    return fail(`data-config "${selector}" is not a valid CSS selector`, error);
  }
  if (!source) return fail(`no element matches data-config "${selector}"`);
  let raw: unknown;
  try {
    raw = JSON.parse(source.textContent ?? '');
  } catch (error) {
    return fail(`the config in ${selector} is not valid JSON (${(error as Error).message})`, error);
  }
  const checked = checkConfigShape(raw);
  if (!checked.ok) {
    const fields = checked.errors.map((e) => `config field "${e.path || '(root)'}": ${e.message}`);
    return fail(fields.join('; '), checked.errors);
  }
  return checked.config;
}

export interface StartOptions {
  /** The site config as parsed JSON (DESIGN.md "Contracts"). */
  config: unknown;
  document?: Document;
  /** IndexedDB name, for tests that need a fresh store. */
  dbName?: string;
}

/**
 * Creates the runtime synchronously (Consent Mode and the database start now),
 * loads the language's texts, and mounts the UI once the page has a `<body>`.
 * `mounted` resolves when the banner (if needed) is on the page.
 */
export function startConsentry({ config, document: doc = document, dbName }: StartOptions): {
  api: ConsentryRuntime;
  mounted: Promise<void>;
} {
  const shape = checkConfigShape(config);
  const locale = shape.ok ? resolveLocale(shape.config, doc, navigator) : 'en';
  const messages = shape.ok ? messagesFor(locale, shape.config.texts) : Promise.resolve({});
  const api = createConsentry({ config, locale, messages, document: doc, ...(dbName ? { dbName } : {}) });
  if (!shape.ok) return { api, mounted: Promise.resolve() };
  // Now, not once the UI is mounted: an early open() (a click on the page's own control while the
  // texts load) opens the dialog when they arrive.
  bindPreferences(api, messages as Promise<Messages>, doc);
  const mounted = messages.then(async (texts) => {
    await bodyReady(doc);
    await mountConsentUi(api, texts as Messages, { document: doc });
  });
  return { api, mounted };
}

export interface BootOptions {
  document?: Document;
  /** The `<script data-config>` element; found in the document when not given. */
  script?: HTMLScriptElement | null;
  /** IndexedDB name, for tests that need a fresh store. */
  dbName?: string;
}

/**
 * Starts Consentry from a script tag; resolves with the API once the UI is
 * mounted, or with undefined when the config was refused.
 */
export async function boot({
  document: doc = document,
  script,
  dbName,
}: BootOptions = {}): Promise<ConsentryApi | undefined> {
  // A single-page app started `consentry` (the ES module) before this tag ran: one runtime per page,
  // or two would ask, record and gate side by side.
  if (window.consentry) return window.consentry;
  const tag = script ?? doc.querySelector<HTMLScriptElement>('script[data-config]');
  // The script tag runs while the page is parsed: a config placed after it is not there yet.
  if (doc.readyState === 'loading' && !present(doc, tag?.dataset.config || DEFAULT_SELECTOR)) await domReady(doc);
  const config = readConfig(doc, tag);
  if (config instanceof Error) {
    window.consentry = refusingApi(config);
    return undefined;
  }
  const { api, mounted } = startConsentry({ config, document: doc, ...(dbName ? { dbName } : {}) });
  window.consentry = api;
  await mounted;
  return api;
}
