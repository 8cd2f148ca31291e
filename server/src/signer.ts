/**
 * Receipt signatures (DESIGN.md, "receipt"): Ed25519 over the ASCII bytes of
 * the record hash, base64url, by the key `kid` published as a JWK.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** A public Ed25519 key as published at `GET /v1/keys`. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
}

export interface JwkSet {
  keys: PublicJwk[];
}

/** Signs receipts with the current key and publishes it with the retired ones. */
export interface Signer {
  readonly kid: string;
  sign(hash: string): { kid: string; sig: string };
  jwks(): JwkSet;
}

/** RFC 7638 JWK thumbprint: a kid anyone can recompute from the public key. */
function thumbprint(x: string): string {
  const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The public JWK of an Ed25519 key (private or public). */
export function publicJwk(key: KeyObject): PublicJwk {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new TypeError('the signing key must be an Ed25519 key');
  }
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: thumbprint(jwk.x) };
}

/**
 * A signer over `privateKey`; `retired` public keys stay published so older
 * receipts still verify after a rotation.
 */
export function createSigner(privateKey: KeyObject, retired: KeyObject[] = []): Signer {
  const current = publicJwk(privateKey);
  const published = [current, ...retired.map(publicJwk).filter((k) => k.kid !== current.kid)];
  return {
    kid: current.kid,
    sign: (hash) => ({
      kid: current.kid,
      sig: sign(null, Buffer.from(hash, 'ascii'), privateKey).toString('base64url'),
    }),
    jwks: () => ({ keys: published }),
  };
}

/** Checks a receipt signature against a published JWK. */
export function verifyReceiptSignature(hash: string, sig: string, jwk: PublicJwk): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    return verify(null, Buffer.from(hash, 'ascii'), key, Buffer.from(sig, 'base64url'));
  } catch {
    return false;
  }
}
