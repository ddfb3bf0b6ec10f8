// Filtered views of the log: each checked against a plain filter over all().
import { describe, expect, it } from 'vitest';
import { EventLog, type EngineEvent } from './events';
import { FilterError, LogQuery, parseHex, type LogFilter } from './log-query';
import { encode } from '../../shared/script/codecs';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A log with calls, states and data on three sockets, in a repeating pattern. */
function sampleLog(rounds: number): EventLog {
  const log = new EventLog();
  for (let r = 0; r < rounds; r++) {
    const s = (r % 3) + 1;
    log.emit({ kind: 'state', socket: s, state: 'connected', detail: `round ${r}` });
    const start = log.callStart(s, 'sendall', `c${s}.sendall(b'hello ${r}')`, log.now());
    log.data(s, 'out', utf8(`hello ${r}`));
    log.callOk(start, `c${s}.sendall(b'hello ${r}')`, 'None', 3, log.now());
    log.data(s, 'in', r % 5 === 0 ? encode('你好 GBK', 'gbk') : utf8(`reply ${r} 你好`));
    const failed = log.callStart(null, 'getaddrinfo', `socket.getaddrinfo('nowhere', 80)`, log.now());
    log.callFailed(failed, `socket.getaddrinfo('nowhere', 80)`, { type: 'gaierror', errno: -2, message: 'Name or service not known' }, 9, log.now());
  }
  return log;
}

/** The same filter, the slow obvious way. */
function brute(log: EventLog, f: LogFilter): EngineEvent[] {
  const needles = f.hex ? [Buffer.from(parseHex(f.hex))] : f.text ? [Buffer.from(f.text), Buffer.from(encode(f.text, 'gbk'))] : [];
  return log.all().filter((e) => {
    if (f.fromSeq && e.seq < f.fromSeq) return false;
    if (f.sockets?.length && (e.socket === null || !f.sockets.includes(e.socket))) return false;
    if (f.kinds?.length && !f.kinds.includes(e.kind)) return false;
    if (f.directions?.length && (e.kind !== 'data' || !f.directions.includes(e.direction))) return false;
    if (!f.text && !f.hex) return true;
    if (e.kind === 'data') return !!e.payload && needles.some((n) => Buffer.from(e.payload!).includes(n));
    if (f.hex) return false;
    const hay = e.kind === 'call' ? `${e.call} ${e.result ?? ''} ${e.error ? `${e.error.type}: ${e.error.message}` : ''}` : `${e.state} ${e.detail ?? ''}`;
    return hay.toLowerCase().includes(f.text!.toLowerCase());
  });
}

/** Asks until the filter has seen everything, as the UI does. */
function pageAll(q: LogQuery, f: LogFilter, offset: number, count: number, tail = false) {
  for (;;) {
    const p = q.page(f, offset, count, tail);
    if (p.complete) return p;
  }
}

describe('LogQuery', () => {
  const filters: LogFilter[] = [
    {},
    { sockets: [2] },
    { sockets: [1, 3], kinds: ['data'] },
    { kinds: ['call'] },
    { kinds: ['state', 'call'], sockets: [1] },
    { directions: ['in'] },
    { directions: ['out'], sockets: [3] },
    { text: 'hello 1' },
    { text: 'HELLO' },
    { text: '你好' },
    { text: 'gaierror' },
    { text: 'round 7' },
    { hex: '68 65 6c' },
    { hex: 'c4e3bac3' },
    { fromSeq: 100, kinds: ['data'] },
    { fromSeq: 50 },
  ];

  it('gives exactly the matches a plain filter gives, in order, page by page', () => {
    const log = sampleLog(60);
    const q = new LogQuery(log);
    for (const f of filters) {
      const want = brute(log, f).map((e) => e.seq);
      const head = pageAll(q, f, 0, 1000);
      expect(head.matched, JSON.stringify(f)).toBe(want.length);
      expect(head.events.map((e) => e.seq)).toEqual(want);
      const mid = q.page(f, 5, 7);
      expect(mid.events.map((e) => e.seq)).toEqual(want.slice(5, 12));
      const tail = q.page(f, 0, 4, true);
      expect(tail.events.map((e) => e.seq)).toEqual(want.slice(-4));
      expect(tail.offset).toBe(Math.max(0, want.length - 4));
      expect(head.total).toBe(log.length);
    }
  });

  it('extends its matches as the log grows', () => {
    const log = sampleLog(10);
    const q = new LogQuery(log);
    const f: LogFilter = { sockets: [1], kinds: ['data'] };
    expect(pageAll(q, f, 0, 1000).matched).toBe(brute(log, f).length);
    for (let r = 0; r < 20; r++) log.data(1, 'in', utf8(`more ${r}`));
    const p = pageAll(q, f, 0, 1000);
    expect(p.events.map((e) => e.seq)).toEqual(brute(log, f).map((e) => e.seq));
    expect(p.events.at(-1)).toMatchObject({ kind: 'data', socket: 1, direction: 'in' });
  });

  it('answers a big search in parts and ends with every match', () => {
    const log = new EventLog();
    const n = 300_000;
    for (let i = 0; i < n; i++) log.data((i % 4) + 1, i % 2 ? 'in' : 'out', utf8(i % 1000 === 0 ? `needle ${i}` : `hay ${i}`));
    const q = new LogQuery(log);
    let p = q.page({ text: 'needle' }, 0, 1000);
    let rounds = 1;
    while (!p.complete) {
      p = q.page({ text: 'needle' }, 0, 1000);
      rounds++;
    }
    expect(p.matched).toBe(n / 1000);
    expect(p.events.map((e) => e.seq)).toEqual(Array.from({ length: n / 1000 }, (_, k) => k * 1000 + 1));
    expect(rounds).toBeGreaterThanOrEqual(1);
  });

  it('refuses a malformed hex search with the reason', () => {
    const q = new LogQuery(sampleLog(1));
    expect(() => q.page({ hex: '6g' }, 0, 10)).toThrow(FilterError);
    expect(() => q.page({ hex: 'abc' }, 0, 10)).toThrow(/odd number of hex digits/);
  });

  it('classifies events without building them, as the built events say', () => {
    const log = sampleLog(6);
    log.data(2, 'in', utf8('x'), "('127.0.0.1', 9)");
    log.emit({ kind: 'call', phase: 'start', socket: null, method: 'x', call: 'x()' });
    for (let i = 0; i < log.length; i++) {
      const e = log.at(i);
      const cls = log.classify(i);
      expect(cls & 3).toBe({ call: 1, state: 2, data: 3 }[e.kind]);
      expect((cls >> 2) & 3).toBe(e.kind === 'data' ? (e.direction === 'out' ? 1 : 2) : 0);
      expect((cls >> 4) - 1).toBe(e.socket ?? -1);
    }
  });
});
