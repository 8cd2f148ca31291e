import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, startServer } from '@consentry/server';
import { makeProof, ORIGIN, tempDir } from './fixtures.js';

describe('Node entry', () => {
  it('serves the API and a static directory on one port, then closes cleanly', async () => {
    const dir = tempDir();
    const staticDir = join(dir.path, 'public');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<h1>demo</h1>');
    writeFileSync(join(staticDir, 'consentry.js'), 'export {};');
    const logs: string[] = [];
    const server = await startServer(
      loadConfig({
        PORT: '0',
        CONSENTRY_DATA_DIR: dir.path,
        CONSENTRY_STATIC_DIR: staticDir,
        CONSENTRY_SITES: `shop=${ORIGIN}`,
      }),
      (line) => logs.push(line),
    );
    try {
      assert.match(logs.join('\n'), /listening on http:\/\/127\.0\.0\.1:\d+ \(sqlite; sites shop; key /);
      assert.match(logs.join('\n'), /admin token \(set CONSENTRY_ADMIN_TOKEN to keep one\): \S{32}/);
      assert.equal(await (await fetch(`${server.url}/`)).text(), '<h1>demo</h1>');
      const bundle = await fetch(`${server.url}/consentry.js`);
      assert.match(bundle.headers.get('Content-Type') ?? '', /javascript/);
      const res = await fetch(`${server.url}/v1/proofs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
        body: JSON.stringify(makeProof()),
      });
      assert.equal(res.status, 201);
      assert.equal((await fetch(`${server.url}/missing.html`)).status, 404);
    } finally {
      await server.close();
      dir.remove();
    }
    await assert.rejects(fetch(`${server.url}/healthz`), 'the port is closed');
  });
});
