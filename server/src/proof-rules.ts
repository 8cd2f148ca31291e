/**
 * What a proof must not say, beyond its schema: the log is the site's record
 * of what each visitor decided, so a proof that contradicts itself or the
 * rules is refused (400 `invalid-proof`, nothing stored) rather than kept as
 * evidence. The banner never writes one; another client might.
 *
 * - A refusal (`reject-all`, `dismiss`, `withdraw`) grants nothing (RULES.md 5, 9).
 * - A refusal inferred from Global Privacy Control (`gpc`) grants no advertising
 *   (RULES.md 15: a consent never).
 * - `expiresAt` is after `at`, by at most 395 days (DESIGN.md: 13 months, never more).
 * - `url` is an origin and a path: no user name or password in it (RULES.md 13).
 */
import { DAY_MS, type Proof } from '@consentry/core';

const REFUSALS: ReadonlySet<string> = new Set(['reject-all', 'dismiss', 'withdraw']);
const MAX_AGE_MS = 395 * DAY_MS;

/** The first rule `proof` breaks, naming its field, or null. */
export function proofContradiction(proof: Proof, path = ''): string | null {
  const { action, choices } = proof;
  if (REFUSALS.has(action)) {
    if (choices.audience || choices.advertising) return `${path}choices: a ${action} proof grants no tier`;
    const granted = Object.keys(choices.services).find((id) => choices.services[id]);
    if (granted !== undefined) return `${path}choices.services.${granted}: a ${action} proof grants no service`;
  }
  if (action === 'gpc' && choices.advertising) return `${path}choices.advertising: a gpc proof refuses advertising`;
  const age = Date.parse(proof.expiresAt) - Date.parse(proof.at);
  if (!(age > 0 && age <= MAX_AGE_MS)) return `${path}expiresAt: expected after at, by at most 395 days`;
  if (/^https?:\/\/[^/]*@/i.test(proof.url))
    return `${path}url: expected an origin and a path, without user name or password`;
  return null;
}
