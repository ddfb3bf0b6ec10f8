// Argument checking with CPython's own words. C-level socket methods use
// PyArg_ParseTuple-style messages; Python-level ones (accept, close, socket(),
// create_connection) use the interpreter's messages for Python functions.
import { PyBytes, PyException, PyObject, PyTuple, typeName, type Kwargs, type PyValue } from '../../shared/script/values';
import { exactlyOne, indexArg, noArgs, parseTuple, typeError } from '../../shared/script/args';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// The C-level conventions are the interpreter's own (shared/script/args.ts).
export { exactlyOne, noArgs };

/**
 * C functions parsing a tuple of min..max arguments (METH_VARARGS): "recv() takes at
 * least 1 argument (0 given)"; keywords are refused with the qualified name
 * ("socket.recv() takes no keyword arguments"), `kwName`, when it differs.
 */
export function between(name: string, min: number, max: number, args: PyValue[], kwargs: Kwargs, kwName = name): void {
  parseTuple(name, kwName, min, max, args, kwargs);
}

export interface PyParam {
  name: string;
  /** Absent: required. */
  default?: PyValue;
  keywordOnly?: boolean;
}

/** Binds arguments to a Python-level function's parameters, with the interpreter's messages. */
export function bindPython(qualname: string, params: PyParam[], args: PyValue[], kwargs: Kwargs, selfCounted = false): Map<string, PyValue> {
  const positional = params.filter((p) => !p.keywordOnly);
  const shift = selfCounted ? 1 : 0;
  if (args.length > positional.length) {
    const required = positional.filter((p) => p.default === undefined).length;
    const lo = required + shift;
    const hi = positional.length + shift;
    const takes = lo === hi ? `${plural(hi, 'positional argument')}` : `from ${lo} to ${hi} positional arguments`;
    const given = args.length + shift;
    throw typeError(`${qualname}() takes ${takes} but ${given} ${given === 1 ? 'was' : 'were'} given`);
  }
  const bound = new Map<string, PyValue>();
  args.forEach((v, i) => bound.set(positional[i].name, v));
  for (const [k, v] of kwargs) {
    const p = params.find((q) => q.name === k);
    if (!p) throw typeError(`${qualname}() got an unexpected keyword argument '${k}'`);
    if (bound.has(k)) throw typeError(`${qualname}() got multiple values for argument '${k}'`);
    bound.set(k, v);
  }
  const missing = positional.filter((p) => p.default === undefined && !bound.has(p.name)).map((p) => `'${p.name}'`);
  if (missing.length) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
    throw typeError(`${qualname}() missing ${plural(missing.length, 'required positional argument')}: ${list}`);
  }
  for (const p of params) if (!bound.has(p.name) && p.default !== undefined) bound.set(p.name, p.default);
  return bound;
}

/** An int argument (Python's __index__): "'str' object cannot be interpreted as an integer". */
export const index = indexArg;

/** A C int argument: __index__ plus the range of a C int. */
export function cInt(v: PyValue): number {
  const i = index(v);
  if (i > 2147483647n) throw new PyException('OverflowError', 'signed integer is greater than maximum');
  if (i < -2147483648n) throw new PyException('OverflowError', 'signed integer is less than minimum');
  return Number(i);
}

/** _PyLong_AsInt(): a C int, with that function's overflow message. */
export function asInt(v: PyValue): number {
  const i = index(v);
  if (i > 2147483647n || i < -2147483648n) throw new PyException('OverflowError', 'Python int too large to convert to C int');
  return Number(i);
}

/** PyLong_AsLong(): a C long. */
export function asLong(v: PyValue): bigint {
  const i = index(v);
  if (i > 9223372036854775807n || i < -9223372036854775808n) throw new PyException('OverflowError', 'Python int too large to convert to C long');
  return i;
}

/** The "n" format: a Py_ssize_t (a size; recv()'s bufsize). */
export function ssize(v: PyValue): number {
  const i = index(v);
  if (i > 9223372036854775807n || i < -9223372036854775808n) throw new PyException('OverflowError', 'Python int too large to convert to C ssize_t');
  return Number(i);
}

/** A bytes-like argument (bytes, bytearray): a stable copy for bytearray, which may change later. */
export function bytesLike(v: PyValue): Uint8Array {
  if (v instanceof PyBytes) return v.mutable ? v.data.slice() : v.data;
  throw typeError(`a bytes-like object is required, not '${typeName(v)}'`);
}

/** _PyTime_t's range: nanoseconds in a signed 64-bit integer. */
const PYTIME_MAX = 9223372036854775807n;
const PYTIME_MIN = -9223372036854775808n;
const NS_PER_SEC = 1000000000n;

/**
 * Timeouts as CPython's socket_parse_timeout() reads them: None, or a number of
 * seconds turned into whole nanoseconds (rounded away from zero, as
 * _PyTime_ROUND_TIMEOUT does) that must not be negative. The value returned is
 * what gettimeout() then reports (_PyTime_AsSecondsDouble of those nanoseconds).
 */
export function timeoutValue(v: PyValue): number | null {
  if (v === null) return null;
  let ns: bigint;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw new PyException('ValueError', 'Invalid value NaN (not a number)');
    const d = v * 1e9;
    const rounded = d >= 0 ? Math.ceil(d) : Math.floor(d);
    if (!(rounded >= -9223372036854775808 && rounded < 9223372036854775808)) throw new PyException('OverflowError', 'timestamp out of range for platform time_t');
    ns = BigInt(rounded);
  } else {
    const sec = index(v);
    ns = sec * NS_PER_SEC;
    if (sec > PYTIME_MAX || sec < PYTIME_MIN || ns > PYTIME_MAX || ns < PYTIME_MIN) {
      throw new PyException('OverflowError', 'timestamp too large to convert to C _PyTime_t');
    }
  }
  if (ns < 0n) throw new PyException('ValueError', 'Timeout value out of range');
  return ns % NS_PER_SEC === 0n ? Number(ns / NS_PER_SEC) : Number(ns) / 1e9;
}

/** Iterates a value for tuple unpacking in library code (host, port = address). */
export function unpack(v: PyValue, expected: number): PyValue[] {
  let items: PyValue[];
  if (v instanceof PyTuple) items = [...v.items];
  else if (typeof v === 'string') items = Array.from(v);
  else if (v instanceof PyBytes) items = Array.from(v.data, (b) => BigInt(b));
  else throw typeError(`cannot unpack non-iterable ${typeName(v)} object`);
  if (items.length < expected) throw new PyException('ValueError', `not enough values to unpack (expected ${expected}, got ${items.length})`);
  if (items.length > expected) throw new PyException('ValueError', `too many values to unpack (expected ${expected})`);
  return items;
}

export function isPyObject(v: PyValue): v is PyObject {
  return v instanceof PyObject;
}
