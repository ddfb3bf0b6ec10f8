import { describe, expect, it } from 'vitest';
import { add, compare, eq, getItem, getSlice, isSame, mul, neg, pos, sliceIndices, sub, truthy, unpack } from './ops';
import { repr } from './repr';
import { PyBytes, PyException, PyIntEnum, PyObject, PyTuple, tuple, type PyValue } from './values';

const AF_INET = new PyIntEnum('AddressFamily', 'AF_INET', 2n);
const SOCK_STREAM = new PyIntEnum('SocketKind', 'SOCK_STREAM', 1n);

class FakeSocket extends PyObject {
  readonly typeName = 'socket';
  repr(): string {
    return '<socket.socket fd=3>';
  }
}

const bytes = (...b: number[]) => new PyBytes(Uint8Array.from(b));

/** The TypeError/ValueError/... a call raises, as "Type: message". */
function raised(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PyException) return `${e.pyType}: ${e.pyMessage}`;
    throw e;
  }
  throw new Error('expected an exception');
}

describe('arithmetic', () => {
  it('keeps ints exact and mixes with floats as Python does', () => {
    expect(add(2n ** 64n, 1n)).toBe(18446744073709551617n);
    expect(add(1n, 0.5)).toBe(1.5);
    expect(mul(true, 3n)).toBe(3n);
    expect(sub(true, true)).toBe(0n);
    expect(neg(false)).toBe(-0n);
    expect(repr(neg(0.0))).toBe('-0.0');
    expect(raised(() => add(10n ** 400n, 1.0))).toBe('OverflowError: int too large to convert to float');
  });

  it('treats IntEnum members as ints and returns plain ints', () => {
    expect(add(AF_INET, 1n)).toBe(3n);
    expect(mul(AF_INET, 2n)).toBe(4n);
    expect(sub(AF_INET, SOCK_STREAM)).toBe(1n);
    expect(neg(AF_INET)).toBe(-2n);
    expect(pos(AF_INET)).toBe(2n);
    expect(add(AF_INET, 1.5)).toBe(3.5);
    expect(mul('ab', AF_INET)).toBe('abab');
    expect(raised(() => add(AF_INET, 'a'))).toBe("TypeError: unsupported operand type(s) for +: 'AddressFamily' and 'str'");
    expect(raised(() => add('a', AF_INET))).toBe('TypeError: can only concatenate str (not "AddressFamily") to str');
  });

  it('concatenates and repeats sequences', () => {
    expect(add('a', 'b')).toBe('ab');
    const ba = add(new PyBytes(Uint8Array.of(1), true), bytes(2)) as PyBytes;
    expect([ba.mutable, Array.from(ba.data)]).toEqual([true, [1, 2]]);
    expect((mul(tuple(1n), 3n) as PyTuple).items).toEqual([1n, 1n, 1n]);
    expect(mul(-2n, 'x')).toBe('');
    expect(raised(() => mul('a', 10n ** 20n))).toBe("OverflowError: cannot fit 'int' into an index-sized integer");
    expect(raised(() => mul('a', 2n ** 40n))).toBe('MemoryError: ');
  });

  it('reports unsupported operands of objects by their type name', () => {
    const s = new FakeSocket();
    expect(raised(() => add(s, 1n))).toBe("TypeError: unsupported operand type(s) for +: 'socket' and 'int'");
    expect(raised(() => add('a', s))).toBe('TypeError: can only concatenate str (not "socket") to str');
    expect(raised(() => neg(s))).toBe("TypeError: bad operand type for unary -: 'socket'");
  });
});

describe('comparisons and truth', () => {
  it('compares ints and floats exactly', () => {
    expect(eq(2n ** 53n + 1n, 2 ** 53)).toBe(false);
    expect(compare('>', 2n ** 53n + 1n, 2 ** 53)).toBe(true);
    expect(compare('<', 10n ** 400n, Infinity)).toBe(true);
    expect(compare('<', 1n, NaN)).toBe(false);
    expect(eq(AF_INET, 2n)).toBe(true);
    expect(eq(AF_INET, 2.0)).toBe(true);
    expect(compare('<', AF_INET, 3n)).toBe(true);
  });

  it('orders strings by code point and tuples lexicographically', () => {
    expect(compare('<', '\uffff', '\u{10000}')).toBe(true);
    expect(compare('<', tuple(1n, 'b'), tuple(1n, 'c'))).toBe(true);
    expect(compare('<', tuple(1n), tuple(1n, 0n))).toBe(true);
    expect(raised(() => compare('<', tuple(1n, 2n), tuple(1n, 'a')))).toBe("TypeError: '<' not supported between instances of 'int' and 'str'");
  });

  it('compares objects by identity only', () => {
    const s = new FakeSocket();
    expect(eq(s, s)).toBe(true);
    expect(eq(s, new FakeSocket())).toBe(false);
    expect(raised(() => compare('<', s, s))).toBe("TypeError: '<' not supported between instances of 'socket' and 'socket'");
    expect(isSame(null, null)).toBe(true);
  });

  it('applies Python truthiness', () => {
    const values: [PyValue, boolean][] = [
      [null, false], [0n, false], [0.0, false], ['', false], [bytes(), false], [tuple(), false], [new PyIntEnum('E', 'Z', 0n), false],
      [1n, true], [NaN, true], ['0', true], [bytes(0), true], [tuple(null), true], [AF_INET, true], [new FakeSocket(), true],
    ];
    for (const [v, t] of values) expect(truthy(v)).toBe(t);
  });
});

describe('indexing, slicing and unpacking', () => {
  it('indexes by code point and accepts int-like indexes', () => {
    expect(getItem('a😀c', 1n)).toBe('😀');
    expect(getItem(bytes(120, 121, 122), AF_INET)).toBe(122n);
    expect(getItem(tuple(1n, 2n), -1n)).toBe(2n);
    expect(raised(() => getItem(new FakeSocket(), 0n))).toBe("TypeError: 'socket' object is not subscriptable");
  });

  it('computes slice indices like PySlice_AdjustIndices', () => {
    expect(sliceIndices(5, null, null, -1n)).toEqual([4, 3, 2, 1, 0]);
    expect(sliceIndices(5, -2n, null, null)).toEqual([3, 4]);
    expect(sliceIndices(5, 10n ** 30n, null, null)).toEqual([]);
    expect(sliceIndices(5, 4n, 1n, -2n)).toEqual([4, 2]);
    expect(getSlice(tuple(1n, 2n, 3n), AF_INET, null, null)).toEqual(tuple(3n));
    expect(getSlice('a😀cd', 1n, 3n, null)).toBe('😀c');
  });

  it('unpacks sequences with CPython’s messages', () => {
    expect(unpack(bytes(1, 2), 2)).toEqual([1n, 2n]);
    expect(raised(() => unpack(tuple(1n), 2))).toBe('ValueError: not enough values to unpack (expected 2, got 1)');
    expect(raised(() => unpack('abc', 2))).toBe('ValueError: too many values to unpack (expected 2)');
    expect(raised(() => unpack(new FakeSocket(), 2))).toBe('TypeError: cannot unpack non-iterable socket object');
  });
});
