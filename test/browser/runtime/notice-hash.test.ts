import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Notice, noticeHash } from '@consentry/core';

/**
 * The browser hashes the notice with the compact canonical JSON
 * (packages/core/src/jcs-compact.ts, which notice.ts imports) and Web Crypto;
 * the hash must be the one jcs.ts and Node's SHA-256 give,
 * or a proof would not match what an auditor recomputes from the notice.
 */
const NOTICE: Notice = {
  locale: 'fr',
  policyVersion: '2026-12',
  texts: {
    title: 'Vos choix « cookies »',
    body: 'Ligne 1\nLigne 2 \u2028 "citée" \\ fin',
    'z-last': '😀',
    '\u00e9cran': 'é',
    '10': 'dix',
    '9': 'neuf',
  },
  services: [
    {
      id: 'ga',
      tier: 'audience',
      name: 'Google Analytics',
      provider: 'Google',
      description: undefined,
      cookies: [{ name: '_ga', duration: '13 mois', purpose: 'mesure\td\u2019audience', domain: '.example.fr' }],
    },
  ],
};
/** sha256(jcs.ts canonicalize(NOTICE)), computed in Node. */
const EXPECTED = '62d1238cc19e0fe11f9ab886a764769c271d6de5a35bb645ece1740c21fd8c70';

describe('notice hash in the browser', () => {
  it('is the SHA-256 of the RFC 8785 text that jcs.ts writes in Node', async () => {
    assert.equal(await noticeHash(NOTICE), EXPECTED);
  });

  it('rejects a notice JCS cannot represent (a lone surrogate) instead of hashing another text', async () => {
    await assert.rejects(async () => noticeHash({ ...NOTICE, texts: { title: 'a\ud800b' } }), TypeError);
  });
});
