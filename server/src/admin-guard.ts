/**
 * The admin token's brute-force guard: each client address may present
 * `maxFailures` wrong tokens; the next failure locks that address out of the
 * admin API for `lockSeconds` (429 with `Retry-After`), even with the right
 * token, so guessing costs a lock-out per few tries. A success clears the
 * count. Memory is bounded like the rate limiter's.
 */
import { forgetLeastRecent } from './client-address.js';

/** `maxFailures` wrong tokens, then `lockSeconds` of lock-out. */
export interface Lockout {
  maxFailures: number;
  lockSeconds: number;
}

/** 10 guesses per 15 minutes and address: an admin who mistypes is never stopped, a guesser gets nowhere. */
export const DEFAULT_LOCKOUT: Lockout = { maxFailures: 10, lockSeconds: 900 };

interface Entry {
  failures: number;
  /** When the count started, or the lock ends once locked (ms). */
  since: number;
  lockedUntil: number;
}

export class AdminGuard {
  readonly #entries = new Map<string, Entry>();

  constructor(
    readonly lockout: Lockout,
    private readonly now: () => number,
    private readonly maxClients = 10_000,
  ) {}

  /** 0 when `key` may try, else the seconds its lock still runs. */
  lockedFor(key: string): number {
    const entry = this.#entries.get(key);
    const now = this.now();
    if (!entry || entry.lockedUntil <= now) return 0;
    return Math.max(1, Math.ceil((entry.lockedUntil - now) / 1000));
  }

  /** Counts a wrong token; the `maxFailures`-th one starts the lock. */
  failed(key: string): void {
    const now = this.now();
    const windowMs = this.lockout.lockSeconds * 1000;
    let entry = this.#entries.get(key);
    // Failures older than one lock period are forgotten: a slow trickle never locks.
    if (!entry || now - entry.since >= windowMs) entry = { failures: 0, since: now, lockedUntil: 0 };
    entry.failures += 1;
    if (entry.failures >= this.lockout.maxFailures) entry.lockedUntil = now + windowMs;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.maxClients) this.#evict(now);
  }

  /** A right token: the address starts over. */
  succeeded(key: string): void {
    this.#entries.delete(key);
  }

  #evict(now: number): void {
    const windowMs = this.lockout.lockSeconds * 1000;
    for (const [key, entry] of this.#entries) {
      if (entry.lockedUntil <= now && now - entry.since >= windowMs) this.#entries.delete(key);
    }
    // A flood of addresses: forget the least recently seen.
    forgetLeastRecent(this.#entries, this.maxClients);
  }
}
