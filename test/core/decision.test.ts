import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acceptAll,
  CLOCK_SKEW_MS,
  DAY_MS,
  decide,
  effectiveMaxAgeDays,
  expiresAt,
  isGranted,
  refuseAll,
  type StoredChoice,
} from '../../packages/core/src/index.js';

const decidedAt = new Date('2026-01-15T10:00:00.000Z');
const notice = { policyVersion: '2026-11-01', noticeHash: 'a'.repeat(64) };

function stored(overrides: Partial<StoredChoice> = {}): StoredChoice {
  return {
    choices: acceptAll(),
    action: 'accept-all',
    at: decidedAt.toISOString(),
    policyVersion: notice.policyVersion,
    noticeHash: notice.noticeHash,
    locale: 'en',
    gpc: false,
    proofId: '6f1c1d84-6d3b-4c4e-9a51-0c7f8f3b7a10',
    ...overrides,
  };
}

const after = (ms: number) => new Date(decidedAt.getTime() + ms);

describe('the decision: does the banner ask?', () => {
  it('asks when there is no stored choice', () => {
    assert.deepEqual(decide(null, notice, decidedAt), { ask: true, reason: 'no-choice', choice: null });
    assert.equal(decide(undefined, notice, decidedAt).reason, 'no-choice');
  });

  it('honours a choice exactly 395 days old and asks again 1 ms later (CNIL: 13 months)', () => {
    const valid = decide(stored(), notice, after(395 * DAY_MS));
    assert.equal(valid.ask, false);
    assert.equal(valid.reason, 'valid');
    assert.deepEqual(valid.choice, stored());
    const expired = decide(stored(), notice, after(395 * DAY_MS + 1));
    assert.deepEqual(expired, { ask: true, reason: 'expired', choice: null });
  });

  it('expires a refusal just like a consent', () => {
    const refusal = stored({ choices: refuseAll(), action: 'reject-all' });
    assert.equal(decide(refusal, notice, after(395 * DAY_MS)).ask, false);
    assert.equal(decide(refusal, notice, after(395 * DAY_MS + 1)).reason, 'expired');
  });

  it('follows a shorter maxAgeDays, and never a longer one than 395', () => {
    const sixMonths = { ...notice, maxAgeDays: 180 };
    assert.equal(decide(stored(), sixMonths, after(180 * DAY_MS)).ask, false);
    assert.equal(decide(stored(), sixMonths, after(180 * DAY_MS + 1)).reason, 'expired');
    const tooLong = { ...notice, maxAgeDays: 800 };
    assert.equal(decide(stored(), tooLong, after(395 * DAY_MS + 1)).reason, 'expired');
  });

  it('asks again when the policy version changes', () => {
    assert.equal(decide(stored(), { ...notice, policyVersion: '2027-01-01' }, after(DAY_MS)).reason, 'policy-changed');
  });

  it('asks again when the notice texts change (notice hash)', () => {
    assert.equal(decide(stored(), { ...notice, noticeHash: 'b'.repeat(64) }, after(DAY_MS)).reason, 'notice-changed');
  });

  it('asks again for a choice dated in the future beyond clock skew, and tolerates small skew', () => {
    assert.equal(decide(stored(), notice, after(-CLOCK_SKEW_MS - 1)).reason, 'future-dated');
    assert.equal(decide(stored(), notice, after(-CLOCK_SKEW_MS)).ask, false);
    assert.equal(decide(stored(), notice, after(-60_000)).ask, false);
  });

  it('asks again for a stored choice it cannot read', () => {
    assert.equal(decide(stored({ at: 'yesterday' }), notice, decidedAt).reason, 'unreadable');
    const broken = { ...stored(), choices: { essential: true } } as unknown as StoredChoice;
    assert.equal(decide(broken, notice, decidedAt).reason, 'unreadable');
    assert.equal(decide({} as StoredChoice, notice, decidedAt).reason, 'unreadable');
  });
});

describe('expiry', () => {
  it('clamps maxAgeDays to 1…395', () => {
    assert.equal(effectiveMaxAgeDays(undefined), 395);
    assert.equal(effectiveMaxAgeDays(1000), 395);
    assert.equal(effectiveMaxAgeDays(0), 1);
    assert.equal(effectiveMaxAgeDays(Number.NaN), 395);
    assert.equal(effectiveMaxAgeDays(180.7), 180);
  });

  it('computes expiresAt from the decision time', () => {
    assert.equal(expiresAt(decidedAt, 395).toISOString(), '2027-02-14T10:00:00.000Z');
  });
});

describe('grants', () => {
  it('always grants essential, follows tiers, and lets a per-service choice override its tier', () => {
    const choices = { ...refuseAll(), audience: true, services: { matomo: false, 'meta-pixel': true } };
    assert.equal(isGranted(choices, 'essential'), true);
    assert.equal(isGranted(choices, 'audience'), true);
    assert.equal(isGranted(choices, 'audience', 'matomo'), false);
    assert.equal(isGranted(choices, 'audience', 'other'), true);
    assert.equal(isGranted(choices, 'advertising'), false);
    assert.equal(isGranted(choices, 'advertising', 'meta-pixel'), true);
  });
});
