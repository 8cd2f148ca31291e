/**
 * Decisions per action over the period, largest first, each with its share
 * and a bar. Refusals (`reject-all`, `dismiss`, `gpc`) are named as such:
 * closing the banner is a refusal (CNIL rec. 2020-092).
 */
import { css, html, LitElement } from 'lit';
import { cardStyles } from './admin.styles.js';
import { ACTION_LABELS, formatCount, formatShare } from './display-format.js';

/**
 * @csspart row - one action's line (`data-action` names it)
 */
export class ConsentryActionCounts extends LitElement {
  static override styles = [
    cardStyles,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.7rem;
      }
      .line {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
        font-size: 0.85rem;
        margin-bottom: 0.3rem;
      }
      .count {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
      .share {
        color: var(--consentry-admin-muted);
        font-weight: 400;
        margin-left: 0.4rem;
      }
      /* A native progress bar, not a width in a style attribute: the CSP has no 'unsafe-inline'. */
      progress {
        --bar: #64748b;
        display: block;
        width: 100%;
        height: 6px;
        border: 0;
        border-radius: 3px;
        overflow: hidden;
        appearance: none;
        background: var(--consentry-admin-neutral-bg);
      }
      progress::-webkit-progress-bar {
        background: var(--consentry-admin-neutral-bg);
      }
      progress::-webkit-progress-value {
        background: var(--bar);
        border-radius: 3px;
      }
      progress::-moz-progress-bar {
        background: var(--bar);
        border-radius: 3px;
      }
      [data-action='accept-all'] progress {
        --bar: #16a34a;
      }
      [data-action='reject-all'] progress {
        --bar: #dc2626;
      }
      [data-action='customize'] progress {
        --bar: #7c3aed;
      }
      [data-action='dismiss'] progress {
        --bar: #f97316;
      }
      [data-action='gpc'] progress {
        --bar: #0891b2;
      }
      .empty {
        color: var(--consentry-admin-muted);
        font-size: 0.85rem;
      }
    `,
  ];
  static override properties = { actions: { attribute: false }, total: { type: Number } };

  /** Counts per action id. */
  declare actions: Record<string, number>;
  declare total: number;

  constructor() {
    super();
    this.actions = {};
    this.total = 0;
  }

  override render() {
    const entries = Object.entries(this.actions).sort((a, b) => b[1] - a[1]);
    return html`<section class="card" aria-labelledby="title">
      <h2 id="title">Decisions per action</h2>
      <p class="hint">${formatCount(this.total)} decisions in the period</p>
      ${
        entries.length === 0
          ? html`<p class="empty">No decision in this period.</p>`
          : html`<ol>
            ${entries.map(
              ([action, count]) => html`<li part="row" data-action=${action}>
                <div class="line">
                  <span>${ACTION_LABELS[action] ?? action}</span>
                  <span><span class="count">${formatCount(count)}</span><span class="share">${formatShare(count, this.total)}</span></span>
                </div>
                <progress aria-hidden="true" max=${Math.max(1, this.total)} .value=${count}></progress>
              </li>`,
            )}
          </ol>`
      }
    </section>`;
  }
}

customElements.define('consentry-action-counts', ConsentryActionCounts);

declare global {
  interface HTMLElementTagNameMap {
    'consentry-action-counts': ConsentryActionCounts;
  }
}
