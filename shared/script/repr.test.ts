import { describe, expect, it } from 'vitest';
import { hasPython311, python, rng } from './testing/python';
import { floatRepr, repr, str } from './repr';
import { PyBytes, PyFunction, PyIntEnum, PyModule, PyTuple, tuple, type PyValue } from './values';

describe('repr of simple values', () => {
  it('renders None, bools, ints, tuples', () => {
    expect(repr(null)).toBe('None');
    expect(repr(true)).toBe('True');
    expect(repr(-12345678901234567890n)).toBe('-12345678901234567890');
    expect(repr(tuple())).toBe('()');
    expect(repr(tuple(1n))).toBe('(1,)');
    expect(repr(tuple(1n, 'a', tuple(null, new PyBytes(new Uint8Array([0]), true))))).toBe("(1, 'a', (None, bytearray(b'\\x00')))");
  });

  it('refuses to print ints longer than 4300 digits, as CPython does', () => {
    expect(repr(10n ** 4299n).length).toBe(4300);
    expect(() => repr(10n ** 4300n)).toThrow(/Exceeds the limit \(4300 digits\) for integer string conversion; use sys.set_int_max_str_digits/);
    expect(() => repr(-(10n ** 4300n))).toThrow(/Exceeds the limit/);
  });

  it('uses an object’s own repr and str', () => {
    const af = new PyIntEnum('AddressFamily', 'AF_INET', 2n);
    expect(repr(af)).toBe('<AddressFamily.AF_INET: 2>');
    expect(str(af)).toBe('2');
    expect(repr(new PyModule('time', new Map()))).toBe("<module 'time' (built-in)>");
    expect(repr(new PyFunction('len', () => null))).toBe('<built-in function len>');
    expect(str(tuple('a', af))).toBe("('a', <AddressFamily.AF_INET: 2>)");
    expect(str('x')).toBe('x');
    expect(str(new PyBytes(new Uint8Array([0x61])))).toBe("b'a'");
  });
});

describe.skipIf(!hasPython311)('repr matches CPython 3.11', () => {
  it('for floats: special values, boundaries and 3000 random bit patterns', () => {
    const next = rng(12345);
    const bits: string[] = [
      '0000000000000000', '8000000000000000', '7ff0000000000000', 'fff0000000000000', '7ff8000000000000', '0000000000000001',
      '7fefffffffffffff', '3ff0000000000000', '3fb999999999999a', '4341c37937e08000', '4340000000000000', '3f1a36e2eb1c432d',
      '3ee4f8b588e368f1', '44b52d02c7e14af6', '3eb0c6f7a0b5ed8d', '4202a05f20000000',
    ];
    for (let i = 0; i < 3000; i++) {
      const hi = Math.floor(next() * 2 ** 32);
      const lo = Math.floor(next() * 2 ** 32);
      bits.push(hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0'));
    }
    // Also "human" numbers: short decimals at every magnitude.
    for (let e = -30; e <= 30; e++) {
      for (const m of [1, 1.5, 9.99, 123.456]) {
        const view = new DataView(new ArrayBuffer(8));
        view.setFloat64(0, m * 10 ** e);
        bits.push(view.getBigUint64(0).toString(16).padStart(16, '0'));
      }
    }
    const expected = python(
      'import json, struct, sys\nprint(json.dumps([repr(struct.unpack(">d", bytes.fromhex(b))[0]) for b in json.load(sys.stdin)]))',
      bits,
    ) as string[];
    const ours = bits.map((b) => {
      const view = new DataView(new ArrayBuffer(8));
      view.setBigUint64(0, BigInt('0x' + b));
      return floatRepr(view.getFloat64(0));
    });
    expect(ours).toEqual(expected);
  });

  it('for str: quoting, escapes and printable characters across Unicode', () => {
    const samples: string[] = ["'", '"', '\'"', 'a\'b"c', '\\', '', "it's", 'say "hi"'];
    // Every code point of the BMP below U+3400, in blocks, then a sample above.
    const BLOCK = 128;
    for (let start = 0; start < 0x3400; start += BLOCK) {
      samples.push(Array.from({ length: BLOCK }, (_, i) => String.fromCodePoint(start + i)).join(''));
    }
    for (let start = 0x3400; start < 0x110000; start += 0x1000 + 37) {
      samples.push(Array.from({ length: 64 }, (_, i) => String.fromCodePoint(Math.min(start + i, 0x10ffff))).join(''));
    }
    const expected = python('import json, sys\nprint(json.dumps([repr(s) for s in json.load(sys.stdin)]))', samples) as string[];
    expect(samples.map((s) => repr(s))).toEqual(expected);
  });

  it('for bytes and bytearray: every byte value and the quote rule', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const cases: [number[], boolean][] = [
      [Array.from(all), false],
      [Array.from(all), true],
      [[0x27], false],
      [[0x22], false],
      [[0x27, 0x22], false],
      [[0x27, 0x5c], true],
      [[], true],
    ];
    const expected = python(
      'import json, sys\nprint(json.dumps([repr(bytearray(b) if m else bytes(b)) for b, m in json.load(sys.stdin)]))',
      cases,
    ) as string[];
    expect(cases.map(([b, m]) => repr(new PyBytes(Uint8Array.from(b), m)))).toEqual(expected);
  });

  it('for nested tuples of mixed values', () => {
    const values: [PyValue, string][] = [
      [tuple(1n, 2.5, 'x', null, true, tuple()), "(1, 2.5, 'x', None, True, ())"],
      [new PyTuple([tuple(tuple())]), '(((),),)'],
    ];
    const expected = python('import json, sys\nprint(json.dumps([repr(eval(s)) for s in json.load(sys.stdin)]))', values.map(([, s]) => s)) as string[];
    expect(values.map(([v]) => repr(v))).toEqual(expected);
  });
});
