/**
 * The hashing half of `consentry verify` for NDJSON: parses lines and computes
 * each record's hash (SHA-256 of its RFC 8785 text without `hash`), so that it
 * can run in worker threads while the main thread checks the chain links in
 * file order. Lines that are not well-formed records are handed back as text:
 * the main thread pushes them through core's ChainVerifier, which names the
 * problem exactly as it would without threads.
 */
import { hash as oneShotHash } from 'node:crypto';
import { recordHashInput } from '@consentry/core';

/** A chunk of lines, digested: the link fields and computed hash of each record, in order. */
export interface DigestedChunk {
  site: string[];
  seq: number[];
  prevHash: string[];
  hash: string[];
  /** The computed hash when it differs from `hash`, else null (less to copy between threads). */
  computed: (string | null)[];
  /** The line itself when it is not a well-formed record (the main thread re-checks it), else null. */
  raw: (string | null)[];
}

/** Strings that JSON would only wrap in quotes (no quote, backslash, control character or surrogate). */
const PLAIN = /^[^"\\\u0000-\u001F\uD800-\uDFFF]*$/;

const str = (value: unknown): string | null => (typeof value === 'string' && PLAIN.test(value) ? `"${value}"` : null);
const bool = (value: unknown): string | null => (value === true ? 'true' : value === false ? 'false' : null);

/**
 * The canonical text of a record of exactly the stored shape (DESIGN.md), with
 * its members written in RFC 8785 order without sorting; null for anything
 * else, which then goes through core's generic `canonicalize`. Only for values
 * from JSON.parse (no undefined members, no toJSON).
 */
export function storedRecordText(r: Record<string, unknown>): string | null {
  const c = r.choices as Record<string, unknown> | null;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return null;
  const services = c.services as Record<string, unknown> | null;
  if (typeof services !== 'object' || services === null || Array.isArray(services)) return null;
  const keys = Object.keys(r).length;
  const ua = r.ua === undefined ? '' : str(r.ua);
  if (ua === null || keys !== (ua ? 17 : 16) || Object.keys(c).length !== 4 || typeof r.hash !== 'string') return null;
  const serviceKeys = Object.keys(services);
  let servicesText = '{';
  if (serviceKeys.length > 1) serviceKeys.sort();
  for (const key of serviceKeys) {
    const k = str(key);
    const v = bool(services[key]);
    if (k === null || v === null) return null;
    servicesText += `${servicesText.length > 1 ? ',' : ''}${k}:${v}`;
  }
  servicesText += '}';
  const seq = r.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) return null;
  const parts = [
    str(r.action),
    str(r.at),
    bool(c.advertising),
    bool(c.audience),
    bool(c.essential),
    str(r.expiresAt),
    bool(r.gpc),
    str(r.id),
    str(r.locale),
    str(r.noticeHash),
    str(r.policyVersion),
    str(r.prevHash),
    str(r.receivedAt),
    str(r.site),
    str(r.subject),
    str(r.url),
  ];
  if (parts.includes(null)) return null;
  return (
    `{"action":${parts[0]},"at":${parts[1]},"choices":{"advertising":${parts[2]},"audience":${parts[3]},` +
    `"essential":${parts[4]},"services":${servicesText}},"expiresAt":${parts[5]},"gpc":${parts[6]},` +
    `"id":${parts[7]},"locale":${parts[8]},"noticeHash":${parts[9]},"policyVersion":${parts[10]},` +
    `"prevHash":${parts[11]},"receivedAt":${parts[12]},"seq":${seq},"site":${parts[13]},"subject":${parts[14]},` +
    `${ua ? `"ua":${ua},` : ''}"url":${parts[15]}}`
  );
}

const sha256 = (text: string): string => oneShotHash('sha256', text, 'hex');

/** `digestLines` of UTF-8 bytes (what a worker is sent: transferred, not copied). */
export function digestBytes(bytes: Uint8Array): DigestedChunk {
  return digestLines(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/** Parses and hashes every non-blank line of `text` (NDJSON, complete lines). */
export function digestLines(text: string): DigestedChunk {
  const out: DigestedChunk = { site: [], seq: [], prevHash: [], hash: [], computed: [], raw: [] };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    let input: string | null = null;
    let r: Record<string, unknown> | null = null;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
      if (
        r !== null &&
        typeof r === 'object' &&
        typeof r.site === 'string' &&
        Number.isSafeInteger(r.seq) &&
        typeof r.prevHash === 'string' &&
        typeof r.hash === 'string'
      ) {
        input = storedRecordText(r) ?? recordHashInput(r);
      }
    } catch {
      input = null;
    }
    if (input === null || r === null) {
      out.site.push('');
      out.seq.push(0);
      out.prevHash.push('');
      out.hash.push('');
      out.computed.push(null);
      out.raw.push(line);
      continue;
    }
    const computed = sha256(input);
    out.site.push(r.site as string);
    out.seq.push(r.seq as number);
    out.prevHash.push(r.prevHash as string);
    out.hash.push(r.hash as string);
    out.computed.push(computed === r.hash ? null : computed);
    out.raw.push(null);
  }
  return out;
}
