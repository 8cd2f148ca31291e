import { css } from '../element.js';

/**
 * The dialog: centred, at most the viewport minus a margin, with a scrolling
 * body between a fixed head and foot so the buttons stay reachable at 320 px
 * (WCAG 1.4.10 reflow). Switches are 2.75 × 1.5 rem (≥ 24 × 24 px, WCAG 2.5.8),
 * their off-state border ≥ 3:1 against the background (WCAG 1.4.11).
 */
export const preferencesStyles = css`
  dialog {
    box-sizing: border-box;
    inline-size: min(48rem, 100% - 1rem);
    max-inline-size: none;
    max-block-size: calc(100% - 1rem);
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: var(--_shadow);
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
  dialog::backdrop {
    background: var(--consentry-backdrop, rgb(0 0 0 / 0.55));
  }
  .head,
  .foot,
  .body {
    padding: 0.75rem var(--_space);
  }
  .head,
  .row {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
  }
  .head {
    border-block-end: 1px solid var(--_border);
  }
  .foot {
    border-block-start: 1px solid var(--_border);
  }
  .body {
    overflow: auto;
    flex: 1 1 auto;
  }
  h2,
  h3,
  h4 {
    margin: 0;
    line-height: 1.3;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1.0625em;
  }
  h4 {
    font-size: 1rem;
  }
  p {
    margin: 0.5rem 0;
  }
  .note {
    color: var(--_muted);
    font-weight: 400;
  }
  .tier {
    padding-block: 0.75rem;
    border-block-start: 1px solid var(--_border);
  }
  summary {
    min-block-size: 1.5rem;
    padding-block: 0.25rem;
    color: var(--_accent);
    cursor: pointer;
  }
  .service {
    margin-block: 0.5rem;
    padding: 0.5rem 0.75rem;
    border-inline-start: 3px solid var(--_border);
  }
  .cookie {
    display: grid;
    grid-template-columns: minmax(5rem, auto) 1fr;
    gap: 0 0.75rem;
    margin: 0.5rem 0;
    overflow-wrap: anywhere;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
  }
  .switch {
    position: relative;
    flex: none;
    inline-size: 2.75rem;
    block-size: 1.5rem;
    padding: 0;
    border: 2px solid var(--_border);
    border-radius: 1rem;
    background: var(--_bg);
  }
  .switch::after {
    content: '';
    position: absolute;
    inset-block-start: 2px;
    inset-inline-start: 2px;
    inline-size: 1rem;
    block-size: 1rem;
    border-radius: 50%;
    background: var(--_border);
  }
  .switch[aria-checked='true'] {
    border-color: var(--_accent);
    background: var(--_accent);
  }
  .switch[aria-checked='true']::after {
    inset-inline-start: calc(100% - 1rem - 2px);
    background: var(--_accent-fg);
  }
  .switch:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  /* Windows high contrast: keep the knob and the on state visible with system colours. */
  @media (forced-colors: active) {
    .switch::after {
      forced-color-adjust: none;
      background: CanvasText;
    }
    .switch[aria-checked='true'] {
      forced-color-adjust: none;
      border-color: Highlight;
      background: Highlight;
    }
    .switch[aria-checked='true']::after {
      background: HighlightText;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    .switch::after {
      transition: inset-inline-start 0.15s;
    }
  }
  .link {
    min-block-size: 1.5rem;
    margin-block-start: 0.5rem;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
  }
`;
