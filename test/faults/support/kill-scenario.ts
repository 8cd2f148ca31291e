/**
 * kill -9 of the server during a sustained ingest, then a restart on the same
 * database and port: what had a receipt must be stored (same seq and hash),
 * each chain must verify without a gap, and resending everything that was
 * never acknowledged must store each proof exactly once.
 */
import { ADMIN_TOKEN } from '../../server/fixtures.js';
import { type ChainFigures, checkChains } from './chain-check.js';
import { Load, type LoadFigures, makeChunks, sitesEnv } from './load.js';
import { freePort, type ServerProcess, startServerProcess } from './server-process.js';

export interface KillScenario {
  databaseUrl: string;
  dataDir: string;
  total: number;
  kills: number;
  sites: string[];
  concurrency?: number;
  /** Share of the proofs sent in batches (the rest one per request), and the batch size. */
  batchShare?: number;
  batchSize?: number;
}

export interface KillReport {
  cases: number;
  kills: number;
  /** Proofs of requests cut by a kill (no answer): the client cannot know if they were stored. */
  inFlight: number;
  /** Of those, stored before the process died (their transaction had committed). */
  inFlightStored: number;
  /** The chains right after the last restart, before any resend. */
  afterCrash: ChainFigures;
  /** After every unacknowledged proof (and a sample of acknowledged ones) was sent again. */
  final: ChainFigures;
  /** Acknowledged proofs sent again: each must get the same receipt back. */
  replays: number;
  load: LoadFigures;
  ms: number;
  serverOutput: string;
}

/** Runs the scenario; the caller asserts on the report. */
export async function runKillScenario(options: KillScenario): Promise<KillReport> {
  const started = Date.now();
  const port = await freePort();
  const env = {
    DATABASE_URL: options.databaseUrl,
    CONSENTRY_DATA_DIR: options.dataDir,
    CONSENTRY_ADMIN_TOKEN: ADMIN_TOKEN,
    CONSENTRY_SITES: sitesEnv(options.sites),
  };
  let server: ServerProcess = await startServerProcess(env, port);
  try {
    const output: string[] = [];
    const chunks = makeChunks(options.total, options.sites, options.batchShare, options.batchSize);
    const load = new Load({ concurrency: options.concurrency ?? 8, urls: [server.url] });
    // Kill points: random receipt counts, spread over the run.
    const points = Array.from({ length: options.kills }, (_, i) =>
      Math.floor(((i + 0.2 + Math.random() * 0.6) / options.kills) * options.total * 0.9),
    );
    let kills = 0;
    let killing: Promise<void> | null = null;
    load.onProgress = (receipted) => {
      if (killing || kills >= points.length || receipted < points[kills]!) return;
      killing = (async () => {
        // No new request starts; the ones in flight die with the process.
        load.hold();
        await server.kill9();
        output.push(...server.output);
        kills++;
        server = await startServerProcess(env, port);
        load.release();
        killing = null;
      })();
    };
    await load.run(chunks);
    while (killing) await killing;

    load.onProgress = () => undefined;
    const afterCrash = await checkChains(server.url, options.sites, load.receipts);
    const unacked = load.unacked.splice(0);
    const inFlight = unacked.reduce((n, c) => n + c.proofs.length, 0);
    const inFlightStored = unacked.reduce((n, c) => n + c.proofs.filter((p) => afterCrash.ids.has(p.id)).length, 0);
    // The client's resend after the outage: the stored ones must answer their existing receipt.
    const acknowledged = chunks.filter((c) => c.proofs.every((p) => load.receipts.has(p.id))).slice(0, 100);
    await load.run([...unacked, ...acknowledged]);
    await load.resendUnacked();
    const final = await checkChains(server.url, options.sites, load.receipts, true);
    output.push(...server.output);
    await server.stop();
    return {
      cases: options.total,
      kills,
      inFlight,
      inFlightStored,
      afterCrash,
      final,
      replays: acknowledged.reduce((n, c) => n + c.proofs.length, 0),
      load: load.figures,
      ms: Date.now() - started,
      serverOutput: output.join(''),
    };
  } finally {
    // A failed check must not leave the process running (it would also keep the test runner alive).
    await server.kill9();
  }
}
