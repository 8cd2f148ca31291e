/**
 * The browser's start-up check (`checkConfigShape`, no zod) and the full schema
 * (`parseSiteConfig`, zod) must agree on every config: a site whose config the
 * banner starts with passes `consentry check-config` and `data-validate`, and
 * the other way round. Configs are the valid one of DESIGN.md, mutated at every
 * depth by fast-check; `CONSENTRY_PARITY_RUNS` raises the number of runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkConfigShape } from '../../packages/core/src/index.js';
import { parseSiteConfig } from '../../packages/core/src/schema.js';
import { DESIGN_CONFIG } from '../support/design-config.js';

type Container = Record<string, unknown> | unknown[];

/** Sets `key` as an own property, even `__proto__` (an assignment would set the prototype instead). */
function put(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) put(out, key, clone(item));
  return out as T;
}

/** DESIGN.md's config, as a site writes it. */
const DESIGN = DESIGN_CONFIG;

/** Every optional field set, so that each can be mutated too. */
const FULL = {
  ...clone(DESIGN),
  locale: 'fr',
  maxAgeDays: 180,
  theme: { mode: 'dark' },
  texts: { fr: { acceptAll: 'J’accepte' }, 'en-GB': { rejectAll: 'Reject all' } },
  manageButton: true,
  services: [
    {
      id: 'matomo',
      tier: 'audience',
      name: 'Matomo',
      provider: 'InnoCraft',
      description: 'Visit statistics',
      privacyPolicyUrl: 'https://matomo.org/privacy',
      cookies: [
        { name: '_pk_id', provider: 'Matomo', duration: '13 months', purpose: 'visits', domain: 'example.com' },
      ],
    },
    { id: 'essential', tier: 'essential', name: 'Session' },
  ],
};

const BASES = [DESIGN, FULL, { site: 'a', policyVersion: '1', privacyPolicyUrl: 'https://example.com/privacy' }];

const LINKS = [
  ...['/privacy', 'privacy', '#top', '?q=1', 'https://example.com/p', 'HTTP://X', 'https:', 'https:/x', ''],
  ...['javascript:alert(1)', ' javascript:alert(1)', '\tjavascript:x', 'java\nscript:x', 'JavaScript:x', 'vbscript:x'],
  ...['data:text/html,x', 'mailto:a@example.com', 'x:y', '//evil.example', ' /privacy', '/privacy '],
  ...['a\u0000b', '\u00a0javascript:x'],
];
const STRINGS = ['x', '', ' ', 'Matomo', '13 months', 'é', '😀', '\ud800'];
const OWN_PROTO = JSON.parse('{"__proto__": {"acceptAll": 1}}');

/** Values worth trying in each field, by field name (a name occurs at several depths). */
const POOLS: Record<string, unknown[]> = {
  site: ['example', 'Example', '../x', '0', 'a'.repeat(64), 'a'.repeat(65), '-a', '.a', 'a b', 'a/b', 'é'],
  id: ['matomo', 'meta-pixel', 'Matomo', 'a'.repeat(64), 'a'.repeat(65), '_a', 'a_b.c-d'],
  tier: ['essential', 'audience', 'advertising', 'analytics', 'Audience', 'ads', ''],
  endpoint: [
    ...['https://consent.example.com', 'http://localhost:8787', 'https://c.example/v1/', 'HTTPS://C.EXAMPLE'],
    ...['https://c.example/?x=1', 'https://c.example/#x', 'ftp://c.example', 'https://', '//c.example', '/v1'],
    'https://c example',
  ],
  privacyPolicyUrl: LINKS,
  policyVersion: ['2026-11-01', '1', '', ' ', 'x'.repeat(64), 'x'.repeat(65)],
  locale: ['fr', 'en-GB', 'zh-Hant-TW', 'de-CH-1996', 'French', 'e', 'fr_FR', 'EN', 'fr-', 'abcd', 'fr-123456789'],
  maxAgeDays: [0, 1, 180, 395, 396, 1.5, -1, -0, 'x', '30', 1e21, 395.000001, 2 ** 53 + 2, Number.NaN, Infinity],
  theme: [{ mode: 'light' }, { mode: 'auto' }, {}, { mode: 'purple' }, { mode: null }, { colour: 'red' }, 'dark'],
  mode: ['auto', 'light', 'dark', 'purple', 'Dark', ''],
  manageButton: [true, false, 'yes', 'true', 0, 1],
  texts: [
    ...[{}, { fr: {} }, { fr: { acceptAll: '' } }, { fr: { acceptAll: 1 } }, { fr: { acceptAll: null } }],
    ...[{ fr: 'x' }, { fr: ['x'] }, { French: {} }, { fr_FR: {} }, { 'zh-Hant': { x: 'y' } }, { '': {} }],
    ...[OWN_PROTO, { fr: OWN_PROTO }, { fr: { constructor: 'x', toString: 'y' } }, { fr: { acceptAll: undefined } }],
  ],
  acceptAll: [...STRINGS, 'x'.repeat(2000), 'x'.repeat(2001), '😀'.repeat(2000), 1, null, ['x'], { x: 'y' }],
  services: ['matomo', { matomo: {} }, [null], [{}], [[]], [{ id: 'x', tier: 'ads', name: 'X' }]],
  cookies: [['_ga'], [{}], {}, [null]],
};
const GENERIC = [null, true, false, 0, 1, -1, 1.5, ...STRINGS, [], {}, ['x'], { a: 1 }, undefined];

/** Field names to add or rename to: known ones (valid at some depth), misspellings, prototype names, locales. */
const KEYS = [
  ...['site', 'endpoint', 'policyVersion', 'privacyPolicyUrl', 'locale', 'services', 'maxAgeDays', 'theme', 'texts'],
  ...['manageButton', 'id', 'tier', 'name', 'provider', 'description', 'cookies', 'duration', 'purpose', 'domain'],
  ...['mode', 'endPoint', 'privacyPolicyURL', 'colour', 'expires', 'descripton', 'Site', ' site', ''],
  ...['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'],
  ...['fr', 'en', 'de-CH', 'French', 'fr_FR', 'EN', 'e', 'abcd', '12', 'acceptAll'],
];

/** String lengths on each side of every limit of the schema. */
const LIMITS = [1, 64, 100, 120, 200, 253, 500, 1000, 2000, 2048];
const overlong = fc
  .record({
    limit: fc.constantFrom(...LIMITS),
    delta: fc.constantFrom(-1, 0, 1),
    // A link or an endpoint that is fine but for its length; an id-shaped text; plain text.
    prefix: fc.constantFrom('', 'https://c.example/', 'a'),
    // Astral characters are one character for the full schema, two UTF-16 units.
    pad: fc.constantFrom('x', '😀', 'é', '\ud800'),
  })
  .map(({ limit, delta, prefix, pad }) => prefix + pad.repeat(Math.max(0, limit + delta - prefix.length)));

/** Strings aimed at the link and endpoint rules: a scheme-ish start, then anything. */
const linkish = fc
  .tuple(
    fc.constantFrom('', ' ', '\t', '/', '//', 'https://', 'http:', 'HTTPS://', 'javascript:', 'data:', 'java'),
    fc.string({ unit: 'binary', maxLength: 8 }),
  )
  .map(([start, rest]) => start + rest);

const anyValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...GENERIC) },
  { weight: 2, arbitrary: overlong },
  { weight: 2, arbitrary: linkish },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** A value for a field named `key`: from its pool most often, else anything (a copy: mutations change it later). */
const valueFor = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.nat().map((i) => (key: string) => {
      const pool = POOLS[key] ?? GENERIC;
      return clone(pool[i % pool.length]);
    }),
  },
  { weight: 2, arbitrary: anyValue.map((v) => () => clone(v)) },
);

/** One mutation: an operation, the node it applies to (an index into every node of the config), its inputs. */
const mutation = fc.record({
  op: fc.constantFrom('drop', 'set', 'duplicate', 'add', 'rename', 'grow'),
  node: fc.noBias(fc.nat()),
  key: fc.constantFrom(...KEYS),
  value: valueFor,
  size: fc.constantFrom(0, 1, 99, 100, 101, 199, 200, 201),
  uniqueIds: fc.boolean(),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every place in `value` a mutation can reach: the root, then each field and item at every depth. */
function places(value: unknown, out: Array<{ parent?: Container; key?: string | number; node: unknown }> = []) {
  if (!out.length) out.push({ node: value });
  if (Array.isArray(value) || isObject(value)) {
    for (const [key, node] of Object.entries(value)) {
      out.push({ parent: value, key: Array.isArray(value) ? Number(key) : key, node });
      places(node, out);
    }
  }
  return out;
}

function apply(config: unknown, m: Mutation): unknown {
  const all = places(config);
  const { parent, key, node } = all[m.node % all.length]!;
  const name = typeof key === 'string' ? key : m.key;
  const replace = (value: unknown) => {
    if (parent) put(parent, key!, value);
    else config = value;
  };
  if (m.op === 'drop' && parent) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (m.op === 'set') replace(m.value(name));
  else if (m.op === 'duplicate' && Array.isArray(parent)) parent.splice((key as number) + 1, 0, clone(node));
  else if (m.op === 'add' && isObject(node)) put(node, m.key, m.value(m.key));
  else if (m.op === 'rename' && isObject(node) && Object.keys(node).length) {
    const from = Object.keys(node)[m.node % Object.keys(node).length]!;
    const moved = node[from];
    delete node[from];
    put(node, m.key, moved);
  } else if (m.op === 'grow' && Array.isArray(node)) {
    const first = node[0] ?? {};
    const items = Array.from({ length: m.size }, (_, i) => {
      const item = clone(first);
      if (m.uniqueIds && isObject(item)) item.id = `s${i}`;
      return item;
    });
    replace(items);
  } else if (parent) replace(m.value(name));
  return config;
}

const configs = fc
  .tuple(fc.constantFrom(...BASES), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([base, mutations]) => mutations.reduce(apply, clone(base) as unknown));

/** What accepted configs are compared on: JSON, where zod's output lacks a record's `__proto__` key too. */
const comparable = (config: unknown) =>
  JSON.parse(JSON.stringify(config), (key, value) => (key === '__proto__' ? undefined : value));

/** Both checks on the same config: same verdict, the same config out, the shape check's first field among zod's. */
function assertAgree(config: unknown): void {
  const shape = checkConfigShape(clone(config));
  const full = parseSiteConfig(clone(config));
  const show = () => `${JSON.stringify(config)?.slice(0, 2000)}\nshape: ${JSON.stringify(shape)?.slice(0, 800)}`;
  if (full.ok) {
    assert.ok(shape.ok, `the full schema accepts, the shape check refuses:\n${show()}`);
    assert.deepEqual(comparable(shape.config), comparable(full.value), show());
    return;
  }
  assert.ok(!shape.ok, `the full schema refuses (${full.errors[0]?.path}), the shape check accepts:\n${show()}`);
  const first = shape.errors[0]!;
  const paths = full.errors.map((e) => e.path);
  assert.ok(paths.includes(first.path), `shape names "${first.path}", zod names ${JSON.stringify(paths)}:\n${show()}`);
  assert.match(first.message, /^(expected \S|unknown field)/);
}

const RUNS = Number(globalThis.process?.env.CONSENTRY_PARITY_RUNS) || 2000;

describe('start-up check and full schema agree', () => {
  it(`on ${RUNS} configs mutated from DESIGN.md's`, () => {
    fc.assert(
      fc.property(configs, (config) => assertAgree(config)),
      { numRuns: RUNS },
    );
  });

  /** Configs on which the two checks used to disagree (the shape check accepted what zod refused, or the reverse). */
  const withService = (change: Record<string, unknown>) => ({
    ...clone(DESIGN),
    services: [{ ...clone(DESIGN.services[0]!), ...change }],
  });
  const cases: Array<[string, unknown]> = [
    ['an empty service provider', withService({ provider: '' })],
    ['a service provider over 200 characters', withService({ provider: 'x'.repeat(201) })],
    ['a service description over 1000 characters', withService({ description: 'x'.repeat(1001) })],
    ['a privacy link over 2048 characters', { ...clone(DESIGN), privacyPolicyUrl: `/${'x'.repeat(2048)}` }],
    ['an endpoint over 2048 characters', { ...clone(DESIGN), endpoint: `https://c.example/${'x'.repeat(2040)}` }],
    ['a text that is not a string', { ...clone(DESIGN), texts: { fr: { acceptAll: 1 } } }],
    ['a text over 2000 characters', { ...clone(DESIGN), texts: { fr: { acceptAll: 'x'.repeat(2001) } } }],
    ['texts of a language that are not an object', { ...clone(DESIGN), texts: { fr: 'Tout accepter' } }],
    ['texts under a key that is no language tag', { ...clone(DESIGN), texts: { French: {} } }],
    ['texts under a JSON "__proto__" key (skipped by both)', { ...clone(DESIGN), texts: OWN_PROTO }],
    ['a name of 120 emoji (120 characters, 240 UTF-16 units)', withService({ name: '😀'.repeat(120) })],
    ['a name of 121 emoji', withService({ name: '😀'.repeat(121) })],
    ['a name holding a lone surrogate', withService({ name: 'X \ud83d' })],
    [
      'a cookie purpose ending in a lone low surrogate',
      withService({ cookies: [{ name: 'a', duration: '1 d', purpose: '\ude00' }] }),
    ],
    ['a text override holding a lone surrogate', { ...clone(DESIGN), texts: { fr: { acceptAll: '\ud800 Oui' } } }],
    ['a text override holding a surrogate pair', { ...clone(DESIGN), texts: { fr: { acceptAll: 'Oui 😀' } } }],
  ];
  for (const [what, config] of cases) it(`on ${what}`, () => assertAgree(config));
});
