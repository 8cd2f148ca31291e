/**
 * The token prompt. The token is the server's `CONSENTRY_ADMIN_TOKEN`
 * (printed at start when generated). The page keeps it in sessionStorage
 * only: it is gone when the tab closes, and never written to a URL.
 *
 * @fires consentry-admin-login - `{ token }`: the admin submitted a token
 */
import { css, html, LitElement, nothing } from 'lit';
import { cardStyles } from './admin.styles.js';

export class AdminLoginEvent extends Event {
  constructor(readonly token: string) {
    super('consentry-admin-login', { bubbles: true, composed: true });
  }
}

/**
 * @csspart form - the sign-in form
 */
export class ConsentryAdminLogin extends LitElement {
  static override styles = [
    cardStyles,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 80vh;
        padding: 1rem;
      }
      .card {
        width: min(26rem, 100%);
        padding: 2rem;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        font-weight: 700;
        font-size: 1.15rem;
        margin-bottom: 1.25rem;
      }
      .logo {
        width: 28px;
        height: 28px;
        border-radius: 8px;
        background: linear-gradient(135deg, #2563eb, #7c3aed);
      }
      label {
        display: block;
        font-size: 0.85rem;
        font-weight: 600;
        margin: 1rem 0 0.35rem;
      }
      input {
        width: 100%;
        box-sizing: border-box;
        font: inherit;
        font-family: var(--consentry-admin-mono);
        font-size: 0.9rem;
        padding: 0.6rem 0.7rem;
        border: 1px solid var(--consentry-admin-border-strong);
        border-radius: 8px;
      }
      input:focus-visible {
        outline: 2px solid var(--consentry-admin-accent);
        outline-offset: 1px;
      }
      button {
        width: 100%;
        margin-top: 1rem;
        padding: 0.6rem;
        font-weight: 600;
      }
      .error {
        color: var(--consentry-admin-bad);
        font-size: 0.85rem;
        margin: 0.7rem 0 0;
      }
    `,
  ];
  static override properties = { error: {}, busy: { type: Boolean } };

  /** Why the last token was not accepted. */
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.error = '';
    this.busy = false;
  }

  #submit(event: SubmitEvent) {
    // Never a native submission: the CSP's form-action 'none' would block it, and the token would be in a URL.
    event.preventDefault();
    const input = this.renderRoot.querySelector('input');
    const token = input?.value.trim() ?? '';
    if (token) this.dispatchEvent(new AdminLoginEvent(token));
  }

  override render() {
    return html`<form class="card" part="form" @submit=${this.#submit}>
      <div class="brand"><span class="logo" aria-hidden="true"></span>Consentry admin</div>
      <h2>Sign in</h2>
      <p class="hint">Paste the admin token (<code>CONSENTRY_ADMIN_TOKEN</code>, printed by the server at start). It is kept for this tab only.</p>
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required aria-describedby=${this.error ? 'error' : nothing} />
      ${this.error ? html`<p class="error" id="error" role="alert">${this.error}</p>` : nothing}
      <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Checking…' : 'Open the dashboard'}</button>
    </form>`;
  }
}

customElements.define('consentry-admin-login', ConsentryAdminLogin);

declare global {
  interface HTMLElementTagNameMap {
    'consentry-admin-login': ConsentryAdminLogin;
  }
  interface GlobalEventHandlersEventMap {
    'consentry-admin-login': AdminLoginEvent;
  }
}
