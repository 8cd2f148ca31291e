/**
 * PostgreSQL goes away under load (stopped for a while, or restarted fast or
 * immediate) while the server keeps running: during the outage requests get a
 * clean 503 with a Retry-After (never a 500, never a hang), the server
 * recovers by itself when PostgreSQL is back, the clients resend what was
 * refused, and in the end every proof is stored exactly once in chains that
 * verify.
 */
import { ADMIN_TOKEN } from '../../server/fixtures.js';
import { type ChainFigures, checkChains } from './chain-check.js';
import { Load, type LoadFigures, makeChunks, sitesEnv } from './load.js';
import { startPrivatePostgres } from './private-postgres.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

/** How PostgreSQL goes down: `stop` holds it down until the clients saw `refusals` 503s. */
export type Outage = { kind: 'stop'; refusals: number } | { kind: 'restart'; mode: 'fast' | 'immediate' };

export interface OutageScenario {
  dataDir: string;
  total: number;
  sites: string[];
  outages: Outage[];
  concurrency?: number;
  batchShare?: number;
}

export interface OutageReport {
  cases: number;
  outages: number;
  /** 503 answers seen (all with Retry-After unless `load.missingRetryAfter`). */
  refused: number;
  final: ChainFigures;
  load: LoadFigures;
  ms: number;
  serverOutput: string;
}

/** Runs the scenario on a private PostgreSQL; throws if the server process died. */
export async function runOutageScenario(options: OutageScenario): Promise<OutageReport> {
  const started = Date.now();
  const postgres = await startPrivatePostgres();
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess({
      DATABASE_URL: postgres.url,
      CONSENTRY_DATA_DIR: options.dataDir,
      CONSENTRY_ADMIN_TOKEN: ADMIN_TOKEN,
      CONSENTRY_SITES: sitesEnv(options.sites),
    });
    const load = new Load({ concurrency: options.concurrency ?? 8, urls: [server.url], maxRetryWaitMs: 500 });
    const points = options.outages.map((_, i) =>
      Math.floor(((i + 0.2 + Math.random() * 0.6) / options.outages.length) * options.total * 0.8),
    );
    let done = 0;
    let running: Promise<void> | null = null;
    let refusedSince = 0;
    let onRefused: (() => void) | null = null;
    const refused = () => load.figures.statuses['503 unavailable'] ?? 0;
    load.onProgress = (receipted) => {
      if (running || done >= points.length || receipted < points[done]!) return;
      const outage = options.outages[done]!;
      running = (async () => {
        if (outage.kind === 'restart') await postgres.restart(outage.mode);
        else {
          await postgres.stop('fast');
          refusedSince = refused();
          // Down until the clients were refused enough times (or a bound, so a hanging server fails the check, not the run).
          await Promise.race([
            new Promise<void>((resolve) => {
              onRefused = resolve;
            }),
            new Promise((resolve) => setTimeout(resolve, 20_000)),
          ]);
          onRefused = null;
          await postgres.start();
        }
        done++;
        running = null;
      })();
    };
    load.onRefused = () => {
      const outage = options.outages[done];
      if (onRefused && outage?.kind === 'stop' && refused() - refusedSince >= outage.refusals) onRefused();
    };
    await load.run(makeChunks(options.total, options.sites, options.batchShare ?? 0.5));
    while (running) await running;
    const serverAlive = server.child.exitCode === null && server.child.signalCode === null;
    if (!serverAlive) throw new Error(`the server process died during the outage: ${server.output.join('')}`);
    // Anything cut or timed out is resent too (none expected: the server never went down).
    await load.resendUnacked();
    const final = await checkChains(server.url, options.sites, load.receipts, true);
    await server.stop();
    return {
      cases: options.total,
      outages: done,
      refused: refused(),
      final,
      load: load.figures,
      ms: Date.now() - started,
      serverOutput: server.output.join(''),
    };
  } finally {
    await server?.kill9();
    await postgres.remove();
  }
}
