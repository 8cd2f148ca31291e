/** Layout of `<consentry-admin>`: the header, the KPI row and the card grid (cards themselves: admin.styles.ts). */
import { css } from 'lit';

export const adminAppStyles = css`
  :host {
    display: block;
    min-height: 100vh;
  }
  header {
    position: sticky;
    top: 0;
    z-index: 2;
    background: var(--consentry-admin-surface);
    border-bottom: 1px solid var(--consentry-admin-border);
  }
  .bar {
    max-width: 1280px;
    margin: 0 auto;
    padding: 0.75rem 1.5rem;
    display: flex;
    align-items: center;
    gap: 1rem;
    flex-wrap: wrap;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 0.55rem;
    font-weight: 700;
    font-size: 1.05rem;
    margin-right: auto;
  }
  .brand small {
    font-weight: 500;
    color: var(--consentry-admin-muted);
    font-size: 0.85rem;
  }
  .logo {
    width: 24px;
    height: 24px;
    border-radius: 7px;
    background: linear-gradient(135deg, #2563eb, #7c3aed);
  }
  label {
    font-size: 0.8rem;
    color: var(--consentry-admin-muted);
    display: flex;
    align-items: center;
    gap: 0.4rem;
  }
  select {
    font: inherit;
    font-size: 0.85rem;
    padding: 0.4rem 0.6rem;
    border-radius: 8px;
    border: 1px solid var(--consentry-admin-border-strong);
    background: var(--consentry-admin-surface);
    color: var(--consentry-admin-fg);
  }
  .segmented {
    display: inline-flex;
    border: 1px solid var(--consentry-admin-border-strong);
    border-radius: 8px;
    overflow: hidden;
  }
  .segmented button {
    border: 0;
    border-radius: 0;
    padding: 0.42rem 0.75rem;
  }
  .segmented button + button {
    border-left: 1px solid var(--consentry-admin-border-strong);
  }
  .segmented button[aria-pressed='true'] {
    background: var(--consentry-admin-accent-soft);
    color: var(--consentry-admin-accent-strong);
    font-weight: 600;
  }
  main {
    max-width: 1280px;
    margin: 0 auto;
    padding: 1.5rem;
    display: grid;
    gap: 1.25rem;
  }
  .kpis {
    display: grid;
    grid-template-columns: repeat(4, 1fr);
    gap: 1.25rem;
  }
  .kpi .value {
    font-size: 1.7rem;
    font-weight: 700;
    letter-spacing: -0.02em;
    font-variant-numeric: tabular-nums;
    margin: 0.25rem 0 0.1rem;
  }
  .kpi h2 {
    color: var(--consentry-admin-muted);
    font-weight: 500;
    font-size: 0.82rem;
  }
  .kpi .hint {
    margin: 0;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
    gap: 1.25rem;
  }
  .pair {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 1.25rem;
  }
  .alert {
    background: var(--consentry-admin-bad-bg);
    color: var(--consentry-admin-bad);
    border-radius: var(--consentry-admin-radius);
    padding: 0.75rem 1rem;
    font-size: 0.9rem;
  }
  .swatch {
    display: inline-block;
    width: 0.6rem;
    height: 0.6rem;
    border-radius: 2px;
    margin-right: 0.35rem;
  }
  .audience {
    background: #2563eb;
  }
  .advertising {
    background: #db2777;
  }
  @media (max-width: 960px) {
    .kpis {
      grid-template-columns: repeat(2, 1fr);
    }
    .row,
    .pair {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
