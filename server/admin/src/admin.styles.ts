/**
 * Styles shared by the admin elements: cards, buttons, badges. Adopted as
 * constructable stylesheets, which the page's CSP (no 'unsafe-inline') allows.
 * Colours come from the custom properties set in admin.css.
 */
import { css } from 'lit';

export const cardStyles = css`
  :host {
    display: block;
    color: var(--consentry-admin-fg);
    font: inherit;
  }
  .card {
    background: var(--consentry-admin-surface);
    border: 1px solid var(--consentry-admin-border);
    border-radius: var(--consentry-admin-radius);
    box-shadow: var(--consentry-admin-shadow);
    padding: 1.1rem 1.25rem;
    height: 100%;
    box-sizing: border-box;
  }
  h2 {
    margin: 0 0 0.2rem;
    font-size: 0.95rem;
    font-weight: 600;
    letter-spacing: 0.01em;
  }
  .hint {
    margin: 0 0 0.9rem;
    color: var(--consentry-admin-muted);
    font-size: 0.8rem;
  }
  button {
    font: inherit;
    font-size: 0.85rem;
    border-radius: 8px;
    border: 1px solid var(--consentry-admin-border-strong);
    background: var(--consentry-admin-surface);
    color: var(--consentry-admin-fg);
    padding: 0.45rem 0.85rem;
    cursor: pointer;
  }
  button:hover {
    background: var(--consentry-admin-hover);
  }
  button:focus-visible {
    outline: 2px solid var(--consentry-admin-accent);
    outline-offset: 2px;
  }
  button[disabled] {
    opacity: 0.55;
    cursor: progress;
  }
  .primary {
    background: var(--consentry-admin-accent);
    border-color: var(--consentry-admin-accent);
    color: #fff;
  }
  .primary:hover {
    background: var(--consentry-admin-accent-strong);
  }
  .mono {
    font-family: var(--consentry-admin-mono);
    font-size: 0.8rem;
  }
  .badge {
    display: inline-block;
    padding: 0.1rem 0.5rem;
    border-radius: 999px;
    font-size: 0.75rem;
    font-weight: 600;
    white-space: nowrap;
  }
  .good {
    background: var(--consentry-admin-good-bg);
    color: var(--consentry-admin-good);
  }
  .bad {
    background: var(--consentry-admin-bad-bg);
    color: var(--consentry-admin-bad);
  }
  .neutral {
    background: var(--consentry-admin-neutral-bg);
    color: var(--consentry-admin-muted);
  }
`;
