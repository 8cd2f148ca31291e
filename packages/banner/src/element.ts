/**
 * The base of Consentry's custom elements: Lit's templates (`lit-html`'s
 * `render`) in an open shadow root, adopted constructable stylesheets, and
 * reactive properties that batch re-renders in a microtask — the part of
 * `LitElement` the banner uses, for a fraction of its bytes. LitElement's
 * `ReactiveElement` (attribute converters, controllers, decorators, the
 * polyfill hooks) costs 2.6 KB brotli: a quarter of the first visit's budget
 * (≤ 10 KB before the banner shows). The templates, their diffing and the
 * event bindings are Lit's own; the lifecycle names are LitElement's
 * (`willUpdate`, `render`, `updated`, `updateComplete`, `hasUpdated`).
 *
 * Properties are declared with `declare` in the class and made reactive by
 * {@link defineElement}, which also defines the tag once.
 */
import { type nothing, render, type TemplateResult } from 'lit/html.js';

/** What `render()` may return: a template, or `nothing` for no content. */
export type Renderable = TemplateResult | typeof nothing;

/** Values of the `theme` attribute: `auto` follows prefers-color-scheme. */
export type ThemeMode = 'auto' | 'light' | 'dark';

/**
 * A stylesheet from CSS text, for `static styles`. A tagged template so that
 * the build minifies it (vite.config.ts `minifyCss`); interpolation is not
 * supported on purpose: a stylesheet holds no runtime values (CSP-safe).
 */
export const css = (strings: TemplateStringsArray): string => strings.raw.join('');

const sheets = new Map<string, CSSStyleSheet>();
/** Each element's reactive property values. */
const values = new WeakMap<ConsentryElement, Map<string, unknown>>();
/** Each element class's reactive property names (set by {@link defineElement}). */
const reactive = new WeakMap<object, readonly string[]>();

function sheetOf(text: string): CSSStyleSheet {
  let sheet = sheets.get(text);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    sheets.set(text, sheet);
  }
  return sheet;
}

export abstract class ConsentryElement extends HTMLElement {
  /** The element's CSS texts, adopted as constructable stylesheets (no `<style>`, no `unsafe-inline`). */
  static styles: readonly string[] = [];

  readonly renderRoot: ShadowRoot;
  /** True once the first render has happened. */
  hasUpdated = false;
  private changed = new Set<string>();
  private pending: Promise<void> | undefined;

  constructor() {
    super();
    this.renderRoot = this.attachShadow({ mode: 'open' });
    this.renderRoot.adoptedStyleSheets = (this.constructor as typeof ConsentryElement).styles.map(sheetOf);
    values.set(this, new Map());
    // Set on the element before its tag was defined: an own property hides the accessor; take it over.
    for (const name of [...(reactive.get(this.constructor) ?? []), 'theme']) {
      if (Object.hasOwn(this, name)) {
        const value = (this as unknown as Record<string, unknown>)[name];
        delete (this as unknown as Record<string, unknown>)[name];
        (this as unknown as Record<string, unknown>)[name] = value;
      }
    }
  }

  /** The colour scheme: `auto` (default) follows the system, `light`/`dark` force one (reflected to `theme`). */
  get theme(): ThemeMode {
    return (this.getAttribute('theme') as ThemeMode | null) ?? 'auto';
  }

  set theme(mode: ThemeMode) {
    this.setAttribute('theme', mode);
  }

  connectedCallback(): void {
    this.requestUpdate();
  }

  disconnectedCallback(): void {}

  /** Schedules a render in a microtask; several changes in one task render once. */
  requestUpdate(name?: string): void {
    if (name) this.changed.add(name);
    this.pending ??= Promise.resolve().then(() => this.update());
  }

  /** Resolves once every requested render has happened (LitElement's contract). */
  get updateComplete(): Promise<boolean> {
    return (async () => {
      while (this.pending) await this.pending;
      return true;
    })();
  }

  private update(): void {
    this.pending = undefined;
    // Like LitElement: nothing renders before the element is on a page; connecting renders it.
    if (!this.isConnected) return;
    const changed = this.changed;
    this.changed = new Set();
    this.willUpdate(changed);
    render(this.render(), this.renderRoot, { host: this });
    this.hasUpdated = true;
    this.updated(changed);
  }

  /** Before each render, with the names of the properties set since the last one. */
  protected willUpdate(_changed: ReadonlySet<string>): void {}

  protected abstract render(): Renderable;

  /** After each render. */
  protected updated(_changed: ReadonlySet<string>): void {}
}

/**
 * Makes `properties` of `element` reactive (setting one schedules a render)
 * and defines the tag, once per page. A value set on an instance before the
 * tag was defined is taken over on upgrade.
 *
 * @example
 * defineElement('consentry-banner', ConsentryBanner, ['api', 'messages', 'state']);
 */
export function defineElement(tag: string, element: typeof ConsentryElement, properties: readonly string[]): void {
  reactive.set(element, properties);
  for (const name of properties) {
    Object.defineProperty(element.prototype, name, {
      get(this: ConsentryElement) {
        return values.get(this)?.get(name);
      },
      set(this: ConsentryElement, value: unknown) {
        const own = values.get(this)!;
        if (own.has(name) && own.get(name) === value) return;
        own.set(name, value);
        this.requestUpdate(name);
      },
      configurable: true,
    });
  }
  if (!customElements.get(tag)) customElements.define(tag, element as unknown as CustomElementConstructor);
}
