/**
 * How the admin page writes numbers, shares, times and hashes: one place, so
 * every element reads the same (UTC, as the log's days are UTC days).
 */
const integer = new Intl.NumberFormat('en-US');

export const formatCount = (n: number): string => integer.format(n);

/** A share as a percentage with one decimal; an em dash when there is nothing to divide. */
export const formatShare = (part: number, whole: number): string =>
  whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—';

/** `2026-11-22 14:03:12 UTC` */
export const formatTime = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** The first characters of a hash or id: enough to tell records apart on screen. */
export const shortHash = (hash: string, length = 10): string => `${hash.slice(0, length)}…`;

/** The `days` UTC dates ending `end`, oldest first (YYYY-MM-DD). */
export function lastDays(days: number, end = new Date()): string[] {
  const last = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(last - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** Labels of the actions (DESIGN.md, "The consent proof"). */
export const ACTION_LABELS: Record<string, string> = {
  'accept-all': 'Accept all',
  'reject-all': 'Reject all',
  customize: 'Customized',
  dismiss: 'Dismissed (refusal)',
  withdraw: 'Withdrawn',
  gpc: 'Global Privacy Control',
};
