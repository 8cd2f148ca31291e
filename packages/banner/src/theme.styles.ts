/**
 * Theme tokens and the button/focus styles the three elements share.
 * Each public `--consentry-*` property feeds a private `--_*` one, so a site
 * overrides any token on the element or an ancestor. `light-dark()` with
 * `color-scheme` gives light and dark from one declaration (lean CSS): `auto`
 * follows prefers-color-scheme, the `theme` attribute forces a mode.
 * Everything is a Lit `css` constructable stylesheet: no <style> element and no
 * style attribute, so it works under a CSP without 'unsafe-inline'.
 * Colours meet WCAG 2.2 AA: text ≥ 4.5:1, control borders and focus ring ≥ 3:1.
 */
import { css } from './element.js';

export const themeStyles = css`
  :host {
    color-scheme: light dark;
    --_bg: var(--consentry-bg, light-dark(#fff, #1d1f23));
    --_fg: var(--consentry-fg, light-dark(#1f2328, #eef0f3));
    --_muted: var(--consentry-muted, light-dark(#4f5661, #b9bfc8));
    --_accent: var(--consentry-accent, light-dark(#1d4ed8, #9db8ff));
    --_accent-fg: var(--consentry-accent-fg, light-dark(#fff, #0b1020));
    --_border: var(--consentry-border, light-dark(#6b7280, #8d95a3));
    --_focus: var(--consentry-focus, light-dark(#1d4ed8, #9db8ff));
    --_radius: var(--consentry-radius, 0.5rem);
    --_space: var(--consentry-space, 1rem);
    --_shadow: var(--consentry-shadow, 0 0.25rem 1.5rem rgb(0 0 0 / 0.25));
    font-family: var(--consentry-font, system-ui, sans-serif);
    font-size: var(--consentry-font-size, 1rem);
    line-height: 1.5;
    color: var(--_fg);
  }
  @media (max-width: 30rem) {
    :host {
      font-size: var(--consentry-font-size, 0.875rem);
    }
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  a {
    color: var(--_accent);
  }
  .btn {
    min-block-size: 2.75rem;
    padding: 0.5rem 1rem;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_accent-fg);
    font-weight: 600;
  }
  .btn.alt {
    background: transparent;
    color: var(--_accent);
  }
  /* Equal flex bases: buttons on one line share it equally, so "Accept all"
     and "Reject all" always have the same box (CNIL rec. 2020-092 art. 2). */
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .actions > .btn {
    flex: 1 1 9rem;
  }
  .x {
    inline-size: 2.75rem;
    block-size: 2.75rem;
    flex: none;
    border: 0;
    border-radius: var(--_radius);
    background: transparent;
    font-size: 1.5rem;
    line-height: 1;
  }
  @media (prefers-reduced-motion: no-preference) {
    .btn,
    .x {
      transition: filter 0.15s;
    }
  }
  .btn:hover,
  .x:hover {
    filter: brightness(1.15);
  }
`;
