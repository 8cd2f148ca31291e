/**
 * The site config schema (zod/mini). The banner loads it lazily to name every
 * mistake in a config; the cheap start-up check is config-shape.ts.
 */
import * as z from 'zod/mini';
import { MAX_AGE_DAYS } from './expiry.js';
import { type ParseResult, parseWith } from './field-errors.js';
import { endpoint, id, link, locale, text, wellFormed } from './schema-parts.js';
import { TIERS } from './tiers.js';

export const cookieSchema = z.strictObject({
  name: text(200),
  provider: z.optional(text(200)),
  duration: text(100),
  purpose: text(500),
  domain: z.optional(text(253)),
});

export const serviceSchema = z.strictObject({
  id: id(),
  tier: z.enum(TIERS),
  name: text(120),
  provider: z.optional(text(200)),
  description: z.optional(text(1000)),
  privacyPolicyUrl: z.optional(link()),
  cookies: z._default(z.array(cookieSchema).check(z.maxLength(100)), []),
});

export const themeSchema = z.strictObject({
  mode: z._default(z.enum(['auto', 'light', 'dark']), 'auto'),
});

const uniqueServiceIds = (services: { id: string }[]) => new Set(services.map((s) => s.id)).size === services.length;

export const siteConfigSchema = z.strictObject({
  site: id(),
  endpoint: z.optional(endpoint()),
  policyVersion: text(64),
  privacyPolicyUrl: link(),
  locale: z.optional(locale()),
  services: z._default(
    z.array(serviceSchema).check(z.maxLength(200), z.refine(uniqueServiceIds, 'service ids must be unique')),
    [],
  ),
  maxAgeDays: z._default(z.int().check(z.minimum(1), z.maximum(MAX_AGE_DAYS)), MAX_AGE_DAYS),
  theme: z._default(themeSchema, { mode: 'auto' }),
  texts: z.optional(z.record(locale(), z.record(z.string(), z.string().check(z.maxLength(2000), wellFormed())))),
  /**
   * The floating "Manage cookies" button: `true` always, `false` never (the site
   * has its own control), absent: when the page has no `[data-consentry-open]`
   * element (DESIGN.md: a permanent "Manage cookies" control; RULES.md 9).
   */
  manageButton: z.optional(z.boolean()),
});

export type SiteConfig = z.infer<typeof siteConfigSchema>;
/** The config as a site writes it, before defaults are applied. */
export type SiteConfigInput = z.input<typeof siteConfigSchema>;
export type ServiceConfig = z.infer<typeof serviceSchema>;
export type CookieConfig = z.infer<typeof cookieSchema>;

/**
 * Parses a site config, applying defaults; on failure every error names its
 * field path and what was expected.
 *
 * @example
 * const r = parseSiteConfig(JSON.parse(el.textContent));
 * if (!r.ok) console.error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
 */
export function parseSiteConfig(input: unknown): ParseResult<SiteConfig> {
  return parseWith(siteConfigSchema, input);
}
