/**
 * How long a choice lasts. CNIL rec. 2020-092 art. 2: a consent or a refusal is
 * kept at most 13 months, then the visitor is asked again. 395 days is the
 * product default and the ceiling; a site may choose less (6 months is the
 * CNIL's good practice).
 */
export const MAX_AGE_DAYS = 395;

export const DAY_MS = 86_400_000;

/** A site's `maxAgeDays`, clamped to 1…395; anything unusable means 395. */
export function effectiveMaxAgeDays(maxAgeDays: unknown): number {
  if (typeof maxAgeDays !== 'number' || !Number.isFinite(maxAgeDays)) return MAX_AGE_DAYS;
  return Math.min(MAX_AGE_DAYS, Math.max(1, Math.floor(maxAgeDays)));
}

/** When a choice made at `at` stops being valid. */
export function expiresAt(at: Date, maxAgeDays: number): Date {
  return new Date(at.getTime() + effectiveMaxAgeDays(maxAgeDays) * DAY_MS);
}
