/**
 * Cheap structural checks of a site config, for the code a first visit runs
 * before the banner shows, without zod. By default they are the only check a
 * visitor's browser runs, so they cover what the runtime relies on to stay
 * safe (ids, tiers, links, limits, each cookie's texts) and the mistakes that
 * would otherwise pass in silence: a misspelt field (`endPoint` would leave
 * proofs unsent), a duplicate service id. The full schema
 * (`@consentry/core/schema`, opt-in: `data-validate` / `validate: true`)
 * names every other problem. Anything these checks reject, the full schema
 * rejects too.
 */

import type { SiteConfig } from './config-schema.js';
import { MAX_AGE_DAYS } from './expiry.js';
import type { FieldError } from './field-errors.js';
import { ENDPOINT_PATTERN, ID_PATTERN, isSafeLink, LOCALE_PATTERN } from './patterns.js';
import { isTierId } from './tiers.js';

export type ShapeResult = { ok: true; config: SiteConfig } | { ok: false; errors: FieldError[] };

type Fail = (path: string, message: string) => void;
/** A field's check: returns what was expected when `value` is wrong (nested checks report through `fail`). */
type Check = (value: unknown, path: string, fail: Fail) => string | undefined;
/** An object's fields and their checks; a field not listed is unknown (the full schema's strict objects). */
type Shape = Record<string, Check>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

const is =
  (test: (v: unknown) => boolean, expected: string, optional?: boolean): Check =>
  (v) =>
    (optional && v === undefined) || test(v) ? undefined : `expected ${expected}`;
const text = (max: number, optional?: boolean) =>
  is((v) => isText(v, max), `a non-empty string (at most ${max} characters)`, optional);
const matching = (pattern: RegExp, expected: string, optional?: boolean) =>
  is((v) => typeof v === 'string' && pattern.test(v), expected, optional);
const optionalString = is((v) => typeof v === 'string', 'a string', true);
const link = (optional?: boolean) =>
  is((v) => typeof v === 'string' && !!v && isSafeLink(v), 'an https:, http: or relative URL', optional);

/** Checks each field of `value` against `shape` and names each unknown field. */
function checkObject(value: unknown, shape: Shape, path: string, fail: Fail): void {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (!isObject(value)) {
    fail(path, 'expected an object');
    return;
  }
  for (const key of Object.keys(value))
    if (!Object.hasOwn(shape, key)) fail(at(key), 'unknown field (check its spelling)');
  for (const [key, check] of Object.entries(shape)) {
    const expected = check(value[key], at(key), fail);
    if (expected) fail(at(key), expected);
  }
}

/** An optional array of at most `max` objects of `shape`. */
const list =
  (shape: Shape, max: number): Check =>
  (v = [], path, fail) => {
    if (!Array.isArray(v) || v.length > max) return `an array of at most ${max} items`;
    for (const [i, item] of v.entries()) checkObject(item, shape, `${path}[${i}]`, fail);
  };

// Each cookie is shown in the dialog and its name deleted on refusal (cookies.ts): a wrong type would break both.
const COOKIE: Shape = {
  name: text(200),
  provider: text(200, true),
  duration: text(100),
  purpose: text(500),
  domain: text(253, true),
};

const SERVICE: Shape = {
  id: matching(ID_PATTERN, 'an id such as "matomo"'),
  tier: is(isTierId, '"essential", "audience" or "advertising"'),
  name: text(120),
  // Rendered in the dialog: another type would reach Lit as a value to render, a bad scheme a link.
  // Lengths are left to the full schema (it names an empty provider too).
  provider: optionalString,
  description: optionalString,
  privacyPolicyUrl: link(true),
  cookies: list(COOKIE, 100),
};

const services = list(SERVICE, 200);

const ROOT: Shape = {
  site: matching(ID_PATTERN, 'an id such as "example"'),
  endpoint: matching(ENDPOINT_PATTERN, 'an absolute http(s) URL without query', true),
  policyVersion: text(64),
  privacyPolicyUrl: link(),
  locale: matching(LOCALE_PATTERN, 'a language tag such as "fr" or "en-GB"', true),
  services: (v, path, fail) =>
    services(v, path, fail) ??
    (Array.isArray(v) && new Set(v.map((s) => s?.id)).size !== v.length ? 'unique service ids' : undefined),
  maxAgeDays: is(
    (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_AGE_DAYS,
    `an integer from 1 to ${MAX_AGE_DAYS} (13 months at most)`,
    true,
  ),
  theme: (v, path, fail) => {
    const mode = is((m) => ['auto', 'light', 'dark'].includes(m as string), '"auto", "light" or "dark"', true);
    if (v !== undefined) checkObject(v, { mode }, path, fail);
    return undefined;
  },
  texts: is(isObject, 'an object', true),
  manageButton: is((v) => typeof v === 'boolean', 'true or false', true),
};

/**
 * Checks the shape of a config and applies its defaults, without zod.
 *
 * @example
 * const r = checkConfigShape(JSON.parse(script.textContent ?? ''));
 * if (!r.ok) console.error(`consentry: ${r.errors[0].path}: ${r.errors[0].message}`);
 */
export function checkConfigShape(raw: unknown): ShapeResult {
  const errors: FieldError[] = [];
  if (!isObject(raw)) return { ok: false, errors: [{ path: '', message: 'expected a JSON object' }] };
  checkObject(raw, ROOT, '', (path, message) => {
    errors.push({ path, message });
  });
  if (errors.length) return { ok: false, errors };
  const config = raw as unknown as SiteConfig;
  return {
    ok: true,
    config: {
      ...config,
      services: (config.services ?? []).map((s) => ({ ...s, cookies: s.cookies ?? [] })),
      maxAgeDays: config.maxAgeDays ?? MAX_AGE_DAYS,
      theme: { mode: config.theme?.mode ?? 'auto' },
      manageButton: config.manageButton === true,
    },
  };
}
