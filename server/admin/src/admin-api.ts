/**
 * The admin page's client of `/v1/admin/*`: every call sends the token as a
 * Bearer header (never in a URL: URLs end up in logs and history), and a 401
 * becomes an `AdminAuthError` so the page can ask for the token again.
 */
import type { ChainStatus } from '../../src/admin-chain.js';
import type { Stats } from '../../src/stats.js';

export type { ChainStatus, Stats };

export interface SiteSummary {
  id: string;
  origins: string[];
  head: { seq: number; hash: string } | null;
  anchor: { seq: number; hash: string } | null;
  records: number;
}

export interface ProofRecord {
  id: string;
  subject: string;
  seq: number;
  receivedAt: string;
  action: string;
  choices: { essential: true; audience: boolean; advertising: boolean; services: Record<string, boolean> };
  locale: string;
  gpc: boolean;
  url: string;
  policyVersion: string;
  hash: string;
  ua?: string;
}

export interface LatestProof {
  record: ProofRecord;
  receipt: { id: string; seq: number; hash: string; receivedAt: string; kid: string; sig: string };
}

export type ExportFormat = 'ndjson' | 'csv' | 'json';

/** The token was refused (or is missing): ask for it again. */
export class AdminAuthError extends Error {
  override name = 'AdminAuthError';
}

/** Another failure, with the server's `{ error: { code, message } }` when there is one. */
export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A period: ISO dates, `to` included (the API counts a date-only `to` as the whole day). */
export interface Period {
  from?: string;
  to?: string;
}

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
  ).toString();

/**
 * @example
 * const api = new AdminApi(token);
 * const { sites } = await api.sites();
 */
export class AdminApi {
  constructor(
    private readonly token: string,
    private readonly base = '/v1/admin',
  ) {}

  async #get(path: string, params: Record<string, string | number | undefined> = {}): Promise<Response> {
    const qs = query(params);
    const res = await fetch(`${this.base}${path}${qs ? `?${qs}` : ''}`, {
      headers: { Authorization: `Bearer ${this.token}` },
      cache: 'no-store',
    });
    if (res.status === 401) throw new AdminAuthError('the admin token was refused');
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      throw new AdminApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? res.statusText);
    }
    return res;
  }

  async sites(): Promise<{ sites: SiteSummary[] }> {
    return (await this.#get('/sites')).json();
  }

  async stats(site: string, period: Period): Promise<Stats & { from: string | null; to: string | null }> {
    return (await this.#get('/stats', { site, ...period })).json();
  }

  async latest(site: string, limit = 25): Promise<{ site: string; proofs: LatestProof[] }> {
    return (await this.#get('/proofs', { site, limit })).json();
  }

  async chain(site: string, restart = false): Promise<ChainStatus> {
    return (await this.#get('/chain', { site, restart: restart ? 1 : undefined })).json();
  }

  /** The export as a Blob (fetched with the header, so the token stays out of the URL). */
  async export(site: string, format: ExportFormat, period: Period): Promise<{ blob: Blob; filename: string }> {
    const res = await this.#get('/export', { site, format, ...period });
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `consentry-${site}.${format}`;
    return { blob: await res.blob(), filename };
  }
}
