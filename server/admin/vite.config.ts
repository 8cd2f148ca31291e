/**
 * Builds the admin page (`/admin`) into `dist/admin` at the repository root:
 * `npx vite build -c server/admin/vite.config.ts`. The server serves that
 * directory with a strict CSP (server/src/admin-page.ts), so the output must
 * be external files only: no inline script, style or data: module preload.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/admin/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Every asset a file: a data: URL or inlined CSS would need a looser CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
