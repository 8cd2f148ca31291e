/**
 * The one error shape of the API (DESIGN.md): `{ error: { code, message } }`
 * with the right status, never a stack trace.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { storeUnavailable, type UnavailableReason } from './store/store-errors.js';

/** An error the client caused or should see, with a stable machine-readable code. */
export class ApiError extends HTTPException {
  readonly code: string;

  constructor(status: ContentfulStatusCode, code: string, message: string) {
    super(status, { message });
    this.code = code;
  }
}

const CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

/** Writes the error body; kept apart so 404 and 405 share it. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

const UNAVAILABLE_MESSAGES: Record<UnavailableReason, string> = {
  unavailable: 'the consent log is temporarily unavailable; send again after Retry-After seconds',
  'storage-full': "the consent log's storage is full; nothing was stored, send again later",
};

/** Last time each reason was logged: an outage fails every request, the log needs one line per second, not one per request. */
const lastLogged = new Map<UnavailableReason, number>();

function logUnavailable(reason: UnavailableReason, error: Error): void {
  const now = Date.now();
  if (now - (lastLogged.get(reason) ?? 0) < 1000) return;
  lastLogged.set(reason, now);
  console.error(`consentry: database ${reason} (answering 503): ${error.message}`);
}

/**
 * The app's single `onError`. A database that cannot serve now (store-errors.ts)
 * is a 503 with `Retry-After`: the banner and other clients resend, and appends
 * are idempotent. Other unknown errors are logged server-side and answered as
 * a bare 500: their message may leak internals.
 */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError)
    return errorResponse(c, error.status as ContentfulStatusCode, error.code, error.message);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return errorResponse(c, status, CODES[status] ?? 'error', error.message || 'request failed');
  }
  const unavailable = storeUnavailable(error);
  if (unavailable) {
    logUnavailable(unavailable.reason, error);
    c.header('Retry-After', String(unavailable.retryAfter));
    return errorResponse(c, 503, unavailable.reason, UNAVAILABLE_MESSAGES[unavailable.reason]);
  }
  console.error(`consentry: ${c.req.method} ${c.req.path} failed:`, error);
  return errorResponse(c, 500, 'internal', 'internal server error');
}
