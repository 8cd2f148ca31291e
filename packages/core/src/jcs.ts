/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * Object keys are sorted by UTF-16 code units, there is no whitespace, numbers
 * use the ECMAScript shortest round-trip form and strings the minimal JSON
 * escapes — which is exactly what `JSON.stringify` does for primitives, so the
 * work here is key order and the I-JSON checks the RFC requires.
 *
 * Speed matters (the server hashes every proof, `consentry verify` every
 * exported record): the text is built by concatenation in one pass that does
 * not track the JSON path. Each level only knows its own key or index; when a
 * value is rejected, the path of the culprit is spelled out while the
 * rejection unwinds (a try/catch that catches nothing costs nothing).
 *
 * @example
 * canonicalize({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalize(value: unknown): string {
  return run(value);
}

/**
 * `canonicalize` of a plain object without its member `omit` (the chain hashes
 * a record without its `hash`), without copying the object.
 */
export function canonicalizeWithout(value: object, omit: string): string {
  // Anything but a plain object behaves exactly as canonicalizing a copy without `omit`.
  return run(value && typeof value === 'object' && !Array.isArray(value) ? value : without(value, omit), omit);
}

/** Raised for values JCS cannot represent, with the JSON path of the culprit. */
export class CanonicalizationError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'CanonicalizationError';
  }
}

/**
 * Thrown by `write` on a rejection, and only by it (so nothing thrown by a
 * getter or `toJSON` is mistaken for it); `reason` and `where` say what and
 * where. `where` grows from the culprit up to the root as the levels unwind.
 * No user code runs while it unwinds, so module state is safe here.
 */
const REJECTED = {};
let reason = '';
let where = '';

function reject(message: string): never {
  reason = message;
  where = '';
  throw REJECTED;
}

function run(value: unknown, omit?: string): string {
  try {
    return write(value, undefined, omit);
  } catch (error) {
    throw error === REJECTED ? new CanonicalizationError(`$${where}`, reason) : error;
  }
}

/** A copy of `value` without its member `omit`. */
function without(value: object, omit: string): Record<string, unknown> {
  const { [omit]: _omitted, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** Strings JSON.stringify would only wrap in quotes: no quote, backslash, control character or surrogate. */
const PLAIN = /^[^"\\\0-\x1f\ud800-\udfff]*$/;

/**
 * A `\ud…` escape in JSON.stringify's text: since ES2019 it writes a lone
 * surrogate, and nothing else, that way (pairs stay as they are, control
 * characters are `\u00…`). It starts an escape when an even run of
 * backslashes, each pair an escaped backslash, comes before it; the opening
 * quote guarantees the character before that run.
 */
export const ESCAPED_LONE_SURROGATE = /[^\\](\\\\)*\\ud/;

function quote(text: string): string {
  if (PLAIN.test(text)) return `"${text}"`;
  const json = JSON.stringify(text);
  // RFC 8785 §3.2.2.2 relies on I-JSON (RFC 7493 §2.1): no lone surrogates.
  if (ESCAPED_LONE_SURROGATE.test(json)) reject('string contains a lone surrogate');
  return json;
}

/**
 * The canonical text of `value`, which sits at `at` in its parent (a key, an
 * index, or undefined for the root and for what `toJSON` returns); `omit` is a
 * member of the root to leave out.
 */
function write(value: unknown, at?: string | number, omit?: string): string {
  try {
    switch (typeof value) {
      case 'string':
        return quote(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
        // RFC 8785 §3.2.2.3: NaN and Infinity are not JSON; for finite numbers String() is JSON's form.
        if (!Number.isFinite(value)) reject(`${value} is not a JSON number`);
        return String(value);
      case 'object': {
        if (!value) return 'null';
        if (Array.isArray(value)) {
          let out = '[';
          for (let i = 0; i < value.length; i++) {
            const item: unknown = value[i];
            if (i) out += ',';
            out += item === undefined ? 'null' : write(item, i);
          }
          return `${out}]`;
        }
        if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
          // A root with toJSON and `omit` is written as its copy without `omit`.
          return write(omit === undefined ? (value as { toJSON: () => unknown }).toJSON() : without(value, omit));
        }
        const keys = Object.keys(value);
        // Sorts by UTF-16 code units (RFC 8785 §3.2.3), as the default sort() does;
        // insertion sort is quicker for the few keys of a record.
        if (keys.length > 32) keys.sort();
        else
          for (let i = 1; i < keys.length; i++) {
            const key = keys[i]!;
            let j = i;
            for (; j && keys[j - 1]! > key; j--) keys[j] = keys[j - 1]!;
            keys[j] = key;
          }
        let out = '{';
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          if (key === omit) continue;
          const item = (value as Record<string, unknown>)[key];
          if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
          if (out.length > 1) out += ',';
          out += `${quote(key)}:${write(item, key)}`;
        }
        return `${out}}`;
      }
    }
    return reject(`${typeof value} is not a JSON value`);
  } catch (error) {
    if (error === REJECTED && at !== undefined) where = (typeof at === 'number' ? `[${at}]` : `.${at}`) + where;
    throw error;
  }
}
