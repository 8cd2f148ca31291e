/**
 * The self-starting script-tag entry (DESIGN.md "Contracts"):
 *
 *   <script type="application/json" id="consentry-config">{…}</script>
 *   <script src="…/consentry.js" data-config="#consentry-config"></script>
 *
 * Everything happens in boot.ts; this module only starts it, with the script
 * element that loaded it (`document.currentScript` is only set while a classic
 * script first runs, so it is read now).
 */
import { boot } from './boot.js';

boot({ script: document.currentScript as HTMLScriptElement | null }).catch((error: unknown) =>
  console.error('consentry:', error),
);
