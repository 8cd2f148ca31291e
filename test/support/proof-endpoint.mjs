/**
 * A fake consent log for the browser tests, as dev-server middleware:
 *
 * - `POST /__test/proofs/<key>/v1/proofs` takes a JSON array of proofs and
 *   answers `{ receipts }` like the real server (or fails, per the mode);
 * - `POST /__test/proofs/<key>/mode?set=up|down|slow|invalid` switches it;
 * - `GET /__test/proofs/<key>/log` lists every request: `{ status, ids }`;
 * - `GET /__test/slow.js?ms=&name=` is a tracker that takes `ms` to load.
 *
 * Each test uses its own key, so test files can run side by side.
 */
import { randomBytes } from 'node:crypto';

const endpoints = new Map();

function endpoint(key) {
  if (!endpoints.has(key)) endpoints.set(key, { mode: 'up', log: [], seq: 0 });
  return endpoints.get(key);
}

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** Koa middleware for @web/test-runner's dev server. */
export async function proofEndpoint(ctx, next) {
  if (ctx.path === '/__test/slow.js') {
    await new Promise((resolve) => setTimeout(resolve, Number(ctx.query.ms ?? 500)));
    ctx.type = 'text/javascript';
    ctx.body = `window.log.push(${JSON.stringify(String(ctx.query.name ?? 'slow'))});`;
    return;
  }
  const match = /^\/__test\/proofs\/([\w-]+)\/(v1\/proofs|mode|log)$/.exec(ctx.path);
  if (!match) return next();
  const state = endpoint(match[1]);
  if (match[2] === 'log') {
    ctx.body = state.log;
    return;
  }
  if (match[2] === 'mode') {
    state.mode = ctx.query.set ?? 'up';
    ctx.body = { mode: state.mode };
    return;
  }
  if (ctx.method !== 'POST') {
    ctx.status = 405;
    return;
  }
  const body = JSON.parse(await readBody(ctx.req));
  const ids = (Array.isArray(body) ? body : [body]).map((p) => p.id);
  const status = { up: 200, slow: 200, down: 503, invalid: 400 }[state.mode] ?? 200;
  state.log.push({ status, ids });
  if (state.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 1500));
  ctx.status = status;
  if (status !== 200) {
    ctx.body = { error: { code: state.mode, message: `test endpoint is ${state.mode}` } };
    return;
  }
  ctx.body = {
    receipts: ids.map((id) => ({
      id,
      seq: ++state.seq,
      hash: randomBytes(32).toString('hex'),
      receivedAt: new Date().toISOString(),
      kid: 'test',
      sig: randomBytes(64).toString('base64url'),
    })),
  };
}
