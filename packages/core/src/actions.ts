/**
 * How a decision was made (DESIGN.md, "The consent proof").
 * `dismiss` is the close control, Escape or "Continue without accepting": a
 * refusal, recorded as such (CNIL rec. 2020-092). `gpc` is a refusal inferred
 * from Global Privacy Control.
 */
export const ACTIONS = ['accept-all', 'reject-all', 'customize', 'dismiss', 'withdraw', 'gpc'] as const;

export type ConsentAction = (typeof ACTIONS)[number];
