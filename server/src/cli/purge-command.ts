import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { purgeExpired } from '../retention.js';
import { openStore } from '../store/open-store.js';
import { type Command, UsageError } from './command.js';

export const purgeCommand: Command = {
  name: 'purge',
  summary: 'delete proofs older than the retention (GDPR 5(1)(e))',
  help: `Usage: consentry purge [--days N]

Deletes, in every site's chain, the records received more than N days ago
(default CONSENTRY_RETENTION_DAYS, else 1826 = 5 years). Only a prefix of each
chain goes, so the rest still links up; the last purged record's seq and hash
are kept as the chain's anchor (printed; \`consentry verify --anchor\` takes it).
The server runs the same purge daily.`,
  async run(args) {
    const { values } = parseArgs({ args, options: { days: { type: 'string' } } });
    const config = loadConfig();
    const days = values.days === undefined ? config.retentionDays : Number(values.days);
    if (!Number.isInteger(days) || days < 0)
      throw new UsageError(`--days: expected a whole number, got "${values.days}"`);
    const store = await openStore(config.databaseUrl);
    try {
      const results = await purgeExpired(store, days, new Date());
      for (const r of results) {
        const anchor = r.anchor ? `, anchor ${r.site}:${r.anchor.seq}:${r.anchor.hash}` : '';
        console.log(`${r.site}: purged ${r.deleted}${anchor}`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
