/**
 * The one error shape of the API (DESIGN.md): `{ error: { code, message } }`
 * with the right status, never a stack trace.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

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

/**
 * The app's single `onError`. Unknown errors are logged server-side and
 * answered as a bare 500: their message may leak internals.
 */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError)
    return errorResponse(c, error.status as ContentfulStatusCode, error.code, error.message);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return errorResponse(c, status, CODES[status] ?? 'error', error.message || 'request failed');
  }
  console.error(`consentry: ${c.req.method} ${c.req.path} failed:`, error);
  return errorResponse(c, 500, 'internal', 'internal server error');
}
