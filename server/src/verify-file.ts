/**
 * Verifies an export file (`consentry verify`): NDJSON (one stored record a
 * line, streamed in constant memory) or JSON (an array of stored records, or
 * the JSON export document with its anchors, keys and receipts).
 */
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChainAnchor } from '@consentry/core';
import type { Receipt } from '@consentry/core/schema';
import { type LogIssue, type LogReport, LogVerifier, type LogVerifierOptions } from './log-verifier.js';
import { type DigestedChunk, digestBytes } from './record-digest.js';
import type { PublicJwk } from './signer.js';

interface ExportDocument {
  partial?: boolean;
  anchors?: Record<string, ChainAnchor>;
  keys?: PublicJwk[];
  records: unknown[];
  receipts?: Receipt[];
}

export interface VerifyFileOptions extends LogVerifierOptions {
  /**
   * Worker threads hashing NDJSON records while the main thread checks the
   * links; 0 hashes on the main thread. Default: up to 2 for files of 8 MB or more.
   */
  threads?: number;
}

/**
 * What a file to verify is, from its first bytes: an export as JSON (an array
 * of stored records, or the JSON export document), as NDJSON, or a visitor's
 * "Download my consent proofs" file (an array of `{ proof, receipt? }`,
 * verify-proofs.ts).
 */
export async function fileKind(path: string): Promise<'json' | 'ndjson' | 'proofs'> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').trimStart();
    if (/^\[\s*\{\s*"(proof|receipt)"\s*:/.test(head)) return 'proofs';
    if (head.startsWith('[')) return 'json';
    // The JSON export starts with its `format` member; an NDJSON line is a bare record.
    return head.startsWith('{"format":"consentry-export/') ? 'json' : 'ndjson';
  } finally {
    await handle.close();
  }
}

const CHUNK_BYTES = 1 << 20;

/**
 * The file as byte chunks of whole lines, about 1 MB each, each in its own
 * ArrayBuffer (so it can be transferred to a worker without a copy).
 */
async function* lineChunks(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    for (;;) {
      const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES + carry.length);
      carry.copy(buffer, 0);
      const { bytesRead } = await handle.read(buffer, carry.length, CHUNK_BYTES, null);
      const total = carry.length + bytesRead;
      if (bytesRead === 0) {
        if (total > 0) yield buffer.subarray(0, total);
        return;
      }
      const cut = buffer.lastIndexOf(10, total - 1);
      carry = Buffer.from(buffer.subarray(cut + 1, total));
      if (cut >= 0) yield buffer.subarray(0, cut + 1);
    }
  } finally {
    await handle.close();
  }
}

/** Files smaller than this are hashed on the main thread: starting workers would cost more. */
const THREADED_FROM_BYTES = 8 << 20;

/** A worker holds a few 1 MB chunks at a time: a small young generation keeps its RSS low. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 };

/**
 * A worker running verify-worker: the built file with plain node, or the
 * TypeScript source through tsx (which a worker thread does not inherit).
 */
function startWorker(): Worker | null {
  if (import.meta.url.endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const source = new URL('./verify-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`;
    return new Worker(boot, { eval: true, resourceLimits: WORKER_LIMITS });
  }
  // Built: this code sits in server/dist or one of its folders, next to verify-worker.js.
  const url = ['./verify-worker.js', '../verify-worker.js']
    .map((p) => new URL(p, import.meta.url))
    .find((u) => existsSync(fileURLToPath(u)));
  return url ? new Worker(url, { resourceLimits: WORKER_LIMITS }) : null;
}

/** Digested chunks in file order; hashing runs in `threads` workers when given. */
async function* digestedChunks(path: string, threads: number): AsyncGenerator<DigestedChunk> {
  const workers = Array.from({ length: threads }, startWorker).filter((w): w is Worker => w !== null);
  if (workers.length === 0) {
    for await (const bytes of lineChunks(path)) yield digestBytes(bytes);
    return;
  }
  type Waiter = { resolve: (chunk: DigestedChunk) => void; reject: (error: unknown) => void };
  const pending = new Map<number, Waiter>();
  let failure: unknown;
  for (const worker of workers) {
    worker.on('message', ({ id, chunk }: { id: number; chunk: DigestedChunk }) => {
      pending.get(id)?.resolve(chunk);
      pending.delete(id);
    });
    worker.once('error', (error) => {
      failure = error;
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  }
  // Chunks in flight: enough to keep every worker busy, few enough to bound memory.
  const inFlight: Promise<DigestedChunk>[] = [];
  let id = 0;
  try {
    for await (const bytes of lineChunks(path)) {
      if (failure) throw failure;
      const n = id++;
      const digested = new Promise<DigestedChunk>((resolve, reject) => pending.set(n, { resolve, reject }));
      // Awaited in order below; a worker failure must not surface as an unhandled rejection first.
      digested.catch(() => undefined);
      inFlight.push(digested);
      workers[n % workers.length]!.postMessage({ id: n, bytes }, [bytes.buffer as ArrayBuffer]);
      if (inFlight.length >= workers.length * 2) yield await inFlight.shift()!;
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

async function verifyNdjson(path: string, options: VerifyFileOptions): Promise<LogReport> {
  const verifier = new LogVerifier(options);
  const size = (await stat(path)).size;
  const threads =
    options.threads ?? (size >= THREADED_FROM_BYTES ? Math.min(2, Math.max(1, availableParallelism())) : 0);
  for await (const chunk of digestedChunks(path, options.requireReceipts ? 0 : threads)) {
    for (let i = 0; i < chunk.raw.length; i++) {
      const raw = chunk.raw[i];
      let issue: LogIssue | null;
      if (raw == null) {
        const link = { site: chunk.site[i]!, seq: chunk.seq[i]!, prevHash: chunk.prevHash[i]!, hash: chunk.hash[i]! };
        issue = verifier.pushHashed(link, chunk.computed[i] ?? link.hash);
      } else {
        let record: unknown;
        try {
          record = JSON.parse(raw);
        } catch {
          // Not JSON: the chain verifier reports it as malformed, at this position.
          record = { malformed: true };
        }
        issue = verifier.push(record);
      }
      if (issue) return verifier.report();
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
export async function verifyFile(path: string, options: VerifyFileOptions = {}): Promise<LogReport> {
  return (await fileKind(path)) === 'ndjson' ? verifyNdjson(path, options) : verifyJson(path, options);
}
