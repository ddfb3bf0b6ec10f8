import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPython311 } from './testing/python';
import { codePointLength, codePoints, compareCodePoints, decimalValue, isDigit, isPrintable, isSpace } from './unicode';

const GENERATOR = fileURLToPath(new URL('./testdata/gen_unicode_data.py', import.meta.url));
const TABLES = fileURLToPath(new URL('./unicode-data.ts', import.meta.url));

describe.skipIf(!hasPython311)('unicode-data.ts', () => {
  it('is what the generator produces from this CPython 3.11', () => {
    const generated = execFileSync('python3', [GENERATOR], { maxBuffer: 1 << 24 }).toString();
    const committed = readFileSync(TABLES, 'utf8');
    // The header names the exact CPython patch release; the tables must be identical.
    const body = (s: string) => s.split('\n').slice(1).join('\n');
    expect(body(committed)).toBe(body(generated));
  });
});

describe('character classification', () => {
  it('agrees with str.isprintable / isdigit / isspace / isdecimal on samples', () => {
    expect(isPrintable(0x20)).toBe(true);
    expect(isPrintable(0x7f)).toBe(false);
    expect(isPrintable(0xa0)).toBe(false);
    expect(isPrintable(0xe9)).toBe(true);
    expect(isPrintable(0x4f60)).toBe(true);
    expect(isPrintable(0x1f600)).toBe(true);
    expect(isPrintable(0xd800)).toBe(false);
    // Assigned in Unicode 15, unassigned (so not printable) in CPython 3.11's Unicode 14.
    expect(isPrintable(0x1aff)).toBe(false);
    expect(isDigit(0xb2)).toBe(true);
    expect(isDigit(0x41)).toBe(false);
    expect(isSpace(0x1c)).toBe(true);
    expect(isSpace(0x200b)).toBe(false);
    expect(decimalValue(0x0663)).toBe(3);
    expect(decimalValue(0xb2)).toBe(-1);
  });

  it('counts and compares by code point, lone surrogates included', () => {
    expect(codePointLength('a😀\ud800')).toBe(3);
    expect(codePoints('a😀\ud800')).toEqual(['a', '😀', '\ud800']);
    // U+FFFF < U+10000 by code point, though not by UTF-16 unit.
    expect(compareCodePoints('\uffff', '\u{10000}')).toBe(-1);
    expect(compareCodePoints('\ue000', '\u{10000}')).toBe(-1);
    expect(compareCodePoints('ab', 'a')).toBe(1);
    expect(compareCodePoints('x😀', 'x😀')).toBe(0);
  });
});
