/**
 * @consentry/core/start-up — the part of the model a page needs before the
 * banner shows: the cheap config check, the tiers and safe links. This entry
 * point only re-exports; it exists so that a bundler that splits code
 * (esbuild) does not pull the rest of the main entry (proofs, JCS, the chain)
 * into what a first visit downloads. The main entry exports the same names.
 */
export { checkConfigShape, type ShapeResult } from './config-shape.js';
export { isSafeLink } from './patterns.js';
export {
  acceptAll,
  type Choices,
  isGranted,
  isTierId,
  namedTiers,
  OPTIONAL_TIERS,
  type OptionalTierId,
  refuseAll,
  TIERS,
  type TierId,
} from './tiers.js';
