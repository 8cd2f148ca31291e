/**
 * Browser tests in a real headless Chromium (Debian's, found by
 * scripts/chromium.mjs). The core tests are written against `node:test` and
 * `node:assert/strict`; here those imports resolve to small shims over mocha,
 * so the very same files run in Node and in the browser.
 */
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { IDB_BUILD, idbWithoutAddOns } from './scripts/script-tag-build.mjs';
import { proofEndpoint } from './test/support/proof-endpoint.mjs';

const shim = (file) => `/${fileURLToPath(new URL(file, import.meta.url)).slice(process.cwd().length + 1)}`;
const SHIMS = {
  'node:test': shim('./test/support/node-test.ts'),
  'node:assert/strict': shim('./test/support/assert.ts'),
  'node:assert': shim('./test/support/assert.ts'),
};

export default {
  files: ['test/core/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'import', 'default'] },
  // One page at a time: a background page gets no animation frames and no focus, so keyboard and
  // close-watcher behaviour (Escape on a native <dialog>) would only hold in the visible one.
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    chromeLauncher({ launchOptions: { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS } }),
  ],
  middleware: [proofEndpoint],
  plugins: [
    {
      name: 'node-test-shims',
      resolveImport({ source }) {
        return SHIMS[source];
      },
    },
    {
      // The same idb as the script tag's build: without its add-ons (scripts/script-tag-build.mjs).
      name: 'idb-core',
      transform(context) {
        if (IDB_BUILD.test(context.path)) return idbWithoutAddOns(context.body);
      },
    },
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
};
