/**
 * Hostile requests for the admin API and the /admin page, as fast-check
 * arbitraries: real and made-up routes, queries with bad dates, formats and
 * limits, broken percent-encoding and huge values, every method, and the
 * right, a wrong or no token.
 */
import fc from 'fast-check';
import { LONE_SURROGATE, NASTY } from './fuzz-cases.js';

export interface AdminCase {
  kind: string;
  method: string;
  path: string;
  token: 'right' | 'wrong' | 'none';
}

const queryValue = fc.oneof(
  fc.constantFrom(
    'shop',
    'blog',
    'nope',
    '',
    '2026-11-01',
    '2026-13-45',
    'ndjson',
    'csv',
    'json',
    'xml',
    '1',
    '0',
    '1001',
    '-1',
    '1e3',
    '50',
  ),
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 30 }),
  fc.integer({ min: 2100, max: 70_000 }).map((n) => 'x'.repeat(n)),
);
const rawQueryPart = fc.constantFrom(
  '%',
  '%E0%A4%A',
  '%zz',
  '%00',
  '&&&',
  '==',
  'site',
  'site=shop&site=blog',
  '%ff%fe',
);

/** Percent-encodes like encodeURIComponent, a lone surrogate as the invalid UTF-8 `%ED%A0%80`. */
function encodeLoosely(text: string): string {
  return text
    .split(LONE_SURROGATE)
    .map((part) => encodeURIComponent(part))
    .join('%ED%A0%80');
}

/** The admin API (and the /admin page) with hostile queries, methods and tokens. */
export const adminCase: fc.Arbitrary<AdminCase> = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.constantFrom('export', 'stats', 'proofs', 'chain', 'sites'), weight: 4 },
      {
        arbitrary: fc.constantFrom('nope', '', 'export/..', '..%2f..%2fetc%2fpasswd', 'assets/app-1234.js'),
        weight: 1,
      },
    ),
    fc.dictionary(fc.constantFrom('site', 'from', 'to', 'format', 'limit', 'restart', '__proto__', 'x'), queryValue, {
      maxKeys: 4,
    }),
    fc.option(rawQueryPart, { nil: undefined }),
    fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
    fc.constantFrom<'right' | 'wrong' | 'none'>('right', 'right', 'right', 'wrong', 'none'),
    fc.constantFrom(false, false, false, true),
  )
  .map(([route, query, raw, method, token, page]) => {
    const qs = Object.entries(query).map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(v)}`);
    if (raw) qs.push(raw);
    const base = page ? `/admin/${route}` : `/v1/admin/${route}`;
    return {
      kind: page ? 'admin-page' : `admin:${route || 'root'}`,
      method,
      path: `${base}${qs.length ? `?${qs.join('&')}` : ''}`,
      token,
    };
  });
