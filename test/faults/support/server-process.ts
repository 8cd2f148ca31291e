/**
 * A real `consentry serve` process (server/bin/consentry.js: the built bundle
 * when it is fresh, the sources through tsx otherwise) that a fault test can
 * kill -9 and start again on the same port and database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../../server/bin/consentry.js');

/** A free TCP port on 127.0.0.1 (the OS picks it; a server restarted later reuses it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process wrote (stdout and stderr), for failure messages and log checks. */
  output: string[];
  /** SIGKILL: no shutdown handler runs, in-flight requests die with their sockets. */
  kill9(): Promise<void>;
  /** SIGTERM and wait; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `consentry serve` with `env` on `port` (0 = any) and resolves once it listens.
 *
 * @example
 * const server = await startServerProcess({ DATABASE_URL: 'sqlite:/tmp/x.db', ... });
 */
export async function startServerProcess(env: Record<string, string>, port = 0): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    // The per-address rate limit (on by default) would throttle the load generator, one address for all its clients.
    env: { ...process.env, CONSENTRY_RATE_LIMIT: 'off', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d) => output.push(String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server exited with ${code}: ${output.join('')}`));
    child.once('exit', onExit);
    child.stdout!.on('data', (d) => {
      output.push(String(d));
      const match = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (match) {
        child.off('exit', onExit);
        resolve(match[1]!);
      }
    });
  });
  const exited = once(child, 'exit');
  return {
    child,
    url,
    port: Number(new URL(url).port),
    output,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await exited;
      return code as number | null;
    },
  };
}
