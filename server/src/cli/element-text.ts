/**
 * Finds an element's text in an HTML page, for `consentry check-config`: the
 * site config lives in `<script type="application/json" id="consentry-config">`.
 * No HTML parser dependency: a scan of start tags that skips comments and the
 * text of raw-text elements (a `<script>`'s code that mentions the id is no
 * element), with attributes in any order, quoted either way or not at all.
 * Selectors are simple ones (`tag`, `#id`, `.class`, `[attr]`, `[attr=value]`
 * and their compounds, such as `script#consentry-config`).
 */
import { UsageError } from './command.js';

interface Selector {
  tag?: string;
  id?: string;
  classes: string[];
  attributes: Array<{ name: string; value?: string }>;
}

/** Where an element's text is: the text itself and the line its start tag is on. */
export interface ElementText {
  text: string;
  line: number;
}

// Elements whose content is text up to their end tag, not markup (HTML § 13.1.2): a `<div id=…>` in a
// script's code is no element. Character references are decoded in the last two only.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
const AS_IS = new Set(['script', 'style']);
// A comment, or a start tag: its name, then attributes (a quoted value may hold `>`).
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const SIMPLE_SELECTOR = /^([a-zA-Z][\w-]*|\*)?((?:#[\w-]+|\.[\w-]+|\[[^\]]+\])*)$/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references a config or an attribute may hold (`&quot;`, `&#34;`, `&#x22;`). */
function decode(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (whole, dec, hex, name) => {
    const code = dec || hex ? Number.parseInt(dec ?? hex, dec ? 10 : 16) : -1;
    if (code >= 0) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Parses a simple selector; throws a UsageError naming what is not supported. */
function parseSelector(selector: string): Selector {
  const m = SIMPLE_SELECTOR.exec(selector.trim());
  if (!m || !selector.trim()) {
    throw new UsageError(
      `--selector: expected a simple selector (tag, #id, .class, [attr=value], or a compound of them), got "${selector}"`,
    );
  }
  const parsed: Selector = { classes: [], attributes: [] };
  if (m[1] && m[1] !== '*') parsed.tag = m[1].toLowerCase();
  for (const [part] of (m[2] ?? '').matchAll(/#[\w-]+|\.[\w-]+|\[[^\]]+\]/g)) {
    if (part.startsWith('#')) parsed.id = part.slice(1);
    else if (part.startsWith('.')) parsed.classes.push(part.slice(1));
    else {
      const a = /^\[\s*([^\s"'=]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))\s*)?\]$/.exec(part);
      if (!a) throw new UsageError(`--selector: only [attr] and [attr=value] are supported, got "${part}"`);
      const value = a[2] ?? a[3] ?? a[4];
      parsed.attributes.push({ name: a[1]!.toLowerCase(), ...(value === undefined ? {} : { value }) });
    }
  }
  return parsed;
}

function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name, ...values] of text.matchAll(ATTRIBUTE)) {
    const key = name!.toLowerCase();
    // HTML keeps the first of two attributes of the same name.
    if (!attributes.has(key)) attributes.set(key, decode(values.find((v) => v !== undefined) ?? ''));
  }
  return attributes;
}

function matches(selector: Selector, tag: string, attributes: Map<string, string>): boolean {
  if (selector.tag && selector.tag !== tag) return false;
  if (selector.id !== undefined && attributes.get('id') !== selector.id) return false;
  const classes = (attributes.get('class') ?? '').split(/\s+/);
  if (!selector.classes.every((c) => classes.includes(c))) return false;
  return selector.attributes.every(({ name, value }) =>
    value === undefined ? attributes.has(name) : attributes.get(name) === value,
  );
}

/** Where the element that starts at `start` ends: at its end tag, else at the end of the page. */
function endOf(html: string, tag: string, start: number): number {
  const close = new RegExp(`</${tag.replace(/[^\w-]/g, '\\$&')}[\\s/>]`, 'gi');
  close.lastIndex = start;
  return close.exec(html)?.index ?? html.length;
}

/**
 * The text of the first element of `html` that `selector` matches, as
 * `document.querySelector(selector).textContent` gives it for a config
 * (the text up to the element's end tag, without tags); undefined when none
 * matches.
 *
 * @example
 * elementText(page, '#consentry-config')?.text; // '{ "site": "example", … }'
 */
export function elementText(html: string, selector: string): ElementText | undefined {
  const wanted = parseSelector(selector);
  const token = new RegExp(TOKEN.source, 'g');
  for (let m = token.exec(html); m; m = token.exec(html)) {
    const [whole, name, attributes = ''] = m;
    if (!name) continue;
    const tag = name.toLowerCase();
    const start = m.index + whole.length;
    if (matches(wanted, tag, attributesOf(attributes))) {
      const content = html.slice(start, endOf(html, tag, start));
      const text = AS_IS.has(tag) ? content : decode(content.replace(/<[^>]*>/g, ''));
      return { text, line: html.slice(0, m.index).split('\n').length };
    }
    if (RAW_TEXT.has(tag)) token.lastIndex = endOf(html, tag, start);
  }
  return undefined;
}
