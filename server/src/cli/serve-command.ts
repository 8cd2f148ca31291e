import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { startServer } from '../node-server.js';
import type { Command } from './command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the consent-log server',
  help: `Usage: consentry serve [--port N] [--host H] [--static DIR]

Starts the HTTP API (POST /v1/proofs, GET /v1/proofs/:subject, GET /v1/keys,
GET /v1/admin/{export,stats,proofs,chain,sites}, GET /healthz) and the admin
page at /admin.

Options override the environment:
  --port N       PORT (default 8787)
  --host H       HOST (default 127.0.0.1)
  --static DIR   CONSENTRY_STATIC_DIR: serve the files of DIR at /

Environment:
  DATABASE_URL              sqlite:PATH (default sqlite:./data/consentry.db) or postgres://…
  CONSENTRY_DATA_DIR        data directory, default ./data (signing key, SQLite file)
  CONSENTRY_SITES           site=origin,origin;site=origin
                            default demo=http://localhost:PORT,http://127.0.0.1:PORT
  CONSENTRY_ADMIN_TOKEN     admin bearer token (16+ characters); generated and printed if unset
  CONSENTRY_RETENTION_DAYS  days proofs are kept, default 1826 (5 years); purged daily
  CONSENTRY_SIGNING_KEY     Ed25519 PKCS#8 PEM; default DATA_DIR/signing-key.pem (created, 0600)
  CONSENTRY_ADMIN_DIR       the built admin page served at /admin, default dist/admin

SIGTERM or SIGINT finishes in-flight requests, then closes the database.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string' }, host: { type: 'string' }, static: { type: 'string' } },
    });
    const config = loadConfig({
      ...process.env,
      ...(values.port ? { PORT: values.port } : {}),
      ...(values.host ? { HOST: values.host } : {}),
      ...(values.static ? { CONSENTRY_STATIC_DIR: values.static } : {}),
    });
    const server = await startServer(config);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        console.log(`consentry: ${signal}, closing`);
        server.close().then(resolve, (error) => {
          console.error('consentry: shutdown failed:', error);
          resolve();
        });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    return 0;
  },
};
