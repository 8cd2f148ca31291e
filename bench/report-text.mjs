/**
 * The prose of docs/BENCHMARKS.md: the headline (figures filled in from the
 * results), the method, and for each missed goal by how much and what would
 * close it.
 */
import { kb, percent } from './format.mjs';
import { FLOOR, FLOOR_MARGIN, PEERS, SELF, timeline } from './goals.mjs';

/** Why a peer that beats Consentry to the banner is fast. */
const WHY_FAST = {
  c15t: 'its core is headless: the page builds a hand-written banner (plain DOM, inline) synchronously right after its one classic script, and the state is read synchronously from localStorage; no second file, no asynchronous store',
  'vanilla-cookieconsent': 'one classic script and one stylesheet; the state is a cookie, read synchronously',
  tarteaucitron: 'one classic script (its other files load after `load`); the state is a cookie, read synchronously',
  klaro: 'one deferred classic script with its CSS inlined; the state is a cookie, read synchronously',
};
const at = (steps, label) => steps.find((s) => s.label === label)?.median;
const ms = (x) => (x == null ? 'n/a' : `${x.toFixed(0)} ms`);

const measuredAll = (peers, summary) => peers.filter((p) => summary[p]);

function headline({ bytes, timing }) {
  const peers = PEERS.filter((p) => bytes[p]);
  const lines = [
    `**Bytes (brotli).** Consentry's critical path (what a first visit downloads before the banner shows) is **${kb(bytes[SELF].total.brotli)} KB**; with every lazy chunk it can load by default, ${kb(Object.values(bytes[SELF].alternatives)[0].total.brotli)} KB. Peers: ${peers.map((p) => `${p} ${kb(bytes[p].total.brotli)} KB`).join(', ')}. The Lit floor (Lit alone) is ${kb(bytes[FLOOR].total.brotli)} KB.`,
  ];
  if (timing) {
    const { summary, env } = timing;
    const med = (p, r) => summary[p]?.[r]?.tVisible?.median;
    for (const rate of env.rates) {
      const measured = peers.filter((p) => med(p, rate) != null);
      lines.push(
        `**Time to banner, ${rate}x CPU (median of ${env.runs}).** Consentry **${ms(med(SELF, rate))}** (${(med(SELF, rate) / med(FLOOR, rate)).toFixed(2)}× the Lit floor's ${ms(med(FLOOR, rate))}); ${measured.map((p) => `${p} ${ms(med(p, rate))} (${(med(p, rate) / med(FLOOR, rate)).toFixed(2)}×)`).join(', ')}.`,
      );
    }
    const acc = (p, r) => summary[p]?.[r]?.acceptToStored?.median;
    lines.push(
      `**Accept → stored (medians, ${env.rates.map((r) => `${r}x`).join(' / ')}).** Consentry ${env.rates.map((r) => ms(acc(SELF, r))).join(' / ')}: the click builds and hashes a proof, then one IndexedDB transaction (choice, subject, proof, outbox) must commit. The peers write a cookie or localStorage synchronously: ${measuredAll(
        peers,
        summary,
      )
        .map((p) => `${p} ${env.rates.map((r) => ms(acc(p, r))).join(' / ')}`)
        .join(', ')}. No goal was set for it; it happens after the visitor's click, off the page's start-up.`,
    );
  }
  return lines.join('\n\n');
}

function closing({ bytes, timing, goals }) {
  const out = [];
  const missed = goals.filter((g) => !g.met);
  const unit = (g, x) => (g.unit === 'bytes' ? `${kb(x)} KB` : ms(x));
  for (const g of goals.filter((m) => m.met)) {
    out.push(
      `- **Met: ${g.goal}**: ${unit(g, g.value)} vs ${g.against} ${unit(g, g.reference)} (${percent(g.value, g.reference)}).`,
    );
  }
  if (!missed.length) return out.join('\n');
  const critical = bytes[SELF].total.brotli;
  const floor = bytes[FLOOR].total.brotli;
  const peerMiss = missed.find((g) => g.goal.startsWith('critical bytes (brotli) ahead'));
  if (peerMiss) {
    out.push(
      `- **Missed: critical bytes ahead of every peer**: ${kb(critical - peerMiss.reference)} KB (${percent(critical, peerMiss.reference)}) heavier than ${peerMiss.against}.`,
    );
  }
  if (missed.some((g) => g.goal.startsWith('critical bytes (brotli) within'))) {
    const target = floor * FLOOR_MARGIN;
    out.push(
      `- **Missed: critical bytes within 15 % of the Lit floor**: ${(critical / floor).toFixed(2)}× the floor; the goal (≤ ${kb(target)} KB) needs ${kb(critical - target)} KB less. The floor is a ~40-line element on the whole Lit bundle (${kb(floor)} KB), not a consent manager: Consentry's one file holds Lit's templates (lit-html, about 2.9 KB) and, besides, the runtime, the IndexedDB read, gating, Consent Mode, the config check, the theme, the first layer and the English strings. The issue's own budget for all of that is 10 KB.`,
    );
  }
  const timeMisses = missed.filter((g) => g.goal.startsWith('time to banner'));
  if (timeMisses.length && timing) {
    const explained = new Set();
    for (const g of timeMisses) {
      const why = WHY_FAST[g.against] && !explained.has(g.against) ? ` (${g.against}: ${WHY_FAST[g.against]})` : '';
      explained.add(g.against);
      out.push(
        `- **Missed: ${g.goal}**: ${ms(g.value)} vs ${g.against} ${ms(g.reference)}: ${percent(g.value, g.reference)}, ${ms(g.value - g.reference)} later${why}.`,
      );
    }
    const rate = timing.env.rates[0];
    const self = timeline(timing.raw, SELF, rate);
    const lit = timeline(timing.raw, FLOOR, rate);
    const open = at(self, 'mark: IndexedDB open');
    const opened = at(self, 'mark: IndexedDB opened');
    const visible = at(self, 'banner visible');
    out.push(
      '',
      `Where Consentry's time goes (${rate}x, medians, ms since navigation start): \`consentry.js\`, the one file a first visit needs, arrives at ${ms(at(self, 'consentry.js arrived'))}; start-up has decided to ask (\`consentry-ready\`) at ${ms(at(self, 'mark: ready'))}; the banner is visible at ${ms(visible)}. IndexedDB starts opening at ${ms(open)} and is open at ${ms(opened)}${opened != null && visible != null && opened > visible ? ', after the banner showed: a first visit does not wait for it (store.ts `storedHint`)' : ''}. The Lit floor's one module arrives at ${ms(at(lit, 'lit-core.min.js arrived'))} and its banner shows at ${ms(at(lit, 'banner visible'))}.`,
    );
  }
  return out.join('\n');
}

/** Headline and goals analysis (top of the document). */
export function analysis(results) {
  return [
    '## Headline',
    '',
    headline(results),
    '',
    '## Goals: met or missed, and what would close the gap',
    '',
    closing(results),
    '',
    'The goal table with every figure is at the end.',
  ].join('\n');
}

export const method = {
  commands: (env) =>
    [
      '```sh',
      'npm run bench                       # everything: build, bytes, browser (15 runs, 1x and 4x), server, this file, the chart',
      'npm run bench -- --runs=5           # fewer runs',
      'npm run bench -- --only=consentry,lit-floor,klaro   # some pages (bytes are always measured for all)',
      'npm run bench -- --skip-server      # browser and bytes only; the server figures of the last full run are kept',
      'npm run bench -- --smoke            # the quick mode npm test runs (1 run, 1x, 3 pages; writes to a temporary directory)',
      '```',
      '',
      `This document: \`${env.command}\`. Raw results (every run, the server bench's output, a screenshot of each banner at each rate) go to \`node_modules/.cache/consentry-bench/results/\`.`,
    ].join('\n'),
  text: (timingEnv) =>
    [
      'Each library is installed as a pinned devDependency and served from node_modules (bench/prepare.mjs copies its documented browser files; c15t, which ships no browser bundle, and Lit, which ships no single-file bundle, are bundled with esbuild). Consentry is the real build (`npm run build`): the `<script src="dist/consentry.js" data-config>` tag of DESIGN.md. Each page (bench/pages/<name>/index.html) is a minimal English page configured with three categories (necessary/essential, analytics/audience, ads/advertising), served by its own static server on 127.0.0.1 (no compression, `no-store`).',
      '',
      `- **Browser runs**: a fresh headless Chromium and a fresh profile per run (a first visit: no cookie, no IndexedDB), viewport ${timingEnv ? `${timingEnv.viewport.width}×${timingEnv.viewport.height}` : 'n/a'}, locale en-US, CPU throttled with \`Emulation.setCPUThrottlingRate\` before navigating; the page order rotates every iteration. Times are \`performance.now()\` in the page (0 = navigation start).`,
      '- **Time to banner**: the first moment the banner element is connected, has a non-zero box and `checkVisibility({opacityProperty, visibilityProperty})` is true, checked from a MutationObserver (document and every open shadow root) and a requestAnimationFrame loop (bench/probe.js). "Banner in DOM" is when it first exists.',
      `- **Long tasks**: the sum of \`longtask\` entries from navigation until ${timingEnv?.settleMs ?? 1000} ms after the banner shows. **CLS**: the sum of \`layout-shift\` values without recent input until the click. **Heap**: \`Runtime.getHeapUsage\` after a forced GC, ${timingEnv?.settleMs ?? 1000} ms after the banner shows (the baseline page is the page and harness alone).`,
      '- **Accept → stored**: Playwright clicks "accept all"; from the first capture-phase `click` on `window` to the first write after which the page\'s `__consentStored()` is true. Peers store a cookie or localStorage (the probe hooks both setters). Consentry stores in IndexedDB: its page hooks `IDBObjectStore.put` and counts the choice as stored only when the readwrite transaction that wrote it fires `complete` (committed), then checks that the committed value grants audience and advertising. Consentry\'s page has **no proof endpoint** (`endpoint` unset): proofs stay in IndexedDB, as the peers keep their choice in the browser; sending a proof would happen after the commit and is not timed.',
      '- **Floors**: `lit-floor` is a ~40-line LitElement banner writing one cookie, on the full Lit bundle: the least a Lit-based banner can cost, not a CMP. `baseline` is a static HTML banner without JavaScript: the page and the harness alone.',
      '- **Server**: scripts/bench-server.ts (`npm run bench:server`), run after the browser part so that the two do not compete for the 2 cores.',
      '',
      'The machine is shared (other jobs run on the same 2 cores): every figure is a median, the load average is recorded, and ratios measured in the same run are more trustworthy than absolute times.',
    ].join('\n'),
};
