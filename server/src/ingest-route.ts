/**
 * `POST /v1/proofs`: one proof (an object) or a batch (an array of at most
 * 100). Answers a receipt, or `{ receipts }` for a batch. Idempotent on `id`.
 */
import { formatErrors, type Proof, parseWith, proofSchema } from '@consentry/core/schema';
import { zValidator } from '@hono/zod-validator';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import * as z from 'zod/mini';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { corsFor } from './cors.js';
import { hostileJson } from './json-hazards.js';
import { proofContradiction } from './proof-rules.js';
import { browserFamily } from './user-agent.js';

/** Largest accepted body, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Most proofs in one batch. */
export const MAX_BATCH = 100;

const batchSchema = z.array(proofSchema).check(z.minLength(1), z.maxLength(MAX_BATCH));
/**
 * @hono/zod-validator types its schema against the zod copy it resolves
 * (zod 3.25's v4 types at the repo root), which TypeScript cannot match with
 * core's zod 4 mini schemas; at runtime it only calls `safeParseAsync`, which
 * they have. Hence the cast, and the body's type restated from core.
 */
const bodySchema = z.union([proofSchema, batchSchema]) as unknown as Parameters<typeof zValidator>[1];

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * What to answer when the body could not be read: malformed JSON, or a
 * client that closed its connection (or was cut off by the request timeout)
 * before its body was complete — the client's doing, never a 5xx, and no
 * database error either (the abort's ECONNRESET must not read as one).
 */
function unreadable(error: unknown): Error {
  if (error instanceof HTTPException) return error;
  if (error instanceof SyntaxError) return new ApiError(400, 'bad-request', 'Malformed JSON in request body');
  return new ApiError(400, 'body-incomplete', 'the connection closed before the whole body arrived');
}

/** A chain this far ahead of this server's clock means some instance's clock runs ahead. */
const CLOCK_AHEAD_MS = 60_000;
/** Said at most this often: the operator needs to hear it, not once a request. */
const CLOCK_WARNING_EVERY_MS = 3_600_000;

/**
 * The ingest routes, mounted under `/v1/proofs`; `limit` (the per-client rate
 * limit) runs first, before the body is even read.
 */
export function ingestRoutes(deps: AppDeps, limit?: MiddlewareHandler): Hono {
  let warnedAt = Number.NEGATIVE_INFINITY;
  /**
   * New records never take an earlier time than the chain's head (append-plan.ts): when that
   * head is well ahead of this clock, another instance's clock runs ahead and holds the times.
   */
  const clockCheck = (site: string, stamped: Date, receipts: { receivedAt: string }[]) => {
    const latest = Math.max(...receipts.map((r) => Date.parse(r.receivedAt)));
    const ahead = latest - stamped.getTime();
    if (ahead <= CLOCK_AHEAD_MS || stamped.getTime() - warnedAt < CLOCK_WARNING_EVERY_MS) return;
    warnedAt = stamped.getTime();
    console.warn(
      `consentry: the chain of "${site}" is ${Math.round(ahead / 1000)} s ahead of this server's clock: new records take its time (${new Date(latest).toISOString()}) until the clocks agree; check the clocks of every instance (NTP)`,
    );
  };
  const sites = new Map(deps.sites.map((s) => [s.id, new Set(s.origins)]));
  const allOrigins = new Set(deps.sites.flatMap((s) => s.origins));
  const app = new Hono();
  app.use('/', corsFor(allOrigins, 'POST'));
  const tooLarge = (): never => {
    throw new ApiError(413, 'payload-too-large', `the body is larger than ${MAX_BODY_BYTES} bytes`);
  };
  const streamedLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  const noLimit: MiddlewareHandler = (_c, next) => next();
  app.post(
    '/',
    limit ?? noLimit,
    /**
     * Hono's bodyLimit reads `c.req.raw.body`, which makes @hono/node-server
     * build a full web Request and stream for every request. With a
     * Content-Length (Node's parser never delivers more than it says) the
     * header alone decides; only a chunked body goes through bodyLimit.
     */
    async function limitBody(c, next) {
      const length = c.req.header('Content-Length');
      if (length === undefined || c.req.header('Transfer-Encoding') !== undefined) {
        // Errors of later handlers never come back here (Hono answers them in place): only reading fails here.
        try {
          return await streamedLimit(c, next);
        } catch (error) {
          throw unreadable(error);
        }
      }
      if (Number(length) > MAX_BODY_BYTES) tooLarge();
      await next();
    },
    async function requireJson(c, next) {
      const type = c.req.header('Content-Type')?.split(';')[0]?.trim() ?? '';
      if (!JSON_TYPE.test(type))
        throw new ApiError(415, 'unsupported-media-type', 'send Content-Type: application/json');
      // Bodies are read as they come: a compressed one would be parsed as garbage (and a zip bomb never inflated).
      const encoding = c.req.header('Content-Encoding')?.trim().toLowerCase();
      if (encoding && encoding !== 'identity') {
        throw new ApiError(
          415,
          'unsupported-encoding',
          `send the body uncompressed, not Content-Encoding: ${encoding}`,
        );
      }
      await next();
    },
    async function refuseHazards(c, next) {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch (error) {
        throw unreadable(error);
      }
      // Hono keeps the parsed body: the validator below reads this same value.
      const hazard = hostileJson(body);
      if (hazard) throw new ApiError(400, 'invalid-proof', hazard);
      await next();
    },
    zValidator('json', bodySchema, (result: { success: boolean; data: unknown }) => {
      if (result.success) return;
      const data: unknown = result.data;
      if (Array.isArray(data) && data.length > MAX_BATCH) {
        throw new ApiError(400, 'batch-too-large', `a batch holds at most ${MAX_BATCH} proofs, got ${data.length}`);
      }
      // The union's own errors are vague: re-parse with the branch the client meant to name each field.
      const parsed = Array.isArray(data) ? parseWith(batchSchema, data) : parseWith(proofSchema, data);
      const message = parsed.ok ? 'invalid proof' : formatErrors(parsed.errors).split('\n').slice(0, 20).join('; ');
      throw new ApiError(400, 'invalid-proof', message);
    }),
    async (c) => {
      const body = c.req.valid('json') as Proof | Proof[];
      const proofs = Array.isArray(body) ? body : [body];
      for (const [i, proof] of proofs.entries()) {
        const contradiction = proofContradiction(proof, Array.isArray(body) ? `[${i}].` : '');
        if (contradiction) throw new ApiError(400, 'invalid-proof', contradiction);
      }
      const site = proofs[0]!.site;
      const origins = sites.get(site);
      if (!origins) throw new ApiError(400, 'unknown-site', `site "${site}" is not configured on this server`);
      if (proofs.some((p) => p.site !== site)) throw new ApiError(400, 'mixed-sites', 'a batch holds one site only');
      const origin = c.req.header('Origin');
      if (!origin || !origins.has(origin)) {
        throw new ApiError(403, 'origin-not-allowed', `origin ${origin ?? '(none)'} may not send proofs for "${site}"`);
      }
      const ua = browserFamily(c.req.header('User-Agent'));
      const stamped = deps.clock();
      const outcome = await deps.store.append(
        { site, items: proofs.map((proof) => (ua ? { proof, ua } : { proof })), receivedAt: stamped.toISOString() },
        deps.signer.sign,
      );
      if (outcome.status === 'conflict') {
        throw new ApiError(409, 'id-conflict', `proof ${outcome.id} was already received with other content`);
      }
      const receipts = outcome.rows.map((r) => r.receipt);
      if (outcome.created > 0) clockCheck(site, stamped, receipts);
      if (Array.isArray(body)) return c.json({ receipts }, outcome.created > 0 ? 201 : 200);
      return c.json(receipts[0]!, outcome.created > 0 ? 201 : 200);
    },
  );
  return app;
}
