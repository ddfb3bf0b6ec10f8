// repr() and str() exactly as CPython 3.11 renders them.
import { isPrintable } from './unicode';
import { PyBytes, PyException, PyObject, PyTuple, type PyValue } from './values';

/** CPython 3.11's default sys.get_int_max_str_digits(). */
export const INT_MAX_STR_DIGITS = 4300;

/** str(int) in decimal, refusing (like CPython) to print more than INT_MAX_STR_DIGITS digits. */
export function intToDecimal(n: bigint): string {
  const text = n.toString();
  const digits = n < 0n ? text.length - 1 : text.length;
  if (digits > INT_MAX_STR_DIGITS) {
    throw new PyException(
      'ValueError',
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  return text;
}

/** Above this decimal exponent (and at or below FLOAT_REPR_MIN_EXP) repr(float) switches to exponent notation. */
const FLOAT_REPR_MAX_EXP = 16;
const FLOAT_REPR_MIN_EXP = -4;

/** repr(float): the shortest digits that round-trip, laid out as Python's float_repr_style 'short'. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest round-trip digits.
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exponent) + 1;
  if (decpt > FLOAT_REPR_MAX_EXP || decpt <= FLOAT_REPR_MIN_EXP) {
    const exp = decpt - 1;
    const expText = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${expText}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** repr(str): quote choice and escapes as unicode_repr() in CPython. */
/** Printable ASCII other than quotes and backslash: such strings need no escaping at all. */
const PLAIN_ASCII = /^[ !#-&(-[\]-~]*$/;

export function strRepr(s: string): string {
  if (PLAIN_ASCII.test(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex2(cp);
    else if (cp < 0x7f) out += ch;
    else if (isPrintable(cp)) out += ch;
    else if (cp <= 0xff) out += '\\x' + hex2(cp);
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + quote;
}

const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Bytes rendered per String.join when building a repr. */
const REPR_CHUNK = 0x2000;

/** How each byte value appears inside a bytes literal, for a given escaped quote. */
function byteEscapes(escapedQuote: number): string[] {
  return Array.from({ length: 256 }, (_, c) => {
    if (c === escapedQuote || c === BACKSLASH) return '\\' + String.fromCharCode(c);
    if (c === 0x09) return '\\t';
    if (c === 0x0a) return '\\n';
    if (c === 0x0d) return '\\r';
    if (c < 0x20 || c >= 0x7f) return '\\x' + hex2(c);
    return String.fromCharCode(c);
  });
}

const BYTE_ESCAPES = { [SINGLE_QUOTE]: byteEscapes(SINGLE_QUOTE), [DOUBLE_QUOTE]: byteEscapes(DOUBLE_QUOTE) };

/** repr(bytes) / repr(bytearray). */
export function bytesRepr(b: PyBytes): string {
  const data = b.data;
  const quote = data.includes(SINGLE_QUOTE) && !data.includes(DOUBLE_QUOTE) ? DOUBLE_QUOTE : SINGLE_QUOTE;
  // CPython's bytearray_repr escapes a single quote even inside double quotes.
  const escapes = BYTE_ESCAPES[b.mutable ? SINGLE_QUOTE : quote];
  const parts: string[] = [];
  for (let i = 0; i < data.length; i += REPR_CHUNK) {
    const chunk = data.subarray(i, i + REPR_CHUNK);
    const pieces = new Array<string>(chunk.length);
    for (let k = 0; k < chunk.length; k++) pieces[k] = escapes[chunk[k]];
    parts.push(pieces.join(''));
  }
  const q = String.fromCharCode(quote);
  const literal = `b${q}${parts.join('')}${q}`;
  return b.mutable ? `bytearray(${literal})` : literal;
}

export function tupleRepr(t: PyTuple): string {
  const items = t.items.map(repr);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** repr(v) */
export function repr(v: PyValue): string {
  if (v === null) return 'None';
  switch (typeof v) {
    case 'boolean':
      return v ? 'True' : 'False';
    case 'bigint':
      return intToDecimal(v);
    case 'number':
      return floatRepr(v);
    case 'string':
      return strRepr(v);
  }
  if (v instanceof PyBytes) return bytesRepr(v);
  if (v instanceof PyTuple) return tupleRepr(v);
  if (v instanceof PyObject) return v.repr();
  return String(v);
}

/** str(v) */
export function str(v: PyValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof PyObject) return v.str();
  return repr(v);
}
