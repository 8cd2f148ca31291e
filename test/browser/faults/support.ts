/**
 * Shared fixtures of the fault tests: a site page in an iframe (same origin,
 * same IndexedDB) started from the text of its config as the script tag does,
 * a walk through every shadow root, and the fake consent log's controls
 * (test/support/proof-endpoint.mjs).
 */
import type { ConsentryApi, ErrorDetail } from '../../../packages/banner/src/index.js';

const SITE = new URL('./fixtures/site.html', import.meta.url).pathname;

declare global {
  interface Window {
    /** Config texts for the site pages, by key (an iframe reads its own). */
    faultConfigs?: Record<string, string>;
  }
}

export type SiteWindow = Window &
  typeof globalThis & {
    log: string[];
    uncaught: string[];
    consoleErrors: string[];
    consentryErrors: ErrorDetail[];
    api: ConsentryApi;
  };

export interface Site {
  frame: HTMLIFrameElement;
  win: SiteWindow;
  doc: Document;
}

let counter = 0;
/** A name no other test (or earlier run) uses. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

const frames: HTMLIFrameElement[] = [];

/** Deletes the page's default database (`consentry`, the script tag's), so the visitor is new. */
export function forgetVisitor(name = 'consentry'): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/** Loads a site page whose config is `raw` (the text of its JSON script element). */
export async function loadSite(raw: string, width = 1024): Promise<Site> {
  const key = unique('cfg');
  window.faultConfigs = { ...window.faultConfigs, [key]: raw };
  const frame = document.createElement('iframe');
  frame.style.width = `${width}px`;
  frame.style.height = '700px';
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `${SITE}?key=${key}`;
  document.body.append(frame);
  await loaded;
  delete window.faultConfigs[key];
  return { frame, win: frame.contentWindow as SiteWindow, doc: frame.contentDocument as Document };
}

/** Removes every site page the test loaded (their runtimes go with their documents). */
export function removeSites(): void {
  for (const frame of frames.splice(0)) frame.remove();
}

/** Every element of `root`, through every shadow root (open ones: the banner's are). */
export function allElements(root: Document | ShadowRoot): Element[] {
  const out: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...allElements(el.shadowRoot));
  }
  return out;
}

/** Every shadow root under `root`. */
export const shadowRoots = (root: Document | ShadowRoot): ShadowRoot[] =>
  allElements(root).flatMap((el) => (el.shadowRoot ? [el.shadowRoot] : []));

// The runtime tests' polling and pause, shared.
export { sleep, waitFor } from '../runtime/helpers.js';

/** The fake consent log of key `key` (test/support/proof-endpoint.mjs). */
export const endpointFor = (key: string) => `${location.origin}/__test/proofs/${key}`;
export const setMode = (key: string, mode: string) => fetch(`${endpointFor(key)}/mode?set=${mode}`, { method: 'POST' });
