/**
 * SHA-256 as lowercase hex through WebCrypto: the same code in browsers and in
 * Node 20 (`globalThis.crypto`).
 */
export type Sha256 = (text: string) => Promise<string> | string;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const byte of view) out += HEX[byte];
  return out;
}

/** SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits. */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  // Browsers give Web Crypto to secure contexts only: a page on plain http: can make no proof.
  if (!subtle) throw new Error('Web Crypto is unavailable: serve the page over https: (or localhost)');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return toHex(digest);
}
