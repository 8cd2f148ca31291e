import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalize } from '../../packages/core/src/jcs.js';
import { canonicalize as compact } from '../../packages/core/src/jcs-compact.js';

/** The text of jcs.ts, or the fact that it rejects. */
const full = (value: unknown): string | Error => {
  try {
    return canonicalize(value);
  } catch (error) {
    return error as Error;
  }
};

/** Strings of any UTF-16 code units: lone surrogates, controls, quotes and backslashes included. */
const anyString = fc.string({ unit: 'binary' });
const weirdString = fc.oneof(
  anyString,
  fc.constantFrom('\ud800', '\\\ud800', '\\\\\udfff', 'a\udc00b', '\ud83d\ude00', '"\\', '\u2028', '\0'),
);

describe('the compact canonical JSON of the script tag (jcs-compact.ts)', () => {
  it('writes exactly what jcs.ts writes for every JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        assert.equal(compact(value), canonicalize(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes what jcs.ts writes, or throws, for any value at all, never another text', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.anything({
          withBoxedValues: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withNullPrototype: true,
          withSparseArray: true,
          withTypedArray: true,
          withBigInt: true,
          stringUnit: 'binary',
        }),
        weirdString,
        fc.double(),
        fc.constantFrom(undefined, null, Number.NaN, Infinity, -0, () => 1, Symbol('s'), { toJSON: () => 'x' }),
      ),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(weirdString, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const expected = full(v);
        let actual: string | Error;
        try {
          actual = compact(v);
        } catch (error) {
          actual = error as Error;
        }
        if (typeof actual === 'string') assert.equal(actual, expected);
        else if (typeof expected === 'string') assert.ok(actual instanceof Error);
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects what JCS cannot represent, as jcs.ts does', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity, '\ud800', { k: 'a\udfffb' }, { '\udbff': 1 }, [1n], () => 1]) {
      assert.throws(() => compact(bad), TypeError);
      assert.ok(full(bad) instanceof Error);
    }
  });

  it('keeps what JCS specifies: UTF-16 key order, ES number forms, minimal escapes (RFC 8785 §3.2.3, §3.2.2)', () => {
    const sample = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew',
      '1': 'One',
      '\ud83d\ude00': 'Emoji',
      '\u0080': 'Control',
      '\u00f6': 'Latin',
    };
    assert.equal(
      compact(sample),
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji","\ufb33":"Hebrew"}',
    );
    assert.equal(
      compact({ numbers: [333333333.3333333, 1e30, 4.5, 0.002, 1e-27, -0], literals: [null, true, false] }),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27,0]}',
    );
    assert.equal(compact({ b: undefined, a: [{ z: 1, y: 2 }] }), '{"a":[{"y":2,"z":1}]}');
  });
});
