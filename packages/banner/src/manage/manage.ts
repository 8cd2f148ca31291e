import { html, svg } from 'lit/html.js';
import { domReady } from '../dom-ready.js';
import { ConsentryElement, defineElement } from '../element.js';
import type { Messages } from '../i18n/messages.js';
import { bindPreferences } from '../preferences-opener.js';
import { themeStyles } from '../theme.styles.js';
import type { ConsentryApi } from '../types.js';
import { manageStyles } from './manage.styles.js';

const COOKIE = svg`<path d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5Zm-3.5 7a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm-1 5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm6 1a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Z"/>`;

/**
 * The permanent "Manage cookies" control (GDPR 7(3): withdrawing is as easy as
 * consenting, from every page; RULES.md 9). A floating button that opens the
 * preferences dialog. The script tag adds it ({@link placeManage}) unless the
 * config says `manageButton: false`, and a site may place it itself.
 *
 * @slot - the label; "Manage cookies" in the visitor's language by default
 * @csspart manage - the button
 * @cssproperty --consentry-accent - border and text colour
 * @cssproperty --consentry-bg - background
 * @cssproperty --consentry-z-index - stacking order (one below the banner)
 */
export class ConsentryManage extends ConsentryElement {
  static override styles = [themeStyles, manageStyles];

  declare api: ConsentryApi | undefined;
  declare messages: Messages | undefined;

  /** Focus goes to the button: the dialog returns focus here when its opener is gone. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('button')?.focus(options);
  }

  private onClick = () => {
    if (!this.api) {
      console.warn('consentry-manage: set `api` (window.consentry) so the button can open the preferences');
      return;
    }
    if (this.messages) bindPreferences(this.api, this.messages, this.ownerDocument);
    this.api.open();
  };

  protected override render() {
    return html`<button class="manage" part="manage" @click=${this.onClick}>
      <svg viewBox="0 0 24 24" aria-hidden="true">${COOKIE}</svg><slot>${this.messages?.manageCookies ?? ''}</slot>
    </button>`;
  }
}

defineElement('consentry-manage', ConsentryManage, ['api', 'messages']);

/**
 * Adds the floating button to `doc` (none when one is there): `always`, or
 * when the page, once parsed, has no `[data-consentry-open]` control of its
 * own. A control the page renders later (a single-page app's footer) then
 * takes over, and the floating button goes.
 */
export async function placeManage(
  api: ConsentryApi,
  messages: Messages,
  doc: Document,
  theme: string,
  always: boolean,
): Promise<void> {
  const own = () => doc.querySelector('[data-consentry-open]');
  if (!always) await domReady(doc);
  if (doc.querySelector('consentry-manage') || (!always && own())) return;
  const manage = doc.createElement('consentry-manage');
  Object.assign(manage, { api, messages, theme });
  doc.body.append(manage);
  if (always) return;
  const watch = new MutationObserver(() => {
    if (!own()) return;
    watch.disconnect();
    manage.remove();
  });
  watch.observe(doc.body, { childList: true, subtree: true });
}

declare global {
  interface HTMLElementTagNameMap {
    'consentry-manage': ConsentryManage;
  }
}
