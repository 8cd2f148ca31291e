/**
 * Cheap structural checks of a site config, for the code a first visit runs
 * before the banner shows. They cover what the runtime relies on to stay safe
 * (ids, tiers, links, limits) without loading zod; the full schema
 * (`@consentry/core/schema`) runs afterwards, lazily, and names every problem.
 * Anything these checks reject, the full schema rejects too.
 */

import type { SiteConfig } from './config-schema.js';
import { MAX_AGE_DAYS } from './expiry.js';
import type { FieldError } from './field-errors.js';
import { ENDPOINT_PATTERN, ID_PATTERN, isSafeLink, LOCALE_PATTERN } from './patterns.js';
import { isTierId } from './tiers.js';

export type ShapeResult = { ok: true; config: SiteConfig } | { ok: false; errors: FieldError[] };

const MAX_SERVICES = 200;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/**
 * Checks the shape of a config and applies its defaults, without zod.
 *
 * @example
 * const r = checkConfigShape(JSON.parse(script.textContent ?? ''));
 * if (!r.ok) console.error(`consentry: ${r.errors[0].path}: ${r.errors[0].message}`);
 */
export function checkConfigShape(raw: unknown): ShapeResult {
  const errors: FieldError[] = [];
  const fail = (path: string, message: string) => {
    errors.push({ path, message });
  };
  if (!isObject(raw)) return { ok: false, errors: [{ path: '', message: 'expected a JSON object' }] };

  if (typeof raw.site !== 'string' || !ID_PATTERN.test(raw.site)) fail('site', 'expected an id such as "example"');
  if (!isText(raw.policyVersion, 64)) fail('policyVersion', 'expected a non-empty string (at most 64 characters)');
  if (typeof raw.privacyPolicyUrl !== 'string' || !isSafeLink(raw.privacyPolicyUrl) || !raw.privacyPolicyUrl) {
    fail('privacyPolicyUrl', 'expected an https:, http: or relative URL');
  }
  if (raw.endpoint !== undefined && (typeof raw.endpoint !== 'string' || !ENDPOINT_PATTERN.test(raw.endpoint))) {
    fail('endpoint', 'expected an absolute http(s) URL without query');
  }
  if (raw.locale !== undefined && (typeof raw.locale !== 'string' || !LOCALE_PATTERN.test(raw.locale))) {
    fail('locale', 'expected a language tag such as "fr" or "en-GB"');
  }
  const maxAge = raw.maxAgeDays ?? MAX_AGE_DAYS;
  if (!Number.isInteger(maxAge) || (maxAge as number) < 1 || (maxAge as number) > MAX_AGE_DAYS) {
    fail('maxAgeDays', `expected an integer from 1 to ${MAX_AGE_DAYS} (13 months at most)`);
  }
  const services = raw.services ?? [];
  if (!Array.isArray(services)) fail('services', 'expected an array');
  else if (services.length > MAX_SERVICES) fail('services', `expected at most ${MAX_SERVICES} services`);
  else {
    for (const [i, service] of services.entries()) checkService(service, `services[${i}]`, fail);
  }
  for (const key of ['theme', 'texts'] as const) {
    if (raw[key] !== undefined && !isObject(raw[key])) fail(key, 'expected an object');
  }

  if (errors.length) return { ok: false, errors };
  const theme = isObject(raw.theme) ? raw.theme : {};
  return {
    ok: true,
    config: {
      ...(raw as unknown as SiteConfig),
      services: (services as SiteConfig['services']).map((s) => ({ ...s, cookies: s.cookies ?? [] })),
      maxAgeDays: maxAge as number,
      theme: { mode: (theme.mode as SiteConfig['theme']['mode']) ?? 'auto' },
      manageButton: raw.manageButton === true,
    },
  };
}

function checkService(service: unknown, path: string, fail: (path: string, message: string) => void): void {
  if (!isObject(service)) {
    fail(path, 'expected an object');
    return;
  }
  if (typeof service.id !== 'string' || !ID_PATTERN.test(service.id))
    fail(`${path}.id`, 'expected an id such as "matomo"');
  if (!isTierId(service.tier)) fail(`${path}.tier`, 'expected "essential", "audience" or "advertising"');
  if (!isText(service.name, 120)) fail(`${path}.name`, 'expected a non-empty string');
  if (service.cookies !== undefined && !Array.isArray(service.cookies)) fail(`${path}.cookies`, 'expected an array');
}
