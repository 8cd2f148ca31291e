/**
 * @consentry/core/schema — the zod/mini schemas shared by the browser and the
 * server. Importing it costs zod (several KB brotli): the banner loads it
 * lazily, never before the banner shows; types are re-exported type-only by the
 * main entry point, which costs no bytes.
 */
export * from './config-schema.js';
export * from './field-errors.js';
export * from './proof-schema.js';
