import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { EXPORT_FORMATS, type ExportFormat, exportAnchors, exportChunks } from '../export-stream.js';
import { loadSigner } from '../key-store.js';
import { openStore } from '../store/open-store.js';
import { parseTimeRange } from '../time-range.js';
import { type Command, UsageError } from './command.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the log (all sites or one) as NDJSON, CSV or JSON',
  help: `Usage: consentry export [--site ID] [--from DATE] [--to DATE] [--format ndjson|csv|json] [--out FILE]

Reads the database of DATABASE_URL directly and writes each site's chain in
seq order, in constant memory (to stdout unless --out).

  --site ID      one site (default: every site)
  --from DATE    receivedAt >= DATE (an ISO date, UTC, or a datetime with its
                 offset: 2026-01-31T12:00:00Z, 2026-01-31T13:00+01:00)
  --to DATE      receivedAt < DATE; a date-only value includes that day
  --format F     ndjson (default: one stored record a line, exactly as hashed),
                 csv (flat, with kid and sig), json (records, receipts, keys and
                 anchors in one document that \`consentry verify\` checks alone)
  --out FILE     write to FILE

When a chain's head was purged, its anchor (site:seq:hash) is printed on
stderr: pass it to \`consentry verify --anchor\` for NDJSON files.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        site: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string', default: 'ndjson' },
        out: { type: 'string' },
      },
    });
    const format = values.format as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format: expected ${EXPORT_FORMATS.join(', ')}`);
    let range: ReturnType<typeof parseTimeRange>;
    try {
      range = parseTimeRange(values.from, values.to);
    } catch (error) {
      throw new UsageError(`--${(error as Error).message}`);
    }
    const config = loadConfig();
    const store = await openStore(config.databaseUrl);
    try {
      // One read snapshot: a server purging the same database meanwhile changes nothing in the file.
      const snapshot = await store.snapshot();
      try {
        const sites = values.site ? [values.site] : await snapshot.sites();
        for (const anchor of await exportAnchors(snapshot, sites)) console.error(`anchor ${anchor}`);
        const keys = loadSigner(config.dataDir, config.signingKey).jwks();
        const out = values.out ? createWriteStream(values.out) : process.stdout;
        for await (const chunk of exportChunks({ store: snapshot, sites, range, format, keys })) {
          if (!out.write(chunk)) await once(out, 'drain');
        }
        if (values.out)
          await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      } finally {
        await snapshot.close();
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
