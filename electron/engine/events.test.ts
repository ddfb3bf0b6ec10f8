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

describe('EventLog: stream bytes received from an engine socket', () => {
  const payloadOf = (e: EngineEvent): Uint8Array | undefined => (e.kind === 'data' ? e.payload : undefined);

  it("points at the sender's kept bytes, within one send or across several, and reads them back exactly", () => {
    const { log, seen } = logWithListener();
    const sender = log.openStream();
    const a = Uint8Array.from({ length: 10 }, (_, k) => k);
    const b = Uint8Array.from({ length: 6 }, (_, k) => 100 + k);
    log.streamOut(1, sender, a);
    log.streamOut(1, sender, b);
    // Node may cut the stream anywhere: inside one send, and across the boundary of two.
    log.streamIn(2, Buffer.from(a.subarray(0, 4)), sender, 0);
    log.streamIn(2, Buffer.from([...a.subarray(4), ...b.subarray(0, 2)]), sender, 4);
    log.streamIn(2, Buffer.from(b.subarray(2)), sender, 12);
    const events = log.all();
    expect(events.map((e) => (e.kind === 'data' ? [e.direction, e.size, [...e.payload!]] : null))).toEqual([
      ['out', 10, [...a]],
      ['out', 6, [...b]],
      ['in', 4, [0, 1, 2, 3]],
      ['in', 8, [4, 5, 6, 7, 8, 9, 100, 101]],
      ['in', 4, [102, 103, 104, 105]],
    ]);
    expect(events).toEqual(seen);
    // Within one send the bytes are the sender's own, not a copy.
    expect(payloadOf(events[2])!.buffer).toBe(a.buffer);
    expect(payloadOf(events[4])!.buffer).toBe(b.buffer);
    // The budget counts them as before.
    expect(log.totals).toMatchObject({ bytesOut: 16, bytesIn: 16, retainedPayloadBytes: 32, droppedPayloadBytes: 0 });
  });

  it("keeps its own chunk when the sender's bytes were not kept, or do not match", () => {
    const { log, seen } = logWithListener(12);
    const sender = log.openStream();
    const big = new Uint8Array(10).fill(7);
    log.streamOut(1, sender, big); // kept (10 of 12)
    log.streamOut(1, sender, Uint8Array.of(1, 2, 3)); // dropped: over the budget
    const own = Buffer.from([1, 2]);
    log.streamIn(2, own, sender, 10); // the sender's record was dropped: this chunk is kept itself
    const wrong = Buffer.from([9, 9]);
    const other = log.openStream();
    log.streamOut(3, other, Uint8Array.of(5, 6));
    log.streamIn(4, wrong, other, 0); // not what was sent there: kept itself (over budget: dropped)
    const beyond = Buffer.from([8]);
    log.streamIn(4, beyond, sender, 13); // past what the sender sent
    const events = log.all();
    expect(events).toEqual(seen);
    expect(payloadOf(events[2])).toBe(own);
    expect(events[4]).toMatchObject({ direction: 'in', size: 2, dropped: true });
    expect(log.totals).toMatchObject({ retainedPayloadBytes: 12, droppedPayloadBytes: 3 + 2 + 2 + 1 });
  });

  it('keeps a mismatched chunk itself when the budget allows', () => {
    const log = new EventLog();
    const sender = log.openStream();
    log.streamOut(1, sender, Uint8Array.of(5, 6, 7));
    const wrong = Buffer.from([5, 9, 8]);
    log.streamIn(2, wrong, sender, 0);
    expect(payloadOf(log.at(1))).toBe(wrong);
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
