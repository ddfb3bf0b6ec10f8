// Operators on playground values with CPython 3.11's results and error messages:
// + - * and unary - +, comparisons, identity, truthiness, indexing and slicing.
import { codePointLength, codePoints, compareCodePoints } from './unicode';
import { repr } from './repr';
import { PyBytes, PyClass, PyEnumClass, PyException, PyTuple, asIndex, typeName, type PyValue } from './values';

/** The six rich comparisons (`is` / `is not` are identity, see isSame). */
export type RichCompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

const typeError = (message: string) => new PyException('TypeError', message);

/** PY_SSIZE_T_MAX on 64-bit CPython: beyond it an index "cannot fit". */
export const SSIZE_MAX = (1n << 63n) - 1n;
export const SSIZE_MIN = -(1n << 63n);
/**
 * Results longer than this raise MemoryError instead of exhausting the JS heap.
 * CPython would try (and usually fail) to allocate; a playground script has no use for
 * gigabyte strings.
 */
export const MAX_SEQUENCE_LENGTH = 1 << 28;

// ---------------------------------------------------------------------------
// Numbers

/** int value of int, bool and int-like objects (IntEnum members); undefined otherwise. */
function intOf(v: PyValue): bigint | undefined {
  return asIndex(v);
}

/** Number-like values: int (incl. bool, IntEnum) as bigint, float as number. */
function numericOf(v: PyValue): bigint | number | undefined {
  if (typeof v === 'number') return v;
  return intOf(v);
}

/** Converts a Python int to float, as int.__float__ does (correctly rounded, OverflowError if too big). */
export function intToFloat(n: bigint): number {
  const f = Number(n);
  if (!Number.isFinite(f)) throw new PyException('OverflowError', 'int too large to convert to float');
  return f;
}

function arith(op: '+' | '-' | '*', a: bigint | number, b: bigint | number): bigint | number {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    return op === '+' ? a + b : op === '-' ? a - b : a * b;
  }
  const x = typeof a === 'bigint' ? intToFloat(a) : a;
  const y = typeof b === 'bigint' ? intToFloat(b) : b;
  return op === '+' ? x + y : op === '-' ? x - y : x * y;
}

const unsupportedOperands = (op: string, a: PyValue, b: PyValue) =>
  typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);

// ---------------------------------------------------------------------------
// Sequences

function concatBytes(a: PyBytes, b: PyBytes): PyBytes {
  // CPython's bytes + b'' (or b'' + bytes) is the non-empty operand itself.
  if (!a.mutable && b.data.length === 0) return a;
  if (!a.mutable && !b.mutable && a.data.length === 0) return b;
  const out = new Uint8Array(a.data.length + b.data.length);
  out.set(a.data);
  out.set(b.data, a.data.length);
  // bytes + bytearray is bytes; bytearray + bytes is a bytearray.
  return new PyBytes(out, a.mutable);
}

/** a + b */
export function add(a: PyValue, b: PyValue): PyValue {
  const x = numericOf(a);
  const y = numericOf(b);
  if (x !== undefined && y !== undefined) return arith('+', x, y);
  if (typeof a === 'string') {
    if (typeof b === 'string') {
      checkLength(a.length + b.length);
      return a + b;
    }
    throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (a instanceof PyBytes) {
    if (b instanceof PyBytes) return concatBytes(a, b);
    throw typeError(`can't concat ${typeName(b)} to ${a.typeName}`);
  }
  if (a instanceof PyTuple) {
    if (b instanceof PyTuple) {
      // As in CPython, t + () and () + t are t itself.
      if (b.items.length === 0) return a;
      if (a.items.length === 0) return b;
      return new PyTuple([...a.items, ...b.items]);
    }
    throw typeError(`can only concatenate tuple (not "${typeName(b)}") to tuple`);
  }
  throw unsupportedOperands('+', a, b);
}

/** a - b */
export function sub(a: PyValue, b: PyValue): PyValue {
  const x = numericOf(a);
  const y = numericOf(b);
  if (x !== undefined && y !== undefined) return arith('-', x, y);
  throw unsupportedOperands('-', a, b);
}

const isSequence = (v: PyValue): v is string | PyBytes | PyTuple =>
  typeof v === 'string' || v instanceof PyBytes || v instanceof PyTuple;

/** MemoryError for results beyond MAX_SEQUENCE_LENGTH. */
function checkLength(length: number | bigint): void {
  if (BigInt(length) > BigInt(MAX_SEQUENCE_LENGTH)) throw new PyException('MemoryError', '');
}

function repeat(seq: string | PyBytes | PyTuple, count: PyValue): PyValue {
  const n = intOf(count);
  if (n === undefined) throw typeError(`can't multiply sequence by non-int of type '${typeName(count)}'`);
  if (n > SSIZE_MAX || n < SSIZE_MIN) throw new PyException('OverflowError', "cannot fit 'int' into an index-sized integer");
  const times = n < 0n ? 0n : n;
  const len = BigInt(typeof seq === 'string' ? codePointLength(seq) : seq instanceof PyBytes ? seq.data.length : seq.items.length);
  const total = len * times;
  if (total > SSIZE_MAX) {
    // CPython's str and bytes check for overflow before allocating; tuple just fails to allocate.
    if (typeof seq === 'string') throw new PyException('OverflowError', 'repeated string is too long');
    if (seq instanceof PyBytes) throw new PyException('OverflowError', 'repeated bytes are too long');
    throw new PyException('MemoryError', '');
  }
  checkLength(total);
  const k = Number(times);
  // An immutable sequence repeated once is itself in CPython (`t * 1 is t`).
  if (k === 1 && !(seq instanceof PyBytes && seq.mutable)) return seq;
  // Nothing to repeat (or no times): done at once, however large the count.
  if (total === 0n) {
    if (typeof seq === 'string') return '';
    if (seq instanceof PyBytes) return new PyBytes(new Uint8Array(0), seq.mutable);
    return seq.items.length === 0 ? seq : new PyTuple([]);
  }
  if (typeof seq === 'string') return seq.repeat(k);
  if (seq instanceof PyBytes) {
    const out = new Uint8Array(seq.data.length * k);
    out.set(seq.data);
    // Doubling copies: a short pattern repeated many times costs log(k) copies, not k.
    for (let filled = seq.data.length; filled < out.length; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
    return new PyBytes(out, seq.mutable);
  }
  const items: PyValue[] = [];
  for (let i = 0; i < k; i++) items.push(...seq.items);
  return new PyTuple(items);
}

/** a * b */
export function mul(a: PyValue, b: PyValue): PyValue {
  const x = numericOf(a);
  const y = numericOf(b);
  if (x !== undefined && y !== undefined) return arith('*', x, y);
  if (isSequence(a)) return repeat(a, b);
  if (isSequence(b)) return repeat(b, a);
  throw unsupportedOperands('*', a, b);
}

/** -a */
export function neg(a: PyValue): PyValue {
  const x = numericOf(a);
  if (x === undefined) throw typeError(`bad operand type for unary -: '${typeName(a)}'`);
  return -x;
}

/** +a */
export function pos(a: PyValue): PyValue {
  const x = numericOf(a);
  if (x === undefined) throw typeError(`bad operand type for unary +: '${typeName(a)}'`);
  // +x of a float is x itself, of a bool or an IntEnum member its plain int.
  return x;
}

// ---------------------------------------------------------------------------
// Truth and identity

/** bool(v) */
export function truthy(v: PyValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'string':
      return v.length > 0;
  }
  if (v instanceof PyBytes) return v.data.length > 0;
  if (v instanceof PyTuple) return v.items.length > 0;
  if (v.intValue) return v.intValue() !== 0n;
  return true;
}

/**
 * a is b. Values JavaScript holds by value (int, float, str) compare by value, which
 * can differ from CPython for large ints or computed strings (where `is` is unreliable anyway).
 */
export function isSame(a: PyValue, b: PyValue): boolean {
  if (Object.is(a, b)) return true;
  // CPython has one empty tuple and one empty bytes object: every () is every other ().
  if (a instanceof PyTuple && b instanceof PyTuple) return a.items.length === 0 && b.items.length === 0;
  if (a instanceof PyBytes && b instanceof PyBytes) return !a.mutable && !b.mutable && a.data.length === 0 && b.data.length === 0;
  return false;
}

// ---------------------------------------------------------------------------
// Comparisons

/** Exact comparison of an int with a float (CPython never rounds the int). NaN gives undefined. */
function compareIntFloat(i: bigint, f: number): number | undefined {
  if (Number.isNaN(f)) return undefined;
  if (f === Infinity) return -1;
  if (f === -Infinity) return 1;
  const floor = Math.floor(f);
  const fi = BigInt(floor);
  if (i < fi) return -1;
  if (i > fi) return 1;
  return f === floor ? 0 : -1;
}

/** -1/0/1 for numbers, undefined when unordered (NaN). */
function compareNumbers(a: bigint | number, b: bigint | number): number | undefined {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'bigint') return compareIntFloat(a, b as number);
  const r = compareIntFloat(b as bigint, a);
  return r === undefined ? undefined : -r;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** a == b */
export function eq(a: PyValue, b: PyValue): boolean {
  const x = numericOf(a);
  const y = numericOf(b);
  if (x !== undefined && y !== undefined) return compareNumbers(x, y) === 0;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a instanceof PyBytes && b instanceof PyBytes) return compareBytes(a.data, b.data) === 0;
  if (a instanceof PyTuple && b instanceof PyTuple) {
    if (a === b) return true;
    if (a.items.length !== b.items.length) return false;
    // Python compares tuple items by identity first, then ==.
    return a.items.every((item, i) => isSame(item, b.items[i]) || eq(item, b.items[i]));
  }
  return isSame(a, b);
}

function orderResult(op: RichCompareOp, c: number | undefined): boolean {
  if (c === undefined) return false;
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
  }
}

/** a op b for the six rich comparisons. */
export function compare(op: RichCompareOp, a: PyValue, b: PyValue): boolean {
  if (op === '==') return eq(a, b);
  if (op === '!=') return !eq(a, b);
  const x = numericOf(a);
  const y = numericOf(b);
  if (x !== undefined && y !== undefined) return orderResult(op, compareNumbers(x, y));
  if (typeof a === 'string' && typeof b === 'string') return orderResult(op, compareCodePoints(a, b));
  if (a instanceof PyBytes && b instanceof PyBytes) return orderResult(op, compareBytes(a.data, b.data));
  if (a instanceof PyTuple && b instanceof PyTuple) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const p = a.items[i];
      const q = b.items[i];
      if (!(isSame(p, q) || eq(p, q))) return compare(op, p, q);
    }
    return orderResult(op, a.items.length - b.items.length);
  }
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

// ---------------------------------------------------------------------------
// Indexing and slicing

/** Items of an iterable value, for unpacking, bytes(), tuple(), join(); undefined if not iterable. */
export function iterate(v: PyValue): PyValue[] | undefined {
  if (typeof v === 'string') return codePoints(v);
  if (v instanceof PyBytes) return Array.from(v.data, (b) => BigInt(b));
  if (v instanceof PyTuple) return [...v.items];
  return undefined;
}

/** len(v), or undefined for values without a length. */
export function length(v: PyValue): number | undefined {
  if (typeof v === 'string') return codePointLength(v);
  if (v instanceof PyBytes) return v.data.length;
  if (v instanceof PyTuple) return v.items.length;
  return undefined;
}

/** Converts an int index to a number, or raises IndexError like PyNumber_AsSsize_t(IndexError). */
function indexToNumber(i: bigint): number {
  if (i > SSIZE_MAX || i < SSIZE_MIN) throw new PyException('IndexError', "cannot fit 'int' into an index-sized integer");
  // Beyond 2**53 every index is out of range for any real sequence anyway.
  return Number(i);
}

const INDEX_ERRORS = {
  str: ['string index out of range', (t: string) => `string indices must be integers, not '${t}'`],
  bytes: ['index out of range', (t: string) => `byte indices must be integers or slices, not ${t}`],
  bytearray: ['bytearray index out of range', (t: string) => `bytearray indices must be integers or slices, not ${t}`],
  tuple: ['tuple index out of range', (t: string) => `tuple indices must be integers or slices, not ${t}`],
} as const;

function sequenceKind(v: string | PyBytes | PyTuple): keyof typeof INDEX_ERRORS {
  if (typeof v === 'string') return 'str';
  if (v instanceof PyBytes) return v.mutable ? 'bytearray' : 'bytes';
  return 'tuple';
}

function notSubscriptable(v: PyValue): PyException {
  // A class without __class_getitem__: "type 'int' is not subscriptable".
  if (v instanceof PyClass) return typeError(`type '${v.qualifiedName.split('.').pop()}' is not subscriptable`);
  return typeError(`'${typeName(v)}' object is not subscriptable`);
}

/** obj[index] for an int-like index. */
export function getItem(obj: PyValue, index: PyValue): PyValue {
  // EnumType.__getitem__: a member by name (AddressFamily['AF_INET']).
  if (obj instanceof PyEnumClass) {
    const member = typeof index === 'string' ? obj.members.get(index) : undefined;
    if (member === undefined) throw new PyException('KeyError', repr(index));
    return member;
  }
  if (!isSequence(obj)) throw notSubscriptable(obj);
  const kind = sequenceKind(obj);
  const [outOfRange, badType] = INDEX_ERRORS[kind];
  const i = intOf(index);
  if (i === undefined) throw typeError(badType(typeName(index)));
  let k = indexToNumber(i);
  if (typeof obj === 'string') {
    const chars = codePoints(obj);
    if (k < 0) k += chars.length;
    if (k < 0 || k >= chars.length) throw new PyException('IndexError', outOfRange);
    return chars[k];
  }
  const n = obj instanceof PyBytes ? obj.data.length : obj.items.length;
  if (k < 0) k += n;
  if (k < 0 || k >= n) throw new PyException('IndexError', outOfRange);
  return obj instanceof PyBytes ? BigInt(obj.data[k]) : obj.items[k];
}

/** A slice bound: None, or an int clamped to the ssize_t range (as _PyEval_SliceIndex). */
function sliceBound(v: PyValue): number | null {
  if (v === null) return null;
  const i = intOf(v);
  if (i === undefined) throw typeError('slice indices must be integers or None or have an __index__ method');
  const clamped = i > SSIZE_MAX ? SSIZE_MAX : i < SSIZE_MIN ? SSIZE_MIN : i;
  return Number(clamped);
}

/** PySlice_AdjustIndices: the indices a slice selects from a sequence of `length`. */
export function sliceIndices(length: number, lower: PyValue, upper: PyValue, step: PyValue): number[] {
  const stepN = sliceBound(step) ?? 1;
  if (stepN === 0) throw new PyException('ValueError', 'slice step cannot be zero');
  let start = sliceBound(lower);
  let stop = sliceBound(upper);
  if (stepN > 0) {
    start = start === null ? 0 : start < 0 ? Math.max(start + length, 0) : Math.min(start, length);
    stop = stop === null ? length : stop < 0 ? Math.max(stop + length, 0) : Math.min(stop, length);
  } else {
    start = start === null ? length - 1 : start < 0 ? Math.max(start + length, -1) : Math.min(start, length - 1);
    stop = stop === null ? -1 : stop < 0 ? Math.max(stop + length, -1) : Math.min(stop, length - 1);
  }
  const out: number[] = [];
  if (stepN > 0) for (let i = start; i < stop; i += stepN) out.push(i);
  else for (let i = start; i > stop; i += stepN) out.push(i);
  return out;
}

/** Whether the indices are 0..length-1 in order: CPython's bytes and tuple slices are then the object itself. */
function coversAll(idx: number[], length: number): boolean {
  return length > 0 && idx.length === length && idx[0] === 0 && idx[length - 1] === length - 1;
}

/** obj[lower:upper:step] */
export function getSlice(obj: PyValue, lower: PyValue, upper: PyValue, step: PyValue): PyValue {
  if (obj instanceof PyEnumClass) throw typeError("unhashable type: 'slice'");
  if (!isSequence(obj)) throw notSubscriptable(obj);
  if (typeof obj === 'string') {
    const chars = codePoints(obj);
    const isStep1 = step === null || intOf(step) === 1n;
    const idx = sliceIndices(chars.length, lower, upper, step);
    if (isStep1) return idx.length ? chars.slice(idx[0], idx[idx.length - 1] + 1).join('') : '';
    return idx.map((i) => chars[i]).join('');
  }
  if (obj instanceof PyBytes) {
    const idx = sliceIndices(obj.data.length, lower, upper, step);
    if (!obj.mutable && coversAll(idx, obj.data.length)) return obj;
    const contiguous = idx.length > 0 && idx[idx.length - 1] - idx[0] === idx.length - 1;
    const data = contiguous ? obj.data.slice(idx[0], idx[0] + idx.length) : Uint8Array.from(idx, (i) => obj.data[i]);
    return new PyBytes(data, obj.mutable);
  }
  const idx = sliceIndices(obj.items.length, lower, upper, step);
  if (coversAll(idx, obj.items.length)) return obj;
  return new PyTuple(idx.map((i) => obj.items[i]));
}

/** For `a, b = value`: the items, with CPython's errors for a wrong count or a non-iterable. */
export function unpack(value: PyValue, count: number): PyValue[] {
  const items = iterate(value);
  if (items === undefined) throw typeError(`cannot unpack non-iterable ${typeName(value)} object`);
  if (items.length < count) {
    throw new PyException('ValueError', `not enough values to unpack (expected ${count}, got ${items.length})`);
  }
  if (items.length > count) throw new PyException('ValueError', `too many values to unpack (expected ${count})`);
  return items;
}
