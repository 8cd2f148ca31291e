/**
 * Several server processes on one PostgreSQL, many sites written in
 * parallel, and idempotency races: the same proof (or batch) sent to two
 * processes at the same instant. Every chain must be gap-free and verify,
 * each raced proof stored once, and both processes answer the same receipt.
 */
import { generateKeyPairSync } from 'node:crypto';
import { ADMIN_TOKEN } from '../../server/fixtures.js';
import { type ChainFigures, checkChains } from './chain-check.js';
import { Load, type LoadFigures, makeChunks, sitesEnv } from './load.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

export interface ConcurrencyScenario {
  databaseUrl: string;
  dataDir: string;
  processes: number;
  sites: string[];
  total: number;
  /** Proofs (singles and batches of 5) each sent to two processes at once. */
  races: number;
  /** Requests in flight at once (the races run beside them, `racers` pairs at a time). */
  concurrency?: number;
  racers?: number;
  /** Share of the proofs sent in batches of 50. */
  batchShare?: number;
}

export interface ConcurrencyReport {
  cases: number;
  races: number;
  /** Race requests answered 201 (must be one per raced request pair) and 200 (the other one). */
  raceCreated: number;
  raceReplayed: number;
  final: ChainFigures;
  load: LoadFigures;
  raceLoad: LoadFigures;
  ms: number;
}

/** Sites `s01`…`sNN`. */
export const siteIds = (n: number) => Array.from({ length: n }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);

export async function runConcurrencyScenario(options: ConcurrencyScenario): Promise<ConcurrencyReport> {
  const started = Date.now();
  // One key for every process (as a deployment shares its secret), so any receipt verifies under /v1/keys.
  const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const env = {
    DATABASE_URL: options.databaseUrl,
    CONSENTRY_DATA_DIR: options.dataDir,
    CONSENTRY_ADMIN_TOKEN: ADMIN_TOKEN,
    CONSENTRY_SITES: sitesEnv(options.sites),
    CONSENTRY_SIGNING_KEY: key,
  };
  // Started together: the migrations run once, under their advisory lock.
  const servers: ServerProcess[] = await Promise.all(
    Array.from({ length: options.processes }, () => startServerProcess(env)),
  );
  try {
    const urls = servers.map((s) => s.url);
    const load = new Load({ concurrency: options.concurrency ?? 16, urls });
    const raceLoad = new Load({ concurrency: 1, urls });
    const raced = makeChunks(options.races, options.sites, 0.5, 5);
    let next = 0;
    const racer = async () => {
      for (let i = next++; i < raced.length; i = next++) {
        const chunk = raced[i]!;
        await Promise.all([
          raceLoad.send(chunk, urls[i % urls.length]),
          raceLoad.send(chunk, urls[(i + 1) % urls.length]),
        ]);
      }
    };
    await Promise.all([
      load.run(makeChunks(options.total, options.sites, options.batchShare ?? 0.5)),
      ...Array.from({ length: options.racers ?? 4 }, racer),
    ]);
    // A request cut on its way (none expected) is resent, so the books close anyway.
    load.unacked.push(...raceLoad.unacked.splice(0));
    await load.resendUnacked();
    const receipts = new Map([...load.receipts, ...raceLoad.receipts]);
    const final = await checkChains(urls[0]!, options.sites, receipts, true);
    return {
      cases: options.total + raced.reduce((n, c) => n + c.proofs.length, 0),
      races: raced.length,
      raceCreated: raceLoad.figures.statuses['201'] ?? 0,
      raceReplayed: raceLoad.figures.statuses['200'] ?? 0,
      final,
      load: load.figures,
      raceLoad: raceLoad.figures,
      ms: Date.now() - started,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
