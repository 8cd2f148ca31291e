/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * Object keys are sorted by UTF-16 code units, there is no whitespace, numbers
 * use the ECMAScript shortest round-trip form and strings the minimal JSON
 * escapes — which is exactly what `JSON.stringify` does for primitives, so the
 * work here is key order and the I-JSON checks the RFC requires.
 *
 * @example
 * canonicalize({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalize(value: unknown): string {
  return write(value, '$');
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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function writeString(text: string, path: string): string {
  // RFC 8785 §3.2.2.2 relies on I-JSON (RFC 7493 §2.1): no lone surrogates.
  if (LONE_SURROGATE.test(text)) throw new CanonicalizationError(path, 'string contains a lone surrogate');
  return JSON.stringify(text);
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // RFC 8785 §3.2.2.3: NaN and Infinity are not JSON.
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
