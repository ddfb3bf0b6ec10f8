import { describe, expect, it } from 'vitest';
import { formatElapsed, hexDump, previewText } from './format';

describe('format', () => {
  it('previews UTF-8 as text and other bytes as dots', () => {
    expect(previewText(new TextEncoder().encode('你好\n'))).toBe('你好↵');
    expect(previewText(Uint8Array.from([0x68, 0xff, 0x00]))).toBe('h··');
    expect(previewText(new TextEncoder().encode('abcdef'), 3)).toBe('abc…');
  });
  it('dumps hex with offsets and ASCII', () => {
    expect(hexDump(new TextEncoder().encode('hello'))).toBe('00000000  68 65 6c 6c 6f' + ' '.repeat(9) + '  ' + ' '.repeat(23) + '  |hello|');
    expect(hexDump(new Uint8Array(17)).split('\n')).toHaveLength(2);
  });
  it('formats elapsed time', () => {
    expect(formatElapsed(1234)).toBe('1.2 s');
    expect(formatElapsed(125_000)).toBe('2 min 5 s');
  });
});
