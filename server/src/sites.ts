/**
 * The sites this server logs for and the origins allowed to send their proofs.
 *
 * `CONSENTRY_SITES` format: `site=origin,origin;site=origin`, e.g.
 * `demo=http://localhost:8787,http://127.0.0.1:8787;shop=https://shop.example`.
 */
const SITE_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface Site {
  id: string;
  /** Exact origins (`scheme://host[:port]`) allowed to POST this site's proofs. */
  origins: string[];
}

/** Parses and checks one origin; throws with the offending text. */
export function parseOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not an origin such as https://shop.example`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== text.replace(/\/$/, '')) {
    throw new Error(`"${text}" is not an origin (http(s)://host[:port], no path)`);
  }
  return url.origin;
}

/**
 * Parses `CONSENTRY_SITES`; throws an Error whose message names the bad part.
 *
 * @example
 * parseSites('demo=http://localhost:8787;shop=https://shop.example')
 * // [{ id: 'demo', origins: ['http://localhost:8787'] }, { id: 'shop', origins: ['https://shop.example'] }]
 */
export function parseSites(text: string): Site[] {
  const sites: Site[] = [];
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const id = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (!SITE_ID.test(id)) throw new Error(`"${id}" is not a site id (lowercase letters, digits, ".", "_", "-")`);
    if (sites.some((s) => s.id === id)) throw new Error(`site "${id}" is listed twice`);
    const origins = (eq < 0 ? '' : part.slice(eq + 1))
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean)
      .map(parseOrigin);
    if (origins.length === 0) throw new Error(`site "${id}" has no origin (write ${id}=https://…)`);
    sites.push({ id, origins });
  }
  if (sites.length === 0) throw new Error('no site (write site=https://origin;other=https://…)');
  return sites;
}
