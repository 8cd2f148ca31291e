import type { Choices, ServiceConfig } from '@consentry/core';
import { refuseAll, TIERS } from '@consentry/core/start-up';
import { html, nothing } from 'lit/html.js';
import { ConsentryElement, defineElement } from '../element.js';
import type { Messages } from '../i18n/messages.js';
import { focusReopener } from '../preferences-opener.js';
import { themeStyles } from '../theme.styles.js';
import type { ConsentryApi, ConsentState } from '../types.js';
import { downloadProofs } from './download-proofs.js';
import { toggleService, toggleTier } from './draft.js';
import { trapTab } from './focus-trap.js';
import { preferencesStyles } from './preferences.styles.js';
import { tierSection } from './tier-section.js';

/**
 * The preferences dialog (second layer), on the native modal `<dialog>` with
 * `showModal()`: the browser moves focus in, makes the page inert and puts it
 * in the top layer; Tab wraps inside it; focus returns to the opener on close.
 *
 * One section per tier with a switch: essential on and disabled, the others
 * off unless already granted (Planet49: nothing pre-ticked). Services and their
 * cookies sit behind a disclosure, each service with its own switch.
 * "Save my choices" without changes refuses every optional tier (RULES.md 4).
 * Escape or × close it, and are a refusal (`dismiss`) when the visitor had not
 * decided yet (CNIL rec. 2020-092: closing is refusing).
 *
 * Loaded lazily by `openPreferences()` (preferences/open.ts), not on the first visit's critical path.
 *
 * @csspart dialog - the `<dialog>`
 * @csspart title - the heading
 * @csspart close - the × control
 * @csspart body - the scrolling content
 * @csspart gpc-note - shown when Global Privacy Control is on
 * @csspart tier - each tier's section (also `essential`, `audience`, `advertising`)
 * @csspart switch - every switch (`role="switch"`)
 * @csspart services - the services disclosure
 * @csspart service - one service
 * @csspart cookie - one cookie's description
 * @csspart actions - the button row
 * @csspart accept-all - "Accept all"
 * @csspart reject-all - "Reject all"
 * @csspart save - "Save my choices"
 * @csspart download - "Download my consent proofs"
 *
 * @cssproperty --consentry-bg - same tokens as `<consentry-banner>`, plus:
 * @cssproperty --consentry-backdrop - the backdrop behind the dialog
 */
/**
 * Whether `choices` grant anything optional: "Reject all" then withdraws a
 * consent (GDPR 7(3)), and its proof says so (`withdraw`, not `reject-all`).
 */
const granted = (choices: Choices | null) =>
  !!choices && (choices.audience || choices.advertising || Object.values(choices.services).includes(true));

export class ConsentryPreferences extends ConsentryElement {
  static override styles = [themeStyles, preferencesStyles];

  declare api: ConsentryApi | undefined;
  declare messages: Messages | undefined;
  declare protected state: ConsentState | undefined;
  declare protected draft: Choices;
  private opener: Element | null = null;
  private hadChoice = false;
  private decided = false;

  constructor() {
    super();
    this.draft = refuseAll();
  }

  get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Opens the dialog on the visitor's current choices; focus returns to `opener` on close. */
  async show(opener: Element | null = null): Promise<void> {
    if (!this.api) throw new Error('consentry-preferences: set `api` before show()');
    this.state = await this.api.ready();
    const current = this.api.get();
    this.hadChoice = current !== null;
    this.draft = current ? { ...current, services: { ...current.services } } : refuseAll();
    this.decided = false;
    await this.updateComplete;
    const dialog = this.dialog!;
    if (dialog.open) return;
    this.opener = opener;
    dialog.showModal();
  }

  /** Closes without deciding (like ×): a refusal if the visitor had not decided yet. */
  close(): void {
    this.dialog?.close();
  }

  private decide(action: () => Promise<void>): void {
    this.decided = true;
    action().catch(this.report);
    this.close();
  }

  private onClose = () => {
    if (!this.decided && !this.hadChoice && this.api?.get() === null) this.api.dismiss().catch(this.report);
    const opener = this.opener;
    this.opener = null;
    // RULES.md 17, focus goes back: to the opener, or, when a decision removed it (the banner's
    // "Customize"), to what opens the choices again.
    if (opener?.isConnected) (opener as HTMLElement).focus();
    else focusReopener(this.ownerDocument);
  };

  private report = (error: unknown) => {
    console.error('consentry:', error);
  };

  protected override render() {
    const m = this.messages;
    const api = this.api;
    if (!m || !api) return nothing;
    const services = this.state?.config.services ?? [];
    const save = () => {
      const { audience, advertising, services: chosen } = this.draft;
      return api.save({ audience, advertising, services: chosen });
    };
    return html`<dialog
      part="dialog"
      aria-labelledby="title"
      @close=${this.onClose}
      @keydown=${(e: KeyboardEvent) => trapTab(e, this.dialog!)}
    >
      <div class="head">
        <h2 id="title" part="title">${m.dialogTitle}</h2>
        <button class="x" part="close" aria-label=${m.dialogClose} title=${m.dialogClose} @click=${() => this.close()}>
          ×
        </button>
      </div>
      <div class="body" part="body">
        <p>${m.dialogIntro}</p>
        ${this.state?.gpc ? html`<p class="note" part="gpc-note">${m.gpcNote}</p>` : nothing}
        ${TIERS.map((tier) =>
          tierSection({
            tier,
            services,
            draft: this.draft,
            messages: m,
            onTier: () => {
              if (tier !== 'essential') this.draft = toggleTier(this.draft, tier, services);
            },
            onService: (service: ServiceConfig) => {
              this.draft = toggleService(this.draft, service);
            },
          }),
        )}
      </div>
      <div class="foot">
        <div class="actions" part="actions">
          <button class="btn" part="accept-all" @click=${() => this.decide(() => api.acceptAll())}>${m.acceptAll}</button>
          <button class="btn" part="reject-all" @click=${() => this.decide(() => (granted(api.get()) ? api.withdraw() : api.rejectAll()))}>${m.rejectAll}</button>
          <button class="btn alt" part="save" @click=${() => this.decide(save)}>${m.saveChoices}</button>
        </div>
        <button
          class="link"
          part="download"
          @click=${() => downloadProofs(api, this.state?.config.site ?? 'site', this.ownerDocument).catch(this.report)}
        >
          ${m.downloadProofs}
        </button>
      </div>
    </dialog>`;
  }
}

defineElement('consentry-preferences', ConsentryPreferences, ['api', 'messages', 'state', 'draft']);

declare global {
  interface HTMLElementTagNameMap {
    'consentry-preferences': ConsentryPreferences;
  }
}
