/**
 * A real Node entry on a free port for the abuse-limit tests over HTTP, and
 * a raw-socket client that can be slow, lie in its headers, or hold a
 * connection: what fetch() will not do.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { loadConfig, type RunningServer, startServer } from '@consentry/server';
import { ADMIN_TOKEN, ORIGIN, tempDir } from './fixtures.js';

export interface Started {
  server: RunningServer;
  port: number;
  stop: () => Promise<void>;
}

export async function start(env: Record<string, string> = {}): Promise<Started> {
  const dir = tempDir();
  const site = join(dir.path, 'site');
  mkdirSync(join(dir.path, 'admin'), { recursive: true });
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>demo</title><script src="/app.js"></script>');
  writeFileSync(join(site, 'app.js'), 'export {};');
  writeFileSync(join(dir.path, 'admin/index.html'), '<!doctype html><title>admin</title>');
  const server = await startServer(
    loadConfig({
      PORT: '0',
      CONSENTRY_DATA_DIR: dir.path,
      CONSENTRY_STATIC_DIR: site,
      CONSENTRY_ADMIN_DIR: join(dir.path, 'admin'),
      CONSENTRY_SITES: `shop=${ORIGIN}`,
      CONSENTRY_ADMIN_TOKEN: ADMIN_TOKEN,
      ...env,
    }),
    () => {},
  );
  return {
    server,
    port: Number(new URL(server.url).port),
    stop: async () => {
      await server.close();
      dir.remove();
    },
  };
}

export const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/proofs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

export const storedCount = async (url: string) => {
  const res = await fetch(`${url}/v1/admin/stats?site=shop`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await res.json()) as { total: number }).total;
};

export interface Exchange {
  /** Every status line the server wrote on this connection. */
  statuses: number[];
  text: string;
  /** Bytes the client had written when the server closed. */
  written: number;
}

/**
 * Writes `head` on a raw connection, then `trickle` one byte every `everyMs`
 * (a slow client) until the server closes; resolves with what it answered.
 */
export function exchange(
  port: number,
  head: string | Buffer,
  trickle = '',
  everyMs = 100,
): { done: Promise<Exchange>; socket: Socket } {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let written = 0;
  let timer: NodeJS.Timeout | undefined;
  const write = (data: string | Buffer) => {
    written += Buffer.byteLength(data);
    socket.write(data);
  };
  socket.on('connect', () => {
    write(head);
    let i = 0;
    if (trickle)
      timer = setInterval(() => {
        if (i < trickle.length && !socket.destroyed) write(trickle[i++]!);
      }, everyMs);
  });
  socket.on('data', (d) => {
    text += String(d);
  });
  // A reset after the server answered and closed is part of being cut off.
  socket.on('error', () => {});
  const done = new Promise<Exchange>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ statuses: [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1])), text, written });
    }),
  );
  return { done, socket };
}

export const request = (head: string, body = '') =>
  `${head}\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`;
