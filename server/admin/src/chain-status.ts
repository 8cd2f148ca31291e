/**
 * The chain status: "verified up to seq N" when the last full re-check held,
 * or the first bad record it found; while a re-check runs, how far it got.
 * The check itself is bounded per request on the server (admin-chain.ts).
 *
 * @fires consentry-admin-recheck - the "Re-verify" button was pressed
 */
import { css, html, LitElement, nothing } from 'lit';
import { cardStyles } from './admin.styles.js';
import type { ChainStatus } from './admin-api.js';
import { formatCount, formatTime, shortHash } from './display-format.js';

/**
 * @csspart status - the sentence that says the result
 */
export class ConsentryChainStatus extends LitElement {
  static override styles = [
    cardStyles,
    css`
      .status {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        font-size: 1.05rem;
        font-weight: 600;
        margin: 0.3rem 0 0.5rem;
      }
      .dot {
        width: 10px;
        height: 10px;
        border-radius: 50%;
        flex: none;
      }
      .ok .dot {
        background: var(--consentry-admin-good);
        box-shadow: 0 0 0 4px var(--consentry-admin-good-bg);
      }
      .fail .dot {
        background: var(--consentry-admin-bad);
        box-shadow: 0 0 0 4px var(--consentry-admin-bad-bg);
      }
      .pending .dot {
        background: #f59e0b;
        box-shadow: 0 0 0 4px #fef3c7;
      }
      .fail {
        color: var(--consentry-admin-bad);
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.25rem 0.9rem;
        margin: 0.6rem 0 0.9rem;
        font-size: 0.8rem;
      }
      dt {
        color: var(--consentry-admin-muted);
      }
      dd {
        margin: 0;
      }
      progress {
        display: block;
        width: 100%;
        height: 6px;
        border: 0;
        border-radius: 3px;
        overflow: hidden;
        appearance: none;
        margin: 0.4rem 0;
        background: var(--consentry-admin-neutral-bg);
      }
      progress::-webkit-progress-bar {
        background: var(--consentry-admin-neutral-bg);
      }
      progress::-webkit-progress-value {
        background: #f59e0b;
      }
      progress::-moz-progress-bar {
        background: #f59e0b;
      }
      .issue {
        font-size: 0.82rem;
        background: var(--consentry-admin-bad-bg);
        color: var(--consentry-admin-bad);
        border-radius: 8px;
        padding: 0.5rem 0.7rem;
        margin: 0 0 0.8rem;
      }
    `,
  ];
  static override properties = { status: { attribute: false }, busy: { type: Boolean } };

  declare status: ChainStatus | undefined;
  /** A re-check was asked and is running. */
  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  #sentence(s: ChainStatus) {
    if (!s.ok && s.issue) {
      return html`<p class="status fail" part="status" role="status">
        <span class="dot"></span>First bad record: seq ${formatCount(s.issue.seq)}
      </p>`;
    }
    if (!s.checkedAt) {
      return html`<p class="status pending" part="status" role="status">
        <span class="dot"></span>Verifying… seq ${formatCount(s.running?.at ?? 0)} of ${formatCount(s.head?.seq ?? 0)}
      </p>`;
    }
    return html`<p class="status ok" part="status" role="status">
      <span class="dot"></span>Verified up to seq ${formatCount(s.verifiedUpTo)}
    </p>`;
  }

  override render() {
    const s = this.status;
    const r = s?.running;
    return html`<section class="card" aria-labelledby="title">
      <h2 id="title">Chain integrity</h2>
      <p class="hint">Every hash and link re-computed from the database; receipts signed with the server key.</p>
      ${
        s
          ? html`${this.#sentence(s)}
            ${s.issue ? html`<p class="issue">${s.issue.kind}: ${s.issue.message}</p>` : nothing}
            ${r ? html`<progress aria-label="Re-verification" max=${Math.max(1, r.until - r.from)} .value=${r.at - r.from}></progress>` : nothing}
            <dl>
              <dt>Head</dt>
              <dd>${s.head ? html`seq ${formatCount(s.head.seq)} · <span class="mono">${shortHash(s.head.hash)}</span>` : 'no record yet'}</dd>
              ${s.anchor ? html`<dt>Purged up to</dt><dd>seq ${formatCount(s.anchor.seq)} (retention)</dd>` : nothing}
              <dt>Checked</dt>
              <dd>${s.checkedAt ? formatTime(s.checkedAt) : 'in progress'}</dd>
            </dl>`
          : html`<p class="hint">Loading…</p>`
      }
      <button
        ?disabled=${this.busy}
        @click=${() => this.dispatchEvent(new Event('consentry-admin-recheck', { bubbles: true, composed: true }))}
      >
        ${this.busy ? 'Verifying…' : 'Re-verify from the start'}
      </button>
    </section>`;
  }
}

customElements.define('consentry-chain-status', ConsentryChainStatus);

declare global {
  interface HTMLElementTagNameMap {
    'consentry-chain-status': ConsentryChainStatus;
  }
}
