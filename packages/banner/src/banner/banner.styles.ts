import { css } from '../element.js';

/**
 * The first layer: fixed at the bottom, so showing it moves nothing on the page
 * (no layout shift, CLS 0); its height never changes after the first render
 * except when the viewport does. At 320 px it reflows to one column and
 * scrolls inside itself rather than growing past the viewport (WCAG 1.4.10).
 */
export const bannerStyles = css`
  .banner {
    position: fixed;
    inset: auto 0 0;
    z-index: var(--consentry-z-index, 2147483000);
    box-sizing: border-box;
    inline-size: min(60rem, 100%);
    max-block-size: 100vh;
    max-block-size: 100dvh;
    overflow: auto;
    margin-inline: auto;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-block-end: 0;
    border-start-start-radius: var(--_radius);
    border-start-end-radius: var(--_radius);
    background: var(--_bg);
    box-shadow: var(--_shadow);
  }
  .head {
    display: flex;
    align-items: start;
    justify-content: space-between;
    gap: 0.5rem;
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
    line-height: 1.3;
    align-self: center;
  }
  p,
  ul {
    margin: 0.5rem 0;
  }
  ul {
    padding-inline-start: 1.25rem;
  }
  .note {
    color: var(--_muted);
  }
  .actions {
    margin-block-start: 0.75rem;
  }
`;
