/**
 * Readable errors for zod results: each names its field path (`services[1].tier`)
 * and what was expected, so a site owner can fix a config from the console line.
 */
import type * as z from 'zod/mini';

/** One problem in a parsed value: where, and what was expected. */
export interface FieldError {
  /** JSON path, e.g. `services[1].tier`; empty for the root. */
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown): ParseResult<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => describeIssue(issue, input)) };
}

/** Formats errors as one line each: `path: message`. */
export function formatErrors(errors: FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, input: unknown): FieldError {
  const got = () => describeValue(valueAt(input, issue.path));
  switch (issue.code) {
    case 'invalid_type':
      return {
        path: formatPath(issue.path),
        message: `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${got()}`,
      };
    case 'invalid_value':
      return {
        path: formatPath(issue.path),
        message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${got()}`,
      };
    case 'unrecognized_keys':
      return {
        path: formatPath([...issue.path, issue.keys[0] ?? '']),
        message: `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''} (check its spelling)`,
      };
    case 'too_small':
    case 'too_big': {
      const path = formatPath(issue.path);
      if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) {
        return { path, message: `expected a non-empty string, got ${got()}` };
      }
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return { path, message: `expected ${bound}${unit}, got ${got()}` };
    }
    case 'invalid_key': {
      // A record key that fails its own schema (e.g. `texts.French`, not a language tag): say what the key must be.
      const inner = issue.issues[0];
      const what = inner?.code === 'invalid_format' && inner.format === 'regex' ? inner.message : 'a valid key';
      const key = JSON.stringify(String(issue.path.at(-1) ?? ''));
      return { path: formatPath(issue.path), message: `expected ${what} as the key, got ${key}` };
    }
    case 'invalid_format':
      return {
        path: formatPath(issue.path),
        message: `expected ${issue.format === 'regex' ? issue.message : `a valid ${issue.format}`}, got ${got()}`,
      };
    default:
      return { path: formatPath(issue.path), message: `expected ${issue.message}, got ${got()}` };
  }
}
