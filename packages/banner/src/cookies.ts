/**
 * Deleting the site's own cookies of refused tiers and services (RULES.md 9,
 * GDPR 7(3): withdrawal deletes what consent allowed). Loaded on the first
 * decision, never before the banner shows.
 *
 * `document.cookie` does not say which domain or path a cookie was set on, so
 * each matching name is expired on the current host, each parent domain and
 * each path the page can reach (`/`, `/a`, `/a/`, `/a/b`…).
 */
import type { Choices, ServiceConfig } from '@consentry/core';
import { isGranted } from '@consentry/core/start-up';

/** A configured name with `*` wildcards (`_ga_*`, `_pk_id.*`) as an anchored pattern. */
function pattern(name: string): RegExp {
  const escaped = name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** The domains a cookie of this host may be set on: host-only, the host, each parent domain. */
function domains(host: string, extra: readonly string[]): (string | undefined)[] {
  const labels = host.split('.');
  const parents =
    labels.length < 2 || /^[\d.]+$|:/.test(host)
      ? [host]
      : labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
  return [undefined, ...new Set([...parents, ...extra.map((d) => d.replace(/^\./, ''))])];
}

/** Every path a cookie visible on `pathname` may have been set with. */
function paths(pathname: string): string[] {
  const out = ['/'];
  let prefix = '';
  for (const part of pathname.split('/').slice(1)) {
    if (!part) continue;
    prefix += `/${part}`;
    out.push(prefix, `${prefix}/`);
  }
  return out;
}

/**
 * Expires every cookie of `doc` whose name matches a cookie configured for a
 * service that `choices` refuse; essential services are never touched.
 * Returns the names deleted.
 */
export function deleteRefusedCookies(doc: Document, services: readonly ServiceConfig[], choices: Choices): string[] {
  const refused = services.filter((s) => s.tier !== 'essential' && !isGranted(choices, s.tier, s.id));
  const configured = refused.flatMap((s) => s.cookies);
  if (!configured.length) return [];
  const names = doc.cookie
    .split(';')
    .map((c) => c.split('=')[0]?.trim() ?? '')
    .filter(Boolean);
  const doomed = names.filter((name) => configured.some((c) => pattern(c.name).test(name)));
  const where = domains(
    doc.location.hostname,
    configured.flatMap((c) => (c.domain ? [c.domain] : [])),
  );
  // `__Secure-`/`__Host-` cookies can only be overwritten with `Secure`.
  const secure = doc.location.protocol === 'https:' ? '; Secure' : '';
  for (const name of new Set(doomed)) {
    for (const domain of where) {
      for (const path of paths(doc.location.pathname)) {
        doc.cookie = `${name}=; Max-Age=0; Path=${path}${domain ? `; Domain=${domain}` : ''}${secure}`;
      }
    }
  }
  return [...new Set(doomed)];
}
