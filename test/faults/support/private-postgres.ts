/**
 * A private PostgreSQL cluster the fault tests may stop and restart: the
 * shared one on 5432 serves every other test and must never go down. initdb
 * runs as the `postgres` user (PostgreSQL refuses root) in a temporary
 * directory; the cluster listens on its own port, its socket in /tmp.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process.js';

const run = promisify(execFile);

/** The newest installed PostgreSQL's binaries, or null when none is installed. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** Why a private cluster cannot run here, or null when it can (root with runuser, binaries present). */
export function privatePostgresUnavailable(): string | null {
  if (!postgresBin()) return 'no PostgreSQL binaries under /usr/lib/postgresql';
  if (process.getuid?.() !== 0) return 'needs root to run initdb as the postgres user (runuser)';
  if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'runuser not found';
  return null;
}

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** `pg_ctl restart`: `fast` ends sessions cleanly, `immediate` is a crash (recovery on start). */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (if running) and deletes its directory. */
  remove(): Promise<void>;
  log(): string;
}

const asPostgres = (bin: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', bin, ...args]);

/**
 * Creates and starts a cluster with trust authentication on a free port.
 *
 * @example
 * const pg = await startPrivatePostgres();
 * await pg.restart('fast');
 * await pg.remove();
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL binaries');
  const root = mkdtempSync(join(tmpdir(), 'consentry-pg-'));
  chmodSync(root, 0o777);
  const data = join(root, 'data');
  const logFile = join(root, 'server.log');
  await asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=100`;
  const pgCtl = (...args: string[]) => asPostgres(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  let running = false;
  const start = async () => {
    await pgCtl('-o', options, '-l', logFile, '-w', 'start');
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    await pgCtl('-m', mode, '-w', 'stop');
    running = false;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async restart(mode) {
      await pgCtl('-m', mode, '-o', options, '-l', logFile, '-w', 'restart');
      running = true;
    },
    async remove() {
      await stop('immediate').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
}
