/**
 * Export buttons (NDJSON, CSV, JSON): each fetches the export with the token
 * in the Authorization header and saves the answer from a Blob, so the token
 * never appears in a URL, a history entry or a server log. For whole logs of
 * millions of records, `consentry export` streams to a file instead.
 *
 * @fires consentry-admin-export - `{ format }`: the page performs the download
 */
import { css, html, LitElement } from 'lit';
import { cardStyles } from './admin.styles.js';
import type { ExportFormat } from './admin-api.js';

const FORMATS: { format: ExportFormat; label: string; text: string }[] = [
  { format: 'ndjson', label: 'NDJSON', text: 'stored records, one per line, as hashed' },
  { format: 'csv', label: 'CSV', text: 'flat, for spreadsheets (with kid and sig)' },
  { format: 'json', label: 'JSON', text: 'records, receipts and keys: checks alone with consentry verify' },
];

export class ExportRequestEvent extends Event {
  constructor(readonly format: ExportFormat) {
    super('consentry-admin-export', { bubbles: true, composed: true });
  }
}

/**
 * @csspart button - each export button (`data-format` names it)
 */
export class ConsentryExportButtons extends LitElement {
  static override styles = [
    cardStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.55rem;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.75rem;
      }
      button {
        min-width: 6.5rem;
        font-weight: 600;
      }
      li span {
        font-size: 0.8rem;
        color: var(--consentry-admin-muted);
      }
      .note {
        margin: 0.8rem 0 0;
        font-size: 0.78rem;
        color: var(--consentry-admin-muted);
      }
    `,
  ];
  static override properties = { busy: { attribute: false }, period: { attribute: false } };

  /** The format being downloaded, if any. */
  declare busy: ExportFormat | null;
  /** A description of what is exported ("2026-10-24 – 2026-11-22"). */
  declare period: string;

  constructor() {
    super();
    this.busy = null;
    this.period = '';
  }

  override render() {
    return html`<section class="card" aria-labelledby="title">
      <h2 id="title">Export for audit</h2>
      <p class="hint">Records received ${this.period}, in chain order, with their hashes.</p>
      <ul>
        ${FORMATS.map(
          (f) => html`<li>
            <button
              part="button"
              data-format=${f.format}
              ?disabled=${this.busy !== null}
              @click=${() => this.dispatchEvent(new ExportRequestEvent(f.format))}
            >
              ${this.busy === f.format ? 'Preparing…' : f.label}
            </button>
            <span>${f.text}</span>
          </li>`,
        )}
      </ul>
      <p class="note">Check an export: <code>consentry verify consentry-demo.json</code></p>
    </section>`;
  }
}

customElements.define('consentry-export-buttons', ConsentryExportButtons);

declare global {
  interface HTMLElementTagNameMap {
    'consentry-export-buttons': ConsentryExportButtons;
  }
  interface GlobalEventHandlersEventMap {
    'consentry-admin-export': ExportRequestEvent;
  }
}
