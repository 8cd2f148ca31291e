/**
 * The consent proof, the stored (chained) record and the receipt (zod/mini),
 * exactly as DESIGN.md "The consent proof" defines them.
 */
import * as z from 'zod/mini';
import { ACTIONS } from './actions.js';
import { type ParseResult, parseWith } from './field-errors.js';
import { hex64, id, locale, text } from './schema-parts.js';

export const choicesSchema = z.strictObject({
  essential: z.literal(true),
  audience: z.boolean(),
  advertising: z.boolean(),
  services: z.record(id(), z.boolean()).check(z.refine((v) => Object.keys(v).length <= 200, 'at most 200 services')),
});

export const proofSchema = z.strictObject({
  id: z.uuid(),
  subject: z.uuid(),
  site: id(),
  at: z.iso.datetime(),
  action: z.enum(ACTIONS),
  choices: choicesSchema,
  policyVersion: text(64),
  noticeHash: hex64(),
  locale: locale(),
  expiresAt: z.iso.datetime(),
  gpc: z.boolean(),
  url: text(2048).check(
    z.refine((value) => /^https?:\/\/[^/?#\s]+\/[^?#\s]*$/.test(value), 'origin and path, without query or fragment'),
  ),
});

export type Proof = z.infer<typeof proofSchema>;

export const storedRecordSchema = z.strictObject({
  ...proofSchema.shape,
  receivedAt: z.iso.datetime(),
  seq: z.int().check(z.minimum(1)),
  prevHash: hex64(),
  hash: hex64(),
  ua: z.optional(text(64)),
});

export type StoredRecord = z.infer<typeof storedRecordSchema>;

export const receiptSchema = z.strictObject({
  id: z.uuid(),
  seq: z.int().check(z.minimum(1)),
  hash: hex64(),
  receivedAt: z.iso.datetime(),
  kid: text(128),
  sig: z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'base64url')),
});

export type Receipt = z.infer<typeof receiptSchema>;

export function parseProof(input: unknown): ParseResult<Proof> {
  return parseWith(proofSchema, input);
}
