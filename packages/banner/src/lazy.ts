/**
 * Everything the script tag loads after the banner, as one module and so one
 * chunk (`consentry/lazy-<hash>.js`): gating, the decision on a stored choice,
 * recording decisions with idb, the outbox and cookie deletion, the dialog and
 * the manage button. A return visit needs its decision code and a first visit
 * prefetches it when idle, and one file compresses better than several.
 *
 * Only the script tag's build uses it: there each `import()` of one of these
 * modules is an `import()` of this one (scripts/script-tag-build.mjs
 * `oneLazyChunk`), so the chunk exports their bindings as they are, with no
 * module namespace object per module. The npm package keeps them apart, for
 * an SPA's bundler to split as it likes.
 */
export { decideStored } from './decide.js';
export { createGate } from './gating.js';
export { ConsentryManage, placeManage } from './manage/manage.js';
export { showPreferences } from './preferences/open.js';
export { forgetRevoked, fromOtherTab, proofs, record, sync } from './record.js';
