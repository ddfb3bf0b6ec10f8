// The lines `serve` prints, and the handlers' small helpers.
import { describe, expect, it } from 'vitest';
import { ctime, upperBytes } from './handlers';
import { outputLines, payloadPreview, traceLine } from './trace';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('traceLine', () => {
  it('prints one line per event: time, socket, kind, what happened', () => {
    expect(traceLine({ kind: 'call', phase: 'start', socket: 4, method: 'recv', call: 'recv(1024)', seq: 9, t: 1_500_000 }, 'conn1')).toBe('  1.500000  conn1  call    conn1.recv(1024)\n');
    expect(traceLine({ kind: 'call', phase: 'end', socket: 4, method: 'recv', call: 'recv(1024)', ok: true, result: "b'hi'", elapsed: 1_002_000, seq: 10, t: 2_502_000 }, 'conn1')).toBe(
      "  2.502000  conn1  return  conn1.recv(1024) -> b'hi' (1.002 s)\n",
    );
    expect(
      traceLine({ kind: 'call', phase: 'end', socket: 4, method: 'recv', call: 'recv(1024)', ok: false, error: { type: 'KeyboardInterrupt', errno: null, message: '' }, elapsed: 10, seq: 11, t: 3 }, 'conn1'),
    ).toBe('  0.000003  conn1  raise   conn1.recv(1024) -> KeyboardInterrupt\n');
    expect(traceLine({ kind: 'state', socket: 5, state: 'queued', detail: "from ('127.0.0.1', 5000)", listener: 3, seq: 1, t: 0 }, 'conn2')).toBe(
      "  0.000000  conn2  state   queued from ('127.0.0.1', 5000)\n",
    );
    expect(traceLine({ kind: 'data', socket: 3, direction: 'in', size: 1, payload: bytes('x'), peer: "('127.0.0.1', 6000)", seq: 2, t: 0 }, 'srv')).toBe(
      "  0.000000  srv    data    <- 1 byte from ('127.0.0.1', 6000) b'x'\n",
    );
    expect(traceLine({ kind: 'data', socket: 3, direction: 'out', size: 70000, dropped: true, seq: 2, t: 0 }, 'conn1')).toBe('  0.000000  conn1  data    -> 70000 bytes (payload not kept)\n');
  });

  it('previews 32 bytes of a payload, as a bytes repr', () => {
    expect(payloadPreview(bytes('a'.repeat(32)))).toBe(`b'${'a'.repeat(32)}'`);
    expect(payloadPreview(bytes('\x00\n' + 'b'.repeat(40)))).toBe(`b'\\x00\\n${'b'.repeat(30)}'…`);
  });

  it('prints what handlers print, a line each', () => {
    expect(outputLines(0, 'conn1', 'stdout', "connection from: ('127.0.0.1', 1)\nb'hi'\n")).toBe(
      "  0.000000  conn1  print   connection from: ('127.0.0.1', 1)\n  0.000000  conn1  print   b'hi'\n",
    );
  });
});

describe('handler helpers', () => {
  it('ctime() is time.ctime(): the day padded with a space', () => {
    expect(ctime(new Date(1993, 5, 5, 23, 21, 5))).toBe('Sat Jun  5 23:21:05 1993');
    expect(ctime(new Date(2024, 11, 25, 8, 0, 9))).toBe('Wed Dec 25 08:00:09 2024');
  });

  it('upperBytes() is bytes.upper(): ASCII letters only', () => {
    expect(Buffer.from(upperBytes(bytes('abc xyz\xe9{`'))).toString('latin1')).toBe('ABC XYZ\xe9{`');
  });
});
