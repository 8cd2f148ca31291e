/**
 * The admin token's brute-force guard (issue 8, scenario 6): wrong tokens
 * are counted per client address; after 10 the address is locked out (429
 * with `Retry-After`) for 15 minutes — the right token included — while
 * other addresses and the admin with the right token elsewhere go on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp, loadConfig, openSqliteStore, tokenMatches } from '@consentry/server';
import { ADMIN_TOKEN, fakeClock, newSigner, SITES } from './fixtures.js';

type ErrorBody = { error: { code: string; message: string } };

function guardedApp(adminLockout?: { maxFailures: number; lockSeconds: number } | null) {
  const clock = fakeClock();
  const app = createApp({
    store: openSqliteStore(':memory:'),
    sites: SITES,
    signer: newSigner(),
    adminToken: ADMIN_TOKEN,
    clock: clock.now,
    peerAddress: (c) => c.req.header('X-Test-Peer'),
    ...(adminLockout === undefined ? {} : { adminLockout }),
  });
  const admin = async (peer: string, token?: string) =>
    app.request('/v1/admin/sites', {
      headers: { 'X-Test-Peer': peer, ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }) },
    });
  return { app, clock, admin };
}

describe('admin token brute-force guard', () => {
  it('locks an address out after 10 wrong tokens, the right token included, until the lock expires', async () => {
    const { clock, admin } = guardedApp();
    for (let i = 0; i < 10; i++) assert.equal((await admin('203.0.113.5', `guess-${i}-0123456789`)).status, 401);
    const locked = await admin('203.0.113.5', ADMIN_TOKEN);
    assert.equal(locked.status, 429);
    assert.equal(locked.headers.get('Retry-After'), '900');
    assert.equal(((await locked.json()) as ErrorBody).error.code, 'too-many-attempts');
    clock.set('2026-11-22T12:14:59.000Z');
    const still = await admin('203.0.113.5', ADMIN_TOKEN);
    assert.equal(still.status, 429);
    assert.equal(still.headers.get('Retry-After'), '1');
    clock.set('2026-11-22T12:15:00.000Z');
    assert.equal((await admin('203.0.113.5', ADMIN_TOKEN)).status, 200);
  });

  it('does not lock out other addresses', async () => {
    const { admin } = guardedApp();
    for (let i = 0; i < 12; i++) await admin('203.0.113.5', 'wrong-token-0123456789');
    assert.equal((await admin('203.0.113.5', ADMIN_TOKEN)).status, 429);
    assert.equal((await admin('198.51.100.4', ADMIN_TOKEN)).status, 200);
    assert.equal((await admin('198.51.100.4', 'wrong-token-0123456789')).status, 401);
  });

  it('starts an address over after a right token, and never counts a request without a token', async () => {
    const { admin } = guardedApp();
    for (let i = 0; i < 9; i++) await admin('192.0.2.1', 'typo-token-0123456789');
    assert.equal((await admin('192.0.2.1', ADMIN_TOKEN)).status, 200);
    for (let i = 0; i < 9; i++) assert.equal((await admin('192.0.2.1', 'typo-token-0123456789')).status, 401);
    for (let i = 0; i < 20; i++) assert.equal((await admin('192.0.2.1')).status, 401);
    assert.equal((await admin('192.0.2.1', ADMIN_TOKEN)).status, 200);
  });

  it('follows CONSENTRY_ADMIN_MAX_FAILURES and CONSENTRY_ADMIN_LOCKOUT_SECONDS; 0 failures turns it off', async () => {
    const config = loadConfig({ CONSENTRY_ADMIN_MAX_FAILURES: '3', CONSENTRY_ADMIN_LOCKOUT_SECONDS: '60' });
    assert.deepEqual(config.adminLockout, { maxFailures: 3, lockSeconds: 60 });
    assert.deepEqual(loadConfig({}).adminLockout, { maxFailures: 10, lockSeconds: 900 });
    assert.equal(loadConfig({ CONSENTRY_ADMIN_MAX_FAILURES: '0' }).adminLockout, null);

    const strict = guardedApp({ maxFailures: 3, lockSeconds: 60 });
    for (let i = 0; i < 3; i++) await strict.admin('192.0.2.2', 'wrong-token-0123456789');
    const locked = await strict.admin('192.0.2.2', ADMIN_TOKEN);
    assert.equal(locked.status, 429);
    assert.equal(locked.headers.get('Retry-After'), '60');

    const open = guardedApp(null);
    for (let i = 0; i < 50; i++) await open.admin('192.0.2.3', 'wrong-token-0123456789');
    assert.equal((await open.admin('192.0.2.3', ADMIN_TOKEN)).status, 200);
  });

  it('compares tokens whatever their lengths (hashed first, then timingSafeEqual)', () => {
    assert.equal(tokenMatches(ADMIN_TOKEN, ADMIN_TOKEN), true);
    assert.equal(tokenMatches('x', ADMIN_TOKEN), false);
    assert.equal(tokenMatches(`${ADMIN_TOKEN}${'x'.repeat(10_000)}`, ADMIN_TOKEN), false);
    assert.equal(tokenMatches(ADMIN_TOKEN.slice(0, -1), ADMIN_TOKEN), false);
  });
});
