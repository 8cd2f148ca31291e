import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Receipt, StoredRecord } from '@consentry/core/schema';
import { openSqliteStore, type PublicJwk, verifyProofsFile } from '@consentry/server';
import { elementText } from '../../server/src/cli/element-text.js';
import { DESIGN_CONFIG } from '../support/design-config.js';
import {
  ADMIN_TOKEN,
  adminHeaders,
  chainedRecords,
  makeProof,
  makeTestApp,
  newSigner,
  postProofs,
  tempDir,
} from './fixtures.js';

const BIN = join(import.meta.dirname, '../../server/bin/consentry.js');
const run = promisify(execFile);

/** Runs `consentry …`; resolves to the exit code and output whatever the code. */
async function consentry(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dir = tempDir();
after(() => dir.remove());

function writeNdjson(name: string, records: unknown[]): string {
  const file = join(dir.path, name);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

describe('consentry verify', () => {
  const clean = [...chainedRecords(10)];

  it('accepts a clean NDJSON export (exit 0)', async () => {
    const result = await consentry(['verify', writeNdjson('clean.ndjson', clean)]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^OK .*10 records \(shop 1…10\)/);
  });

  it('names an edited record (exit 1)', async () => {
    const edited = clean.map((r) => (r.seq === 4 ? { ...r, action: 'reject-all' } : r));
    const result = await consentry(['verify', writeNdjson('edited.ndjson', edited)]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /seq 4 \(hash-mismatch\)/);
  });

  it('names where a record was deleted', async () => {
    const deleted = clean.filter((r) => r.seq !== 6);
    const result = await consentry(['verify', writeNdjson('deleted.ndjson', deleted)]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /seq 7 \(gap\)/);
    assert.match(result.stdout, /records 6…6 are missing/);
  });

  it('names a reordered record', async () => {
    const reordered = [...clean];
    [reordered[2], reordered[3]] = [reordered[3]!, reordered[2]!];
    const result = await consentry(['verify', writeNdjson('reordered.ndjson', reordered)]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /record 3, site "shop", seq 4 \(gap\)/);
  });

  it('names an inserted record, even one whose hash was recomputed', async () => {
    const forged = [...chainedRecords(1, 'shop', { seq: 4, hash: clean[3]!.hash })][0]!;
    const inserted = [...clean.slice(0, 4), forged, ...clean.slice(4)];
    const result = await consentry(['verify', writeNdjson('inserted.ndjson', inserted)]);
    assert.equal(result.code, 1);
    // The forgery links well; the genuine seq 5 after it then repeats its seq.
    assert.match(result.stdout, /record 6, site "shop", seq 5 \(duplicate\)/);
  });

  it('checks receipts in a JSON export: a forged insert has none, an edited signature fails', async () => {
    const { app } = makeTestApp();
    await postProofs(app, [makeProof(), makeProof(), makeProof()]);
    const doc = (await (await app.request('/v1/admin/export?format=json', { headers: adminHeaders })).json()) as {
      records: StoredRecord[];
      receipts: { sig: string }[];
    };
    const good = join(dir.path, 'good.json');
    writeFileSync(good, JSON.stringify(doc));
    const ok = await consentry(['verify', good]);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /3 receipt signatures/);

    const forged = [...chainedRecords(1, 'shop', { seq: 3, hash: doc.records[2]!.hash })][0]!;
    const inserted = join(dir.path, 'inserted.json');
    writeFileSync(inserted, JSON.stringify({ ...doc, records: [...doc.records, forged] }));
    const noReceipt = await consentry(['verify', inserted]);
    assert.equal(noReceipt.code, 1);
    assert.match(noReceipt.stdout, /seq 4 \(bad-receipt\)/);

    const flipped = doc.receipts[1]!.sig.startsWith('A') ? 'B' : 'A';
    const resigned = {
      ...doc,
      receipts: doc.receipts.map((r, i) => (i === 1 ? { ...r, sig: flipped + r.sig.slice(1) } : r)),
    };
    const badSig = join(dir.path, 'bad-sig.json');
    writeFileSync(badSig, JSON.stringify(resigned));
    const sigResult = await consentry(['verify', badSig]);
    assert.equal(sigResult.code, 1);
    assert.match(sigResult.stdout, /seq 2 \(bad-signature\)/);
  });

  it('verifies a purged chain from its anchor, and a JSON array of records', async () => {
    const tail = clean.slice(5);
    const file = writeNdjson('tail.ndjson', tail);
    const without = await consentry(['verify', file]);
    assert.equal(without.code, 1);
    assert.match(without.stdout, /seq 6 \(bad-start\)/);
    const anchored = await consentry(['verify', file, '--anchor', `shop:5:${clean[4]!.hash}`]);
    assert.equal(anchored.code, 0, anchored.stdout);
    const array = join(dir.path, 'array.json');
    writeFileSync(array, JSON.stringify(clean));
    assert.equal((await consentry(['verify', array])).code, 0);
  });

  it('verifies an export cut by date from two instances whose clocks disagree (--partial)', async () => {
    // Two server instances on one log: B's clock is 8 ms behind A's. B's proof reaches the chain
    // between two of A's, stamped earlier than the record before it; it takes that record's time,
    // so the date range holds all three records, one run of seq numbers.
    const file = join(dir.path, 'two-instances.db');
    const signer = newSigner();
    const a = makeTestApp({ store: openSqliteStore(file), signer });
    const b = makeTestApp({ store: openSqliteStore(file), signer });
    try {
      a.clock.set('2026-03-01T10:00:00.009Z');
      b.clock.set('2026-03-01T10:00:00.001Z');
      for (const app of [a.app, b.app, a.app]) assert.equal((await postProofs(app, makeProof())).status, 201);
      a.clock.set('2026-03-01T10:00:00.010Z');
      const res = await a.app.request(
        '/v1/admin/export?site=shop&format=json&from=2026-03-01T10:00:00.005Z&to=2026-03-01T11:00:00Z',
        { headers: adminHeaders },
      );
      const doc = (await res.json()) as { partial: boolean; records: StoredRecord[] };
      assert.equal(doc.partial, true);
      assert.deepEqual(
        doc.records.map((r) => [r.seq, r.receivedAt]),
        [
          [1, '2026-03-01T10:00:00.009Z'],
          [2, '2026-03-01T10:00:00.009Z'],
          [3, '2026-03-01T10:00:00.009Z'],
        ],
      );
      const cut = join(dir.path, 'cut.json');
      writeFileSync(cut, JSON.stringify(doc));
      const result = await consentry(['verify', cut, '--partial']);
      assert.equal(result.code, 0, result.stdout + result.stderr);
    } finally {
      await a.store.close();
      await b.store.close();
    }
  });

  describe("a visitor's proofs file (the dialog's download)", () => {
    /** Three proofs sent through the API and a fourth not sent yet, as the browser keeps them. */
    async function visitorFile() {
      const { app } = makeTestApp();
      const subject = randomUUID();
      const sent = [makeProof({ subject }), makeProof({ subject, action: 'reject-all' }), makeProof({ subject })];
      const entries: { proof: unknown; receipt?: Receipt }[] = [];
      for (const proof of sent) {
        const receipt = (await (await postProofs(app, proof)).json()) as Receipt;
        entries.push({ proof, receipt });
      }
      entries.push({ proof: makeProof({ subject, action: 'withdraw' }) });
      const keys = join(dir.path, 'keys.json');
      writeFileSync(keys, await (await app.request('/v1/keys')).text());
      const log = join(dir.path, 'log.ndjson');
      writeFileSync(log, await (await app.request('/v1/admin/export', { headers: adminHeaders })).text());
      const write = (name: string, value: unknown) => {
        const file = join(dir.path, name);
        // As the dialog saves it (download-proofs.ts).
        writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
        return file;
      };
      return { entries, keys, log, write };
    }

    it('checks each receipt under the published keys, and finds each received proof in the log', async () => {
      const { entries, keys, log, write } = await visitorFile();
      const file = write('visitor.json', entries);
      const alone = await consentry(['verify', file, '--keys', keys]);
      assert.equal(alone.code, 0, alone.stdout + alone.stderr);
      assert.match(
        alone.stdout,
        /^OK .*: 4 proofs of a visitor \(shop\), 3 receipts signed by the server, 1 not received yet$/m,
      );
      const against = await consentry(['verify', file, '--keys', keys, '--log', log]);
      assert.equal(against.code, 0, against.stdout + against.stderr);
      assert.match(against.stdout, /3 found as received in .*log\.ndjson/);
      const noKeys = await consentry(['verify', file]);
      assert.equal(noKeys.code, 2);
      assert.match(noKeys.stderr, /--keys: needed/);
    });

    it('names a forged signature, an edited proof the log disagrees with, and a proof the log lacks', async () => {
      const { entries, keys, log, write } = await visitorFile();
      const sig = entries[1]!.receipt!.sig;
      const forged = entries.map((e, i) =>
        i === 1 ? { ...e, receipt: { ...e.receipt!, sig: (sig.startsWith('A') ? 'B' : 'A') + sig.slice(1) } } : e,
      );
      const badSig = await consentry(['verify', write('forged.json', forged), '--keys', keys]);
      assert.equal(badSig.code, 1);
      assert.match(badSig.stdout, /proof 2 \(id [0-9a-f-]+\) \(bad-signature\)/);

      // The receipt still verifies (it signs the record's hash): only the log shows the proof was changed.
      const edited = entries.map((e, i) =>
        i === 0 ? { ...e, proof: { ...(e.proof as object), action: 'accept-all', gpc: true } } : e,
      );
      const editedFile = write('edited.json', edited);
      assert.equal((await consentry(['verify', editedFile, '--keys', keys])).code, 0);
      const differs = await consentry(['verify', editedFile, '--keys', keys, '--log', log]);
      assert.equal(differs.code, 1);
      assert.match(differs.stdout, /proof 1 .*\(differs-from-log\)/);

      // The receipt's time is not signed: only the log shows it was changed.
      const redated = entries.map((e, i) =>
        i === 2 ? { ...e, receipt: { ...e.receipt!, receivedAt: '2020-01-01T00:00:00.000Z' } } : e,
      );
      const late = await consentry(['verify', write('redated.json', redated), '--keys', keys, '--log', log]);
      assert.equal(late.code, 1);
      assert.match(late.stdout, /proof 3 .*\(differs-from-log\)\n.*received 2020-01-01/);

      const twice = await consentry(['verify', write('twice.json', [...entries, entries[0]]), '--keys', keys]);
      assert.equal(twice.code, 1);
      assert.match(twice.stdout, /proof 5 .*\(malformed\)\n.*a second entry of the same proof/);

      const partLog = join(dir.path, 'part.ndjson');
      writeFileSync(partLog, `${readFileSync(log, 'utf8').trim().split('\n').slice(0, 2).join('\n')}\n`);
      const missing = await consentry(['verify', write('visitor2.json', entries), '--keys', keys, '--log', partLog]);
      assert.equal(missing.code, 1);
      assert.match(missing.stdout, /proof 3 .*\(not-in-log\)/);
    });

    it("hashes the log's record again: one that claims the receipt's seq and hash but holds another proof fails", async () => {
      const { entries, keys, log } = await visitorFile();
      const jwks = (JSON.parse(readFileSync(keys, 'utf8')) as { keys: PublicJwk[] }).keys;
      const records = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as StoredRecord);
      const genuine = new Map(records.map((r) => [r.id, r]));
      assert.equal(verifyProofsFile(entries, { keys: jwks, log: genuine }).inLog, 3);
      // A log rewritten by hand (or read past what verify checked): the record of proof 1 edited to
      // match an edited visitor copy, its seq and hash left as the receipt says.
      const edited = { ...(entries[0]!.proof as StoredRecord), action: 'dismiss' as const };
      const forged = new Map(genuine);
      forged.set(edited.id, { ...genuine.get(edited.id)!, action: 'dismiss' });
      const report = verifyProofsFile([{ ...entries[0]!, proof: edited }], { keys: jwks, log: forged });
      assert.equal(report.ok, false);
      assert.equal(report.issue?.kind, 'differs-from-log');
      assert.match(report.issue?.message ?? '', /does not hash to its receipt's hash/);
    });
  });

  it('verifies a clean export of 100,000 records', async () => {
    const file = join(dir.path, 'big.ndjson');
    const lines: string[] = [];
    for (const r of chainedRecords(100_000)) lines.push(JSON.stringify(r));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await consentry(['verify', file]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /100000 records \(shop 1…100000\)/);
  });
});

describe('consentry check-config', () => {
  /** DESIGN.md's config, as a site writes it. */
  const config = DESIGN_CONFIG;
  const write = (name: string, text: string) => {
    const file = join(dir.path, name);
    writeFileSync(file, text);
    return file;
  };
  /** A page whose config element has its attributes in another order and single quotes. */
  const page = (element: string) => `<!doctype html>
<html lang="en">
<head>
  <!-- <script type="application/json" id="consentry-config">{ "site": "old" }</script> -->
  <script>document.body.dataset.note = '<div id="consentry-config">not the config</div>';</script>
  ${element}
  <script src="https://consent.example.com/consentry.js" data-config="#consentry-config"></script>
</head>
</html>`;
  const summary = /site "example", 2 services \(essential 0, audience 1, advertising 1\)$/m;

  it('accepts a valid JSON config with a one-line summary (exit 0)', async () => {
    const file = write('site.json', JSON.stringify(config, null, 2));
    const result = await consentry(['check-config', file]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^OK .*site\.json: /);
    assert.match(result.stdout, summary);
    assert.equal(result.stdout.trim().split('\n').length, 1);
  });

  it('accepts the config of an HTML page, skipping comments and scripts that mention its id', async () => {
    const element = `<script id='consentry-config'\n    type="application/json">${JSON.stringify(config)}</script>`;
    const result = await consentry(['check-config', write('page.html', page(element))]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^OK .*page\.html \(#consentry-config, line 6\): /);
    assert.match(result.stdout, summary);
  });

  it('prints every problem, one line each, naming its field (exit 1)', async () => {
    const bad = {
      ...config,
      site: 'Example',
      endPoint: 'https://c.example',
      privacyPolicyUrl: 'javascript:alert(1)',
      maxAgeDays: 396,
      services: [
        { ...config.services[0], tier: 'analytics' },
        { ...config.services[1], provider: '', cookies: [{ name: '_fbp', purpose: 'ads' }] },
      ],
    };
    const result = await consentry(['check-config', write('bad.json', JSON.stringify(bad))]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0]!, /^FAIL .*bad\.json: 7 problems$/);
    assert.deepEqual(
      lines
        .slice(1)
        .map((line) =>
          /^config field "([^"]+)": expected|^config field "([^"]+)": unknown field/.exec(line)?.slice(1).join(''),
        ),
      [
        'site',
        'privacyPolicyUrl',
        'services[0].tier',
        'services[1].provider',
        'services[1].cookies[0].duration',
        'maxAgeDays',
        'endPoint',
      ],
    );
    assert.match(
      result.stdout,
      /config field "services\[0\]\.tier": expected "essential" or "audience" or "advertising", got "analytics"/,
    );
  });

  it('finds the config by --selector, and says when no element matches (exit 2)', async () => {
    const element = `<script data-consentry-config type="application/json">${JSON.stringify(config)}</script>`;
    const file = write('selector.html', page(element));
    const missing = await consentry(['check-config', file]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /selector\.html: no element matches "#consentry-config"/);
    const found = await consentry(['check-config', file, '--selector', 'script[data-consentry-config]']);
    assert.equal(found.code, 0, found.stdout + found.stderr);
    assert.match(found.stdout, summary);
    const unsupported = await consentry(['check-config', file, '--selector', 'head > script']);
    assert.equal(unsupported.code, 2);
    assert.match(unsupported.stderr, /--selector: expected a simple selector/);
  });

  it('reads the element a browser would: any case, any attribute order and quoting, not inside raw text', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['<SCRIPT TYPE="application/json" ID="consentry-config">{"a":1}</SCRIPT >', '#consentry-config', '{"a":1}'],
      ['<script id=consentry-config title="a>b">{"a":"</div>"}</script>', '#consentry-config', '{"a":"</div>"}'],
      [
        '<script id="a" id="consentry-config">{}</script><p id="consentry-config">{&quot;b&quot;:2}</p>',
        '#consentry-config',
        '{"b":2}',
      ],
      [
        '<style>#consentry-config {}</style><template id="c" class="x cfg">{"t":1}</template>',
        'template.cfg',
        '{"t":1}',
      ],
      ["<script data-site type='application/json'>{}</script>", "script[type='application/json'][data-site]", '{}'],
      ['<textarea><script id="consentry-config">{}</script></textarea>', '#consentry-config', undefined],
    ];
    for (const [html, selector, text] of cases) assert.equal(elementText(html, selector)?.text, text, html);
  });

  it('stops on a config that is not JSON, with the JSON error, and on a missing file (exit 2)', async () => {
    const json = await consentry(['check-config', write('broken.json', '{ "site": "example", }')]);
    assert.equal(json.code, 2);
    assert.match(json.stderr, /the config in .*broken\.json is not valid JSON: \S/);
    const element = '<script type="application/json" id="consentry-config">{ site: "example" }</script>';
    const html = await consentry(['check-config', write('broken.html', page(element))]);
    assert.equal(html.code, 2);
    assert.match(html.stderr, /the config in .*broken\.html \(#consentry-config, line 6\) is not valid JSON: \S/);
    const absent = await consentry(['check-config', join(dir.path, 'absent.json')]);
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /ENOENT.*absent\.json/);
    assert.match(absent.stderr, /Run `consentry check-config --help`/);
  });
});

describe('consentry commands', () => {
  it('prints --help for every command', async () => {
    for (const command of ['serve', 'export', 'verify', 'purge', 'keys', 'check-config']) {
      const result = await consentry([command, '--help']);
      assert.equal(result.code, 0);
      assert.match(result.stdout, new RegExp(`^Usage: consentry ${command}`));
    }
  });

  it('stops on a bad environment value, naming it', async () => {
    const result = await consentry(['serve'], { CONSENTRY_SITES: 'shop=not-an-origin', CONSENTRY_DATA_DIR: dir.path });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /CONSENTRY_SITES: "not-an-origin" is not an origin/);
  });

  it('exports, purges and lists keys from the database directly', async () => {
    const env = {
      CONSENTRY_DATA_DIR: join(dir.path, 'cli-data'),
      DATABASE_URL: `sqlite:${join(dir.path, 'cli-data', 'log.db')}`,
      CONSENTRY_ADMIN_TOKEN: ADMIN_TOKEN,
    };
    const keys = await consentry(['keys'], env);
    assert.equal(keys.code, 0);
    const kid = (JSON.parse(keys.stdout) as { keys: { kid: string }[] }).keys[0]!.kid;
    const { openSqliteStore, loadSigner } = await import('@consentry/server');
    const store = openSqliteStore(env.DATABASE_URL.slice('sqlite:'.length));
    const signer = loadSigner(env.CONSENTRY_DATA_DIR);
    assert.equal(signer.kid, kid, 'the CLI and the server share the key file');
    await store.append(
      { site: 'shop', items: [{ proof: makeProof() }], receivedAt: '2010-01-01T00:00:00.000Z' },
      signer.sign,
    );
    await store.append(
      { site: 'shop', items: [{ proof: makeProof() }], receivedAt: '2026-01-01T00:00:00.000Z' },
      signer.sign,
    );
    await store.close();
    const purge = await consentry(['purge'], env);
    assert.equal(purge.code, 0);
    assert.match(purge.stdout, /^shop: purged 1, anchor shop:1:[0-9a-f]{64}/);
    const out = join(dir.path, 'cli-export.json');
    const exported = await consentry(['export', '--format', 'json', '--out', out], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /^anchor shop:1:/);
    const verified = await consentry(['verify', out]);
    assert.equal(verified.code, 0, verified.stdout);
    assert.match(verified.stdout, /1 records \(shop 2…2\), 1 receipt signatures/);
    const rotated = await consentry(['keys', 'rotate'], env);
    assert.match(rotated.stdout, new RegExp(`^retired ${kid}`));
    const after = JSON.parse((await consentry(['keys'], env)).stdout) as { keys: { kid: string }[] };
    assert.equal(after.keys.length, 2);
    assert.equal(after.keys[1]!.kid, kid);
  });
});
