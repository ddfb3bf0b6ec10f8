// The event stream a session produces: every call with its arguments and outcome,
// every state change, every chunk of bytes, in sequence order with monotonic time.
import { afterEach, describe, expect, it } from 'vitest';
import { parseProgram } from '../../shared/script/parser';
import { PyException } from '../../shared/script/values';
import type { CallEvent, DataEvent, EngineEvent, StateEvent } from './events';
import { Session } from './session';

let session: Session;
afterEach(() => session?.dispose());

async function runScript(source: string) {
  const outcomes = [];
  for (const stmt of parseProgram(source).statements) outcomes.push(await session.run(stmt, { stepTimeout: 5 }));
  return outcomes;
}

const TCP_PAIR = `import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, addr = srv.accept()
cli.sendall(b'hello')
conn.recv(1024)
conn.sendall(b'unread')
conn.close()
cli.close()
`;

describe('event stream', () => {
  it('records calls, states and bytes for a TCP exchange', async () => {
    session = new Session();
    const events: EngineEvent[] = [];
    session.engine.log.subscribe((e) => events.push(e));
    const outcomes = await runScript(TCP_PAIR);
    expect(outcomes.every((o) => o.ok)).toBe(true);

    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    const times = events.map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const calls = events.filter((e): e is CallEvent => e.kind === 'call' && e.phase === 'end');
    expect(calls.map((c) => c.method)).toEqual(['bind', 'listen', 'getsockname', 'create_connection', 'accept', 'sendall', 'recv', 'sendall', 'close', 'close']);
    const recv = calls.find((c) => c.method === 'recv')!;
    expect(recv).toMatchObject({ call: 'recv(1024)', ok: true, result: "b'hello'" });
    expect(calls.find((c) => c.method === 'bind')!.call).toBe("bind(('127.0.0.1', 0))");

    const states = (id: number) => events.filter((e): e is StateEvent => e.kind === 'state' && e.socket === id).map((e) => e.state);
    const socketOf = (method: string) => calls.find((c) => c.method === method)!.socket!;
    const srvId = socketOf('bind');
    expect(states(srvId)).toEqual(['created', 'bound', 'listening']);
    const connId = socketOf('recv');
    expect(states(connId).slice(0, 2)).toEqual(['queued', 'accepted']);
    expect(states(connId)).toContain('closed');

    const data = events.filter((e): e is DataEvent => e.kind === 'data');
    const bytes = (dir: 'in' | 'out') => data.filter((d) => d.direction === dir).reduce((n, d) => n + d.size, 0);
    expect(bytes('out')).toBe(11);
    expect(Buffer.from(data.find((d) => d.direction === 'out')!.payload!).toString()).toBe('hello');
    expect(session.engine.log.totals.bytesOut).toBe(11);
  });

  it('records a failed call with the exception as data', async () => {
    session = new Session();
    await runScript("import socket\nc = socket.socket()\nc.connect(('127.0.0.1', 1))\n");
    const end = session.engine.log.all().find((e): e is CallEvent => e.kind === 'call' && e.phase === 'end' && e.method === 'connect')!;
    expect(end.ok).toBe(false);
    expect(end.error).toEqual({ type: 'ConnectionRefusedError', errno: 111, message: '[Errno 111] Connection refused' });
    const states = session.engine.log.all().filter((e): e is StateEvent => e.kind === 'state').map((e) => e.state);
    expect(states).toEqual(['created', 'connecting', 'connect-failed']);
  });

  it('marks payloads dropped past the retention cap and still counts their bytes', async () => {
    session = new Session({ retainPayloadBytes: 8 });
    await runScript(TCP_PAIR);
    const data = session.engine.log.all().filter((e): e is DataEvent => e.kind === 'data');
    expect(data.filter((d) => d.dropped).every((d) => d.payload === undefined && d.size > 0)).toBe(true);
    const t = session.engine.log.totals;
    expect(t.retainedPayloadBytes).toBeLessThanOrEqual(8);
    expect(t.retainedPayloadBytes + t.droppedPayloadBytes).toBe(t.bytesIn + t.bytesOut);
  });
});

describe('interrupting a step', () => {
  it('ends a blocked accept() with KeyboardInterrupt and keeps the session usable', async () => {
    session = new Session();
    const stmts = parseProgram("import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(1)\ns.accept()\ns.getblocking()\n").statements;
    for (const st of stmts.slice(0, 4)) await session.run(st);
    const pending = session.run(stmts[4], { stepTimeout: null });
    await new Promise((r) => setTimeout(r, 50));
    expect(session.interrupt()).toBe(true);
    const out = await pending;
    expect(out).toMatchObject({ ok: false, error: { type: 'KeyboardInterrupt', errno: null, message: '' } });
    expect(await session.run(stmts[5])).toMatchObject({ ok: true, value: 'True' });
    expect(session.interrupt()).toBe(false);
  });

  it('ends a step past its timeout with StepTimeout', async () => {
    session = new Session();
    const out = await runScript('import time\ntime.sleep(0.3)\n');
    expect(out[1]).toMatchObject({ ok: true });
    const [stmt] = parseProgram('time.sleep(5)').statements;
    const started = Date.now();
    const r = await session.run(stmt, { stepTimeout: 0.2 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.error).toEqual(new PyException('StepTimeout', 'statement still running after 0.2s').toData());
  });
});

describe('texts of repeated transfer calls', () => {
  it('change with the argument and with the result: same size, other bytes; same bytes, other size', async () => {
    session = new Session();
    const events: EngineEvent[] = [];
    session.engine.log.subscribe((e) => events.push(e));
    const outcomes = await runScript(`import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, addr = srv.accept()
buf = bytearray(b'a' * 40)
cli.sendall(buf)
conn.recv(40)
buf = bytearray(b'b' + b'a' * 39)
cli.sendall(buf)
conn.recv(40)
cli.sendall(buf)
conn.recv(40)
big = b'c' * 40
cli.send(big)
cli.send(big)
cli.send(b'c' * 41)
conn.recv(1000)
cli.close()
conn.close()
srv.close()
`);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const ends = events.filter((e): e is CallEvent => e.kind === 'call' && e.phase === 'end' && ['sendall', 'send', 'recv'].includes(e.method));
    const a40 = 'a'.repeat(32);
    const b40 = 'b' + 'a'.repeat(31);
    expect(ends.map((e) => [e.call, e.result])).toEqual([
      [`sendall(bytearray(b'${a40}')… (40 bytes))`, 'None'],
      ['recv(40)', `b'${a40}'… (40 bytes)`],
      [`sendall(bytearray(b'${b40}')… (40 bytes))`, 'None'],
      ['recv(40)', `b'${b40}'… (40 bytes)`],
      [`sendall(bytearray(b'${b40}')… (40 bytes))`, 'None'],
      ['recv(40)', `b'${b40}'… (40 bytes)`],
      [`send(b'${'c'.repeat(32)}'… (40 bytes))`, '40'],
      [`send(b'${'c'.repeat(32)}'… (40 bytes))`, '40'],
      [`send(b'${'c'.repeat(32)}'… (41 bytes))`, '41'],
      ['recv(1000)', `b'${'c'.repeat(32)}'… (121 bytes)`],
    ]);
  });
});
