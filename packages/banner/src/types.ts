/**
 * The public shapes of @consentry/banner: the API object (`window.consentry`
 * for the script tag, `consentry` export for SPAs) and its events.
 * The runtime (runtime.ts and friends) implements them; the Lit elements use them.
 */
import type { Choices, ConsentAction, DecisionReason, FieldError, Proof, Receipt, SiteConfig } from '@consentry/core';

/** `detail` of the `consentry-change` DOM event (DESIGN.md contract). */
export interface ChangeDetail {
  choices: Choices;
  action: ConsentAction;
}

/** `detail` of the `consentry-error` DOM event. */
export interface ErrorDetail {
  /** Machine-readable: `config`, `storage`, `sync`, `gating`. */
  code: 'config' | 'storage' | 'sync' | 'gating';
  message: string;
  cause?: unknown;
}

/** What the runtime decided at start-up, once the stored choice is read. */
export interface ConsentState {
  config: SiteConfig;
  locale: string;
  /** True when the banner must be shown (no valid stored choice). */
  ask: boolean;
  reason: DecisionReason;
  /** Choices in force: the stored ones, or null when none is valid (everything optional refused). */
  choices: Choices | null;
  /** Global Privacy Control was on (`navigator.globalPrivacyControl`). */
  gpc: boolean;
}

/** A proof made in this browser, with the server's receipt once it arrived. */
export interface ProofEntry {
  proof: Proof;
  receipt?: Receipt;
}

/** Events of `consentry.on(…)`; each also fires on `document` as `consentry-<name>` (CustomEvent, same `detail`). */
export interface ConsentryEvents {
  /** A decision was made here or in another tab (DOM: `consentry-change`). */
  change: ChangeDetail;
  /** Something failed; the page keeps working (DOM: `consentry-error`). */
  error: ErrorDetail;
  /** The start-up decision is known. */
  ready: ConsentState;
  /** Someone asked for the preferences dialog (`open()`, `[data-consentry-open]`). */
  open: undefined;
}

export type ConsentryEventName = keyof ConsentryEvents;

/** The public API, DESIGN.md "Contracts". */
export interface ConsentryApi {
  /** Current choices, or null when the visitor has not decided (or the choice expired). */
  get(): Choices | null;
  acceptAll(): Promise<void>;
  rejectAll(): Promise<void>;
  /** Saves a custom choice; unspecified tiers are refused. */
  save(choices: Partial<Omit<Choices, 'essential'>>): Promise<void>;
  /** Close control, Escape, "Continue without accepting": a refusal recorded as `dismiss`. */
  dismiss(): Promise<void>;
  /** Withdraws consent: every optional tier refused, their cookies deleted. */
  withdraw(): Promise<void>;
  /** Asks the UI to open the preferences dialog. */
  open(): void;
  on<E extends ConsentryEventName>(event: E, fn: (detail: ConsentryEvents[E]) => void): () => void;
  /** Resolves once the start-up decision is known; called later, with the latest state start-up reached. */
  ready(): Promise<ConsentState>;
  /** This browser's proofs with their receipts (for "Download my consent proofs"). */
  proofs(): Promise<ProofEntry[]>;
}

/**
 * What `ready()` (and every decision method) rejects with when the config is
 * malformed: the banner is not shown, nothing gated runs, the console names
 * each bad field, and `consentry-error` fires with code `config`.
 */
export interface ConfigError extends Error {
  code: 'config';
  errors: FieldError[];
}

/** What `createConsentry` returns: the public API plus teardown (SPAs, tests). */
export interface ConsentryRuntime extends ConsentryApi {
  /** Stops gating, sync and cross-tab listening, and closes the database; the page keeps what already ran. */
  destroy(): void;
}
