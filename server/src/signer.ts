/**
 * Receipt signatures (DESIGN.md, "receipt"): Ed25519 over the ASCII bytes of
 * the record hash, base64url, by the key `kid` published as a JWK.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { SignPool } from './sign-pool.js';
import type { Seal } from './store/proof-store.js';

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
  /** Signs one hash here; `sign.many` signs several in worker threads (CONSENTRY_SIGN_THREADS, default: CPUs). */
  sign: Seal;
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

/** Groups of fewer hashes are signed on the calling thread. */
const THREADED_FROM = 64;

/**
 * A signer over `privateKey`; `retired` public keys stay published so older
 * receipts still verify after a rotation.
 */
export function createSigner(privateKey: KeyObject, retired: KeyObject[] = []): Signer {
  const current = publicJwk(privateKey);
  const published = [current, ...retired.map(publicJwk).filter((k) => k.kid !== current.kid)];
  const kid = current.kid;
  const pool = new SignPool(privateKey);
  const signOne = (hash: string) => ({
    kid,
    sig: sign(null, Buffer.from(hash, 'ascii'), privateKey).toString('base64url'),
  });
  // Stores sign a group's receipts through `many` (worker threads), off the event loop.
  const many = async (hashes: string[]) => {
    // Small groups sign here: a thread round trip costs more than it frees (measured, 2 cores).
    if (!pool.threaded || hashes.length < THREADED_FROM) return hashes.map(signOne);
    try {
      return (await pool.sign(hashes)).map((sig) => ({ kid, sig }));
    } catch {
      // A failed thread must not lose receipts: sign here instead.
      return hashes.map(signOne);
    }
  };
  return { kid, sign: Object.assign(signOne, { many }), jwks: () => ({ keys: published }) };
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
