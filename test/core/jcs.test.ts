import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CanonicalizationError, canonicalize } from '../../packages/core/src/index.js';
import { canonicalizeWithout } from '../../packages/core/src/jcs.js';

/** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text. */
const NUMBER_VECTORS: Array<[string, string | null]> = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['7fffffffffffffff', null],
  ['7ff0000000000000', null],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('RFC 8785 canonical JSON', () => {
  it('serializes every number vector of Appendix B, and rejects NaN and Infinity', () => {
    for (const [bits, expected] of NUMBER_VECTORS) {
      const value = fromBits(bits);
      if (expected === null) assert.throws(() => canonicalize(value), CanonicalizationError, bits);
      else assert.equal(canonicalize(value), expected, bits);
    }
  });

  it('orders keys by UTF-16 code units (section 3.2.3 example)', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",' +
        '"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    // Read the order off the text: JSON.parse would move the integer-like key "1" first again.
    const values = [...canonicalize(input).matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(values, [
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it('produces the canonical form of the section 3.2.2 example (numbers, escapes, literals)', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    assert.equal(
      canonicalize(input),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts nested objects, drops undefined members and keeps arrays in order', () => {
    assert.equal(canonicalize({ b: [3, { z: 1, a: undefined, y: 'x' }], a: {} }), '{"a":{},"b":[3,{"y":"x","z":1}]}');
  });

  it('rejects lone surrogates (I-JSON) with the path of the culprit', () => {
    assert.throws(() => canonicalize({ ok: 'fine', bad: ['\ud800'] }), /\$\.bad\[0\]: .*lone surrogate/);
    assert.throws(() => canonicalize({ ['\udc00']: 1 }), CanonicalizationError);
    assert.equal(canonicalize('\ud83d\ude00'), '"😀"');
  });

  it('rejects values that are not JSON', () => {
    assert.throws(() => canonicalize({ n: 10n }), CanonicalizationError);
    assert.throws(() => canonicalize(Symbol('s')), CanonicalizationError);
  });

  it('names the exact path of the culprit, deep in arrays and objects, for every kind of rejection', () => {
    const caught = (f: () => unknown): CanonicalizationError => {
      try {
        f();
      } catch (error) {
        assert.ok(error instanceof CanonicalizationError);
        return error;
      }
      assert.fail('no error');
    };
    const cases: Array<[unknown, string, string]> = [
      [{ a: [{ ok: 1 }, { b: [1, Number.NaN] }] }, '$.a[1].b[1]', 'NaN is not a JSON number'],
      [[[[-Infinity]]], '$[0][0][0]', '-Infinity is not a JSON number'],
      [{ x: { y: [() => 1] } }, '$.x.y[0]', 'function is not a JSON value'],
      [{ 'a.b': [0, 1, Symbol('s')] }, '$.a.b[2]', 'symbol is not a JSON value'],
      [{ n: [{}, { m: 1n }] }, '$.n[1].m', 'bigint is not a JSON value'],
      [undefined, '$', 'undefined is not a JSON value'],
      // A key with a lone surrogate is the fault of the object that holds it.
      [{ a: [{ '\udc00': 1 }] }, '$.a[0]', 'string contains a lone surrogate'],
      // What toJSON returns sits at the path of the object that has it.
      [{ d: [{ toJSON: () => Number.NaN }] }, '$.d[0]', 'NaN is not a JSON number'],
      [{ d: { toJSON: () => ({ e: [undefined, '\ud800x'] }) } }, '$.d.e[1]', 'string contains a lone surrogate'],
      [{ d: { toJSON: () => undefined } }, '$.d', 'undefined is not a JSON value'],
    ];
    for (const [value, path, message] of cases) {
      const error = caught(() => canonicalize(value));
      assert.equal(error.name, 'CanonicalizationError');
      assert.equal(error.path, path);
      assert.equal(error.message, `${path}: ${message}`);
    }
    // The same paths from canonicalizeWithout, whose omitted member is not looked at.
    const error = caught(() => canonicalizeWithout({ hash: Number.NaN, a: [{ b: '\udbff' }] }, 'hash'));
    assert.equal(error.message, '$.a[0].b: string contains a lone surrogate');
  });

  it('rejects a lone surrogate wherever it sits among escapes, and nothing else', () => {
    for (const text of [
      '\ud800',
      '\udfff',
      'a\udc00',
      '\ud800\ud800',
      '\udc00\ud800',
      '"\ud800',
      '\\\ud800',
      '\\\\\udc00',
      '\n\udbff',
    ]) {
      assert.throws(
        () => canonicalize(text),
        /^CanonicalizationError: \$: string contains a lone surrogate$/,
        JSON.stringify(text),
      );
    }
    // Text that looks like an escaped surrogate once escaped itself, control characters, pairs: all fine.
    for (const text of ['\\ud800', '\\\\ud800', '\\"\\ud83d', '\u0001\u001f', '\ud83d\ude00"\\', 'x\\\ud83d\ude00']) {
      assert.equal(canonicalize(text), JSON.stringify(text));
    }
  });

  it('skips undefined, function and symbol members, and writes null for undefined and holes in arrays', () => {
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    assert.equal(
      canonicalize({ u: undefined, f: () => 1, s: Symbol('s'), a: [undefined, null], h: sparse }),
      '{"a":[null,null],"h":[1,null,3]}',
    );
  });

  it('lets an error thrown by a getter or toJSON through untouched, even a CanonicalizationError', () => {
    const inner = new CanonicalizationError('$.elsewhere', 'from a nested call');
    assert.throws(
      () =>
        canonicalize({
          a: [
            {
              toJSON: () => {
                throw inner;
              },
            },
          ],
        }),
      (error) => error === inner && inner.path === '$.elsewhere',
    );
    const boom = new Error('boom');
    const getter = {
      get b() {
        throw boom;
      },
    };
    assert.throws(
      () => canonicalize({ a: getter }),
      (error) => error === boom,
    );
    // A toJSON that canonicalizes (and fails) inside does not disturb the outer path.
    const nested = {
      toJSON: () => {
        assert.throws(() => canonicalize({ deep: [Number.NaN] }), /\$\.deep\[0\]/);
        return 'ok';
      },
    };
    assert.throws(() => canonicalize({ n: nested, z: [Infinity] }), /^CanonicalizationError: \$\.z\[0\]: Infinity/);
  });

  it('canonicalizeWithout drops only the top-level member, and otherwise acts as canonicalize of a copy without it', () => {
    assert.equal(canonicalizeWithout({ hash: 'x', b: { hash: 1 }, a: 2 }, 'hash'), '{"a":2,"b":{"hash":1}}');
    // An own toJSON is called on the copy; a toJSON from the prototype is not copied, so the members are written.
    const own = {
      hash: 'x',
      v: 1,
      toJSON(this: Record<string, unknown>) {
        return Object.keys(this).filter((k) => k !== 'toJSON');
      },
    };
    assert.equal(canonicalizeWithout(own, 'hash'), '["v"]');
    class Row {
      hash = 'x';
      v = 1;
      toJSON() {
        return 'never called';
      }
    }
    assert.equal(canonicalizeWithout(new Row(), 'hash'), '{"v":1}');
    assert.equal(canonicalizeWithout(new Date(0), 'hash'), '{}');
    // Arrays (and arrays toJSON returns) are copied as objects; holes are null as anywhere else.
    const sparse: unknown[] = ['a'];
    sparse[2] = 'c';
    assert.equal(canonicalizeWithout(sparse, 'hash'), '{"0":"a","2":"c"}');
    assert.equal(canonicalizeWithout({ toJSON: () => sparse }, 'hash'), '["a",null,"c"]');
    assert.throws(() => canonicalizeWithout(null as unknown as object, 'hash'), TypeError);
  });
});
