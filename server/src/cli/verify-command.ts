import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ChainAnchor } from '@consentry/core';
import type { LogReport } from '../log-verifier.js';
import type { JwkSet, PublicJwk } from '../signer.js';
import { fileKind, verifyFile } from '../verify-file.js';
import { isProofsFile, logRecords, receivedIds, verifyProofsFile } from '../verify-proofs.js';
import { type Command, UsageError } from './command.js';

const ANCHOR = /^([a-z0-9][a-z0-9._-]{0,63}):(\d+):([0-9a-f]{64})$/;

function parseAnchors(values: string[]): Record<string, ChainAnchor> {
  const anchors: Record<string, ChainAnchor> = {};
  for (const text of values) {
    const m = ANCHOR.exec(text);
    if (!m) throw new UsageError(`--anchor: expected site:seq:hash (64 hex digits), got "${text}"`);
    anchors[m[1]!] = { seq: Number(m[2]), hash: m[3]! };
  }
  return anchors;
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: "check an export (every hash, chain link and receipt signature), or a visitor's proofs file",
  help: `Usage: consentry verify <file> [--anchor SITE:SEQ:HASH]... [--partial] [--keys JWKS_FILE]
       consentry verify <visitor-proofs.json> --keys JWKS_FILE [--log EXPORT_FILE]

Checks an export file, NDJSON (one stored record a line) or JSON (an array of
stored records, or the document of \`consentry export --format json\`):

  - every record's hash: SHA-256 of the RFC 8785 canonical JSON of the record
    without its hash field;
  - the chain of each site: seq 1, 2, 3… with no gap, duplicate or reordering,
    each prevHash equal to the previous record's hash, seq 1 linking to 64 zeros
    (or the first record linking to the site's --anchor when the head was purged);
  - receipts, where present (the JSON export carries them; NDJSON does not):
    the receipt names the record's id, seq and hash, and its Ed25519 signature
    of the hash verifies under the published key of its kid (the document's
    keys, or --keys: a JWK set such as GET /v1/keys).

  --anchor SITE:SEQ:HASH  where SITE's kept chain starts (printed by export)
  --partial               the file was cut by date: check records against each
                          other but not the start of each chain
  --keys FILE             the JWK set to check receipt signatures with

A visitor's file (what "Download my consent proofs" saves: their browser's
proofs, each with the server's receipt once it came) is checked too:

  - each proof is well-formed, each receipt names its proof and its signature
    verifies under --keys (needed: the file holds no keys); the signature
    covers the record's hash only;
  - with --log, an export of the log (checked first, as above, with --anchor
    and --partial): each received proof's record in it, hashed again, gives
    the receipt's hash, carries its seq and time, and holds the visitor's
    proof.

Exit 0 when everything holds; otherwise exit 1 and print the first bad record's
(or proof's) position and why.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        anchor: { type: 'string', multiple: true, default: [] },
        partial: { type: 'boolean', default: false },
        keys: { type: 'string' },
        log: { type: 'string' },
      },
    });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('expected one file');
    const keys = values.keys ? (JSON.parse(await readFile(values.keys, 'utf8')) as JwkSet).keys : undefined;
    const started = performance.now();
    if ((await fileKind(file)) === 'proofs') return visitorFile(file, keys, values);
    if (values.log) throw new UsageError("--log: only with a visitor's proofs file");
    const report = await verifyLog(file, keys, values);
    const seconds = (performance.now() - started) / 1000;
    if (!report.ok) return 1;
    const sites = Object.entries(report.sites).map(([site, s]) => `${site} ${s.first}…${s.last}`);
    console.log(
      `OK ${file}: ${report.count} records (${sites.join(', ') || 'none'}), ${report.signatures} receipt signatures, ${seconds.toFixed(1)} s`,
    );
    return 0;
  },
};

/** Verifies an export file with the command's options; prints the first bad record when there is one. */
async function verifyLog(
  file: string,
  keys: PublicJwk[] | undefined,
  values: { anchor: string[]; partial: boolean },
): Promise<LogReport> {
  const report = await verifyFile(file, {
    anchors: parseAnchors(values.anchor),
    partial: values.partial,
    ...(keys ? { keys } : {}),
  });
  if (!report.ok && report.issue) {
    const { issue } = report;
    console.log(`FAIL ${file}: record ${issue.index}, site "${issue.site}", seq ${issue.seq} (${issue.kind})`);
    console.log(`  ${issue.message}`);
  }
  return report;
}

/** `consentry verify` on a visitor's "Download my consent proofs" file. */
async function visitorFile(
  file: string,
  keys: PublicJwk[] | undefined,
  values: { anchor: string[]; partial: boolean; log?: string },
): Promise<number> {
  const entries = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (!isProofsFile(entries)) {
    console.log(`FAIL ${file}: not a proofs file (an array of { proof, receipt? })`);
    return 1;
  }
  const ids = receivedIds(entries);
  if (ids.size > 0 && !keys) {
    throw new UsageError("--keys: needed to check the receipts of a visitor's proofs file (save GET /v1/keys)");
  }
  let log: Awaited<ReturnType<typeof logRecords>> | undefined;
  if (values.log) {
    if (!(await verifyLog(values.log, keys, values)).ok) return 1;
    log = await logRecords(values.log, ids);
  }
  const report = verifyProofsFile(entries, { keys: keys ?? [], ...(log ? { log } : {}) });
  if (!report.ok && report.issue) {
    const { issue } = report;
    console.log(`FAIL ${file}: proof ${issue.index}${issue.id ? ` (id ${issue.id})` : ''} (${issue.kind})`);
    console.log(`  ${issue.message}`);
    return 1;
  }
  const parts = [
    `${report.proofs} proofs of a visitor (${report.sites.join(', ')})`,
    `${report.receipts} receipts signed by the server`,
    ...(report.waiting ? [`${report.waiting} not received yet`] : []),
    ...(values.log ? [`${report.inLog} found as received in ${values.log}`] : []),
  ];
  console.log(`OK ${file}: ${parts.join(', ')}`);
  return 0;
}
