/**
 * Per-client token buckets: each client address may spend `count` requests at
 * once and earns them back at `count` per `seconds`. A flood from one address
 * is answered 429 with `Retry-After`; a page that sends a few proofs never
 * notices. Memory stays bounded: a full bucket is the same as no bucket, so
 * idle ones are dropped, and past `maxClients` the oldest go first.
 * Requests from this host itself (loopback) are never limited.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';
import { type AddressOf, clientKey, forgetLeastRecent, isLoopback } from './client-address.js';

/** `count` requests per `seconds`, e.g. `{ count: 600, seconds: 60 }`. */
export interface Rate {
  count: number;
  seconds: number;
}

const UNITS: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600 };

/**
 * Parses `600/min` (units `s`, `min`, `h`); `off` or `0` is no limit (null).
 * Throws with the expected form, for the configuration error.
 */
export function parseRate(text: string): Rate | null {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === '0') return null;
  const match = /^(\d{1,9})\s*\/\s*(\d{0,6})\s*([a-z]+)$/.exec(value);
  const unit = match ? UNITS[match[3]!] : undefined;
  const count = Number(match?.[1]);
  const times = match?.[2] ? Number(match[2]) : 1;
  if (!match || unit === undefined || count < 1 || times < 1) {
    throw new Error(`expected COUNT/UNIT such as "600/min" (units s, min, h) or "off", got "${text}"`);
  }
  return { count, seconds: unit * times };
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets by client key; `now` in milliseconds. */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;

  constructor(
    readonly rate: Rate,
    private readonly now: () => number,
    private readonly maxClients = 50_000,
  ) {
    this.#perMs = rate.count / (rate.seconds * 1000);
  }

  /** Takes one token for `key`: 0 when granted, else the seconds until one is earned. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.#buckets.get(key);
    // A clock that steps back earns nothing rather than taking tokens away.
    const tokens = bucket
      ? Math.min(this.rate.count, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs)
      : this.rate.count;
    if (tokens < 1) {
      if (bucket) Object.assign(bucket, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / this.#perMs / 1000));
    }
    // Re-inserted, so the Map's order is least recently used first.
    this.#buckets.delete(key);
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.#buckets.size > this.maxClients) this.#evict(now);
    return 0;
  }

  /** How many clients are tracked (for tests and memory checks). */
  get size(): number {
    return this.#buckets.size;
  }

  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.rate.count) this.#buckets.delete(key);
    }
    // Still too many (a flood from many addresses): forget the least recently seen.
    forgetLeastRecent(this.#buckets, this.maxClients);
  }
}

/**
 * The ingest limit: 429 `rate-limited` with `Retry-After` once a client has
 * spent its bucket.
 *
 * @example
 * app.post('/', rateLimit({ count: 600, seconds: 60 }, addressOf, Date.now), handler);
 */
export function rateLimit(rate: Rate, addressOf: AddressOf, now: () => number): MiddlewareHandler {
  const buckets = new TokenBuckets(rate, now);
  let warned = false;
  return async function rateLimit(c, next) {
    const address = addressOf(c);
    /*
     * This host itself is not limited: it is a local tool (a health check, the
     * benchmark) or a reverse proxy that CONSENTRY_TRUST_PROXY does not name —
     * then every visitor would share the proxy's one bucket and a busy site
     * would throttle itself. Say so once, so the operator can set it.
     */
    if (isLoopback(address)) {
      if (!warned && c.req.header('X-Forwarded-For')) {
        warned = true;
        console.warn(
          'consentry: proofs arrive through a local proxy (X-Forwarded-For from a loopback address): set CONSENTRY_TRUST_PROXY=1 so the rate limit counts each visitor',
        );
      }
      await next();
      return;
    }
    const wait = buckets.take(clientKey(address));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new ApiError(
        429,
        'rate-limited',
        `too many requests from this address (limit ${rate.count} per ${rate.seconds} s); retry after ${wait} s`,
      );
    }
    await next();
  };
}
