// The event log's storage: call texts kept once in a shared buffer (with a cache
// of recent texts), payloads kept up to the retention budget, and events read back
// exactly as the listeners got them.
import { describe, expect, it } from 'vitest';
import { EventLog, objectArray, type EngineEvent } from './events';

/** A log with a listener that keeps what it was handed. */
function logWithListener(retain?: number): { log: EventLog; seen: EngineEvent[] } {
  const log = new EventLog(retain);
  const seen: EngineEvent[] = [];
  log.subscribe((e) => seen.push({ ...e }));
  return { log, seen };
}

function call(log: EventLog, socket: number | null, method: string, text: string, result: string): void {
  const t = log.now();
  const seq = log.callStart(socket, method, text, t);
  const t2 = log.now();
  log.callOk(seq, text, result, t2 - t, t2);
}

describe('EventLog', () => {
  it('reads back repeated and same-length call texts exactly', () => {
    const { log, seen } = logWithListener();
    // Texts of one length share a cache slot: alternating them must never mix them up.
    const texts = ['recv(65536)', 'recv(32768)', 'recv(65536)', 'send(b"ab")', 'recv(65536)', 'recv(32768)'];
    for (const [k, text] of texts.entries()) call(log, 1, text.slice(0, 4), text, k % 2 ? 'None' : 'Nope');
    // Lengths 64 apart land in one slot too.
    const long = 'x'.repeat(75);
    call(log, null, 'recv', 'recv(1)', long);
    call(log, null, 'recv', 'recv(2)', long.replace(/x$/, 'y'));
    call(log, null, 'recv', 'recv(1)', long);
    const events = log.all();
    expect(events).toEqual(seen);
    const starts = events.filter((e) => e.kind === 'call' && e.phase === 'start').map((e) => (e.kind === 'call' ? e.call : ''));
    expect(starts).toEqual([...texts, 'recv(1)', 'recv(2)', 'recv(1)']);
    const results = events.filter((e) => e.kind === 'call' && e.phase === 'end').map((e) => (e.kind === 'call' ? e.result : ''));
    expect(results.slice(-3)).toEqual([long, long.replace(/x$/, 'y'), long]);
  });

  it("reads back how many bytes a recv returned, only where it was given", () => {
    const { log, seen } = logWithListener();
    for (let k = 0; k < 3000; k++) {
      const t = log.now();
      const seq = log.callStart(1, 'recv', 'recv(1024)', t);
      log.callOk(seq, 'recv(1024)', "b'x'", 1, log.now(), k % 3 === 0 ? undefined : k % 1025);
    }
    const events = log.all();
    expect(events).toEqual(seen);
    const ends = events.filter((e) => e.kind === 'call' && e.phase === 'end');
    expect(ends.map((e) => (e.kind === 'call' ? e.received : null)).slice(0, 4)).toEqual([undefined, 1, 2, undefined]);
    expect(ends.every((e, k) => !('received' in e) === (k % 3 === 0))).toBe(true);
  });

  it('keeps texts across the growth of its buffers', () => {
    const { log, seen } = logWithListener();
    // More records (1024 at first) and text (64 Ki units at first) than the log starts with.
    const texts = Array.from({ length: 3000 }, (_, k) => `sendall(b'${String(k).repeat(1 + (k % 40))}')`);
    for (const text of texts) call(log, 2, 'sendall', text, 'None');
    const big = 'z'.repeat(100_000);
    call(log, 2, 'recv', 'recv(100000)', big);
    expect(log.length).toBe(2 * texts.length + 2);
    expect(log.all()).toEqual(seen);
    const last = log.window(log.length, 1)[0];
    expect(last.kind === 'call' && last.phase === 'end' && last.result).toBe(big);
  });

  it('keeps exact payloads up to the budget, then sizes with dropped marks', () => {
    const { log, seen } = logWithListener(10);
    const payloads = [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5, 6, 7), Uint8Array.of(8, 9, 10, 11), Uint8Array.of(12, 13, 14)];
    log.data(1, 'out', payloads[0]);
    log.data(2, 'in', payloads[1]);
    // 3 + 4 + 4 > 10: this one is dropped, the next (3 + 4 + 3 = 10) still fits.
    log.data(2, 'in', payloads[2]);
    log.data(1, 'out', payloads[3]);
    const events = log.all();
    expect(events).toEqual(seen);
    expect(events.map((e) => (e.kind === 'data' ? [e.direction, e.size, e.payload ? [...e.payload] : 'dropped'] : null))).toEqual([
      ['out', 3, [1, 2, 3]],
      ['in', 4, [4, 5, 6, 7]],
      ['in', 4, 'dropped'],
      ['out', 3, [12, 13, 14]],
    ]);
    expect(events[2]).toMatchObject({ kind: 'data', dropped: true, size: 4 });
    expect(log.totals).toMatchObject({ bytesOut: 6, bytesIn: 8, retainedPayloadBytes: 10, droppedPayloadBytes: 4, droppedPayloadEvents: 1, events: 4 });
  });

  it('numbers events in order and stamps them with non-decreasing times', () => {
    const { log } = logWithListener();
    call(log, 1, 'recv', 'recv(1)', "b'a'");
    log.data(1, 'in', Uint8Array.of(97));
    log.emit({ kind: 'state', socket: 1, state: 'closed' });
    const events = log.all();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    for (let k = 1; k < events.length; k++) expect(events[k].t).toBeGreaterThanOrEqual(events[k - 1].t);
  });
});

describe('objectArray', () => {
  it('is an ordinary empty array', () => {
    const a = objectArray<string>();
    expect(a).toEqual([]);
    a.push('x');
    expect(a).toEqual(['x']);
  });
});
