/**
 * The string shapes both the zod schemas and the cheap start-up checks use, in
 * one place so the two can never disagree.
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const HEX64_PATTERN = /^[0-9a-f]{64}$/;
export const ENDPOINT_PATTERN = /^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/i;
/**
 * A lone UTF-16 surrogate (`"\ud83d"` without its pair: valid JSON, not valid
 * Unicode). The notice a proof hashes is canonical JSON (RFC 8785), which
 * allows none, so a config text holding one could never be recorded.
 */
export const LONE_SURROGATE = /\p{Cs}/u;
/** What a config check says of such a text. */
export const WELL_FORMED = 'text without a lone surrogate (not valid Unicode)';

/**
 * A link the banner may render: http(s) or relative, never `javascript:`,
 * `data:` or another scheme (issue 8: links only https:/relative).
 */
export function isSafeLink(value: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return /^https?:\/\/[^/]/i.test(value);
  // Browsers drop leading spaces before reading the scheme: " javascript:…" is no relative URL.
  return !/[\u0000-\u001f]|^ /.test(value);
}
