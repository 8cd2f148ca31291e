/**
 * Per-client rate limiting of `POST /v1/proofs` (issue 8, scenario 6): a
 * client that floods gets 429 `rate-limited` with `Retry-After` and nothing
 * of the refused requests is stored; other clients are not slowed; proxies
 * are trusted only when configured; memory stays bounded. The socket path
 * is covered over real HTTP in limits-http.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigError,
  clientKey,
  createApp,
  loadConfig,
  openSqliteStore,
  parseRate,
  type Rate,
  TokenBuckets,
} from '@consentry/server';
import { ADMIN_TOKEN, fakeClock, makeProof, newSigner, postProofs, SITES } from './fixtures.js';

type ErrorBody = { error: { code: string; message: string } };

/** An app whose socket peer is whatever the test says (`X-Test-Peer`), as the Node entry reads it from the socket. */
function limitedApp(rate: Rate, trustProxy = 0) {
  const store = openSqliteStore(':memory:');
  const clock = fakeClock();
  const app = createApp({
    store,
    sites: SITES,
    signer: newSigner(),
    adminToken: ADMIN_TOKEN,
    clock: clock.now,
    rateLimit: rate,
    trustProxy,
    peerAddress: (c) => c.req.header('X-Test-Peer'),
  });
  const from = (peer: string, headers: Record<string, string> = {}) =>
    postProofs(app, makeProof(), { 'X-Test-Peer': peer, ...headers });
  return { app, store, clock, from };
}

describe('ingest rate limit', () => {
  it('answers 429 with Retry-After once a client spent its bucket, stores nothing refused, and refills with time', async () => {
    const { store, clock, from } = limitedApp({ count: 5, seconds: 60 });
    for (let i = 0; i < 5; i++) assert.equal((await from('203.0.113.7')).status, 201);
    const refused = await from('203.0.113.7');
    assert.equal(refused.status, 429);
    // One token per 12 s (5 a minute).
    assert.equal(refused.headers.get('Retry-After'), '12');
    const { error } = (await refused.json()) as ErrorBody;
    assert.equal(error.code, 'rate-limited');
    assert.match(error.message, /retry after 12 s/);
    assert.equal(await store.count('shop'), 5);
    clock.set('2026-11-22T12:00:11.000Z');
    assert.equal((await from('203.0.113.7')).status, 429, 'not a whole token yet');
    clock.set('2026-11-22T12:00:12.000Z');
    assert.equal((await from('203.0.113.7')).status, 201);
    assert.equal(await store.count('shop'), 6);
  });

  it('does not slow down another client while one floods', async () => {
    const { from } = limitedApp({ count: 3, seconds: 60 });
    for (let i = 0; i < 10; i++) await from('198.51.100.1');
    assert.equal((await from('198.51.100.1')).status, 429);
    assert.equal((await from('198.51.100.2')).status, 201);
  });

  it('counts a refused proof (400) too: a flood of garbage is throttled like one of proofs', async () => {
    const { app, from } = limitedApp({ count: 2, seconds: 60 });
    const garbage = () => postProofs(app, '{"id":', { 'X-Test-Peer': '192.0.2.9' });
    assert.equal((await garbage()).status, 400);
    assert.equal((await garbage()).status, 400);
    assert.equal((await garbage()).status, 429);
    assert.equal((await from('192.0.2.9')).status, 429);
  });

  it('ignores X-Forwarded-For unless a proxy is trusted, then counts each forwarded client apart', async () => {
    const direct = limitedApp({ count: 1, seconds: 60 });
    assert.equal((await direct.from('192.0.2.50', { 'X-Forwarded-For': '203.0.113.1' })).status, 201);
    assert.equal((await direct.from('192.0.2.50', { 'X-Forwarded-For': '203.0.113.2' })).status, 429);

    const proxied = limitedApp({ count: 1, seconds: 60 }, 1);
    assert.equal((await proxied.from('127.0.0.1', { 'X-Forwarded-For': '203.0.113.1' })).status, 201);
    assert.equal((await proxied.from('127.0.0.1', { 'X-Forwarded-For': '203.0.113.2' })).status, 201);
    // A client cannot escape by prepending its own entries: the proxy's (rightmost) one counts.
    const spoofed = await proxied.from('127.0.0.1', { 'X-Forwarded-For': '10.9.9.9, 203.0.113.1' });
    assert.equal(spoofed.status, 429);
    // Nor pose as the server's own host.
    assert.equal((await proxied.from('127.0.0.1', { 'X-Forwarded-For': '127.0.0.1, 203.0.113.1' })).status, 429);
  });

  it('never limits this host itself (a local tool, or a proxy CONSENTRY_TRUST_PROXY does not name), and says so once', async (ctx) => {
    const warn = ctx.mock.method(console, 'warn', () => {});
    const { from } = limitedApp({ count: 1, seconds: 60 });
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.0.0.1', '::1']) {
      assert.equal((await from(peer)).status, 201, peer);
    }
    assert.equal(warn.mock.callCount(), 0, 'no proxy seen yet');
    await from('127.0.0.1', { 'X-Forwarded-For': '203.0.113.1' });
    await from('127.0.0.1', { 'X-Forwarded-For': '203.0.113.2' });
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0]!.arguments[0]), /set CONSENTRY_TRUST_PROXY=1/);
  });

  it('counts IPv6 clients per /64, the block one subscriber holds', async () => {
    assert.equal(clientKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
    assert.equal(clientKey('::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(clientKey('::1'), '0:0:0:0::/64');
    const { from } = limitedApp({ count: 1, seconds: 60 });
    assert.equal((await from('2001:db8:1:2::1')).status, 201);
    assert.equal((await from('2001:db8:1:2::2')).status, 429);
    assert.equal((await from('2001:db8:1:3::1')).status, 201);
  });

  it('keeps at most maxClients buckets under a flood from many addresses', () => {
    let now = 0;
    const buckets = new TokenBuckets({ count: 10, seconds: 60 }, () => now, 1000);
    for (let i = 0; i < 100_000; i++) {
      now += 1;
      buckets.take(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    }
    assert.ok(buckets.size <= 1000, `${buckets.size} buckets`);
    // An active flooder is among the recently seen: still limited.
    for (let i = 0; i < 10; i++) buckets.take('203.0.113.66');
    assert.ok(buckets.take('203.0.113.66') > 0);
  });
});

describe('rate limit configuration', () => {
  it('defaults to 600 per minute and reads CONSENTRY_RATE_LIMIT, CONSENTRY_TRUST_PROXY', () => {
    assert.deepEqual(loadConfig({}).rateLimit, { count: 600, seconds: 60 });
    assert.equal(loadConfig({}).trustProxy, 0);
    assert.deepEqual(loadConfig({ CONSENTRY_RATE_LIMIT: '20/s' }).rateLimit, { count: 20, seconds: 1 });
    assert.deepEqual(loadConfig({ CONSENTRY_RATE_LIMIT: '100/15min' }).rateLimit, { count: 100, seconds: 900 });
    assert.equal(loadConfig({ CONSENTRY_RATE_LIMIT: 'off' }).rateLimit, null);
    assert.equal(loadConfig({ CONSENTRY_TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(parseRate('1000 / hour'), { count: 1000, seconds: 3600 });
  });

  it('names the variable and the expected form on a bad value', () => {
    for (const [name, value, expected] of [
      ['CONSENTRY_RATE_LIMIT', 'fast', /CONSENTRY_RATE_LIMIT: expected COUNT\/UNIT such as "600\/min"/],
      ['CONSENTRY_RATE_LIMIT', '10/fortnight', /CONSENTRY_RATE_LIMIT: /],
      ['CONSENTRY_TRUST_PROXY', 'yes', /CONSENTRY_TRUST_PROXY: expected an integer from 0 to 10/],
      ['CONSENTRY_REQUEST_TIMEOUT', '0', /CONSENTRY_REQUEST_TIMEOUT: expected an integer from 1 to 3600/],
      ['CONSENTRY_MAX_CONNECTIONS', '-5', /CONSENTRY_MAX_CONNECTIONS: /],
      ['CONSENTRY_ADMIN_MAX_FAILURES', 'ten', /CONSENTRY_ADMIN_MAX_FAILURES: /],
      ['CONSENTRY_ADMIN_LOCKOUT_SECONDS', '0', /CONSENTRY_ADMIN_LOCKOUT_SECONDS: /],
    ] as const) {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (error: Error) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.variable, name);
          assert.match(error.message, expected);
          return true;
        },
      );
    }
  });
});
