/**
 * Ed25519 receipt signatures in worker threads. One signature costs about
 * 40 µs of CPU (OpenSSL's own figure on the development box), more than
 * everything else an ingested proof costs: signing on the event loop caps a
 * server at ~25k proofs/s and delays every other request. The pool signs
 * groups of hashes while the event loop keeps parsing and validating.
 */

import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Plain CommonJS, evaluated: nothing to resolve or transpile, built or not. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { sign } = require('node:crypto');
parentPort.on('message', ({ id, hashes }) => {
  const sigs = hashes.map((h) => sign(null, Buffer.from(h, 'ascii'), workerData.key).toString('base64url'));
  parentPort.postMessage({ id, sigs });
});`;

interface Job {
  resolve: (sigs: string[]) => void;
  reject: (error: unknown) => void;
}

/** Below this many hashes a group goes to one worker; above, it is split across the pool. */
const SPLIT_FROM = 32;

export class SignPool {
  #key: KeyObject;
  #size: number;
  #workers: { worker: Worker; busy: number }[] | undefined;
  #jobs = new Map<number, Job>();
  #next = 0;
  #broken = false;

  constructor(key: KeyObject, size = Number(process.env.CONSENTRY_SIGN_THREADS ?? availableParallelism())) {
    this.#key = key;
    this.#size = Math.max(0, Math.min(size, 8));
  }

  /** Whether signing happens in threads (false: none configured, or they failed). */
  get threaded(): boolean {
    return this.#size > 0 && !this.#broken;
  }

  /** Base64url signatures of the ASCII bytes of each hash, in order. */
  async sign(hashes: string[]): Promise<string[]> {
    const workers = this.#start();
    if (hashes.length < SPLIT_FROM || workers.length === 1) {
      const least = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      return this.#send(least, hashes);
    }
    const per = Math.ceil(hashes.length / workers.length);
    const parts = await Promise.all(workers.map((w, i) => this.#send(w, hashes.slice(i * per, (i + 1) * per))));
    return parts.flat();
  }

  #start(): { worker: Worker; busy: number }[] {
    if (this.#workers) return this.#workers;
    this.#workers = Array.from({ length: this.#size }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { key: this.#key } });
      const entry = { worker, busy: 0 };
      worker.on('message', ({ id, sigs }: { id: number; sigs: string[] }) => {
        if (--entry.busy === 0) worker.unref();
        this.#jobs.get(id)?.resolve(sigs);
        this.#jobs.delete(id);
      });
      worker.on('error', (error) => this.#fail(error));
      // Idle signers must not keep a CLI process alive (busy ones must: see #send).
      // After the listeners: adding a 'message' listener refs the worker again.
      worker.unref();
      return entry;
    });
    return this.#workers;
  }

  #send(entry: { worker: Worker; busy: number }, hashes: string[]): Promise<string[]> {
    if (hashes.length === 0) return Promise.resolve([]);
    const id = this.#next++;
    if (entry.busy++ === 0) entry.worker.ref();
    return new Promise((resolve, reject) => {
      this.#jobs.set(id, { resolve, reject });
      entry.worker.postMessage({ id, hashes });
    });
  }

  #fail(error: unknown): void {
    this.#broken = true;
    for (const job of this.#jobs.values()) job.reject(error);
    this.#jobs.clear();
    for (const { worker } of this.#workers ?? []) void worker.terminate();
  }

  /** Stops the threads (pending signatures are rejected). */
  async close(): Promise<void> {
    const workers = this.#workers ?? [];
    this.#workers = undefined;
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }
}
