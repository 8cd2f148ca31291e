/**
 * Verifies an export file (`consentry verify`): NDJSON (one stored record a
 * line, streamed in constant memory) or JSON (an array of stored records, or
 * the JSON export document with its anchors, keys and receipts).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { ChainAnchor } from '@consentry/core';
import type { Receipt } from '@consentry/core/schema';
import { type LogReport, LogVerifier, type LogVerifierOptions } from './log-verifier.js';
import type { PublicJwk } from './signer.js';

interface ExportDocument {
  partial?: boolean;
  anchors?: Record<string, ChainAnchor>;
  keys?: PublicJwk[];
  records: unknown[];
  receipts?: Receipt[];
}

/** Reads the first bytes to tell a JSON document from NDJSON. */
async function sniff(path: string): Promise<'json' | 'ndjson'> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').trimStart();
    if (head.startsWith('[')) return 'json';
    // The JSON export starts with its `format` member; an NDJSON line is a bare record.
    return head.startsWith('{"format":"consentry-export/') ? 'json' : 'ndjson';
  } finally {
    await handle.close();
  }
}

/** The file's lines, a 1 MB chunk's worth at a time (readline costs more than the hashing here). */
async function* lineBatches(path: string): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const batch = (rest + decoder.write(chunk as Buffer)).split('\n');
    rest = batch.pop() ?? '';
    yield batch;
  }
  rest += decoder.end();
  if (rest) yield [rest];
}

async function verifyNdjson(path: string, options: LogVerifierOptions): Promise<LogReport> {
  const verifier = new LogVerifier(options);
  let number = 0;
  for await (const batch of lineBatches(path)) {
    for (const line of batch) {
      number++;
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        // Not JSON: the chain verifier reports it as malformed, at this position.
        record = { line: number };
      }
      if (verifier.push(record)) return verifier.report();
    }
  }
  return verifier.report();
}

async function verifyJson(path: string, options: LogVerifierOptions): Promise<LogReport> {
  const { readFile } = await import('node:fs/promises');
  const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown[] | ExportDocument;
  const doc: ExportDocument = Array.isArray(parsed) ? { records: parsed } : parsed;
  const receipts = new Map((doc.receipts ?? []).map((r) => [r.id, r]));
  const verifier = new LogVerifier({
    partial: options.partial || doc.partial === true,
    anchors: { ...doc.anchors, ...options.anchors },
    keys: options.keys ?? doc.keys ?? [],
    requireReceipts: receipts.size > 0,
  });
  for (const record of doc.records) {
    const id = (record as { id?: unknown } | null)?.id;
    if (verifier.push(record, typeof id === 'string' ? receipts.get(id) : undefined)) break;
  }
  return verifier.report();
}

/**
 * @example
 * const report = await verifyFile('export.ndjson', { anchors: { demo: { seq: 41, hash } } });
 * if (!report.ok) console.error(report.issue?.message);
 */
export async function verifyFile(path: string, options: LogVerifierOptions = {}): Promise<LogReport> {
  return (await sniff(path)) === 'json' ? verifyJson(path, options) : verifyNdjson(path, options);
}
