/**
 * The auditor's API under `/v1/admin`, behind the bearer token: bulk export,
 * stats, the latest proofs, the configured sites and the chain status (what
 * the /admin page shows). Answers are never cached (they carry the log).
 */
import { Hono } from 'hono';
import { adminAuth } from './admin-auth.js';
import { ChainChecker } from './admin-chain.js';
import type { AdminGuard } from './admin-guard.js';
import { ApiError } from './api-error.js';
import type { AppDeps } from './app-deps.js';
import type { AddressOf } from './client-address.js';
import { CONTENT_TYPES, EXPORT_FORMATS, type ExportFormat, exportAnchors, exportChunks } from './export-stream.js';
import { loadStats } from './stats.js';
import { parseTimeRange } from './time-range.js';

/**
 * An export whose client reads nothing for this long is ended: its snapshot
 * holds a database connection and keeps PostgreSQL's VACUUM (SQLite's WAL
 * checkpoints) from passing it. A slow client that keeps reading is never cut.
 */
export const EXPORT_STALL_MS = 5 * 60_000;
/** Exports streaming at once in this process; more get a 503 until one ends. */
export const MAX_EXPORTS = 4;

/**
 * Turns an async generator of text into a response body, pulled as the client
 * reads; `done` runs once when the body ends, fails, the client goes away or
 * stops reading for `stallMs`.
 */
function streamOf(
  chunks: AsyncGenerator<string>,
  done: () => Promise<void>,
  stallMs: number,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = async () => {
    clearTimeout(timer);
    await done();
  };
  return new ReadableStream({
    start(controller) {
      timer = setTimeout(function stalled() {
        controller.error(new Error(`export stalled: the client read nothing for ${stallMs / 1000} s`));
        // Close first: a page query still running (a database gone silent) then fails instead of
        // holding the generator, whose return() would wait behind it.
        void finish()
          .then(() => chunks.return(undefined))
          .catch(() => undefined);
      }, stallMs);
    },
    async pull(controller) {
      timer?.refresh();
      let next: IteratorResult<string>;
      try {
        next = await chunks.next();
      } catch (error) {
        await finish();
        throw error;
      }
      if (next.done) {
        controller.close();
        await finish();
      } else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await finish();
      await chunks.return(undefined).catch(() => undefined);
    },
  });
}

/** `fn` once: later calls get the first call's promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let first: Promise<void> | undefined;
  return () => {
    first ??= fn();
    return first;
  };
}

/** The admin routes; `guard` locks out addresses that keep presenting wrong tokens. */
export function adminRoutes(deps: AppDeps, guard?: { guard: AdminGuard; addressOf: AddressOf }): Hono {
  const app = new Hono();
  const known = new Set(deps.sites.map((s) => s.id));
  const siteParam = (site: string | undefined): string => {
    const id = site ?? (deps.sites.length === 1 ? deps.sites[0]!.id : undefined);
    if (!id) throw new ApiError(400, 'bad-query', 'site: required when several sites are configured');
    if (!known.has(id)) throw new ApiError(404, 'unknown-site', `site "${id}" is not configured on this server`);
    return id;
  };
  const chains = new ChainChecker(deps.store, () => deps.signer.jwks().keys, deps.clock);
  let exports = 0;
  app.use('*', adminAuth(deps.adminToken, guard));
  app.use('*', async function noStore(c, next) {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/sites', async (c) => {
    const sites = await Promise.all(
      deps.sites.map(async (site) => {
        const [head, anchor] = await Promise.all([deps.store.head(site.id), deps.store.anchor(site.id)]);
        // The chain is gap-free and purges cut a prefix: what is kept is head minus anchor.
        return { id: site.id, origins: site.origins, head, anchor, records: (head?.seq ?? 0) - (anchor?.seq ?? 0) };
      }),
    );
    return c.json({ sites });
  });

  app.get('/export', async (c) => {
    const format = (c.req.query('format') ?? 'ndjson') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) {
      throw new ApiError(400, 'bad-query', `format: expected ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
    }
    const range = parseTimeRange(c.req.query('from'), c.req.query('to'));
    const site = c.req.query('site');
    if (site) siteParam(site);
    if (exports >= MAX_EXPORTS) {
      c.header('Retry-After', '30');
      throw new ApiError(503, 'export-busy', `${MAX_EXPORTS} exports are streaming; try again when one has ended`);
    }
    // One read snapshot for the headers and the body: a purge meanwhile changes neither.
    exports++;
    const snapshot = await deps.store.snapshot().catch((error) => {
      exports--;
      throw error;
    });
    // Once, from whichever ends the export first (its end, the client, a stall, HEAD, an error).
    const done = once(async () => {
      // The slot is free at once; the connection closes as fast as the database lets it.
      exports--;
      await snapshot.close();
    });
    try {
      const sites = site ? [site] : await snapshot.sites();
      const anchors = await exportAnchors(snapshot, sites);
      const headers: Record<string, string> = {
        'Content-Type': CONTENT_TYPES[format],
        'Content-Disposition': `attachment; filename="consentry-${site ?? 'all'}.${format}"`,
        'Cache-Control': 'no-store',
      };
      // NDJSON lines are bare records: verifiers of a purged chain need its anchor, so it travels here.
      if (anchors.length > 0) headers['Consentry-Anchors'] = anchors.join(' ');
      // Hono answers HEAD with the GET handler's headers and drops its body unread: close now.
      if (c.req.method === 'HEAD') {
        await done();
        return new Response(null, { headers });
      }
      const chunks = exportChunks({ store: snapshot, sites, range, format, keys: deps.signer.jwks() });
      return new Response(streamOf(chunks, done, deps.exportStallMs ?? EXPORT_STALL_MS), { headers });
    } catch (error) {
      await done();
      throw error;
    }
  });

  app.get('/stats', async (c) => {
    const site = siteParam(c.req.query('site'));
    const range = parseTimeRange(c.req.query('from'), c.req.query('to'));
    return c.json({ ...(await loadStats(deps.store, site, range)), from: range.from ?? null, to: range.to ?? null });
  });

  app.get('/proofs', async (c) => {
    const site = siteParam(c.req.query('site'));
    const limit = Number(c.req.query('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new ApiError(400, 'bad-query', `limit: expected an integer from 1 to 1000, got "${c.req.query('limit')}"`);
    }
    const rows = await deps.store.latest(site, limit);
    return c.json({ site, proofs: rows.map((r) => ({ record: JSON.parse(r.json), receipt: r.receipt })) });
  });

  app.get('/chain', async (c) => {
    const site = siteParam(c.req.query('site'));
    return c.json(await chains.status(site, { restart: c.req.query('restart') === '1' }));
  });

  return app;
}
