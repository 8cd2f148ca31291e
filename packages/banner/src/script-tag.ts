/**
 * The ES entry of the script tag (DESIGN.md "Contracts"):
 *
 *   <script type="application/json" id="consentry-config">{…}</script>
 *   <script src="…/consentry.js" data-config="#consentry-config"></script>
 *
 * `consentry.js` is a small classic loader (loader.ts): it reads
 * `document.currentScript` — null inside a module — pushes the Consent Mode
 * default, then imports this module and calls `start` with that script element.
 * Everything else happens in boot.ts.
 */
import { boot } from './boot.js';

/** Starts Consentry for the `<script data-config>` element that loaded the bundle. */
export function start(script: HTMLScriptElement | null): void {
  boot({ script }).catch((error: unknown) => console.error('consentry:', error));
}
