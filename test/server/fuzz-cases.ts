/**
 * Hostile requests for `POST /v1/proofs`, as fast-check arbitraries: bodies that are
 * not JSON, JSON of the wrong shape, proofs with one field swapped for
 * something hostile (wrong types, huge strings and arrays, deep nesting, lone
 * surrogates, NUL, RTL marks, `__proto__` keys, duplicate keys), wrong content
 * types and encodings — and valid proofs as a control. Each case says what
 * the server must answer: `invalid` (4xx, nothing stored), `valid` (201,
 * stored exactly as sent), or `either` (no oracle: only the invariants).
 */

import type { Proof } from '@consentry/core/schema';
import fc from 'fast-check';
import { makeProof, ORIGIN } from './fixtures.js';

export type Expect = 'invalid' | 'valid' | 'either';

export interface IngestCase {
  kind: string;
  body: string;
  headers: Record<string, string>;
  expect: Expect;
}

const LONE = ['\ud800', '\udfff', 'a\udbffb', '\udc00\ud800'];
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Strings that break parsers, terminals, logs, or UIs that print them. */
export const NASTY = [
  ...LONE,
  '\u0000',
  'x\u0000y',
  '\u202eevil',
  '\u200f\u200e',
  '\ufeff',
  '\uffff\ufffe',
  '𝕏🏳️‍🌈',
  'e\u0301\u0301\u0301',
  '<script>alert(1)</script>',
  "'; DROP TABLE proofs; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, on purpose.
  '${process.exit()}',
  '%00%ff%E0%A4%A',
  '../../../etc/passwd',
  '\r\nSet-Cookie: x=1',
  '__proto__',
  'constructor',
  'toString',
];

/** Any code point, surrogates included; one instance (fast-check builds a 1.1M-entry table per instance). */
const binaryString = fc.string({ unit: 'binary', maxLength: 40 });
const hugeString = fc.integer({ min: 2049, max: 70_000 }).map((n) => 'a'.repeat(n));
export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  binaryString,
  fc.constantFrom(...NASTY),
  hugeString,
);

/** Any JSON value, hostile strings included, a few levels deep. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 1e308, 2 ** 53 + 1),
    ),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...NASTY)), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const FIELDS = Object.keys(makeProof()) as (keyof Proof)[];

/** Sets `key` as an own, enumerable property, even `__proto__` (a literal would set the prototype). */
function withKey(target: object, key: string, value: unknown): object {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

const validProof = fc
  .record({ site: fc.constantFrom('shop', 'shop', 'blog') })
  .map(({ site }) => makeProof(site === 'blog' ? { site, url: 'https://blog.example/post' } : {}));
const originFor = (site: string) => (site === 'blog' ? 'https://blog.example' : ORIGIN);
const jsonHeaders = (site: string) => ({ 'Content-Type': 'application/json', Origin: originFor(site) });

/** A valid proof, alone or in a batch: must be stored (the control). */
const valid = fc
  .tuple(fc.array(validProof, { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([proofs, single]): IngestCase => {
    const site = proofs[0]!.site;
    const batch = proofs.map((p) => ({ ...p, site, url: `${originFor(site)}/p` }));
    return {
      kind: 'valid',
      body: JSON.stringify(single ? batch[0] : batch),
      headers: jsonHeaders(site),
      expect: 'valid',
    };
  });

/** One field swapped for a hostile value: mostly invalid, sometimes still a proof (a valid string). */
const swapped = fc
  .tuple(validProof, fc.constantFrom(...FIELDS), hostileValue)
  .map(([proof, field, value]): IngestCase => {
    const changed = { ...proof, [field]: value };
    // A string in a free-text field, or a boolean for gpc, may still be valid: no oracle then.
    const mayHold =
      (typeof value === 'string' && ['policyVersion', 'url', 'locale'].includes(field)) ||
      (typeof value === 'boolean' && field === 'gpc');
    const hasLone = typeof value === 'string' && LONE_SURROGATE.test(value);
    const expect: Expect = mayHold && !hasLone ? 'either' : 'invalid';
    return { kind: `swap:${field}`, body: JSON.stringify(changed), headers: jsonHeaders(proof.site), expect };
  });

const dropped = fc.tuple(validProof, fc.constantFrom(...FIELDS)).map(([proof, field]): IngestCase => {
  const { [field]: _, ...rest } = proof;
  return { kind: `drop:${field}`, body: JSON.stringify(rest), headers: jsonHeaders(proof.site), expect: 'invalid' };
});

const FIXED_KEYS = ['__proto__', 'constructor', 'prototype', 'hash', 'seq', 'receivedAt'];

/** An extra key at the top, in `choices` or in `choices.services`: prototype-pollution attempts included. */
const extraKey = fc
  .tuple(
    validProof,
    fc.constantFrom('top', 'choices', 'services'),
    fc.oneof(fc.constantFrom(...FIXED_KEYS), fc.string()),
    hostileValue,
  )
  .map(([proof, where, key, value]): IngestCase => {
    const polluting = { polluted: 'yes', isAdmin: true, toString: 'x' };
    const payload = key === '__proto__' || key === 'constructor' ? polluting : value;
    const services = withKey({}, key, where === 'services' ? (typeof value === 'boolean' ? value : true) : payload);
    const choices = where === 'choices' ? withKey({ ...proof.choices }, key, payload) : { ...proof.choices, services };
    const body = where === 'top' ? withKey({ ...proof, choices }, key, payload) : { ...proof, choices };
    // A services entry (id-shaped key, boolean) may be valid, and a random key may name a real field.
    const expect: Expect =
      key === '__proto__' || (where !== 'services' && FIXED_KEYS.includes(key)) ? 'invalid' : 'either';
    return { kind: `extra:${where}`, body: JSON.stringify(body), headers: jsonHeaders(proof.site), expect };
  });

/** The same key twice in the text: JSON.parse keeps the last, so the outcome depends on which is valid. */
const duplicateKey = fc
  .tuple(validProof, fc.constantFrom(...FIELDS), hostileValue, fc.boolean())
  .map(([proof, field, value, hostileLast]): IngestCase => {
    const text = JSON.stringify(proof);
    const extra = `${JSON.stringify(field)}:${JSON.stringify(value) ?? 'null'}`;
    const body = hostileLast ? `${text.slice(0, -1)},${extra}}` : `{${extra},${text.slice(1)}`;
    return { kind: 'duplicate-key', body, headers: jsonHeaders(proof.site), expect: hostileLast ? 'either' : 'valid' };
  });

const depth = fc.integer({ min: 1, max: 32_000 });
/** Text that is not JSON, or JSON that is not a proof at all. */
const notAProof = fc.oneof(
  validProof.chain((p) =>
    fc.integer({ min: 0, max: JSON.stringify(p).length - 1 }).map((n) => JSON.stringify(p).slice(0, n)),
  ),
  fc.string(),
  binaryString,
  fc.constantFrom('', ' ', 'null', 'true', '0', '-1e999', '"proof"', '[]', '{}', '\ufeff{}', '{"a":1}garbage', 'NaN'),
  depth.map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  depth.map((n) => `${'{"a":'.repeat(Math.min(n, 12_000))}1${'}'.repeat(Math.min(n, 12_000))}`),
  fc.integer({ min: 1, max: 32_000 }).map((n) => `[${'1,'.repeat(n)}1]`),
  fc.integer({ min: 101, max: 300 }).map((n) => JSON.stringify(Array.from({ length: n }, () => makeProof()))),
  hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.tuple(fc.array(validProof, { maxLength: 4 }), hostileValue).map(([ps, h]) => JSON.stringify([...ps, h])),
);
const garbage = notAProof.map(
  (body): IngestCase => ({ kind: 'not-a-proof', body, headers: jsonHeaders('shop'), expect: 'invalid' }),
);

/** A valid proof sent with the wrong headers: type, encoding, origin. */
const wrongHeaders = fc
  .tuple(
    validProof,
    fc.oneof(
      fc.record({
        'Content-Type': fc.constantFrom(
          '',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/jsonx',
          'text/json',
          'application/xml',
        ),
      }),
      fc.record({
        'Content-Encoding': fc.constantFrom('gzip', 'br', 'deflate', 'x-gzip', 'gzip, identity', 'compress'),
      }),
      fc.record({
        Origin: fc.constantFrom(
          '',
          'null',
          'https://evil.example',
          `${ORIGIN}.evil.example`,
          `${ORIGIN}/`,
          'HTTPS://SHOP.EXAMPLE',
        ),
      }),
    ),
  )
  .map(([proof, headers]): IngestCase => {
    const base = jsonHeaders(proof.site);
    const merged: Record<string, string> = { ...base, ...headers };
    if (merged['Content-Type'] === '') delete merged['Content-Type'];
    if (merged.Origin === '') delete merged.Origin;
    return {
      kind: `headers:${Object.keys(headers)[0]}`,
      body: JSON.stringify(proof),
      headers: merged,
      expect: 'invalid',
    };
  });

/** Header values a Headers object accepts: visible Latin-1, no CR, LF or NUL. */
const headerValue = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((s) => s.replace(/[\0\r\n]/g, ' ')),
  fc.integer({ min: 1000, max: 8000 }).map((n) => '('.repeat(n)),
  fc.integer({ min: 1000, max: 8000 }).map((n) => 'Chrome/1'.repeat(n / 8)),
);
/** A valid proof with noise in the headers that do not decide anything: must still be stored. */
const noisyHeaders = fc
  .tuple(
    validProof,
    headerValue,
    headerValue,
    fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/ld+json'),
  )
  .map(
    ([proof, ua, forwarded, type]): IngestCase => ({
      kind: 'noisy-headers',
      body: JSON.stringify(proof),
      headers: {
        ...jsonHeaders(proof.site),
        'Content-Type': type,
        'User-Agent': ua.trim(),
        'X-Forwarded-For': forwarded.trim(),
      },
      expect: 'valid',
    }),
  );

export const ingestCase: fc.Arbitrary<IngestCase> = fc.oneof(
  { arbitrary: valid, weight: 3 },
  { arbitrary: swapped, weight: 4 },
  { arbitrary: dropped, weight: 1 },
  { arbitrary: extraKey, weight: 2 },
  { arbitrary: duplicateKey, weight: 1 },
  { arbitrary: garbage, weight: 3 },
  { arbitrary: wrongHeaders, weight: 2 },
  { arbitrary: noisyHeaders, weight: 1 },
);
