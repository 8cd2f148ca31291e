/**
 * The start-up check of a site config, without zod: the only check a visitor's
 * browser runs by default, on the path to the banner, so it is small and
 * table-driven. It accepts exactly the configs the full schema
 * (`parseSiteConfig`, config-schema.ts) accepts, and names the field of each
 * problem, the first one being a field the full schema names too
 * (test/core/config-parity.test.ts checks both on generated configs). The full
 * schema (`@consentry/core/schema`, opt-in: `data-validate` / `validate: true`,
 * and `consentry check-config`) words its messages with the value it got.
 */

import type { SiteConfig } from './config-schema.js';
import { MAX_AGE_DAYS } from './expiry.js';
import type { FieldError } from './field-errors.js';
import { ENDPOINT_PATTERN, ID_PATTERN, isSafeLink, LOCALE_PATTERN, LONE_SURROGATE, WELL_FORMED } from './patterns.js';
import { TIERS } from './tiers.js';

export type ShapeResult = { ok: true; config: SiteConfig } | { ok: false; errors: FieldError[] };

type Fail = (path: string, message: string) => void;
/** A value's check: returns what was expected when `value` is wrong; checks of nested values report through `fail`. */
type Check = (value: unknown, path: string, fail: Fail) => string | undefined;

/** Runs `check` on `value` and reports what it expected, at `path`; nor may a string that passes hold a lone surrogate. */
function run(check: Check, value: unknown, path: string, fail: Fail): void {
  const expected = check(value, path, fail) || (isString(value) && LONE_SURROGATE.test(value) && WELL_FORMED);
  if (expected) fail(path, `expected ${expected}`);
}

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
// The full schema counts code points, not UTF-16 units: an emoji is one character.
const length = (s: string) => [...s].length;

const is =
  (test: (v: unknown) => boolean, expected: string): Check =>
  (v) =>
    test(v) ? undefined : expected;
/** Absent is fine (the full schema's `optional`, or a `_default` applied by `checkConfigShape`). */
const optional =
  (check: Check): Check =>
  (v, path, fail) =>
    v === undefined ? undefined : check(v, path, fail);
/** A string of 1 to `max` characters that passes `test`. */
const text = (max: number, expected = 'a non-empty string', test = (_: string) => true) =>
  is((v) => isString(v) && !!v && length(v) <= max && test(v), `${expected} (at most ${max} characters)`);
const matching = (pattern: RegExp, expected: string) => is((v) => isString(v) && pattern.test(v), expected);
const oneOf = (values: readonly string[]) => is((v) => values.includes(v as string), `"${values.join('" or "')}"`);

/** An object with exactly these fields (the full schema's strict objects: a field not listed is unknown). */
const object =
  (shape: Record<string, Check>): Check =>
  (v, path, fail) => {
    if (!isObject(v)) return 'an object';
    for (const key of Object.keys(v))
      if (!Object.hasOwn(shape, key)) fail(at(path, key), 'unknown field (check its spelling)');
    for (const [key, check] of Object.entries(shape)) run(check, v[key], at(path, key), fail);
  };

/** An array of at most `max` items, or nothing (then `[]`). */
const list =
  (item: Check, max: number): Check =>
  (v = [], path, fail) => {
    if (!Array.isArray(v) || v.length > max) return `an array of at most ${max} items`;
    for (const [i, x] of v.entries()) run(item, x, `${path}[${i}]`, fail);
  };

/** An object of any keys passing `key`, each value passing `value`. */
const record =
  (key: Check, value: Check): Check =>
  (v, path, fail) => {
    if (!isObject(v)) return 'an object';
    // Like the full schema's records: a JSON `__proto__` key is skipped, never read as a prototype.
    for (const k of Object.keys(v))
      if (k !== '__proto__') run((x, p, f) => key(k, p, f) ?? value(x, p, f), v[k], at(path, k), fail);
  };

const id = matching(ID_PATTERN, 'a lowercase id such as "matomo"');
const locale = matching(LOCALE_PATTERN, 'a language tag such as "fr" or "en-GB"');
// Issue 8: links only https:/relative, never `javascript:` or `data:` (patterns.ts).
const link = text(2048, 'an https:, http: or relative URL', isSafeLink);

const services = list(
  object({
    id,
    tier: oneOf(TIERS),
    name: text(120),
    provider: optional(text(200)),
    description: optional(text(1000)),
    privacyPolicyUrl: optional(link),
    // Each cookie is shown in the dialog and its name deleted on refusal (cookies.ts).
    cookies: list(
      object({
        name: text(200),
        provider: optional(text(200)),
        duration: text(100),
        purpose: text(500),
        domain: optional(text(253)),
      }),
      100,
    ),
  }),
  200,
);

const ROOT = object({
  site: id,
  // A misspelt `endPoint` is an unknown field: proofs would otherwise go unsent in silence.
  endpoint: optional(text(2048, 'an absolute http(s) URL without query', (s) => ENDPOINT_PATTERN.test(s))),
  policyVersion: text(64),
  privacyPolicyUrl: link,
  locale: optional(locale),
  // Service ids key the visitor's per-service choices: a duplicate would make two services one.
  services: (v = [], path, fail) =>
    services(v, path, fail) ??
    (new Set((v as { id?: unknown }[]).map((s) => s?.id)).size < (v as unknown[]).length
      ? 'unique service ids'
      : undefined),
  // CNIL rec. 2020-092 art. 2: a choice is kept 13 months at most (expiry.ts).
  maxAgeDays: optional(
    is(
      (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_AGE_DAYS,
      `an integer from 1 to ${MAX_AGE_DAYS}`,
    ),
  ),
  theme: optional(object({ mode: optional(oneOf(['auto', 'light', 'dark'])) })),
  texts: optional(
    record(
      locale,
      record(
        // Any key: the banner takes only the texts it knows (messagesFor).
        () => undefined,
        is((v) => isString(v) && length(v) <= 2000, 'a string (at most 2000 characters)'),
      ),
    ),
  ),
  manageButton: optional(is((v) => typeof v === 'boolean', 'true or false')),
});

/**
 * Checks the shape of a config and applies its defaults, without zod.
 *
 * @example
 * const r = checkConfigShape(JSON.parse(script.textContent ?? ''));
 * if (!r.ok) console.error(`consentry: ${r.errors[0].path}: ${r.errors[0].message}`);
 */
export function checkConfigShape(raw: unknown): ShapeResult {
  const errors: FieldError[] = [];
  run(ROOT, raw, '', (path, message) => {
    errors.push({ path, message });
  });
  if (errors.length) return { ok: false, errors };
  const config = raw as SiteConfig;
  return {
    ok: true,
    config: {
      ...config,
      services: (config.services ?? []).map((s) => ({ ...s, cookies: s.cookies ?? [] })),
      maxAgeDays: config.maxAgeDays ?? MAX_AGE_DAYS,
      theme: { mode: config.theme?.mode ?? 'auto' },
    },
  };
}
