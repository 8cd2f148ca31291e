/**
 * The part of `node:assert/strict` the tests use, for the browser.
 * web-test-runner.config.mjs maps `node:assert/strict` and `node:assert` here.
 */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

const show = (v: unknown) => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Map && b instanceof Map) {
    return a.size === b.size && [...a].every(([k, v]) => b.has(k) && isDeepEqual(v, b.get(k)));
  }
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((v) => b.has(v));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && isDeepEqual((a as never)[k], (b as never)[k]));
}

type Expected = RegExp | ((e: unknown) => boolean) | (new (...args: never[]) => unknown) | Record<string, unknown>;

function matches(error: unknown, expected: Expected | undefined): boolean {
  if (expected === undefined) return true;
  // As node:assert: a RegExp is tested against the error's string form (`Name: message`).
  if (expected instanceof RegExp) return expected.test(String(error));
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && error instanceof (expected as new () => unknown)) return true;
    return (expected as (e: unknown) => boolean)(error) === true;
  }
  return Object.entries(expected).every(([k, v]) => {
    const actual = (error as Record<string, unknown>)[k];
    return v instanceof RegExp && typeof actual === 'string' ? v.test(actual) : isDeepEqual(actual, v);
  });
}

function fail(message: string, custom?: string): never {
  throw new AssertionError(custom ?? message);
}

function ok(value: unknown, message?: string): asserts value {
  if (!value) fail(`expected a truthy value, got ${show(value)}`, message);
}

const methods = {
  ok,
  equal(actual: unknown, expected: unknown, message?: string) {
    if (!Object.is(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, message);
  },
  notEqual(actual: unknown, expected: unknown, message?: string) {
    if (Object.is(actual, expected)) fail(`expected something other than ${show(expected)}`, message);
  },
  deepEqual(actual: unknown, expected: unknown, message?: string) {
    if (!isDeepEqual(actual, expected)) fail(`expected ${show(expected)},\n     got ${show(actual)}`, message);
  },
  notDeepEqual(actual: unknown, expected: unknown, message?: string) {
    if (isDeepEqual(actual, expected)) fail(`expected something other than ${show(expected)}`, message);
  },
  match(actual: string, pattern: RegExp, message?: string) {
    if (!pattern.test(actual)) fail(`expected ${show(actual)} to match ${pattern}`, message);
  },
  doesNotMatch(actual: string, pattern: RegExp, message?: string) {
    if (pattern.test(actual)) fail(`expected ${show(actual)} not to match ${pattern}`, message);
  },
  throws(fn: () => unknown, expected?: Expected, message?: string) {
    try {
      fn();
    } catch (error) {
      if (!matches(error, expected)) fail(`unexpected error: ${String(error)}`, message);
      return;
    }
    fail('expected the function to throw', message);
  },
  async rejects(promise: Promise<unknown> | (() => Promise<unknown>), expected?: Expected, message?: string) {
    try {
      await (typeof promise === 'function' ? promise() : promise);
    } catch (error) {
      if (!matches(error, expected)) fail(`unexpected rejection: ${String(error)}`, message);
      return;
    }
    fail('expected a rejection', message);
  },
  fail(message?: string): never {
    return fail('failed', message);
  },
};

// node:assert/strict: the strict names are the same checks.
export default Object.assign(ok, methods, {
  deepStrictEqual: methods.deepEqual,
  strictEqual: methods.equal,
  notStrictEqual: methods.notEqual,
});
