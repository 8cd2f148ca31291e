/**
 * Recording a decision: the proof (GDPR 7(1): who, when, what was shown, what
 * was chosen, how), the stored choice, the other tabs, the cookies of refused
 * tiers, and the outbox. Loaded with the first decision (or prefetched when
 * the page is idle and the banner asks), never before the banner shows.
 */
import {
  buildProof,
  type Choices,
  type ConsentAction,
  isGranted,
  type SiteConfig,
  type StoredChoice,
  type TierId,
} from '@consentry/core';
import { deleteRefusedCookies } from './cookies.js';
import { hashOf } from './decide.js';
import { createOutbox, type Outbox } from './outbox.js';
import type { StoreHandle } from './store.js';
import { type Store, storeOps } from './store-ops.js';
import type { ErrorDetail, ProofEntry } from './types.js';

/** What a runtime shares with its decision path; owned by runtime.ts. */
export interface Session {
  doc: Document;
  win: Window & typeof globalThis;
  config: SiteConfig;
  locale: string;
  now: () => Date;
  fetch?: typeof fetch;
  /** Every text shown: the notice, with the config's services. */
  texts: Promise<Record<string, string>>;
  /** Hash of the notice shown (decide.ts), computed when first needed. */
  hash?: Promise<string>;
  gpc: boolean;
  /** The pseudonymous subject id, once a first decision made it. */
  subject?: string;
  handle: StoreHandle;
  /** Tells the other tabs (runtime.ts: they take the subject id, so a browser keeps one). */
  post(choice: StoredChoice, subject: string): void;
  fail(code: ErrorDetail['code'], message: string, cause?: unknown): void;
  store?: Store;
  outbox?: Promise<Outbox | undefined>;
}

const storeOf = (s: Session) => (s.store ??= storeOps(s.handle));

/** Records one decision, already in force on the page (runtime.ts): proof, store, other tabs, cookies, outbox. */
export async function record(s: Session, action: ConsentAction, choices: Choices): Promise<void> {
  const { config } = s;
  const noticeHash = await hashOf(s);
  // The subject id is created at the first decision, never before (GDPR 5(1)(c)).
  s.subject ??= s.win.crypto.randomUUID();
  const proof = buildProof({
    subject: s.subject,
    site: config.site,
    at: s.now(),
    action,
    choices,
    policyVersion: config.policyVersion,
    noticeHash,
    locale: s.locale,
    maxAgeDays: config.maxAgeDays,
    gpc: s.gpc,
    url: s.doc.location.href,
  });
  const choice: StoredChoice = {
    choices: proof.choices as Choices,
    action,
    at: proof.at,
    policyVersion: config.policyVersion,
    noticeHash,
    locale: s.locale,
    gpc: s.gpc,
    proofId: proof.id,
  };
  // GDPR 7(3): what a refusal or withdrawal revokes, its cookies go too.
  forgetRevoked(s, choice.choices);
  await storeOf(s).write(choice, proof);
  s.post(choice, s.subject);
  // An outbox that fails to start is reported by sync() itself.
  sync(s).then(
    (box) => box?.add(proof),
    () => {},
  );
}

/**
 * Deletes the cookies `choices` revoke that this page can see (RULES.md 9): on
 * a decision here, and on one from another tab, whose path may not see them.
 */
export function forgetRevoked(s: Session, choices: Choices): void {
  deleteRefusedCookies(s.doc, s.config.services, choices);
}

/**
 * A decision made in another tab of the site (cross-tab.ts), given what holds
 * here (`here`, null while this tab asks). Under the same policy it holds here
 * as it is: runtime.ts has put it in force, and its cookies go here too. A tab
 * on another policy version (opened before or after a deploy) showed another
 * notice: its consents do not hold here, but its refusals do (GDPR 7(3): a
 * withdrawal takes effect everywhere at once), so they narrow what holds here,
 * through `apply`; nothing to narrow, no call.
 */
export function fromOtherTab(
  s: Session,
  choice: StoredChoice,
  here: Choices | null,
  apply: (next: Choices) => void,
): void {
  let next = choice.choices;
  if (choice.policyVersion !== s.config.policyVersion) {
    if (!here) return;
    const there = next;
    const both = (tier: TierId, id?: string) => isGranted(here, tier, id) && isGranted(there, tier, id);
    next = { essential: true, audience: both('audience'), advertising: both('advertising'), services: {} };
    let narrowed = here.audience !== next.audience || here.advertising !== next.advertising;
    for (const { id, tier } of s.config.services) {
      if (tier === 'essential') continue;
      const granted = both(tier, id);
      if (granted !== next[tier]) next.services[id] = granted;
      narrowed ||= granted !== isGranted(here, tier, id);
    }
    if (!narrowed) return;
    apply(next);
  }
  forgetRevoked(s, next);
}

/** Starts (once) the outbox that sends proofs to the consent log, when the site has an endpoint. */
export function sync(s: Session): Promise<Outbox | undefined> {
  const endpoint = s.config.endpoint;
  s.outbox ??= endpoint
    ? Promise.resolve().then(() =>
        createOutbox({
          store: storeOf(s),
          endpoint,
          fetch: s.fetch ?? ((...args) => s.win.fetch(...args)),
          win: s.win,
          onError: (message, cause) => s.fail('sync', message, cause),
        }),
      )
    : Promise.resolve(undefined);
  s.outbox.catch((cause) => s.fail('sync', 'the outbox could not start', cause));
  return s.outbox;
}

/** This browser's proofs with their receipts, oldest first. */
export async function proofs(s: Session): Promise<ProofEntry[]> {
  return (await storeOf(s).proofs()).sort((a, b) => a.proof.at.localeCompare(b.proof.at));
}
