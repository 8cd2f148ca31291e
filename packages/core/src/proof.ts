import type { ConsentAction } from './actions.js';
import { expiresAt } from './expiry.js';
import type { Proof } from './proof-schema.js';
import type { Choices } from './tiers.js';

export interface ProofInput {
  /** Random UUID; a new one is drawn when absent. */
  id?: string;
  subject: string;
  site: string;
  at: Date;
  action: ConsentAction;
  choices: Choices;
  policyVersion: string;
  noticeHash: string;
  locale: string;
  maxAgeDays: number;
  gpc: boolean;
  /** The page's URL; only origin and path are kept (no query, no fragment). */
  url: string;
}

/**
 * Builds the proof of one decision (DESIGN.md, "The consent proof").
 * Essential is always granted whatever `choices` says; only origin and path of
 * the page are kept (GDPR 5(1)(c): a query string may carry personal data).
 */
export function buildProof(input: ProofInput): Proof {
  const page = new URL(input.url);
  return {
    id: input.id ?? globalThis.crypto.randomUUID(),
    subject: input.subject,
    site: input.site,
    at: input.at.toISOString(),
    action: input.action,
    choices: {
      essential: true,
      audience: input.choices.audience,
      advertising: input.choices.advertising,
      services: { ...input.choices.services },
    },
    policyVersion: input.policyVersion,
    noticeHash: input.noticeHash,
    locale: input.locale,
    expiresAt: expiresAt(input.at, input.maxAgeDays).toISOString(),
    gpc: input.gpc,
    url: `${page.origin}${page.pathname}`,
  };
}
