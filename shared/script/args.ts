// Argument checking for built-in functions and methods, in CPython 3.11's words.
// CPython has several calling conventions and each words its errors differently:
//   METH_O          len() takes exactly one argument (2 given)
//   METH_NOARGS     str.upper() takes no arguments (1 given)
//   PyArg_ParseTuple  find() takes at least 1 argument (0 given)
//   _PyArg_CheckPositional  strip expected at most 1 argument, got 2
//   Argument Clinic with keywords  encode() takes at most 2 arguments (3 given),
//                   'foo' is an invalid keyword argument for encode()
import { PyBytes, PyException, asIndex, typeName, type Kwargs, type PyValue } from './values';

export const typeError = (message: string) => new PyException('TypeError', message);
export const valueError = (message: string) => new PyException('ValueError', message);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function noKeywords(kwName: string, kwargs: Kwargs): void {
  if (kwargs.size > 0) throw typeError(`${kwName}() takes no keyword arguments`);
}

/** METH_O: exactly one positional argument. */
export function exactlyOne(name: string, args: PyValue[], kwargs: Kwargs): PyValue {
  noKeywords(name, kwargs);
  if (args.length !== 1) throw typeError(`${name}() takes exactly one argument (${args.length} given)`);
  return args[0];
}

/** METH_NOARGS. `name` is qualified for methods: 'str.upper'. */
export function noArgs(name: string, args: PyValue[], kwargs: Kwargs): void {
  noKeywords(name, kwargs);
  if (args.length > 0) throw typeError(`${name}() takes no arguments (${args.length} given)`);
}

/** PyArg_ParseTuple with min..max positional arguments ("find() takes at least 1 argument (0 given)"). */
export function parseTuple(name: string, kwName: string, min: number, max: number, args: PyValue[], kwargs: Kwargs): void {
  noKeywords(kwName, kwargs);
  const n = args.length;
  if (min === max && n !== min) throw typeError(`${name}() takes exactly ${plural(min, 'argument')} (${n} given)`);
  if (n < min) throw typeError(`${name}() takes at least ${plural(min, 'argument')} (${n} given)`);
  if (n > max) throw typeError(`${name}() takes at most ${plural(max, 'argument')} (${n} given)`);
}

/** _PyArg_CheckPositional ("strip expected at most 1 argument, got 2"). */
export function checkPositional(name: string, kwName: string, min: number, max: number, args: PyValue[], kwargs: Kwargs): void {
  noKeywords(kwName, kwargs);
  const n = args.length;
  if (min === max && n !== min) throw typeError(`${name} expected ${plural(min, 'argument')}, got ${n}`);
  if (n < min) throw typeError(`${name} expected at least ${plural(min, 'argument')}, got ${n}`);
  if (n > max) throw typeError(`${name} expected at most ${plural(max, 'argument')}, got ${n}`);
}

export interface ClinicSpec {
  /** Parameter names, positional ones first. */
  params: string[];
  /** How many parameters are required. */
  required?: number;
  /** How many leading parameters are positional-only. */
  positionalOnly?: number;
  /** How many trailing parameters are keyword-only. */
  keywordOnly?: number;
}

/**
 * Argument Clinic binding with keywords. Returns one slot per parameter, undefined
 * where the argument was not given.
 */
export function clinic(name: string, spec: ClinicSpec, args: PyValue[], kwargs: Kwargs): (PyValue | undefined)[] {
  const { params, required = 0, positionalOnly = 0, keywordOnly = 0 } = spec;
  const maxPositional = params.length - keywordOnly;
  if (args.length > maxPositional) {
    const what = keywordOnly > 0 ? 'positional argument' : 'argument';
    throw typeError(`${name}() takes at most ${plural(maxPositional, what)} (${args.length} given)`);
  }
  const slots: (PyValue | undefined)[] = params.map((_, i) => args[i]);
  for (const [key, value] of kwargs) {
    const i = params.indexOf(key);
    if (i < 0 || i < positionalOnly) throw typeError(`'${key}' is an invalid keyword argument for ${name}()`);
    if (i < args.length) throw typeError(`argument for ${name}() given by name ('${key}') and position (${i + 1})`);
    slots[i] = value;
  }
  for (let i = 0; i < required; i++) {
    if (slots[i] === undefined) throw typeError(`${name}() missing required argument '${params[i]}' (pos ${i + 1})`);
  }
  return slots;
}

/** How Argument Clinic names an argument's type in errors: None is 'None', not 'NoneType'. */
export const clinicTypeName = (v: PyValue): string => (v === null ? 'None' : typeName(v));

/** A str argument of an Argument Clinic function: "encode() argument 'encoding' must be str, not int". */
export function strArg(fn: string, param: string, v: PyValue): string {
  if (typeof v !== 'string') throw typeError(`${fn}() argument '${param}' must be str, not ${clinicTypeName(v)}`);
  return v;
}

/** An int argument (Python's __index__). */
export function indexArg(v: PyValue): bigint {
  const i = asIndex(v);
  if (i === undefined) throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  return i;
}

/** A bytes-like argument (bytes or bytearray): "a bytes-like object is required, not 'str'". */
export function bytesLikeArg(v: PyValue): Uint8Array {
  if (v instanceof PyBytes) return v.data;
  throw typeError(`a bytes-like object is required, not '${typeName(v)}'`);
}

/** A slice-style bound given to find()/startswith(): None or an int, clamped to ssize_t. */
export function sliceBoundArg(v: PyValue | undefined): number | null {
  if (v === undefined || v === null) return null;
  const i = asIndex(v);
  if (i === undefined) throw typeError('slice indices must be integers or None or have an __index__ method');
  const max = (1n << 63n) - 1n;
  const min = -(1n << 63n);
  return Number(i > max ? max : i < min ? min : i);
}

/** ADJUST_INDICES in CPython's string search functions. */
export function adjustIndices(start: number | null, end: number | null, length: number): [number, number] {
  let s = start ?? 0;
  let e = end ?? length;
  if (e > length) e = length;
  else if (e < 0) {
    e += length;
    if (e < 0) e = 0;
  }
  if (s < 0) {
    s += length;
    if (s < 0) s = 0;
  }
  return [s, e];
}
