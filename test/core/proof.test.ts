import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProof, canonicalize, type Notice, noticeHash, sha256Hex } from '../../packages/core/src/index.js';
import { parseProof } from '../../packages/core/src/schema.js';

const input = {
  subject: '0b7e8f3c-2a0d-4b7e-8f1a-9f5d2c3b4a10',
  site: 'example',
  at: new Date('2026-11-01T12:00:00.000Z'),
  action: 'customize' as const,
  choices: { essential: true as const, audience: true, advertising: false, services: { 'meta-pixel': false } },
  policyVersion: '2026-11-01',
  noticeHash: 'c'.repeat(64),
  locale: 'fr',
  maxAgeDays: 395,
  gpc: true,
  url: 'https://www.example.com/shop/cart?session=secret#top',
};

describe('consent proofs', () => {
  it('records who, when, what was shown and chosen, and how (GDPR 7(1))', () => {
    const proof = buildProof(input);
    assert.match(proof.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(
      { ...proof, id: 'x' },
      {
        id: 'x',
        subject: input.subject,
        site: 'example',
        at: '2026-11-01T12:00:00.000Z',
        action: 'customize',
        choices: { essential: true, audience: true, advertising: false, services: { 'meta-pixel': false } },
        policyVersion: '2026-11-01',
        noticeHash: 'c'.repeat(64),
        locale: 'fr',
        expiresAt: '2027-12-01T12:00:00.000Z',
        gpc: true,
        url: 'https://www.example.com/shop/cart',
      },
    );
    assert.equal(parseProof(proof).ok, true);
  });

  it('keeps origin and path only: no query string or fragment (GDPR 5(1)(c))', () => {
    assert.equal(buildProof(input).url, 'https://www.example.com/shop/cart');
  });

  it('keeps a given id (resends are idempotent) and always grants essential', () => {
    const id = '2f0e0a5e-5c1a-4b8e-9d33-51f1e3a3c2b1';
    const proof = buildProof({ ...input, id, choices: { ...input.choices, essential: false as unknown as true } });
    assert.equal(proof.id, id);
    assert.equal(proof.choices.essential, true);
  });

  it('rejects proofs that carry identity data or wrong fields', () => {
    const proof = buildProof(input);
    const withEmail = parseProof({ ...proof, email: 'a@b.c' });
    assert.equal(withEmail.ok, false);
    if (!withEmail.ok) assert.equal(withEmail.errors[0]?.path, 'email');
    const badAction = parseProof({ ...proof, action: 'maybe' });
    assert.equal(badAction.ok, false);
    if (!badAction.ok) assert.match(badAction.errors[0]?.message ?? '', /accept-all/);
    const withQuery = parseProof({ ...proof, url: 'https://x.example/?q=1' });
    assert.equal(withQuery.ok, false);
  });
});

describe('notice hash', () => {
  const notice: Notice = {
    locale: 'en',
    policyVersion: '2026-11-01',
    texts: { title: 'We use cookies', acceptAll: 'Accept all' },
    services: [
      {
        id: 'matomo',
        tier: 'audience',
        name: 'Matomo',
        cookies: [{ name: '_pk_*', duration: '13 months', purpose: 'x' }],
      },
    ],
  };

  it('is the SHA-256 of the canonical notice, independent of key order', async () => {
    const hash = await noticeHash(notice);
    assert.equal(hash, await sha256Hex(canonicalize(notice)));
    const reordered = { services: notice.services, texts: { acceptAll: 'Accept all', title: 'We use cookies' } };
    assert.equal(await noticeHash({ ...reordered, policyVersion: '2026-11-01', locale: 'en' }), hash);
  });

  it('changes when any text shown changes', async () => {
    const changed = await noticeHash({ ...notice, texts: { ...notice.texts, title: 'We use cookies!' } });
    assert.notEqual(changed, await noticeHash(notice));
  });

  it('hashes known text to the known SHA-256', async () => {
    assert.equal(await sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      await sha256Hex('€'),
      'c4cc90ed3d26f12d4b08a75140970a7904035c31cbb4515a83f19b9003c00d1d',
      'UTF-8 bytes E2 82 AC',
    );
  });

  it('names the cause where Web Crypto is missing (a page on plain http:)', async () => {
    const real = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    try {
      await assert.rejects(sha256Hex('abc'), /Web Crypto is unavailable: serve the page over https:/);
    } finally {
      Object.defineProperty(globalThis, 'crypto', real);
    }
  });
});
