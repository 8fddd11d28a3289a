import canonicalize from 'canonicalize';

import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('serialises the RFC 8785 §3.2.2 example exactly', () => {
    const input = {
      // eslint-disable-next-line no-loss-of-precision -- the RFC's own input, rounded on purpose
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/',
      literals: [null, true, false],
    };
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts members by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('formats numbers as ECMAScript does', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [-1.5, '-1.5'],
      [1e21, '1e+21'],
      [1e-7, '1e-7'],
      [123456789012345680000, '123456789012345680000'],
      [Number.MAX_SAFE_INTEGER, '9007199254740991'],
      [5e-324, '5e-324'],
      [0.1 + 0.2, '0.30000000000000004'],
    ];
    for (const [value, text] of cases) expect(canonicalJson(value)).toBe(text);
    expect(() => canonicalJson(NaN)).toThrow();
    expect(() => canonicalJson(Infinity)).toThrow();
  });

  it('leaves out undefined members, keeps nulls, has no whitespace', () => {
    expect(canonicalJson({ b: undefined, a: null, c: [1, { z: 1, y: [] }] })).toBe(
      '{"a":null,"c":[1,{"y":[],"z":1}]}',
    );
  });

  it('agrees with the reference implementation (canonicalize, by the RFC author) on varied data', () => {
    const samples: unknown[] = [
      { id: 'a1', nested: { é: 1, e: 2, E: 3, '': 4 }, list: [1.25, -3, 'x\ty', null, true] },
      { unicode: 'Tổ ứng cứu sự cố 🚨', control: '\u0001\u001f\u007f', quote: '"\\' },
      [{ b: 1, a: 2 }, [[[]]], {}],
      { numbers: [1e300, -1e-300, 0.5, 100, 2 ** 53 - 1] },
    ];
    for (const sample of samples) expect(canonicalJson(sample)).toBe(canonicalize(sample));
  });
});
