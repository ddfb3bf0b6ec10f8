// Text to number conversions of int() and float(), following CPython 3.11:
// Unicode decimal digits and whitespace are accepted in str (not in bytes),
// underscores only between digits, and the 4300-digit limit on decimal conversion.
import { INT_MAX_STR_DIGITS, repr } from './repr';
import { decimalValue, isSpace } from './unicode';
import { PyBytes, PyException } from './values';

/** CPython truncates the literal in "invalid literal for int()" to 200 characters (%.200R). */
const INVALID_LITERAL_REPR_MAX = 200;

/** _PyUnicode_TransformDecimalAndSpaceToASCII: other non-ASCII characters become '?', which no parser accepts. */
function toAsciiNumberText(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out += ch;
    else if (isSpace(cp)) out += ' ';
    else {
      const d = decimalValue(cp);
      out += d >= 0 ? String(d) : '?';
    }
  }
  return out;
}

function bytesText(data: Uint8Array): string {
  let out = '';
  for (const b of data) out += b < 0x80 ? String.fromCharCode(b) : '?';
  return out;
}

const ASCII_SPACE = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Digits of `base` separated by single underscores, as PyLong_FromString accepts them. */
function digitRun(text: string, base: number): boolean {
  if (text.length === 0 || text.startsWith('_') || text.endsWith('_') || text.includes('__')) return false;
  for (const c of text) {
    if (c === '_') continue;
    const v = DIGITS.indexOf(c.toLowerCase());
    if (v < 0 || v >= base) return false;
  }
  return true;
}

/** int(text, base) for a str or bytes source; `source` is used in the error message. */
export function parseIntLiteral(source: string | PyBytes, base: number): bigint {
  const invalid = () => {
    const shown = Array.from(repr(source)).slice(0, INVALID_LITERAL_REPR_MAX).join('');
    return new PyException('ValueError', `invalid literal for int() with base ${base}: ${shown}`);
  };
  let text = typeof source === 'string' ? toAsciiNumberText(source) : bytesText(source.data);
  text = text.replace(ASCII_SPACE, '');
  let negative = false;
  if (text[0] === '+' || text[0] === '-') {
    negative = text[0] === '-';
    text = text.slice(1);
  }
  let b = base;
  const prefix = text.slice(0, 2).toLowerCase();
  const prefixBase = prefix === '0x' ? 16 : prefix === '0o' ? 8 : prefix === '0b' ? 2 : 0;
  if (b === 0) {
    if (prefixBase) b = prefixBase;
    else {
      b = 10;
      // Base 0 refuses leading zeros ("010"), as Python 3 literals do.
      if (text[0] === '0' && !/^0(_?0)*$/.test(text)) throw invalid();
    }
  }
  if (prefixBase && prefixBase === b) {
    text = text.slice(2);
    if (text.startsWith('_')) text = text.slice(1);
  }
  if (!digitRun(text, b)) throw invalid();
  const digits = text.replace(/_/g, '');
  // Only bases that are not powers of two have the quadratic-time limit.
  if ((b & (b - 1)) !== 0 && digits.length > INT_MAX_STR_DIGITS) {
    throw new PyException(
      'ValueError',
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  let value = 0n;
  if (b === 10) value = BigInt(digits);
  else if (b === 16 || b === 8 || b === 2) value = BigInt((b === 16 ? '0x' : b === 8 ? '0o' : '0b') + digits);
  else {
    const big = BigInt(b);
    for (const c of digits.toLowerCase()) value = value * big + BigInt(DIGITS.indexOf(c));
  }
  return negative ? -value : value;
}

const FLOAT_SYNTAX = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf|infinity|nan)$/i;

/** float(text) for a str or bytes source. */
export function parseFloatLiteral(source: string | PyBytes): number {
  const invalid = () => new PyException('ValueError', `could not convert string to float: ${repr(source)}`);
  let text = typeof source === 'string' ? toAsciiNumberText(source) : bytesText(source.data);
  text = text.replace(ASCII_SPACE, '');
  // Underscores are allowed only between two digits.
  if (/(^|[^0-9])_|_($|[^0-9])/.test(text)) throw invalid();
  text = text.replace(/_/g, '');
  if (!FLOAT_SYNTAX.test(text)) throw invalid();
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower.endsWith('nan')) return NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}
