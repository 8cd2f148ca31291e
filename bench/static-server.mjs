/**
 * A static server on 127.0.0.1, one per page, serving the page's mounts
 * (paths.mjs). No compression and `no-store`, as every page gets the same; every
 * request is logged so the report can list exactly what each page fetched.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { mounts } from './paths.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Starts the server of page `name`; `log` holds `{ path, status, bytes }` per request. */
export function serve(name) {
  const log = [];
  const table = mounts(name).map(([prefix, dir]) => [prefix, resolve(dir)]);
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const [prefix, dir] = table.find(([p]) => path.startsWith(p));
    const file = resolve(dir, path.slice(prefix.length));
    if (!file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      log.push({ path, status: 200, bytes: body.length });
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch (error) {
      // A missing file is a 404 the report lists; anything else is the server's fault, and says so.
      const status = error.code === 'ENOENT' || error.code === 'EISDIR' ? 404 : 500;
      log.push({ path, status, bytes: 0, ...(status === 500 ? { error: String(error) } : {}) });
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 404 ? 'not found' : 'server error');
    }
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      done({
        port: server.address().port,
        log,
        close: () => new Promise((closed) => server.close(closed)),
      });
    });
  });
}
