/**
 * The latest proofs of the site, newest first: when they arrived, what the
 * visitor chose per tier, and where each sits in the chain (seq, hash). The
 * subject is a random pseudonymous id, shortened on screen.
 */
import { css, html, LitElement } from 'lit';
import { cardStyles } from './admin.styles.js';
import type { LatestProof } from './admin-api.js';
import { ACTION_LABELS, formatCount, formatTime, shortHash } from './display-format.js';

const REFUSALS = new Set(['reject-all', 'dismiss', 'gpc', 'withdraw']);

/**
 * @csspart table - the table of proofs
 */
export class ConsentryProofsTable extends LitElement {
  static override styles = [
    cardStyles,
    css`
      .scroll {
        overflow-x: auto;
        margin: 0 -1.25rem -1.1rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.82rem;
      }
      th {
        text-align: left;
        font-weight: 600;
        color: var(--consentry-admin-muted);
        font-size: 0.72rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        padding: 0.55rem 0.75rem;
        border-bottom: 1px solid var(--consentry-admin-border);
        background: var(--consentry-admin-subtle);
        white-space: nowrap;
      }
      td {
        padding: 0.5rem 0.75rem;
        border-bottom: 1px solid var(--consentry-admin-border);
        white-space: nowrap;
      }
      tr:last-child td {
        border-bottom: 0;
      }
      tbody tr:hover {
        background: var(--consentry-admin-subtle);
      }
      th:first-child,
      td:first-child {
        padding-left: 1.25rem;
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .accept {
        background: var(--consentry-admin-good-bg);
        color: var(--consentry-admin-good);
      }
      .refuse {
        background: var(--consentry-admin-bad-bg);
        color: var(--consentry-admin-bad);
      }
      .custom {
        background: #f3e8ff;
        color: #6d28d9;
      }
      .yes {
        color: var(--consentry-admin-good);
        font-weight: 600;
      }
      .no {
        color: var(--consentry-admin-muted);
      }
      .empty {
        color: var(--consentry-admin-muted);
        padding: 1rem 1.25rem;
      }
    `,
  ];
  static override properties = { proofs: { attribute: false } };

  declare proofs: LatestProof[];

  constructor() {
    super();
    this.proofs = [];
  }

  #tier(granted: boolean) {
    return granted ? html`<span class="yes">Granted</span>` : html`<span class="no">Denied</span>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="title">
      <h2 id="title">Latest proofs</h2>
      <p class="hint">The newest ${formatCount(this.proofs.length)} records of the chain, newest first.</p>
      <div class="scroll">
        ${
          this.proofs.length === 0
            ? html`<p class="empty">No proof stored yet.</p>`
            : html`<table part="table">
              <thead>
                <tr>
                  <th class="num" scope="col">Seq</th>
                  <th scope="col">Received</th>
                  <th scope="col">Action</th>
                  <th scope="col">Audience</th>
                  <th scope="col">Advertising</th>
                  <th scope="col">Locale</th>
                  <th scope="col">GPC</th>
                  <th scope="col">Page</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Hash</th>
                </tr>
              </thead>
              <tbody>
                ${this.proofs.map(({ record: r }) => {
                  const kind = r.action === 'accept-all' ? 'accept' : REFUSALS.has(r.action) ? 'refuse' : 'custom';
                  return html`<tr data-seq=${r.seq}>
                    <td class="num mono">${r.seq}</td>
                    <td>${formatTime(r.receivedAt)}</td>
                    <td><span class="badge ${kind}">${ACTION_LABELS[r.action] ?? r.action}</span></td>
                    <td>${this.#tier(r.choices.audience)}</td>
                    <td>${this.#tier(r.choices.advertising)}</td>
                    <td>${r.locale}</td>
                    <td>${r.gpc ? 'on' : '—'}</td>
                    <td class="mono" title=${r.url}>${new URL(r.url).pathname}</td>
                    <td class="mono" title=${r.subject}>${shortHash(r.subject, 8)}</td>
                    <td class="mono" title=${r.hash}>${shortHash(r.hash)}</td>
                  </tr>`;
                })}
              </tbody>
            </table>`
        }
      </div>
    </section>`;
  }
}

customElements.define('consentry-proofs-table', ConsentryProofsTable);

declare global {
  interface HTMLElementTagNameMap {
    'consentry-proofs-table': ConsentryProofsTable;
  }
}
