// Character classification as CPython 3.11 does it (tables in unicode-data.ts), and
// code-point helpers: Python strings are indexed by code point, JavaScript's by UTF-16 unit.
import { DECIMAL_RUN_STARTS, DIGIT_RANGES, PRINTABLE_RANGES, WHITESPACE } from './unicode-data';

/** Decodes an alternating gap,length base-36 list into sorted [start, end) boundaries. */
function decodeRanges(encoded: string): Uint32Array {
  const parts = encoded.split(',').map((p) => parseInt(p, 36));
  const bounds = new Uint32Array(parts.length);
  let next = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const start = next + parts[i];
    bounds[i] = start;
    bounds[i + 1] = start + parts[i + 1];
    next = start + parts[i + 1];
  }
  return bounds;
}

/** Whether cp lies in one of the [start, end) ranges (binary search). */
function inRanges(bounds: Uint32Array, cp: number): boolean {
  let lo = 0;
  let hi = bounds.length;
  // Find the number of boundaries <= cp; odd means inside a range.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid] <= cp) lo = mid + 1;
    else hi = mid;
  }
  return (lo & 1) === 1;
}

let printable: Uint32Array | undefined;
let digits: Uint32Array | undefined;
const whitespace = new Set(WHITESPACE);

/** str.isprintable() for one code point. */
export function isPrintable(cp: number): boolean {
  printable ??= decodeRanges(PRINTABLE_RANGES);
  return inRanges(printable, cp);
}

/** str.isdigit() for one code point. */
export function isDigit(cp: number): boolean {
  digits ??= decodeRanges(DIGIT_RANGES);
  return inRanges(digits, cp);
}

/** str.isspace() for one code point. */
export function isSpace(cp: number): boolean {
  return whitespace.has(cp);
}

/** The value of a Unicode decimal digit (str.isdecimal()), else -1. */
export function decimalValue(cp: number): number {
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  if (cp < 0x80) return -1;
  for (const start of DECIMAL_RUN_STARTS) {
    if (cp >= start && cp < start + 10) return cp - start;
  }
  return -1;
}

const HAS_SURROGATE = /[\ud800-\udfff]/;

/** The code points of a string (lone surrogates count as one each, as in Python). */
export function codePoints(s: string): string[] {
  return HAS_SURROGATE.test(s) ? Array.from(s) : s.split('');
}

/** len(s) in Python terms. */
export function codePointLength(s: string): number {
  if (!HAS_SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Compares two strings by code point, as Python does (JS compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  if (!HAS_SURROGATE.test(a) && !HAS_SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}
