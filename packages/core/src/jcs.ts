/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * Object keys are sorted by UTF-16 code units, there is no whitespace, numbers
 * use the ECMAScript shortest round-trip form and strings the minimal JSON
 * escapes — which is exactly what `JSON.stringify` does for primitives, so the
 * work here is key order and the I-JSON checks the RFC requires.
 *
 * Speed matters (the server hashes every proof, `consentry verify` every
 * exported record): the text is built by concatenation without tracking the
 * JSON path; only when a value is rejected does a second, path-tracking pass
 * run to name the culprit in the error.
 *
 * @example
 * canonicalize({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalize(value: unknown): string {
  try {
    return fast(value, undefined);
  } catch (error) {
    if (error !== REJECTED) throw error;
    return write(value, '$');
  }
}

/**
 * `canonicalize` of a plain object without its member `omit` (the chain hashes
 * a record without its `hash`), without copying the object.
 */
export function canonicalizeWithout(value: object, omit: string): string {
  try {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return fast(value, omit);
  } catch (error) {
    if (error !== REJECTED) throw error;
  }
  // Anything else behaves exactly as canonicalizing a copy without `omit`.
  const { [omit]: _omitted, ...rest } = value as Record<string, unknown>;
  return write(rest, '$');
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

/** Thrown by the fast pass; the path-tracking pass then throws the real error. */
const REJECTED = Symbol('rejected');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Cheap pre-check: most strings hold no surrogate at all, so the exact test rarely runs. */
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** Strings JSON.stringify would only wrap in quotes: no quote, backslash, control character or surrogate. */
const PLAIN = /^[^"\\\u0000-\u001F\uD800-\uDFFF]*$/;

function fastString(text: string): string {
  if (PLAIN.test(text)) return `"${text}"`;
  // RFC 8785 §3.2.2.2 relies on I-JSON (RFC 7493 §2.1): no lone surrogates.
  if (ANY_SURROGATE.test(text) && LONE_SURROGATE.test(text)) throw REJECTED;
  return JSON.stringify(text);
}

/**
 * Sorts keys in place by UTF-16 code units (RFC 8785 §3.2.3), as the default
 * `sort()` does; insertion sort is quicker for the few keys of a record.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function fast(value: unknown, omit: string | undefined): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return fastString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // RFC 8785 §3.2.2.3: NaN and Infinity are not JSON; for finite numbers String() is JSON's form.
      if (!Number.isFinite(value)) throw REJECTED;
      return String(value);
    case 'object': {
      if (Array.isArray(value)) {
        if (omit !== undefined) throw REJECTED;
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (i > 0) out += ',';
          out += item === undefined ? 'null' : fast(item, undefined);
        }
        return `${out}]`;
      }
      const source = value as Record<string, unknown>;
      if (typeof source.toJSON === 'function') {
        if (omit !== undefined) throw REJECTED;
        return fast((source as { toJSON: () => unknown }).toJSON(), undefined);
      }
      const keys = sortKeys(Object.keys(source));
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (key === omit) continue;
        const item = source[key];
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        if (out.length > 1) out += ',';
        out += `${fastString(key)}:${fast(item, undefined)}`;
      }
      return `${out}}`;
    }
    default:
      throw REJECTED;
  }
}

function writeString(text: string, path: string): string {
  if (LONE_SURROGATE.test(text)) throw new CanonicalizationError(path, 'string contains a lone surrogate');
  return JSON.stringify(text);
}

/** The path-tracking pass: the same output, and errors that name where. */
function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(path, `${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'string':
      return writeString(value, path);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? 'null' : write(item, `${path}[${i}]`))).join(',')}]`;
      }
      const source = value as Record<string, unknown>;
      if (typeof (source as { toJSON?: unknown }).toJSON === 'function') {
        return write((source as { toJSON: () => unknown }).toJSON(), path);
      }
      const parts: string[] = [];
      // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
      for (const key of Object.keys(source).sort()) {
        const item = source[key];
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        parts.push(`${writeString(key, path)}:${write(item, `${path}.${key}`)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new CanonicalizationError(path, `${typeof value} is not a JSON value`);
  }
}
