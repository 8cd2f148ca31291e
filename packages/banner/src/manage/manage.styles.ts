import { css } from '../element.js';

/** A small pill at the bottom start corner: always reachable, never over the banner's buttons. */
export const manageStyles = css`
  .manage {
    position: fixed;
    inset-block-end: 0.75rem;
    inset-inline-start: 0.75rem;
    z-index: calc(var(--consentry-z-index, 2147483000) - 1);
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    min-block-size: 2.75rem;
    padding: 0.375rem 0.875rem;
    border: 2px solid var(--_accent);
    border-radius: 1.5rem;
    background: var(--_bg);
    color: var(--_accent);
    font-size: 0.875rem;
    font-weight: 600;
    box-shadow: var(--_shadow);
  }
  svg {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    fill: currentColor;
  }
`;
