import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadSigner, rotateKey } from '../key-store.js';
import { type Command, UsageError } from './command.js';

export const keysCommand: Command = {
  name: 'keys',
  summary: 'print the receipt-signing public keys, or rotate the key',
  help: `Usage: consentry keys [list | rotate]

  list    (default) print the JWK set served at GET /v1/keys: the current key
          first, then retired keys still published so old receipts verify
  rotate  retire DATA_DIR/signing-key.pem (its public key stays published,
          under DATA_DIR/retired-keys/) and create a new one; restart servers
          to sign with it. Not available with CONSENTRY_SIGNING_KEY.`,
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    const action = positionals[0] ?? 'list';
    const config = loadConfig();
    if (action === 'list') {
      console.log(JSON.stringify(loadSigner(config.dataDir, config.signingKey).jwks(), null, 2));
      return 0;
    }
    if (action === 'rotate') {
      if (config.signingKey) throw new UsageError('the key comes from CONSENTRY_SIGNING_KEY: rotate it there');
      const { retired, current } = rotateKey(config.dataDir);
      console.log(`retired ${retired}; signing with ${current}`);
      return 0;
    }
    throw new UsageError(`unknown action "${action}" (list or rotate)`);
  },
};
