/**
 * The one chart of docs/BENCHMARKS.md: time to banner per library, median bars
 * with min–max whiskers, one panel per CPU rate. Drawn as SVG, rendered and
 * screenshotted in Chromium (no charting dependency).
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';

const W = 900;
const ROW = 26;
const LEFT = 190;
const COLORS = { consentry: '#1d4ed8', 'lit-floor': '#6b7280', baseline: '#9ca3af' };
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function panel(summary, names, rate, top) {
  const rows = names.filter((n) => summary[n][rate].tVisible);
  const max = Math.max(...rows.map((n) => summary[n][rate].tVisible.max));
  const step = max > 2000 ? 500 : max > 800 ? 200 : 100;
  const span = Math.ceil(max / step) * step;
  const x = (v) => LEFT + (v / span) * (W - LEFT - 90);
  const parts = [`<text x="10" y="${top + 16}" class="h">${rate}x CPU</text>`];
  for (let t = 0; t <= span; t += step) {
    parts.push(
      `<line x1="${x(t)}" x2="${x(t)}" y1="${top + 26}" y2="${top + 30 + rows.length * ROW}" class="grid"/>`,
      `<text x="${x(t)}" y="${top + 44 + rows.length * ROW}" class="tick">${t}</text>`,
    );
  }
  rows.forEach((n, i) => {
    const s = summary[n][rate].tVisible;
    const y = top + 30 + i * ROW;
    parts.push(
      `<text x="${LEFT - 8}" y="${y + 17}" class="label">${esc(n)}</text>`,
      `<rect x="${LEFT}" y="${y + 4}" width="${x(s.median) - LEFT}" height="${ROW - 8}" fill="${COLORS[n] ?? '#f59e0b'}"/>`,
      `<line x1="${x(s.min)}" x2="${x(s.max)}" y1="${y + ROW / 2}" y2="${y + ROW / 2}" class="whisker"/>`,
      `<line x1="${x(s.min)}" x2="${x(s.min)}" y1="${y + 8}" y2="${y + ROW - 8}" class="whisker"/>`,
      `<line x1="${x(s.max)}" x2="${x(s.max)}" y1="${y + 8}" y2="${y + ROW - 8}" class="whisker"/>`,
      `<text x="${x(s.max) + 6}" y="${y + 17}" class="value">${s.median.toFixed(0)} ms</text>`,
    );
  });
  return { svg: parts.join(''), height: 60 + rows.length * ROW };
}

/** The chart's HTML page (an inline SVG). */
export function chartHtml({ summary, env }) {
  const names = Object.keys(summary);
  let top = 40;
  const panels = env.rates.map((rate) => {
    const p = panel(summary, names, rate, top);
    top += p.height + 10;
    return p.svg;
  });
  const title = `Time to banner, first visit, headless Chromium (median of ${env.runs}, whiskers min–max), ms`;
  return `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:#fff;font:13px system-ui,sans-serif}
.h{font-weight:600;font-size:14px}.t{font-weight:600;font-size:15px}.label{text-anchor:end}
.tick{text-anchor:middle;fill:#555;font-size:11px}.grid{stroke:#e5e7eb}.whisker{stroke:#111;stroke-width:1.2}
.value{fill:#111;font-size:12px}</style>
<svg id="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${top}">
<text x="10" y="22" class="t">${esc(title)}</text>${panels.join('')}</svg>`;
}

/** Renders the chart of `timing` to the PNG file `path`. */
export async function renderChart(timing, path) {
  const browser = await chromium.launch({ executablePath: findChromium({ install: false }), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: W, height: 600 }, deviceScaleFactor: 1 });
    await page.setContent(chartHtml(timing));
    await page.locator('#chart').screenshot({ path });
  } finally {
    await browser.close();
  }
}
