/**
 * Slow and lying clients over real sockets (issue 8, scenarios 1 and 6): a
 * slow body or slow headers cut off with 408 while other clients are served,
 * lies in Content-Length and broken chunked bodies answered 4xx and stored
 * nowhere, a gzip bomb refused with 415 unread, and the connection cap.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { makeProof } from './fixtures.js';
import { exchange, post, request, type Started, start, storedCount } from './limits-server.js';

describe('slow and lying clients over HTTP', () => {
  let t: Started;
  before(async () => {
    t = await start({ CONSENTRY_RATE_LIMIT: 'off', CONSENTRY_REQUEST_TIMEOUT: '1' });
  });
  after(() => t.stop());

  it('cuts off a client that trickles its body (408) while another client is served', async () => {
    const body = JSON.stringify(makeProof());
    const slow = exchange(t.port, request(`POST /v1/proofs HTTP/1.1\r\nContent-Length: ${body.length}`), body, 50);
    let closed = false;
    void slow.done.then(() => {
      closed = true;
    });
    const other = await post(t.server.url, makeProof());
    assert.equal(other.status, 201, 'served while the slow client holds its connection');
    assert.equal(closed, false, 'the slow client was still connected');
    const cut = await slow.done;
    assert.ok(cut.written < body.length + 200, 'cut off before its body was complete');
    assert.deepEqual(cut.statuses, [408]);
    assert.equal(await storedCount(t.server.url), 1);
  });

  it('cuts off a client that trickles its headers (408)', async () => {
    const cut = await exchange(
      t.port,
      'POST /v1/proofs HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      'X-Slow: '.padEnd(400, 'a'),
      50,
    ).done;
    assert.deepEqual(cut.statuses, [408]);
  });

  it('answers lies in Content-Length and broken chunked bodies with 4xx, storing nothing', async () => {
    const before = await storedCount(t.server.url);
    const proof = JSON.stringify(makeProof());
    const chunked = (chunks: string[]) =>
      `${chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('')}0\r\n\r\n`;
    const big = `[${Array.from({ length: 250 }, () => proof).join(',')}]`;
    const cases: [string, string | Buffer, number][] = [
      // Shorter than announced, then silence: the request timeout ends it.
      ['body shorter than Content-Length', request('POST /v1/proofs HTTP/1.1\r\nContent-Length: 5000', proof), 408],
      // Longer than announced: the rest is read as a next request, which is not HTTP.
      ['body longer than Content-Length', request(`POST /v1/proofs HTTP/1.1\r\nContent-Length: 20`, proof), 400],
      ['Content-Length over the limit', request('POST /v1/proofs HTTP/1.1\r\nContent-Length: 10000000', proof), 413],
      ['Content-Length not a number', request('POST /v1/proofs HTTP/1.1\r\nContent-Length: 12abc', proof), 400],
      [
        'two Content-Lengths',
        request('POST /v1/proofs HTTP/1.1\r\nContent-Length: 10\r\nContent-Length: 20', proof),
        400,
      ],
      [
        'Content-Length and chunked',
        request('POST /v1/proofs HTTP/1.1\r\nContent-Length: 10\r\nTransfer-Encoding: chunked', chunked([proof])),
        400,
      ],
      [
        'chunked over the limit',
        request('POST /v1/proofs HTTP/1.1\r\nTransfer-Encoding: chunked', chunked(big.match(/[\s\S]{1,8000}/g)!)),
        413,
      ],
      [
        'a chunk size that is not hex',
        request('POST /v1/proofs HTTP/1.1\r\nTransfer-Encoding: chunked', `zz\r\n${proof}\r\n0\r\n\r\n`),
        400,
      ],
      [
        'chunked, valid but with a malformed body',
        request('POST /v1/proofs HTTP/1.1\r\nTransfer-Encoding: chunked', chunked(['{"id":', '1'])),
        400,
      ],
    ];
    for (const [name, raw, status] of cases) {
      const answer = await exchange(t.port, raw).done;
      assert.ok(answer.statuses.length > 0, `${name}: answered`);
      assert.ok(
        answer.statuses.every((s) => s < 500),
        `${name}: no 5xx (${answer.statuses})`,
      );
      assert.equal(answer.statuses[0], status, `${name}: ${answer.text.slice(0, 300)}`);
    }
    assert.equal(await storedCount(t.server.url), before);
  });

  it('refuses a gzip bomb with 415 without inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const res = await post(t.server.url, bomb.toString('latin1'), { 'Content-Encoding': 'gzip' });
    assert.equal(res.status, 415);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unsupported-encoding');
    const raw = Buffer.concat([
      Buffer.from(request(`POST /v1/proofs HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}`)),
      bomb,
    ]);
    assert.deepEqual((await exchange(t.port, raw).done).statuses, [415]);
  });
});

describe('connection cap over HTTP', () => {
  let t: Started;
  before(async () => {
    t = await start({ CONSENTRY_MAX_CONNECTIONS: '2' });
  });
  after(() => t.stop());

  /** A kept-alive connection that has had one answer: the server surely counts it. */
  async function held(): Promise<Socket> {
    const socket = connect(t.port, '127.0.0.1');
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await new Promise<void>((resolve, reject) => {
      socket.once('data', () => resolve());
      socket.once('error', reject);
    });
    return socket;
  }

  it('refuses connections past CONSENTRY_MAX_CONNECTIONS and serves again once one closes', async () => {
    const [a, b] = [await held(), await held()];
    const refused = await exchange(t.port, request('GET /healthz HTTP/1.1')).done;
    assert.deepEqual(refused.statuses, [], 'closed without an answer');
    const gone = new Promise((resolve) => a.once('close', resolve));
    a.destroy();
    await gone;
    // The server learns of the close a moment later: ask until it answers, within bounds.
    let served: number[] = [];
    for (let i = 0; i < 50 && served.length === 0; i++)
      served = (await exchange(t.port, request('GET /healthz HTTP/1.1')).done).statuses;
    assert.deepEqual(served, [200]);
    b.destroy();
  });
});
