import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConfigShape } from '../../packages/core/src/index.js';
import { formatErrors, parseSiteConfig } from '../../packages/core/src/schema.js';
import { DESIGN_CONFIG } from '../support/design-config.js';

/** The config of DESIGN.md's contract, as a site writes it. */
const valid = DESIGN_CONFIG;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function firstError(input: unknown) {
  const result = parseSiteConfig(input);
  assert.equal(result.ok, false, 'the config should be rejected');
  return result.ok ? { path: '', message: '' } : result.errors[0]!;
}

describe('site config', () => {
  it('accepts the documented config and applies defaults (395 days, auto theme)', () => {
    const result = parseSiteConfig(valid);
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.value.maxAgeDays, 395);
    assert.deepEqual(result.value.theme, { mode: 'auto' });
    assert.equal(result.value.manageButton, undefined, 'absent: the button shows when the page has no control');
    assert.equal(result.value.services[1]?.cookies[0]?.name, '_fbp');
  });

  /** Each mistake a site owner could make, with the field path the error must name. */
  // biome-ignore lint/suspicious/noExplicitAny: each mistake reaches into a different part of the config
  const mistakes: Array<[string, (c: Record<string, any>) => unknown, string, RegExp]> = [
    ['missing site id', (c) => delete c.site, 'site', /expected string, got nothing/],
    ['site id with capitals', (c) => (c.site = 'Example'), 'site', /lowercase/],
    ['empty policy version', (c) => (c.policyVersion = ''), 'policyVersion', /non-empty/],
    ['javascript: privacy link', (c) => (c.privacyPolicyUrl = 'javascript:alert(1)'), 'privacyPolicyUrl', /https/],
    ['endpoint with a query', (c) => (c.endpoint = 'https://c.example/?x=1'), 'endpoint', /absolute http/],
    ['unknown tier', (c) => (c.services[0].tier = 'analytics'), 'services[0].tier', /"audience"/],
    ['service without a name', (c) => delete c.services[1].name, 'services[1].name', /expected string/],
    [
      'cookie duration as a number',
      (c) => (c.services[0].cookies[0].duration = 13),
      'services[0].cookies[0].duration',
      /got number 13/,
    ],
    ['maxAgeDays over 13 months', (c) => (c.maxAgeDays = 400), 'maxAgeDays', /at most 395/],
    ['maxAgeDays not an integer', (c) => (c.maxAgeDays = 30.5), 'maxAgeDays', /integer/],
    ['misspelt field', (c) => (c.privacyPolicyURL = '/p'), 'privacyPolicyURL', /unknown field/],
    ['services not an array', (c) => (c.services = { matomo: {} }), 'services', /expected array/],
    ['duplicate service ids', (c) => (c.services[1].id = 'matomo'), 'services', /unique/],
    ['bad locale', (c) => (c.locale = 'French'), 'locale', /language tag/],
    [
      'texts under a key that is not a language tag',
      (c) => (c.texts = { French: { acceptAll: 'Oui' } }),
      'texts.French',
      /language tag such as "fr" or "en-GB" as the key, got "French"/,
    ],
    ['bad theme mode', (c) => (c.theme = { mode: 'purple' }), 'theme.mode', /"dark"/],
    // A lone surrogate is valid JSON but cannot be hashed (RFC 8785): every decision would fail to record.
    [
      'a service name holding a lone surrogate',
      (c) => (c.services[0].name = 'Matomo \ud83d'),
      'services[0].name',
      /lone surrogate.*got "Matomo \\ud83d"/,
    ],
    [
      'a text override holding a lone surrogate',
      (c) => (c.texts = { fr: { acceptAll: 'Oui \udc00' } }),
      'texts.fr.acceptAll',
      /lone surrogate/,
    ],
    [
      'a policy version holding a lone surrogate',
      (c) => (c.policyVersion = '\ud800'),
      'policyVersion',
      /lone surrogate/,
    ],
    [
      'too many services',
      (c) => (c.services = Array.from({ length: 201 }, (_, i) => ({ ...c.services[0], id: `s${i}` }))),
      'services',
      /at most 200/,
    ],
  ];

  for (const [what, mutate, path, message] of mistakes) {
    it(`rejects ${what}, naming ${path}`, () => {
      // biome-ignore lint/suspicious/noExplicitAny: see above
      const config = clone(valid) as Record<string, any>;
      mutate(config);
      const error = firstError(config);
      assert.equal(error.path, path);
      assert.match(error.message, message);
      const shape = checkConfigShape(config);
      if (!shape.ok)
        assert.ok(
          shape.errors.some((e) => e.path === path),
          `cheap check names ${path} too`,
        );
    });
  }

  it('lists every problem, one line each, path first', () => {
    const result = parseSiteConfig({ site: 1, policyVersion: '1', privacyPolicyUrl: '/p', colour: 'red' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(
      formatErrors(result.errors),
      'site: expected string, got number 1\ncolour: unknown field (check its spelling)',
    );
  });

  it('rejects what is not an object at all', () => {
    assert.equal(firstError('{"site":"x"}').path, '');
    assert.equal(firstError(null).path, '');
  });
});

describe('cheap start-up check (no zod)', () => {
  it('names a text holding a lone surrogate, and keeps one with a surrogate pair', () => {
    const lone = checkConfigShape({ ...clone(valid), policyVersion: '2026 \ud83d' });
    assert.deepEqual(lone.ok ? [] : lone.errors, [
      { path: 'policyVersion', message: 'expected text without a lone surrogate (not valid Unicode)' },
    ]);
    const paired = checkConfigShape({ ...clone(valid), policyVersion: '2026 \ud83d\ude00' });
    assert.equal(paired.ok, true);
    // A value wrong on its own is named for that first: the surrogate is not its problem.
    const tier = checkConfigShape({ ...clone(valid), services: [{ id: 'x', tier: 'ads\ud83d', name: 'X' }] });
    assert.deepEqual(tier.ok ? [] : tier.errors.map((e) => e.path), ['services[0].tier']);
    assert.match(tier.ok ? '' : tier.errors[0]!.message, /"essential" or "audience" or "advertising"/);
  });

  it('accepts the documented config with the same defaults as the full schema', () => {
    const shape = checkConfigShape(clone(valid));
    const full = parseSiteConfig(clone(valid));
    assert.equal(shape.ok, true);
    assert.equal(full.ok, true);
    if (shape.ok && full.ok) assert.deepEqual(shape.config, full.value);
  });

  it('rejects the mistakes that would make the runtime unsafe, naming the field', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...clone(valid), site: '../x' }, 'site'],
      [{ ...clone(valid), privacyPolicyUrl: 'data:text/html,x' }, 'privacyPolicyUrl'],
      [{ ...clone(valid), maxAgeDays: 396 }, 'maxAgeDays'],
      [{ ...clone(valid), services: [{ id: 'x', tier: 'ads', name: 'X' }] }, 'services[0].tier'],
      [{ ...clone(valid), services: 'matomo' }, 'services'],
      [{ ...clone(valid), texts: { en: { rejectAll: 'No \udfff' } } }, 'texts.en.rejectAll'],
    ];
    for (const [config, path] of cases) {
      const shape = checkConfigShape(config);
      assert.equal(shape.ok, false, path);
      if (!shape.ok) assert.equal(shape.errors[0]?.path, path);
      assert.equal(parseSiteConfig(config).ok, false, `the full schema rejects ${path} too`);
    }
    assert.deepEqual(checkConfigShape([]), { ok: false, errors: [{ path: '', message: 'expected an object' }] });
  });

  it('rejects, without zod, the mistakes that would otherwise pass in silence by default', () => {
    const withService = (change: (s: Record<string, unknown>) => void) => {
      const config = clone(valid);
      change(config.services[0] as unknown as Record<string, unknown>);
      return config;
    };
    const withCookie = (change: (c: Record<string, unknown>) => void) =>
      withService((s) => change((s.cookies as Record<string, unknown>[])[0]!));
    const cases: Array<[unknown, string, RegExp]> = [
      [{ ...clone(valid), endPoint: 'https://c.example' }, 'endPoint', /unknown field/],
      [withService((s) => (s.descripton = 'x')), 'services[0].descripton', /unknown field/],
      [withCookie((c) => (c.expires = '1 year')), 'services[0].cookies[0].expires', /unknown field/],
      [withCookie((c) => (c.name = 42)), 'services[0].cookies[0].name', /non-empty string/],
      [withCookie((c) => delete c.purpose), 'services[0].cookies[0].purpose', /non-empty string/],
      [withCookie((c) => (c.purpose = 'x'.repeat(501))), 'services[0].cookies[0].purpose', /at most 500/],
      [withCookie((c) => (c.domain = '')), 'services[0].cookies[0].domain', /non-empty string/],
      [withService((s) => (s.cookies = ['_ga'])), 'services[0].cookies[0]', /object/],
      [withService((s) => (s.cookies = Array.from({ length: 101 }, () => ({})))), 'services[0].cookies', /at most 100/],
      [withService((s) => (s.id = 'meta-pixel')), 'services', /unique/],
      [{ ...clone(valid), theme: { mode: 'purple' } }, 'theme.mode', /"dark"/],
      [{ ...clone(valid), theme: { colour: 'red' } }, 'theme.colour', /unknown field/],
      [{ ...clone(valid), manageButton: 'yes' }, 'manageButton', /true or false/],
      [withService((s) => (s.provider = '')), 'services[0].provider', /non-empty string \(at most 200/],
      [withService((s) => (s.description = 'x'.repeat(1001))), 'services[0].description', /at most 1000/],
      [{ ...clone(valid), privacyPolicyUrl: `/${'x'.repeat(2048)}` }, 'privacyPolicyUrl', /URL \(at most 2048/],
      [{ ...clone(valid), texts: { fr: { acceptAll: 1 } } }, 'texts.fr.acceptAll', /expected a string/],
      [{ ...clone(valid), texts: { fr: 'Tout accepter' } }, 'texts.fr', /expected an object/],
      [{ ...clone(valid), texts: { French: {} } }, 'texts.French', /language tag/],
    ];
    for (const [config, path, message] of cases) {
      const shape = checkConfigShape(config);
      assert.equal(shape.ok, false, path);
      if (!shape.ok) {
        assert.equal(shape.errors[0]?.path, path);
        assert.match(shape.errors[0]?.message ?? '', message, path);
      }
      assert.equal(parseSiteConfig(config).ok, false, `the full schema rejects ${path} too`);
    }
  });

  it('accepts every field the full schema accepts, with the same defaults', () => {
    const full = {
      ...clone(valid),
      locale: 'fr',
      maxAgeDays: 180,
      theme: { mode: 'dark' },
      texts: { fr: { acceptAll: 'J’accepte' } },
      manageButton: true,
      services: [
        {
          id: 'matomo',
          tier: 'audience',
          name: 'Matomo',
          provider: 'InnoCraft',
          description: 'Statistics',
          privacyPolicyUrl: 'https://matomo.org/privacy',
          cookies: [
            { name: '_pk_*', provider: 'Matomo', duration: '13 months', purpose: 'visits', domain: 'example.com' },
          ],
        },
      ],
    };
    const shape = checkConfigShape(clone(full));
    const parsed = parseSiteConfig(clone(full));
    assert.equal(shape.ok, true, JSON.stringify(shape));
    assert.equal(parsed.ok, true);
    if (shape.ok && parsed.ok) assert.deepEqual(shape.config, parsed.value);
  });
});
