/**
 * What `createApp` needs: injected, so tests use real stores with a fake
 * clock and no port, and the app carries no runtime-specific code.
 */
import type { Hono } from 'hono';
import type { Lockout } from './admin-guard.js';
import type { AddressOf } from './client-address.js';
import type { Rate } from './rate-limit.js';
import type { Signer } from './signer.js';
import type { Site } from './sites.js';
import type { ProofStore } from './store/proof-store.js';

export interface AppDeps {
  store: ProofStore;
  sites: Site[];
  signer: Signer;
  /** Bearer token of the admin API. */
  adminToken: string;
  /** The authoritative time of `receivedAt`; a boundary tests replace. */
  clock: () => Date;
  /**
   * The built admin page (`vite build -c server/admin/vite.config.ts` writes
   * `dist/admin`), served at `/admin` with its security headers; no /admin when absent.
   */
  adminDir?: string;
  /**
   * Mounts extra routes after the API and before the JSON 404, e.g. the
   * Node entry's static files (demo pages, `/consentry.js`, `/admin`).
   */
  mount?: (app: Hono) => void;
  /**
   * The address of a request's peer (the Node entry reads the socket), for the
   * per-client limits. Absent: every request counts as one client.
   */
  peerAddress?: AddressOf;
  /** An export whose client reads nothing for this long is ended (default 5 minutes; tests shorten it). */
  exportStallMs?: number;
  /** Reverse proxies in front whose `X-Forwarded-For` entries name the client (default 0). */
  trustProxy?: number;
  /** Proof posts per client address; absent or null: no limit (the Node entry sets one). */
  rateLimit?: Rate | null;
  /** Wrong admin tokens per address before a lock-out; absent: 10 then 900 s; null: never. */
  adminLockout?: Lockout | null;
}
