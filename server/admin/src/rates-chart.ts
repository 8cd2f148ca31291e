/**
 * Consent rates per tier per day, drawn by uPlot on a canvas: the share of
 * decisions that granted audience measurement and advertising (lines, left
 * axis) and the number of decisions (bars, right axis). Days without any
 * decision are gaps, not zeros.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import uPlot from 'uplot';
// uPlot's stylesheet as a file next to the bundle: linked in the shadow root, so the CSP needs no 'unsafe-inline'.
import uplotCss from 'uplot/dist/uPlot.min.css?url';
import { cardStyles } from './admin.styles.js';
import type { Stats } from './admin-api.js';

const SERIES_COLORS = { audience: '#2563eb', advertising: '#db2777', volume: 'rgba(100, 116, 139, 0.22)' };

/**
 * @cssproperty --consentry-admin-surface - card background
 * @csspart chart - the element uPlot draws into
 */
export class ConsentryRatesChart extends LitElement {
  static override styles = [
    cardStyles,
    css`
      .plot {
        min-height: 300px;
      }
      .plot .u-legend {
        font-size: 0.8rem;
        color: var(--consentry-admin-muted);
      }
      .empty {
        display: grid;
        place-items: center;
        min-height: 300px;
        color: var(--consentry-admin-muted);
      }
    `,
  ];
  static override properties = { stats: { attribute: false }, days: { attribute: false } };

  /** The stats of the shown period. */
  declare stats: Stats | undefined;
  /** Every day of the period (YYYY-MM-DD), so the x axis has no hole where nobody decided. */
  declare days: string[];
  #plot: uPlot | undefined;
  #resize = new ResizeObserver(() => this.#fit());

  constructor() {
    super();
    this.days = [];
  }

  override render() {
    return html`<link rel="stylesheet" href=${uplotCss} />
      <section class="card" aria-labelledby="title">
        <h2 id="title">Consent rate per tier, per day</h2>
        <p class="hint">Share of decisions that granted each optional tier (essential is always on), and decisions per day.</p>
        <div class="plot" part="chart" role="img" aria-label=${this.#summary()}></div>
      </section>`;
  }

  #summary(): string {
    const t = this.stats;
    if (!t || t.total === 0) return 'No decisions in this period';
    const pct = (n: number) => `${Math.round((100 * n) / t.total)} percent`;
    return `Over ${t.total} decisions: audience granted ${pct(t.tiers.audience.granted)}, advertising granted ${pct(t.tiers.advertising.granted)}`;
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('stats') || changed.has('days')) this.#draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    this.#plot?.destroy();
    this.#plot = undefined;
  }

  #data(): uPlot.AlignedData {
    const byDay = new Map((this.stats?.days ?? []).map((d) => [d.day, d]));
    const days = this.days.length > 0 ? this.days : [...byDay.keys()];
    const share = (day: string, tier: 'audience' | 'advertising') => {
      const d = byDay.get(day);
      return d && d.total > 0 ? (100 * d.tiers[tier].granted) / d.total : null;
    };
    return [
      days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000),
      days.map((d) => share(d, 'audience')),
      days.map((d) => share(d, 'advertising')),
      days.map((d) => byDay.get(d)?.total ?? 0),
    ];
  }

  #draw(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (!target) return;
    const data = this.#data();
    if (this.#plot) {
      this.#plot.setData(data);
      return;
    }
    const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
    this.#plot = new uPlot(
      {
        width: Math.max(320, target.clientWidth),
        height: 300,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: {
          // Half a day of margin each side, so the first and last bars are whole.
          x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] },
          '%': { range: [0, 100] },
          n: { range: (_u, _min, max) => [0, Math.max(10, max * 1.15)] },
        },
        series: [
          { label: 'Day', value: '{YYYY}-{MM}-{DD}' },
          {
            label: 'Audience granted',
            scale: '%',
            stroke: SERIES_COLORS.audience,
            width: 2,
            points: { size: 5 },
            value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} %`),
          },
          {
            label: 'Advertising granted',
            scale: '%',
            stroke: SERIES_COLORS.advertising,
            width: 2,
            points: { size: 5 },
            value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} %`),
          },
          {
            label: 'Decisions',
            scale: 'n',
            fill: SERIES_COLORS.volume,
            stroke: 'rgba(100, 116, 139, 0.5)',
            width: 0,
            points: { show: false },
            ...(bars ? { paths: bars } : {}),
            value: (_u, v) => (v == null ? '—' : new Intl.NumberFormat('en-US').format(v)),
          },
        ],
        axes: [
          { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' } },
          {
            scale: '%',
            stroke: '#64748b',
            grid: { stroke: '#eef2f7' },
            ticks: { stroke: '#e2e8f0' },
            values: (_u, ticks) => ticks.map((t) => `${t} %`),
          },
          {
            scale: 'n',
            side: 1,
            stroke: '#94a3b8',
            grid: { show: false },
            ticks: { stroke: '#e2e8f0' },
            size: 60,
          },
        ],
        cursor: { points: { size: 7 } },
      },
      data,
      target,
    );
    this.#resize.observe(target);
  }

  #fit(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (this.#plot && target && target.clientWidth > 0) {
      this.#plot.setSize({ width: target.clientWidth, height: 300 });
    }
  }
}

customElements.define('consentry-rates-chart', ConsentryRatesChart);

declare global {
  interface HTMLElementTagNameMap {
    'consentry-rates-chart': ConsentryRatesChart;
  }
}
