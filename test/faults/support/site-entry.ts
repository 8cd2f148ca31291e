/**
 * The site page's script, as a single-page app starts Consentry: the page's
 * one `consentry` API reads `<script type="application/json"
 * id="consentry-config">` and shows the banner. Bundled by fault-site.ts.
 */
import { consentry } from '../../../packages/banner/src/index.js';

consentry.start();
Object.assign(window, { consentry });
