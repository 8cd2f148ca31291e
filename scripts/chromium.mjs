#!/usr/bin/env node
/**
 * Finds a Chromium for the browser tests: $CHROME_PATH, then chromium,
 * chromium-browser or google-chrome on PATH. On Debian, as root, installs the
 * `chromium` package when none is found; otherwise stops and says what to install.
 * Run directly, it prints the path; imported, `findChromium()` returns it.
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The flags this machine needs: no sandbox as root, no network Chromium would try to reach on its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function onPath() {
  for (const name of NAMES) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {}
  }
  return undefined;
}

function isDebianRoot() {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

export function findChromium({ install = true } = {}) {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist`);
  }
  const found = onPath();
  if (found) return found;
  if (install && isDebianRoot()) {
    console.error('consentry: no Chromium found; installing the Debian package "chromium"…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    });
    const installed = onPath();
    if (installed) return installed;
  }
  const hint = existsSync('/etc/debian_version')
    ? 'run: apt-get install chromium'
    : 'install Chromium or Google Chrome, or set CHROME_PATH to its executable';
  throw new Error(`consentry: no Chromium found for the browser tests; ${hint}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const path = findChromium();
    const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`${version} at ${path}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
