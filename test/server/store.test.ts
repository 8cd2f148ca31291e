import { join } from 'node:path';
import { openPostgresStore, openSqliteStore } from '@consentry/server';
import { createPgDatabase, tempDir } from './fixtures.js';
import { storeSuite } from './store-suite.js';

const dir = tempDir();
storeSuite('SQLite', {
  open: async () => openSqliteStore(join(dir.path, 'nested', 'consentry.db')),
  destroy: async () => dir.remove(),
});

let pgDb: Awaited<ReturnType<typeof createPgDatabase>> | undefined;
storeSuite('PostgreSQL', {
  open: async () => {
    pgDb ??= await createPgDatabase();
    return openPostgresStore(pgDb.url);
  },
  destroy: async () => pgDb?.drop(),
});
