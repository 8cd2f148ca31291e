/**
 * Shared fixtures of the runtime tests: a real page in an iframe (same origin,
 * same IndexedDB), a site config, unique names, and polling.
 */
import type { Choices } from '@consentry/core';
import { createConsentry } from '../../../packages/banner/src/create.js';
import type { ConsentryOptions } from '../../../packages/banner/src/runtime.js';
import type { ConsentryRuntime } from '../../../packages/banner/src/types.js';

export const FIXTURE = new URL('./fixtures/page.html', import.meta.url).pathname;

export const MESSAGES = { acceptAll: 'Accept all', rejectAll: 'Reject all', customize: 'Customize' };

let counter = 0;
/** A name no other test (or earlier run) uses. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

/** The services of DESIGN.md's example, with the cookies the real tools set. */
export const SERVICES = [
  {
    id: 'google-analytics',
    tier: 'audience',
    name: 'Google Analytics',
    cookies: [
      { name: '_ga', duration: '13 months', purpose: 'visit statistics' },
      { name: '_ga_*', duration: '13 months', purpose: 'visit statistics' },
    ],
  },
  {
    id: 'matomo',
    tier: 'audience',
    name: 'Matomo',
    cookies: [{ name: '_pk_*', duration: '13 months', purpose: 'visit statistics' }],
  },
  {
    id: 'meta-pixel',
    tier: 'advertising',
    name: 'Meta Pixel',
    cookies: [{ name: '_fbp', duration: '3 months', purpose: 'ad measurement' }],
  },
  {
    id: 'session',
    tier: 'essential',
    name: 'Session',
    cookies: [{ name: 'sid', duration: 'session', purpose: 'login' }],
  },
];

/**
 * A site config like DESIGN.md's, with overrides. Each gets its own site id,
 * and its cookie names are renamed: test files run side by side in tabs of
 * one browser, sharing cookies and BroadcastChannels, so only cookies.test.ts
 * may delete the real names.
 */
export function siteConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const rename = (name: string) => `t${name}`;
  return {
    site: unique('site'),
    policyVersion: '2026-11-01',
    privacyPolicyUrl: '/privacy',
    services: SERVICES.map((s) => ({ ...s, cookies: s.cookies.map((c) => ({ ...c, name: rename(c.name) })) })),
    ...overrides,
  };
}

export interface Frame {
  frame: HTMLIFrameElement;
  win: Window & typeof globalThis & { log: string[]; dataLayer?: IArguments[]; consentry?: ConsentryRuntime };
  doc: Document;
}

const frames: HTMLIFrameElement[] = [];

/** Loads the gated fixture page (or `query` for one that starts its own runtime) in an iframe. */
export async function loadPage(query = ''): Promise<Frame> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `${FIXTURE}${query}`;
  document.body.append(frame);
  await loaded;
  return { frame, win: frame.contentWindow as Frame['win'], doc: frame.contentDocument as Document };
}

/** The query of a fixture page that starts its own runtime. */
export const autoQuery = (config: Record<string, unknown>, db: string) =>
  `?${new URLSearchParams({ config: JSON.stringify(config), db })}`;

/** Reloads a fixture page in place and waits for it. */
export async function reload(page: Frame): Promise<Frame> {
  const loaded = new Promise((resolve) => page.frame.addEventListener('load', resolve, { once: true }));
  page.win.location.reload();
  await loaded;
  return {
    frame: page.frame,
    win: page.frame.contentWindow as Frame['win'],
    doc: page.frame.contentDocument as Document,
  };
}

const runtimes: ConsentryRuntime[] = [];

/** Starts a runtime on `doc` with a fresh database unless told otherwise. */
export function start(doc: Document, options: Partial<ConsentryOptions> = {}): ConsentryRuntime {
  const api = createConsentry({
    config: siteConfig(),
    locale: 'en',
    messages: MESSAGES,
    document: doc,
    dbName: unique('db'),
    ...options,
  });
  runtimes.push(api);
  return api;
}

/** Tears down every runtime and iframe the test made. */
export function cleanUp(): void {
  for (const api of runtimes.splice(0)) api.destroy();
  for (const frame of frames.splice(0)) frame.remove();
}

/** Polls `check` until it is truthy (or fails after `timeout` ms). */
export async function waitFor<T>(check: () => T | Promise<T>, timeout = 5000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The resources a page requested whose URL contains `part`. */
export const requested = (win: Window, part: string) =>
  win.performance.getEntriesByType('resource').filter((e) => e.name.includes(part)).length;

/** The `gtag('consent', …)` calls of a page, as plain arrays of this realm. */
export const consentCalls = (win: Frame['win']): unknown[][] =>
  JSON.parse(JSON.stringify((win.dataLayer ?? []).map((args) => Array.from(args)))).filter(
    (args: unknown[]) => args[0] === 'consent',
  );

export const GRANTED_ALL: Choices = { essential: true, audience: true, advertising: true, services: {} };
export const REFUSED_ALL: Choices = { essential: true, audience: false, advertising: false, services: {} };
