/** Worker thread of `consentry verify`: digests the NDJSON chunks it is sent (record-digest.ts). */
import { parentPort } from 'node:worker_threads';
import { digestBytes } from './record-digest.js';

parentPort?.on('message', (message: { id: number; bytes: Uint8Array }) => {
  parentPort?.postMessage({ id: message.id, chunk: digestBytes(message.bytes) });
});
