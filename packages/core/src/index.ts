/**
 * @consentry/core — the consent model shared by the banner and the server.
 * Pure functions, no DOM, no I/O, no zod (the schemas are `@consentry/core/schema`).
 */
export { ACTIONS, type ConsentAction } from './actions.js';
export {
  type ChainAnchor,
  type ChainIssue,
  type ChainIssueKind,
  type ChainLink,
  type ChainSummary,
  ChainVerifier,
  type ChainVerifierOptions,
  chainRecord,
  GENESIS_HASH,
  recordHash,
  recordHashInput,
  verifyChain,
} from './chain.js';
export { checkConfigShape, type ShapeResult } from './config-shape.js';
export {
  CLOCK_SKEW_MS,
  type CurrentNotice,
  type Decision,
  type DecisionReason,
  decide,
  type StoredChoice,
} from './decision.js';
export { DAY_MS, effectiveMaxAgeDays, expiresAt, MAX_AGE_DAYS } from './expiry.js';
export { CanonicalizationError, canonicalize } from './jcs.js';
export { type Notice, noticeHash } from './notice.js';
export { isSafeLink, LONE_SURROGATE, WELL_FORMED } from './patterns.js';
export { buildProof, type ProofInput } from './proof.js';
export type {
  CookieConfig,
  FieldError,
  Proof,
  Receipt,
  ServiceConfig,
  SiteConfig,
  SiteConfigInput,
  StoredRecord,
} from './schema.js';
export { type Sha256, sha256Hex, toHex } from './sha256.js';
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
