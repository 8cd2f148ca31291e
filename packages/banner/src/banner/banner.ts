import { isSafeLink, namedTiers } from '@consentry/core/start-up';
import { html, nothing } from 'lit/html.js';
import { ConsentryElement, defineElement, type ThemeMode } from '../element.js';
import type { Messages } from '../i18n/messages.js';
import { bindPreferences, focusReopener } from '../preferences-opener.js';
import { reserveSpace } from '../reserve-space.js';
import { themeStyles } from '../theme.styles.js';
import type { ConsentryApi, ConsentState } from '../types.js';
import { bannerStyles } from './banner.styles.js';

export type { ThemeMode };

const TIER_TEXTS = {
  audience: ['tierAudience', 'tierAudienceText'],
  advertising: ['tierAdvertising', 'tierAdvertisingText'],
} as const;

/**
 * The first layer of the consent notice: not modal, fixed at the bottom of the
 * viewport. It shows itself once `api.ready()` says the visitor must be asked,
 * and hides for good at the first decision (here, in the dialog or another tab).
 * It names each optional purpose that has services, says what each button does,
 * links to the privacy policy, and offers "Accept all", "Reject all" (the same
 * element and style: CNIL rec. 2020-092 art. 2) and "Customize".
 * The × control and Escape record a refusal (`dismiss`), and the text says so.
 *
 * Decisions go through `api`, which fires `consentry-change` on `document`.
 *
 * @csspart banner - the fixed panel (a `section` landmark named by its title)
 * @csspart title - the heading
 * @csspart close - the × control ("Continue without accepting")
 * @csspart purposes - the list of purposes
 * @csspart privacy-link - the link to the site's privacy policy
 * @csspart actions - the button row
 * @csspart accept-all - "Accept all"
 * @csspart reject-all - "Reject all"
 * @csspart customize - "Customize", opens the preferences dialog
 *
 * @cssproperty --consentry-bg - panel background
 * @cssproperty --consentry-fg - text colour
 * @cssproperty --consentry-muted - secondary text colour
 * @cssproperty --consentry-accent - buttons and links
 * @cssproperty --consentry-accent-fg - text on the accent colour
 * @cssproperty --consentry-border - panel and control borders
 * @cssproperty --consentry-focus - focus ring
 * @cssproperty --consentry-radius - corner radius
 * @cssproperty --consentry-font - font family
 * @cssproperty --consentry-font-size - base font size
 * @cssproperty --consentry-space - padding
 * @cssproperty --consentry-shadow - panel shadow
 * @cssproperty --consentry-z-index - stacking order
 *
 * @example
 * const banner = document.createElement('consentry-banner');
 * Object.assign(banner, { api: consentry, messages, theme: 'auto' });
 * document.body.prepend(banner);
 */
export class ConsentryBanner extends ConsentryElement {
  static override styles = [themeStyles, bannerStyles];

  declare api: ConsentryApi | undefined;
  declare messages: Messages | undefined;
  declare protected state: ConsentState | undefined;
  declare protected decided: boolean | undefined;
  private unsubscribe?: () => void;
  private release?: () => void;
  /** Focus was in the banner before this update (the update that hides it moves it out). */
  private hadFocus = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.ownerDocument.addEventListener('keydown', this.onKeydown);
    // On first connection willUpdate subscribes; on a reconnection nothing else would.
    if (this.hasUpdated) this.subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener('keydown', this.onKeydown);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.releaseSpace();
  }

  protected override willUpdate(changed: ReadonlySet<string>): void {
    if (changed.has('api') && this.isConnected) this.subscribe();
    this.hadFocus = this.ownerDocument.activeElement === this;
  }

  protected override updated(): void {
    const panel = this.renderRoot.querySelector<HTMLElement>('.banner');
    if (panel && !this.release) this.release = reserveSpace(this.ownerDocument, panel, this);
    if (!panel) {
      this.releaseSpace();
      // A decision took the focused button away (keyboard users): focus must land somewhere.
      if (this.hadFocus) focusReopener(this.ownerDocument);
    }
  }

  private subscribe(): void {
    const api = this.api;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (!api) return;
    if (this.messages) bindPreferences(api, this.messages, this.ownerDocument);
    else console.warn('consentry-banner: set `messages` (messagesFor) with `api`');
    const offChange = api.on('change', () => {
      this.decided = true;
    });
    // With `validate: true` the full config check runs after start-up; an invalid config hides the banner (DESIGN.md).
    const offError = api.on('error', ({ code }) => {
      if (code === 'config') this.decided = true;
    });
    this.unsubscribe = () => {
      offChange();
      offError();
    };
    api.ready().then((state) => {
      if (this.api === api) this.state = state;
    }, this.report);
  }

  private releaseSpace(): void {
    this.release?.();
    this.release = undefined;
  }

  /** Escape is a refusal when it is meant for the banner: focus in it, or nowhere in particular. */
  private onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented || !this.visible) return;
    const active = this.ownerDocument.activeElement;
    if (active === this || active === this.ownerDocument.body || active === null) {
      event.preventDefault();
      this.decide('dismiss');
    }
  };

  private get visible(): boolean {
    return Boolean(this.state?.ask && !this.decided && this.messages && this.api);
  }

  private decide(action: 'acceptAll' | 'rejectAll' | 'dismiss'): void {
    this.api?.[action]().catch(this.report);
  }

  private report = (error: unknown) => {
    console.error('consentry:', error);
  };

  protected override render() {
    if (!this.visible) return nothing;
    const m = this.messages!;
    const config = this.state!.config;
    return html`<section class="banner" part="banner" aria-labelledby="title">
      <div class="head">
        <h2 id="title" part="title">${m.bannerTitle}</h2>
        <button class="x" part="close" aria-label=${m.dismiss} title=${m.dismiss} @click=${() => this.decide('dismiss')}>
          ×
        </button>
      </div>
      <p>${m.bannerIntro}</p>
      <ul part="purposes">
        ${namedTiers(config.services).map(
          (tier) => html`<li><strong>${m[TIER_TEXTS[tier][0]]}</strong> – ${m[TIER_TEXTS[tier][1]]}</li>`,
        )}
      </ul>
      <p>
        ${m.bannerConsequences} <span class="note">${m.bannerDismiss}</span>
        <a part="privacy-link" href=${isSafeLink(config.privacyPolicyUrl) ? config.privacyPolicyUrl : '#'}>${m.privacyPolicy}</a>
      </p>
      <div class="actions" part="actions">
        <button class="btn" part="accept-all" @click=${() => this.decide('acceptAll')}>${m.acceptAll}</button>
        <button class="btn" part="reject-all" @click=${() => this.decide('rejectAll')}>${m.rejectAll}</button>
        <button class="btn alt" part="customize" @click=${() => this.api?.open()}>${m.customize}</button>
      </div>
    </section>`;
  }
}

defineElement('consentry-banner', ConsentryBanner, ['api', 'messages', 'state', 'decided']);

declare global {
  interface HTMLElementTagNameMap {
    'consentry-banner': ConsentryBanner;
  }
}
