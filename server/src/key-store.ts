/**
 * Where the receipt-signing key lives: `CONSENTRY_SIGNING_KEY` (a PKCS#8 PEM),
 * or `signing-key.pem` under the data dir, created on first start with mode
 * 0600. Public keys of retired keys sit in `retired-keys/*.pem` and stay
 * published at `GET /v1/keys` so older receipts keep verifying.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSigner, publicJwk, type Signer } from './signer.js';

const KEY_FILE = 'signing-key.pem';
const RETIRED_DIR = 'retired-keys';

function generatePem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Reads the key file, creating it (0600) if absent; a concurrent creator wins the race cleanly. */
function readOrCreate(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    writeFileSync(file, generatePem(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8');
}

function retiredKeys(dataDir: string): KeyObject[] {
  const dir = join(dataDir, RETIRED_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.pem'));
  } catch {
    return [];
  }
  return names.sort().map((name) => createPublicKey(readFileSync(join(dir, name), 'utf8')));
}

/** Parses a PEM from the environment, where newlines are often written as `\n`. */
export function parseSigningKey(pem: string): KeyObject {
  const key = createPrivateKey(pem.replace(/\\n/g, '\n'));
  publicJwk(key);
  return key;
}

/**
 * Loads (or creates) the signing key and the retired public keys.
 *
 * @example
 * const signer = loadSigner('./data', process.env.CONSENTRY_SIGNING_KEY);
 */
export function loadSigner(dataDir: string, envKey?: string): Signer {
  mkdirSync(dataDir, { recursive: true });
  const key = envKey ? parseSigningKey(envKey) : createPrivateKey(readOrCreate(join(dataDir, KEY_FILE)));
  return createSigner(key, retiredKeys(dataDir));
}

/** Retires the current file key (its public half stays published) and creates a new one. */
export function rotateKey(dataDir: string): { retired: string; current: string } {
  const file = join(dataDir, KEY_FILE);
  const old = createPrivateKey(readOrCreate(file));
  const retired = publicJwk(old).kid;
  mkdirSync(join(dataDir, RETIRED_DIR), { recursive: true });
  writeFileSync(
    join(dataDir, RETIRED_DIR, `${retired}.pem`),
    createPublicKey(old).export({ format: 'pem', type: 'spki' }).toString(),
  );
  const next = `${file}.next`;
  writeFileSync(next, generatePem(), { mode: 0o600 });
  renameSync(next, file);
  return { retired, current: publicJwk(createPrivateKey(readFileSync(file, 'utf8'))).kid };
}
