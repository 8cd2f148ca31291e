/**
 * Abuse limits of the Node entry over real sockets (issue 8, scenarios 1
 * and 6): security headers on every HTML page and JSON answer, the ingest
 * rate limit keyed on the socket's address, a slow body or slow headers cut
 * off: slow and lying clients are in limits-slow-clients.test.ts.
 */
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { makeProof } from './fixtures.js';
import { post, type Started, start } from './limits-server.js';

describe('security headers over HTTP', () => {
  let t: Started;
  before(async () => {
    t = await start();
  });
  after(() => t.stop());

  it('sends every HTML page with a CSP without unsafe-inline, nosniff, a referrer policy and frame-ancestors', async () => {
    for (const path of ['/', '/index.html', '/admin/']) {
      const res = await fetch(`${t.server.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('Content-Type') ?? '', /^text\/html/, path);
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.match(csp, /style-src 'self'(;|$)/, path);
      assert.match(csp, /frame-ancestors '(self|none)'/, path);
      assert.match(csp, /base-uri 'none'/, path);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
      assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff', path);
      assert.match(res.headers.get('Referrer-Policy') ?? '', /^(no-referrer|strict-origin-when-cross-origin)$/, path);
      await res.arrayBuffer();
    }
  });

  it('sends JSON answers and errors, and static scripts, with nosniff', async () => {
    for (const path of ['/healthz', '/v1/keys', '/v1/nope', '/app.js', '/v1/admin/stats']) {
      const res = await fetch(`${t.server.url}${path}`);
      assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff', path);
      await res.arrayBuffer();
    }
  });
});

/** This machine's own non-loopback IPv4 address, when it has one: a client there is not "this host" by address. */
const LAN = Object.values(networkInterfaces())
  .flat()
  .find((i) => i?.family === 'IPv4' && !i.internal)?.address;

describe('rate limit over HTTP', () => {
  let t: Started;
  before(async () => {
    t = await start({ CONSENTRY_RATE_LIMIT: '3/min', ...(LAN ? { HOST: LAN } : {}) });
  });
  after(() => t.stop());

  it('limits proof posts per socket address with 429 and Retry-After, and serves the rest of the API', {
    skip: LAN ? false : 'no non-loopback interface',
  }, async () => {
    // Earlier tests of this server may have spent tokens: count from whatever is left.
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 4 && !limited; i++) {
      const res = await post(t.server.url, makeProof());
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    assert.ok(limited, `a 429 within 4 posts (${statuses})`);
    assert.equal(limited.headers.get('Retry-After'), '20');
    assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate-limited');
    assert.equal((await fetch(`${t.server.url}/healthz`)).status, 200);
  });
});

describe('rate limit over HTTP behind a local proxy', () => {
  let t: Started;
  before(async () => {
    t = await start({ CONSENTRY_RATE_LIMIT: '3/min', CONSENTRY_TRUST_PROXY: '1' });
  });
  after(() => t.stop());

  it('does not limit this host itself, but each client its trusted proxy names', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await post(t.server.url, makeProof())).status, 201, 'loopback');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post(t.server.url, makeProof(), { 'X-Forwarded-For': '203.0.113.8' })).status);
    assert.deepEqual(statuses, [201, 201, 201, 429]);
    assert.equal((await post(t.server.url, makeProof(), { 'X-Forwarded-For': '203.0.113.9' })).status, 201);
  });
});
