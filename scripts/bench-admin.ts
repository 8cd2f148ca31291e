/**
 * Times what the admin page asks for on a big log: open (migrations), sites,
 * stats, latest proofs, and the chain status until its first full sweep ends.
 * Seed first: `node --import tsx scripts/seed-proofs.ts --db FILE --data-dir DIR --count 1000000`.
 *
 * `node --import tsx scripts/bench-admin.ts --db FILE --data-dir DIR [--site demo]`
 */
import { parseArgs } from 'node:util';
import { createApp, loadSigner, openSqliteStore } from '@consentry/server';

const { values } = parseArgs({
  options: { db: { type: 'string' }, 'data-dir': { type: 'string' }, site: { type: 'string', default: 'demo' } },
});
if (!values.db || !values['data-dir']) throw new Error('usage: bench-admin.ts --db FILE --data-dir DIR');
const site = values.site;
const token = 'bench-admin-token-0123456789';

let t = performance.now();
const store = openSqliteStore(values.db);
console.log(`open (pending migrations included): ${(performance.now() - t).toFixed(0)} ms`);
const app = createApp({
  store,
  sites: [{ id: site, origins: ['http://localhost'] }],
  signer: loadSigner(values['data-dir']),
  adminToken: token,
  clock: () => new Date(),
});
const headers = { Authorization: `Bearer ${token}` };

async function time(label: string, path: string, runs = 5): Promise<unknown> {
  const ms: number[] = [];
  let body: unknown;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const res = await app.request(path, { headers });
    body = await res.json();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label}: median ${ms[Math.floor(runs / 2)]!.toFixed(1)} ms (min ${ms[0]!.toFixed(1)}, max ${ms.at(-1)!.toFixed(1)})`,
  );
  return body;
}

const today = new Date().toISOString().slice(0, 10);
const monthAgo = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
await time('GET /v1/admin/sites', '/v1/admin/sites');
const stats = (await time(
  'GET /v1/admin/stats (30 days)',
  `/v1/admin/stats?site=${site}&from=${monthAgo}&to=${today}`,
)) as {
  total: number;
};
console.log(`  total in range: ${stats.total}`);
await time('GET /v1/admin/stats (whole log)', `/v1/admin/stats?site=${site}`);
await time(
  'GET /v1/admin/stats (partial first and last day)',
  `/v1/admin/stats?site=${site}&from=${monthAgo}T12:00:00Z&to=${today}T06:00:00Z`,
);
await time('GET /v1/admin/proofs?limit=25', `/v1/admin/proofs?site=${site}&limit=25`);

const chainCalls: number[] = [];
t = performance.now();
for (;;) {
  const start = performance.now();
  const res = await app.request(`/v1/admin/chain?site=${site}`, { headers });
  const body = (await res.json()) as { checkedAt: string | null; verifiedUpTo: number; ok: boolean; running: unknown };
  chainCalls.push(performance.now() - start);
  if (body.checkedAt) {
    const total = (performance.now() - t) / 1000;
    console.log(
      `GET /v1/admin/chain: first full sweep after ${chainCalls.length} requests, ${total.toFixed(1)} s of verification; ` +
        `ok=${body.ok}, verified up to seq ${body.verifiedUpTo}; per request max ${Math.max(...chainCalls).toFixed(0)} ms, ` +
        `median ${chainCalls.sort((a, b) => a - b)[Math.floor(chainCalls.length / 2)]!.toFixed(0)} ms`,
    );
    break;
  }
}
await store.close();
