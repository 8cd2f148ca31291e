/**
 * `node:test` in the browser: @web/test-runner runs mocha, so the same test
 * files run in Node (node's test runner) and in Chromium (mocha) unchanged.
 * web-test-runner.config.mjs maps `node:test` here.
 */
type Fn = () => unknown;
interface Mocha {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: Fn): void;
  before(fn: Fn): void;
  after(fn: Fn): void;
  beforeEach(fn: Fn): void;
  afterEach(fn: Fn): void;
}
const mocha = globalThis as unknown as Mocha;

export const describe = (name: string, fn: () => void) => mocha.describe(name, fn);
export const it = (name: string, fn: Fn) => mocha.it(name, fn);
export const test = it;
export const before = (fn: Fn) => mocha.before(fn);
export const after = (fn: Fn) => mocha.after(fn);
export const beforeEach = (fn: Fn) => mocha.beforeEach(fn);
export const afterEach = (fn: Fn) => mocha.afterEach(fn);
