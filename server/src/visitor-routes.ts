/**
 * What a visitor's browser reads: its own proofs with receipts (right of
 * access, GDPR 15) and the keys that let anyone check those receipts.
 */
import { Hono } from 'hono';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import { corsFor } from './cors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A subject holds one proof per decision: a few per year; this only bounds abuse. */
export const SUBJECT_LIMIT = 1000;

export function visitorRoutes(deps: AppDeps): Hono {
  const allOrigins = new Set(deps.sites.flatMap((s) => s.origins));
  const app = new Hono();
  const cors = corsFor(allOrigins, 'GET');

  app.use('/proofs/:subject', cors);
  app.get('/proofs/:subject', async (c) => {
    const subject = c.req.param('subject');
    if (!UUID.test(subject)) throw new ApiError(400, 'bad-subject', 'subject: expected a UUID');
    // The newest, one more than answered: it tells whether older ones were left out.
    const rows = await deps.store.bySubject(subject, SUBJECT_LIMIT + 1);
    c.header('Cache-Control', 'no-store');
    return c.json({
      subject,
      proofs: rows.slice(-SUBJECT_LIMIT).map((r) => ({ record: JSON.parse(r.json), receipt: r.receipt })),
      truncated: rows.length > SUBJECT_LIMIT,
    });
  });

  app.use('/keys', cors);
  app.get('/keys', (c) => c.json(deps.signer.jwks()));
  return app;
}
