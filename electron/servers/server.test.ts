// The four socketserver servers on engine sockets, against python3 clients on
// loopback: one request at a time (the next waits in the accept queue) against a
// task per request, every built-in handler, clean stops, and the servers' sockets
// in the session's log and socket list, marked as theirs.
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../shared/script/parser';
import { serverConfig, type ServerConfig } from '../../shared/servers/config';
import type { CallEvent, EngineEvent, StateEvent } from '../engine/events';
import { StreamSocket } from '../engine/socket';
import { describeSockets } from '../ipc/wire';
import type { PlaygroundServer } from './server';
import { pythonClient, serverBed, until } from './testing';

const HOST = '127.0.0.1';
/** The daytime line: time.ctime() and CRLF. */
const CTIME = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \d{4}\r\n$/;

const bed = serverBed();

const start = (c: Partial<ServerConfig> & Pick<ServerConfig, 'kind' | 'handler'>) => bed.servers.start(serverConfig(c));

function events(): readonly EngineEvent[] {
  return bed.session.engine.log.all();
}

/** The server's sockets by their names there: srv, conn1, conn2... */
function byName(server: PlaygroundServer): Map<string, number> {
  const names = new Map<string, number>();
  for (const s of bed.session.engine.list()) if (s.owner?.server === server.id) names.set(s.owner.name, s.id);
  return names;
}

function stateAt(socket: number, state: StateEvent['state']): StateEvent {
  const e = events().find((x): x is StateEvent => x.kind === 'state' && x.socket === socket && x.state === state);
  if (!e) throw new Error(`socket ${socket} never ${state}`);
  return e;
}

const calls = (socket: number) => events().filter((e): e is CallEvent => e.kind === 'call' && e.phase === 'end' && e.socket === socket).map((e) => e.call);

describe('TCPServer and ThreadingTCPServer with slow-hello --delay 1 and two concurrent clients', () => {
  it('TCPServer serves one at a time: about 2 s for both, the second queued until the first is closed', async () => {
    const server = await start({ kind: 'tcp', handler: 'slow-hello', delay: 1 });
    const listener = bed.session.engine.get(server.socketId!) as StreamSocket;
    const clients = [pythonClient('tcp', HOST, server.port, [{ send: 'hi' }, { readall: true }]), pythonClient('tcp', HOST, server.port, [{ send: 'hi' }, { readall: true }])];
    // While the first is handled, the second waits in the accept queue (accept() is not called).
    await until(() => server.info().active === 1 && listener.queue.length === 1, 'one connection handled and one queued');
    const reports = await Promise.all(clients);
    expect(reports.map((r) => r.replies)).toEqual([['hello'], ['hello']]);
    const span = Math.max(...reports.map((r) => r.end)) - Math.min(...reports.map((r) => r.start));
    expect(span).toBeGreaterThanOrEqual(1.95);
    expect(span).toBeLessThan(3.5);
    const names = byName(server);
    const [c1, c2] = [names.get('conn1')!, names.get('conn2')!];
    // conn2 was queued before conn1's handler ended, and accepted only after conn1 was closed.
    expect(stateAt(c2, 'queued').t).toBeLessThan(stateAt(c1, 'closed').t);
    expect(stateAt(c2, 'accepted').t).toBeGreaterThan(stateAt(c1, 'closed').t);
    expect(calls(c1)).toEqual(['recv(1024)', "sendall(b'hello')", 'shutdown(1)', 'close()']);
    expect(calls(names.get('srv')!)).toEqual(["bind(('127.0.0.1', 0))", 'getsockname()', 'listen(5)', 'accept()', 'accept()']);
    expect(server.info()).toMatchObject({ className: 'TCPServer', requests: 2, active: 0, status: 'serving' });
    expect(bed.output).toMatch(/^connection from: \('127\.0\.0\.1', \d+\)\nb'hi'\nconnection from: \('127\.0\.0\.1', \d+\)\nb'hi'\n$/);
  });

  it('ThreadingTCPServer serves both at once: about 1 s', async () => {
    const server = await start({ kind: 'tcp', threading: true, handler: 'slow-hello', delay: 1 });
    const clients = [pythonClient('tcp', HOST, server.port, [{ send: 'hi' }, { readall: true }]), pythonClient('tcp', HOST, server.port, [{ send: 'hi' }, { readall: true }])];
    await until(() => server.info().active === 2, 'both handled at once');
    const reports = await Promise.all(clients);
    expect(reports.map((r) => r.replies)).toEqual([['hello'], ['hello']]);
    const span = Math.max(...reports.map((r) => r.end)) - Math.min(...reports.map((r) => r.start));
    expect(span).toBeGreaterThanOrEqual(0.95);
    expect(span).toBeLessThan(1.8);
    expect(server.info()).toMatchObject({ className: 'ThreadingTCPServer', requests: 2 });
  });
});

describe('stream handlers', () => {
  it('echo sends back every byte until the client shuts down', async () => {
    const server = await start({ kind: 'tcp', handler: 'echo' });
    const r = await pythonClient('tcp', HOST, server.port, [{ send: 'hello ' }, { recv: 6 }, { send: 'world' }, { shut: true }, { readall: true }]);
    expect(r.replies).toEqual(['hello ', 'world']);
    const conn = byName(server).get('conn1')!;
    await until(() => bed.session.engine.get(conn)!.closed, 'the connection closed');
    expect(calls(conn)).toEqual(['recv(1024)', "sendall(b'hello ')", 'recv(1024)', "sendall(b'world')", 'recv(1024)', 'shutdown(1)', 'close()']);
  });

  it('upper answers line by line, as rfile.readline() and wfile.write() do, and the last line without a newline at EOF', async () => {
    const server = await start({ kind: 'tcp', handler: 'upper' });
    const r = await pythonClient('tcp', HOST, server.port, [{ send: 'abc\n' }, { recv: 4 }, { send: 'd\xe9f\nxy' }, { recv: 4 }, { send: 'z' }, { shut: true }, { readall: true }]);
    // bytes.upper() changes ASCII letters only.
    expect(r.replies).toEqual(['ABC\n', 'D\xe9F\n', 'XYZ']);
    const conn = byName(server).get('conn1')!;
    await until(() => bed.session.engine.get(conn)!.closed, 'the connection closed');
    expect(calls(conn).filter((c) => c.startsWith('recv'))).toContain('recv(8192)');
    expect(calls(conn)).toContain("sendall(b'ABC\\n')");
  });

  it('daytime replies time.ctime() and closes', async () => {
    const server = await start({ kind: 'tcp', handler: 'daytime' });
    const r = await pythonClient('tcp', HOST, server.port, [{ readall: true }]);
    expect(r.replies[0]).toMatch(CTIME);
  });

  it('discard reads everything and answers nothing', async () => {
    const server = await start({ kind: 'tcp', handler: 'discard' });
    const r = await pythonClient('tcp', HOST, server.port, [{ send: 'x'.repeat(100_000) }, { shut: true }, { readall: true }]);
    expect(r.replies).toEqual(['']);
    const conn = byName(server).get('conn1')!;
    await until(() => bed.session.engine.get(conn)!.closed, 'the connection closed');
    const inBytes = events().filter((e) => e.kind === 'data' && e.socket === conn && e.direction === 'in').reduce((n, e) => n + (e.kind === 'data' ? e.size : 0), 0);
    expect(inBytes).toBe(100_000);
    expect(calls(conn).some((c) => c.startsWith('send'))).toBe(false);
  });

  it('print receives once and prints the client and the bytes, as the tutorial\'s handler does', async () => {
    const server = await start({ kind: 'tcp', handler: 'print' });
    const r = await pythonClient('tcp', HOST, server.port, [{ send: 'hello' }, { readall: true }]);
    expect(r.replies).toEqual(['']);
    expect(bed.output).toBe(`connection from: ('127.0.0.1', ${await clientPort(server)})\nb'hello'\n`);
  });

  it('reports a handler\'s exception as handle_error() does and goes on serving', async () => {
    const server = await start({ kind: 'tcp', handler: 'echo' });
    await pythonClient('tcp', HOST, server.port, [{ reset: true }]);
    await until(() => server.info().requests === 1 && server.info().active === 0, 'the request handled');
    // (The address is the one accept() gave: a reset that comes before Node takes the connection leaves it unknown, ('0.0.0.0', 0).)
    expect(bed.output).toMatch(
      /^-{40}\nException occurred during processing of request from \('[\d.]+', \d+\)\nConnectionResetError: \[Errno 104\] Connection reset by peer\n-{40}\n$/,
    );
    const r = await pythonClient('tcp', HOST, server.port, [{ send: 'again' }, { shut: true }, { readall: true }]);
    expect(r.replies).toEqual(['again']);
  });
});

/** The client port of the server's first connection. */
async function clientPort(server: PlaygroundServer): Promise<number> {
  const conn = bed.session.engine.get(byName(server).get('conn1')!)!;
  return conn.remote && 'port' in conn.remote ? conn.remote.port : -1;
}

describe('UDPServer and ThreadingUDPServer', () => {
  it('echo: one datagram a request, answered with sendto(), two clients', async () => {
    const server = await start({ kind: 'udp', handler: 'echo' });
    const steps = (who: string) => [{ sendto: `${who}-1` }, { recvfrom: true as const }, { sendto: `${who}-2` }, { recvfrom: true as const }];
    const [a, b] = await Promise.all([pythonClient('udp', HOST, server.port, steps('a')), pythonClient('udp', HOST, server.port, steps('b'))]);
    expect(a.replies).toEqual(['a-1', 'a-2']);
    expect(b.replies).toEqual(['b-1', 'b-2']);
    expect(server.info()).toMatchObject({ className: 'UDPServer', requests: 4 });
    const srv = byName(server).get('srv')!;
    expect(calls(srv).filter((c) => c === 'recvfrom(8192)')).toHaveLength(4);
    expect(calls(srv).filter((c) => c.startsWith('sendto('))).toHaveLength(4);
  });

  it('ThreadingUDPServer handles datagrams at once: slow-hello twice in about one delay', async () => {
    const server = await start({ kind: 'udp', threading: true, handler: 'slow-hello', delay: 0.5 });
    const steps = [{ sendto: 'hi' }, { recvfrom: true as const }];
    const reports = await Promise.all([pythonClient('udp', HOST, server.port, steps), pythonClient('udp', HOST, server.port, steps)]);
    expect(reports.map((r) => r.replies)).toEqual([['hello'], ['hello']]);
    const span = Math.max(...reports.map((r) => r.end)) - Math.min(...reports.map((r) => r.connected));
    expect(span).toBeLessThan(0.95);
  });

  it('upper, daytime, discard and print on datagrams', async () => {
    const upper = await start({ kind: 'udp', handler: 'upper' });
    expect((await pythonClient('udp', HOST, upper.port, [{ sendto: 'abc\ndef' }, { recvfrom: true }])).replies).toEqual(['ABC\nDEF']);
    const daytime = await start({ kind: 'udp', handler: 'daytime' });
    expect((await pythonClient('udp', HOST, daytime.port, [{ sendto: '' }, { recvfrom: true }])).replies[0]).toMatch(CTIME);
    const discard = await start({ kind: 'udp', handler: 'discard' });
    const print = await start({ kind: 'udp', handler: 'print' });
    await pythonClient('udp', HOST, discard.port, [{ sendto: 'gone' }]);
    await pythonClient('udp', HOST, print.port, [{ sendto: 'shown' }]);
    await until(() => discard.info().requests === 1 && print.info().requests === 1 && print.info().active === 0, 'both datagrams handled');
    expect(calls(discard.socketId!).filter((c) => c.startsWith('sendto'))).toEqual([]);
    expect(bed.output).toMatch(/^datagram from: \('127\.0\.0\.1', \d+\)\nb'shown'\n$/);
  });
});

describe('servers in the session', () => {
  it('marks their sockets (socket list and log) and keeps them through console steps', async () => {
    const server = await start({ kind: 'tcp', threading: true, handler: 'echo' });
    const client = pythonClient('tcp', HOST, server.port, [{ send: 'a' }, { recv: 1 }, { readall: true }]);
    await until(() => calls(byName(server).get('conn1') ?? -1).length === 2 && bed.session.engine.get(byName(server).get('conn1')!)!.pendingCall !== null, 'the connection echoed once');
    // A console step collects the script's unreferenced sockets: not the server's.
    for (const stmt of parseProgram('x = 1\n').statements) await bed.session.run(stmt);
    const conn = byName(server).get('conn1')!;
    expect(bed.session.engine.get(conn)!.closed).toBe(false);
    const infos = describeSockets(bed.session);
    expect(infos.find((s) => s.id === server.socketId)).toMatchObject({ state: 'listening', owner: { server: server.id, name: 'srv', role: 'server' } });
    expect(infos.find((s) => s.id === conn)).toMatchObject({ owner: { server: server.id, name: 'conn1', role: 'request' } });
    await server.stop();
    expect((await client).replies).toEqual(['a', '']);
  });

  it('stop() interrupts a handler waiting in recv(), shuts its connection down and closes every socket', async () => {
    const server = await start({ kind: 'tcp', handler: 'echo' });
    const client = pythonClient('tcp', HOST, server.port, [{ readall: true }]);
    await until(() => bed.session.engine.get(byName(server).get('conn1') ?? -1)?.pendingCall?.method === 'recv', 'the handler waiting in recv()');
    await server.stop();
    expect((await client).replies).toEqual(['']);
    expect(server.status).toBe('stopped');
    for (const id of byName(server).values()) expect(bed.session.engine.get(id)!.closed).toBe(true);
    const conn = byName(server).get('conn1')!;
    const ends = events().filter((e): e is CallEvent => e.kind === 'call' && e.phase === 'end' && e.socket === conn);
    expect(ends[0]).toMatchObject({ call: 'recv(1024)', ok: false, error: { type: 'KeyboardInterrupt' } });
    expect(ends.slice(1).map((e) => e.call)).toEqual(['shutdown(1)', 'close()']);
    expect(calls(server.socketId!).at(-1)).toBe('close()');
    expect(bed.output).toBe(''); // an interruption by stop() is not the handler's error
  });

  it('ends when the session is disposed', async () => {
    const server = await start({ kind: 'tcp', threading: true, handler: 'echo' });
    const client = pythonClient('tcp', HOST, server.port, [{ readall: true }]);
    await until(() => server.info().active === 1, 'a connection handled');
    bed.session.dispose();
    await server.ended;
    expect(server.status).toBe('stopped');
    expect((await client).replies).toEqual(['']);
  });

  it('refuses an address in use as bind() does, and closes its socket', async () => {
    const first = await start({ kind: 'tcp', handler: 'echo' });
    await expect(start({ kind: 'tcp', handler: 'echo', port: first.port })).rejects.toMatchObject({ pyType: 'OSError', errno: 98 });
    const second = bed.session.engine.list().find((s) => s.owner?.server === 2)!;
    expect(second.closed).toBe(true);
  });

  it('serves on IPv6', async () => {
    const server = await start({ kind: 'tcp', handler: 'echo', host: '::1' });
    expect(server.info().address).toMatch(/^\('::1', \d+, 0, 0\)$/);
    expect((await pythonClient('tcp', '::1', server.port, [{ send: 'v6' }, { shut: true }, { readall: true }])).replies).toEqual(['v6']);
  });
});
