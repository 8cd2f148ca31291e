import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  browserFamily,
  ConfigError,
  loadConfig,
  loadSigner,
  openSqliteStore,
  parseSites,
  purgeExpired,
} from '@consentry/server';
import { makeProof, newSigner, tempDir } from './fixtures.js';

describe('configuration', () => {
  it('defaults to port 8787, SQLite under ./data, 5-year retention and the demo site on its own origins', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8787);
    assert.equal(config.databaseUrl, 'sqlite:data/consentry.db');
    assert.equal(config.retentionDays, 1826);
    assert.deepEqual(config.sites, [{ id: 'demo', origins: ['http://localhost:8787', 'http://127.0.0.1:8787'] }]);
    assert.equal(config.adminTokenGenerated, true);
    assert.ok(config.adminToken.length >= 32);
  });

  it('adds HOST to the demo origins and reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: 'consent.local',
      CONSENTRY_ADMIN_TOKEN: 'a-long-enough-admin-token',
      CONSENTRY_RETENTION_DAYS: '30',
      DATABASE_URL: 'postgres://u@db/consent',
    });
    assert.deepEqual(config.sites[0]!.origins, [
      'http://localhost:9000',
      'http://127.0.0.1:9000',
      'http://consent.local:9000',
    ]);
    assert.equal(config.adminTokenGenerated, false);
    assert.equal(config.retentionDays, 30);
    assert.equal(config.databaseUrl, 'postgres://u@db/consent');
  });

  it('names the variable of a bad value', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'eighty' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ CONSENTRY_RETENTION_DAYS: '0' }, 'CONSENTRY_RETENTION_DAYS'],
      [{ CONSENTRY_ADMIN_TOKEN: 'short' }, 'CONSENTRY_ADMIN_TOKEN'],
      [{ CONSENTRY_SITES: 'Shop=https://a.example' }, 'CONSENTRY_SITES'],
      [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL'],
      [{ CONSENTRY_SIGNING_KEY: 'not a pem' }, 'CONSENTRY_SIGNING_KEY'],
    ];
    for (const [env, variable] of cases) {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && e.variable === variable && e.message.startsWith(`${variable}: `),
        variable,
      );
    }
  });

  it('parses CONSENTRY_SITES and refuses paths, duplicates and sites without origins', () => {
    assert.deepEqual(parseSites('shop=https://shop.example,https://www.shop.example/; blog=http://localhost:3000'), [
      { id: 'shop', origins: ['https://shop.example', 'https://www.shop.example'] },
      { id: 'blog', origins: ['http://localhost:3000'] },
    ]);
    assert.throws(() => parseSites('shop=https://shop.example/path'), /not an origin/);
    assert.throws(() => parseSites('shop=https://a.example;shop=https://b.example'), /twice/);
    assert.throws(() => parseSites('shop'), /no origin/);
    assert.throws(() => parseSites('shop=ftp://a.example'), /not an origin/);
  });
});

describe('signing key', () => {
  it('is created once with mode 0600 and kept across starts', () => {
    const dir = tempDir();
    const first = loadSigner(dir.path);
    const second = loadSigner(dir.path);
    assert.equal(first.kid, second.kid);
    assert.equal(statSync(join(dir.path, 'signing-key.pem')).mode & 0o777, 0o600);
    dir.remove();
  });

  it('comes from CONSENTRY_SIGNING_KEY when set, with escaped newlines', () => {
    const dir = tempDir();
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const signer = loadSigner(dir.path, pem.replace(/\n/g, '\\n'));
    assert.equal(signer.kid, loadSigner(dir.path, pem).kid);
    assert.notEqual(signer.kid, loadSigner(dir.path).kid);
    dir.remove();
  });
});

describe('user agent', () => {
  it('keeps browser family and major version only', () => {
    const cases: [string, string | undefined][] = [
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        'Chrome 131',
      ],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70',
        'Edge 131',
      ],
      ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133'],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
        'Safari 18',
      ],
      ['curl/8.5.0', undefined],
      ['', undefined],
    ];
    for (const [ua, expected] of cases) assert.equal(browserFamily(ua), expected, ua);
  });
});

describe('retention', () => {
  it('purges proofs older than the retention and no others', async () => {
    const store = openSqliteStore(':memory:');
    const signer = newSigner();
    const at = (receivedAt: string) =>
      store.append({ site: 'shop', items: [{ proof: makeProof() }], receivedAt }, signer.sign);
    await at('2021-11-20T00:00:00.000Z');
    await at('2021-11-21T11:59:59.999Z');
    await at('2021-11-21T12:00:00.000Z');
    await at('2026-01-01T00:00:00.000Z');
    const [result] = await purgeExpired(store, 1826, new Date('2026-11-21T12:00:00.000Z'));
    assert.equal(result!.deleted, 2);
    assert.equal(result!.anchor!.seq, 2);
    assert.equal(await store.count('shop'), 2);
    await store.close();
  });
});
