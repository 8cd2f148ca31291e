import { canonicalize } from './jcs-compact.js';
import { sha256Hex } from './sha256.js';

/**
 * Everything the visitor was shown: the language, every text of the banner and
 * dialog, and the services with their cookies. Its hash goes into each proof
 * (GDPR 7(1): the site can show what the visitor read) and a change of any of
 * it asks the visitor again.
 */
export interface Notice {
  locale: string;
  policyVersion: string;
  texts: Record<string, string>;
  services: ReadonlyArray<{
    id: string;
    tier: string;
    name: string;
    provider?: string;
    description?: string;
    cookies: ReadonlyArray<{ name: string; provider?: string; duration: string; purpose: string; domain?: string }>;
  }>;
}

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of the notice, written by
 * jcs-compact.ts: the browser hashes one notice a page view, so bytes matter
 * there more than speed; the text is jcs.ts's (test/core/jcs-compact.test.ts).
 */
export function noticeHash(notice: Notice): Promise<string> {
  return sha256Hex(canonicalize(notice));
}
