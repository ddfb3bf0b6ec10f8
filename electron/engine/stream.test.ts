// Follow stream on real sockets: pieces per send, spans per recv, both ways.
import { afterEach, describe, expect, it } from 'vitest';
import { parseProgram } from '../../shared/script/parser';
import { LogQuery } from './log-query';
import { Session } from './session';
import { followStream } from './stream';
import { startPython, stopAll } from './testing/peers';

let session: Session;
afterEach(() => {
  session?.dispose();
  stopAll();
});

async function runScript(source: string) {
  for (const stmt of parseProgram(source).statements) {
    const o = await session.run(stmt, { stepTimeout: 5 });
    if (!o.ok) throw new Error(`${o.source}: ${o.error?.type}: ${o.error?.message}`);
  }
}

function idOf(name: string): number {
  const v = session.interpreter.globals.get(name) as unknown as { sock: { id: number } };
  return v.sock.id;
}

const text = (b?: Uint8Array) => (b ? new TextDecoder().decode(b) : '');

describe('followStream', () => {
  it('shows two sends coming out of one recv, and the reply, between two of our sockets', async () => {
    session = new Session();
    await runScript(`import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
c = socket.create_connection(srv.getsockname())
conn, addr = srv.accept()
c.sendall(b'hello ')
c.sendall(b'world')
conn.recv(1024)
conn.sendall(b'ok!')
c.recv(2)
c.recv(10)
c.shutdown(socket.SHUT_WR)
conn.recv(10)
`);
    const view = followStream(new LogQuery(session.engine.log), idOf('c'));
    expect(view.kind).toBe('stream');
    expect(view.peer.socket).toBe(idOf('conn'));
    expect(view.pieces.map((p) => [p.dir, text(p.payload), p.offset, p.source])).toEqual([
      ['out', 'hello ', 0, 'send'],
      ['out', 'world', 6, 'send'],
      ['in', 'ok!', 0, 'send'],
    ]);
    expect(view.pieces[0].call).toBe("sendall(b'hello ')");
    // One recv took both sends; the reply came out in two recvs.
    expect(view.recvs.map((r) => [r.dir, r.from, r.to, r.index])).toEqual([
      ['out', 0, 11, 1],
      ['in', 0, 2, 1],
      ['in', 2, 3, 2],
    ]);
    expect([view.bytesOut, view.bytesIn]).toEqual([11, 3]);
    // Followed from the other end, the directions swap.
    const other = followStream(new LogQuery(session.engine.log), idOf('conn'));
    expect(other.pieces.map((p) => [p.dir, text(p.payload)])).toEqual([
      ['in', 'hello '],
      ['in', 'world'],
      ['out', 'ok!'],
    ]);
    expect(other.recvs.filter((r) => r.dir === 'in').map((r) => r.to)).toEqual([11]);
  });

  it('shows what arrived from an outside peer, and one piece per datagram', async () => {
    session = new Session();
    await runScript(`import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))
`);
    const port = (session.interpreter.globals.get('u') as unknown as { sock: { local: { port: number } } }).sock.local.port;
    const peer = startPython(`import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b'one', ('127.0.0.1', ${port}))
s.sendto(b'two!', ('127.0.0.1', ${port}))
`);
    expect(await peer.exited).toBe(0);
    await runScript(`d1 = u.recvfrom(100)
d2 = u.recvfrom(2)
u.sendto(b'back', d1[1])
`);
    const view = followStream(new LogQuery(session.engine.log), idOf('u'));
    expect(view.kind).toBe('datagram');
    expect(view.pieces.map((p) => [p.dir, text(p.payload), p.source])).toEqual([
      ['in', 'one', 'arrival'],
      ['in', 'two!', 'arrival'],
      ['out', 'back', 'send'],
    ]);
    expect(view.pieces.every((p) => p.peer !== undefined)).toBe(true);
  });
});
