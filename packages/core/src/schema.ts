/**
 * The zod schemas shared by the browser and the server: the site config, the
 * consent proof, the stored (chained) record and the receipt.
 *
 * This entry point pulls in `zod/mini` (about 6.7 KB brotli with these
 * schemas), so the banner loads it lazily, never before the banner shows.
 * Types come from here through `z.infer` and are re-exported type-only by the
 * main entry point, which costs no bytes.
 */
import * as z from 'zod/mini';
import { ACTIONS } from './actions.js';
import { MAX_AGE_DAYS } from './expiry.js';
import { ENDPOINT_PATTERN, HEX64_PATTERN, ID_PATTERN, isSafeLink, LOCALE_PATTERN } from './patterns.js';
import { TIERS } from './tiers.js';

const id = () => z.string().check(z.regex(ID_PATTERN, 'an id: lowercase letters, digits, ".", "_" or "-" (1 to 64)'));
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const locale = () => z.string().check(z.regex(LOCALE_PATTERN, 'a language tag such as "fr" or "en-GB"'));

const link = () => text(2048).check(z.refine(isSafeLink, 'an https:, http: or relative URL'));
const endpoint = () =>
  text(2048).check(z.refine((value) => ENDPOINT_PATTERN.test(value), 'an absolute http(s) URL without query'));

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
  texts: z.optional(z.record(locale(), z.record(z.string(), z.string().check(z.maxLength(2000))))),
  manageButton: z._default(z.boolean(), false),
});

export type SiteConfig = z.infer<typeof siteConfigSchema>;
/** The config as a site writes it, before defaults are applied. */
export type SiteConfigInput = z.input<typeof siteConfigSchema>;
export type ServiceConfig = z.infer<typeof serviceSchema>;
export type CookieConfig = z.infer<typeof cookieSchema>;

export const choicesSchema = z.strictObject({
  essential: z.literal(true),
  audience: z.boolean(),
  advertising: z.boolean(),
  services: z.record(id(), z.boolean()).check(z.refine((v) => Object.keys(v).length <= 200, 'at most 200 services')),
});

const hex64 = () => z.string().check(z.regex(HEX64_PATTERN, '64 lowercase hex digits'));

export const proofSchema = z.strictObject({
  id: z.uuid(),
  subject: z.uuid(),
  site: id(),
  at: z.iso.datetime(),
  action: z.enum(ACTIONS),
  choices: choicesSchema,
  policyVersion: text(64),
  noticeHash: hex64(),
  locale: locale(),
  expiresAt: z.iso.datetime(),
  gpc: z.boolean(),
  url: text(2048).check(
    z.refine((value) => /^https?:\/\/[^/?#\s]+\/[^?#\s]*$/.test(value), 'origin and path, without query or fragment'),
  ),
});

export type Proof = z.infer<typeof proofSchema>;

export const storedRecordSchema = z.strictObject({
  ...proofSchema.shape,
  receivedAt: z.iso.datetime(),
  seq: z.int().check(z.minimum(1)),
  prevHash: hex64(),
  hash: hex64(),
  ua: z.optional(text(64)),
});

export type StoredRecord = z.infer<typeof storedRecordSchema>;

export const receiptSchema = z.strictObject({
  id: z.uuid(),
  seq: z.int().check(z.minimum(1)),
  hash: hex64(),
  receivedAt: z.iso.datetime(),
  kid: text(128),
  sig: z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'base64url')),
});

export type Receipt = z.infer<typeof receiptSchema>;

/** One problem in a parsed value: where, and what was expected. */
export interface FieldError {
  /** JSON path, e.g. `services[1].tier`; empty for the root. */
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

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

export function parseProof(input: unknown): ParseResult<Proof> {
  return parseWith(proofSchema, input);
}

export function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown): ParseResult<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => describeIssue(issue, input)) };
}

/** Formats errors as one line each: `path: message`. */
export function formatErrors(errors: FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, input: unknown): FieldError {
  const got = () => describeValue(valueAt(input, issue.path));
  switch (issue.code) {
    case 'invalid_type':
      return {
        path: formatPath(issue.path),
        message: `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${got()}`,
      };
    case 'invalid_value':
      return {
        path: formatPath(issue.path),
        message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${got()}`,
      };
    case 'unrecognized_keys':
      return {
        path: formatPath([...issue.path, issue.keys[0] ?? '']),
        message: `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''} (check its spelling)`,
      };
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return { path: formatPath(issue.path), message: `expected ${bound}${unit}, got ${got()}` };
    }
    case 'invalid_format':
      return {
        path: formatPath(issue.path),
        message: `expected ${issue.format === 'regex' ? issue.message : `a valid ${issue.format}`}, got ${got()}`,
      };
    default:
      return { path: formatPath(issue.path), message: `expected ${issue.message}, got ${got()}` };
  }
}
