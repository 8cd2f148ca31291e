/**
 * The admin page, `<consentry-admin>`: asks for the admin token, then shows
 * one site's consent log — consent rates per tier per day (chart), decisions
 * per action, the latest proofs, the chain status, and audit exports.
 * Everything is aggregated by the server (stats from a per-day table, the
 * latest rows by key, the chain checked a bounded slice per request), so the
 * page stays fast on a log of millions of proofs.
 *
 * The token lives in sessionStorage (this tab only) and travels as a Bearer
 * header; a refused token brings the prompt back.
 */
import { html, LitElement, nothing } from 'lit';
import { cardStyles } from './admin.styles.js';
import {
  AdminApi,
  AdminAuthError,
  type ChainStatus,
  type LatestProof,
  type Period,
  type SiteSummary,
  type Stats,
} from './admin-api.js';
import { adminAppStyles } from './admin-app.styles.js';
import type { AdminLoginEvent } from './admin-login.js';
import { formatCount, formatShare, lastDays } from './display-format.js';
import type { ExportRequestEvent } from './export-buttons.js';
import './action-counts.js';
import './admin-login.js';
import './chain-status.js';
import './export-buttons.js';
import './proofs-table.js';
import './rates-chart.js';

const TOKEN_KEY = 'consentry-admin-token';
const PERIODS = [7, 30, 90] as const;
const REFUSALS = ['reject-all', 'dismiss', 'gpc', 'withdraw'];
/** Pause between chain-status requests while a sweep runs. */
const CHAIN_POLL_MS = 500;

export class ConsentryAdmin extends LitElement {
  static override styles = [cardStyles, adminAppStyles];
  static override properties = {
    token: { state: true },
    sites: { state: true },
    site: { state: true },
    days: { state: true },
    stats: { state: true },
    proofs: { state: true },
    chain: { state: true },
    error: { state: true },
    loginError: { state: true },
    checking: { state: true },
    exporting: { state: true },
    rechecking: { state: true },
  };

  declare token: string | null;
  declare sites: SiteSummary[];
  declare site: string;
  declare days: number;
  declare stats: Stats | undefined;
  declare proofs: LatestProof[];
  declare chain: ChainStatus | undefined;
  declare error: string;
  declare loginError: string;
  declare checking: boolean;
  declare exporting: 'ndjson' | 'csv' | 'json' | null;
  declare rechecking: boolean;
  /** Bumped on every site/period change and sign-out: late answers of an older view are dropped. */
  #generation = 0;
  #chainTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.token = sessionStorage.getItem(TOKEN_KEY);
    this.sites = [];
    this.site = '';
    this.days = 30;
    this.proofs = [];
    this.error = '';
    this.loginError = '';
    this.checking = false;
    this.exporting = null;
    this.rechecking = false;
    this.addEventListener('consentry-admin-login', (e) => void this.#login((e as AdminLoginEvent).token));
    this.addEventListener('consentry-admin-export', (e) => void this.#export(e as ExportRequestEvent));
    this.addEventListener('consentry-admin-recheck', () => void this.#recheck());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.token) void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#chainTimer);
  }

  get #api(): AdminApi {
    return new AdminApi(this.token ?? '');
  }

  get #period(): Period {
    const days = lastDays(this.days);
    return { from: days[0]!, to: days.at(-1)! };
  }

  async #login(token: string): Promise<void> {
    this.checking = true;
    this.loginError = '';
    this.token = token;
    await this.#start();
    this.checking = false;
  }

  #signOut(message = ''): void {
    sessionStorage.removeItem(TOKEN_KEY);
    clearTimeout(this.#chainTimer);
    this.#generation++;
    this.token = null;
    this.loginError = message;
    this.stats = undefined;
    this.chain = undefined;
    this.proofs = [];
  }

  /** Loads the sites, then the first one; false when the token was refused. */
  async #start(): Promise<boolean> {
    try {
      const { sites } = await this.#api.sites();
      // Accepted: kept for this tab only (sessionStorage dies with the tab; never localStorage).
      sessionStorage.setItem(TOKEN_KEY, this.token ?? '');
      this.sites = sites;
      this.site = sites.some((s) => s.id === this.site) ? this.site : (sites[0]?.id ?? '');
      await this.#load();
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    }
  }

  #fail(error: unknown): void {
    if (error instanceof AdminAuthError) this.#signOut('This token was refused. Check CONSENTRY_ADMIN_TOKEN.');
    else this.error = `Could not load the log: ${(error as Error).message}`;
  }

  async #load(): Promise<void> {
    if (!this.site) return;
    const generation = ++this.#generation;
    clearTimeout(this.#chainTimer);
    this.error = '';
    try {
      const [stats, latest] = await Promise.all([
        this.#api.stats(this.site, this.#period),
        this.#api.latest(this.site, 25),
      ]);
      if (generation !== this.#generation) return;
      this.stats = stats;
      this.proofs = latest.proofs;
    } catch (error) {
      this.#fail(error);
      return;
    }
    await this.#pollChain(generation, false);
  }

  /** One chain-status request; again shortly while the first sweep (or a re-check) runs. */
  async #pollChain(generation: number, restart: boolean): Promise<void> {
    try {
      const status = await this.#api.chain(this.site, restart);
      if (generation !== this.#generation) return;
      this.chain = status;
      const waiting = status.running !== null && (status.checkedAt === null || this.rechecking);
      if (waiting) this.#chainTimer = setTimeout(() => void this.#pollChain(generation, false), CHAIN_POLL_MS);
      else this.rechecking = false;
    } catch (error) {
      this.rechecking = false;
      this.#fail(error);
    }
  }

  async #recheck(): Promise<void> {
    clearTimeout(this.#chainTimer);
    this.rechecking = true;
    await this.#pollChain(this.#generation, true);
  }

  async #export(event: ExportRequestEvent): Promise<void> {
    this.exporting = event.format;
    try {
      const { blob, filename } = await this.#api.export(this.site, event.format, this.#period);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch (error) {
      this.#fail(error);
    } finally {
      this.exporting = null;
    }
  }

  #kpi(title: string, value: string, hint: unknown) {
    return html`<section class="card kpi">
      <h2>${title}</h2>
      <p class="value">${value}</p>
      <p class="hint">${hint}</p>
    </section>`;
  }

  override render() {
    if (!this.token || (this.loginError && !this.stats)) {
      return html`<consentry-admin-login .error=${this.loginError} ?busy=${this.checking}></consentry-admin-login>`;
    }
    const s = this.stats;
    const total = s?.total ?? 0;
    const refused = REFUSALS.reduce((n, a) => n + (s?.actions[a] ?? 0), 0);
    const period = this.#period;
    const periodText = `from ${period.from} to ${period.to} (UTC)`;
    return html`<header>
        <div class="bar">
          <div class="brand"><span class="logo" aria-hidden="true"></span>Consentry <small>consent log</small></div>
          <label>
            Site
            <select
              aria-label="Site"
              @change=${(e: Event) => {
                this.site = (e.target as HTMLSelectElement).value;
                void this.#load();
              }}
            >
              ${this.sites.map((site) => html`<option value=${site.id} ?selected=${site.id === this.site}>${site.id} · ${formatCount(site.records)} proofs</option>`)}
            </select>
          </label>
          <div class="segmented" role="group" aria-label="Period">
            ${PERIODS.map(
              (days) => html`<button
                aria-pressed=${String(days === this.days)}
                @click=${() => {
                  this.days = days;
                  void this.#load();
                }}
              >
                ${days} days
              </button>`,
            )}
          </div>
          <button @click=${() => void this.#start()}>Refresh</button>
          <button @click=${() => this.#signOut()}>Sign out</button>
        </div>
      </header>
      <main>
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
        <div class="kpis">
          ${this.#kpi('Decisions', formatCount(total), periodText)}
          ${this.#kpi(
            'Audience measurement accepted',
            formatShare(s?.tiers.audience.granted ?? 0, total),
            html`<span class="swatch audience"></span>${formatCount(s?.tiers.audience.granted ?? 0)} of ${formatCount(total)} decisions`,
          )}
          ${this.#kpi(
            'Advertising accepted',
            formatShare(s?.tiers.advertising.granted ?? 0, total),
            html`<span class="swatch advertising"></span>${formatCount(s?.tiers.advertising.granted ?? 0)} of ${formatCount(total)} decisions`,
          )}
          ${this.#kpi('Refusals', formatShare(refused, total), 'reject all, dismiss, GPC and withdrawals')}
        </div>
        <div class="row">
          <consentry-rates-chart .stats=${s} .days=${lastDays(this.days)}></consentry-rates-chart>
          <consentry-action-counts .actions=${s?.actions ?? {}} .total=${total}></consentry-action-counts>
        </div>
        <div class="pair">
          <consentry-chain-status .status=${this.chain} ?busy=${this.rechecking}></consentry-chain-status>
          <consentry-export-buttons .busy=${this.exporting} .period=${periodText}></consentry-export-buttons>
        </div>
        <consentry-proofs-table .proofs=${this.proofs}></consentry-proofs-table>
      </main>`;
  }
}

customElements.define('consentry-admin', ConsentryAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'consentry-admin': ConsentryAdmin;
  }
}
