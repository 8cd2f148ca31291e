import type { ConsentAction } from './actions.js';
import { DAY_MS, effectiveMaxAgeDays } from './expiry.js';
import type { Choices } from './tiers.js';

/** What the browser keeps of the visitor's last decision. */
export interface StoredChoice {
  choices: Choices;
  action: ConsentAction;
  /** ISO time of the decision, by the client clock. */
  at: string;
  policyVersion: string;
  noticeHash: string;
  locale: string;
  gpc: boolean;
  /** The proof that recorded this decision. */
  proofId: string;
}

/** What the decision compares a stored choice with: the page's current notice. */
export interface CurrentNotice {
  policyVersion: string;
  noticeHash: string;
  maxAgeDays?: number;
}

export type DecisionReason =
  | 'valid'
  | 'no-choice'
  | 'unreadable'
  | 'expired'
  | 'future-dated'
  | 'policy-changed'
  | 'notice-changed';

export interface Decision {
  /** True when the banner must ask. */
  ask: boolean;
  reason: DecisionReason;
  /** The choices in force: the stored ones when valid, otherwise every optional tier refused. */
  choice: StoredChoice | null;
}

/**
 * A stored choice dated this far in the future is still trusted: clocks of the
 * tabs of one browser disagree by milliseconds, a corrected client clock by a
 * few minutes. Beyond it the age cannot be known, so the banner asks again.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Does the banner need to ask? (RULES.md 8: a choice expires after the max age,
 * and the banner asks again when the policy version or the notice texts change.)
 * A choice exactly `maxAgeDays` old is still valid; one millisecond more is not.
 *
 * @example
 * const { ask, reason } = decide(stored, { policyVersion: '2026-11-01', noticeHash }, new Date());
 */
export function decide(stored: StoredChoice | null | undefined, notice: CurrentNotice, now: Date): Decision {
  const refuse = (reason: DecisionReason): Decision => ({ ask: true, reason, choice: null });
  if (stored == null) return refuse('no-choice');
  const at = readable(stored) ? Date.parse(stored.at) : Number.NaN;
  if (Number.isNaN(at)) return refuse('unreadable');
  const age = now.getTime() - at;
  if (age < -CLOCK_SKEW_MS) return refuse('future-dated');
  if (age > effectiveMaxAgeDays(notice.maxAgeDays) * DAY_MS) return refuse('expired');
  if (stored.policyVersion !== notice.policyVersion) return refuse('policy-changed');
  if (stored.noticeHash !== notice.noticeHash) return refuse('notice-changed');
  return { ask: false, reason: 'valid', choice: stored };
}

function readable(stored: StoredChoice): boolean {
  const c = stored.choices as Partial<Choices> | undefined;
  return (
    typeof stored.at === 'string' &&
    typeof stored.policyVersion === 'string' &&
    typeof stored.noticeHash === 'string' &&
    c !== undefined &&
    c !== null &&
    typeof c.audience === 'boolean' &&
    typeof c.advertising === 'boolean' &&
    typeof c.services === 'object' &&
    c.services !== null
  );
}
