// Small display helpers for the log and the sockets panel.
import type { SocketMode } from '../shared/contract';

/** Printable ASCII as is, everything else as a middle dot. */
export function previewText(bytes: Uint8Array, max = 48): string {
  // Valid UTF-8 (Chinese text, say) reads better decoded; control characters still show as marks.
  if (bytes.length <= 4096) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      const shown = Array.from(text).slice(0, max).map((ch) => (ch === '\n' ? '↵' : ch.charCodeAt(0) < 0x20 || ch === '\x7f' ? '·' : ch)).join('');
      return Array.from(text).length > max ? shown + '…' : shown;
    } catch {
      // Not UTF-8: byte by byte below.
    }
  }
  let out = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 0x0a ? '↵' : '·';
  }
  return bytes.length > max ? out + '…' : out;
}

/** The classic hex dump: offset, 16 bytes in hex, the same bytes as ASCII. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`);
  }
  return lines.join('\n');
}

/** Engine microseconds as seconds with millisecond precision: 12.345 */
export function formatTime(us: number): string {
  return (us / 1e6).toFixed(3);
}

export function formatElapsed(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.floor(s % 60)} s`;
}

export function modeKey(mode: SocketMode): { key: 'mode.blocking' | 'mode.timeout' | 'mode.nonblocking'; seconds?: number } {
  if (mode.kind === 'timeout') return { key: 'mode.timeout', seconds: mode.seconds };
  return { key: mode.kind === 'blocking' ? 'mode.blocking' : 'mode.nonblocking' };
}

/** Decodes text for the details pane: UTF-8 with replacement characters. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

export type TextEncoding = 'utf-8' | 'gbk' | 'latin-1';

/**
 * Decodes payload bytes as text: UTF-8 and GBK with the browser's own decoders
 * (the WHATWG Encoding Standard's), unknown bytes shown as U+FFFD. Latin-1 is
 * byte n = code point n by definition; TextDecoder's 'latin1' label would give
 * windows-1252 instead, which differs in 0x80-0x9F.
 */
export function decodeAs(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding === 'latin-1') {
    let s = '';
    for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
    return s;
  }
  return new TextDecoder(encoding, { fatal: false }).decode(bytes);
}

/** Wall-clock time of day with milliseconds, in the page's time zone: 14:03:07.250 */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
