/**
 * `consentry.js`, the script tag (DESIGN.md "Contracts"):
 *
 *   <script type="application/json" id="consentry-config">{…}</script>
 *   <script src="https://consent.example.com/consentry.js" data-config="#consentry-config"></script>
 *
 * One classic script with everything a first visit needs before the banner
 * shows (scripts/script-tag-build.mjs); what loads later comes from
 * `consentry/` next to it through `import()`. While the parser waits on it:
 *
 * 1. it reads `document.currentScript` (only set now) for `data-config`;
 * 2. it pushes the Consent Mode `default`, all denied (RULES.md 14), so it
 *    precedes every tag after it on the page (the runtime does not push it again);
 * 3. it starts the runtime (boot.ts), which opens IndexedDB at once; the
 *    banner shows as soon as the document has a body.
 */
import { boot } from './boot.js';
import { consentDefaultEarly } from './consent-mode.js';

const script = document.currentScript as HTMLScriptElement | null;
consentDefaultEarly(window);
boot({ script }).catch((error: unknown) => console.error('consentry:', error));
