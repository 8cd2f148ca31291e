/**
 * Which client a request comes from, for the per-client limits (never
 * stored: DESIGN.md, no IP in a proof). The socket's peer by default; behind
 * `trustProxy` reverse proxies, the address the outermost of them saw, taken
 * from the right of `X-Forwarded-For` (entries further left are the client's
 * own claim and could be anything).
 */
import type { Context } from 'hono';

/** The address of the request's client, or undefined when unknown. */
export type AddressOf = (c: Context) => string | undefined;

/**
 * @example
 * const addressOf = clientAddress((c) => getConnInfo(c).remote.address, 1);
 */
export function clientAddress(peer: AddressOf, trustProxy: number): AddressOf {
  if (trustProxy <= 0) return peer;
  return (c) => {
    const hops = (c.req.header('X-Forwarded-For') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    if (hops.length === 0) return peer(c);
    return hops[Math.max(0, hops.length - trustProxy)];
  };
}

/**
 * The key a client is counted under: the address itself, or for IPv6 its
 * /64 (one subscriber gets a whole /64 and can rotate through it at will).
 */
export function clientKey(address: string | undefined): string {
  if (!address) return '';
  // A trusted proxy writes a real address; the bound only keeps a broken one from costing memory.
  if (address.length > 64) address = address.slice(0, 64);
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return v4mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Whether `address` is this host itself (127.0.0.0/8, ::1, or IPv4-mapped 127.x). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return /^(::ffff:)?127\./i.test(address) || address === '::1';
}

/**
 * Bounds a table kept per client key whose Map order is least recently seen
 * first (entries are re-inserted on use): under a flood from many addresses,
 * the oldest are forgotten down to 90 % of `max`, so memory stays bounded
 * whatever comes.
 */
export function forgetLeastRecent(table: Map<string, unknown>, max: number): void {
  for (const key of table.keys()) {
    if (table.size <= max * 0.9) break;
    table.delete(key);
  }
}
