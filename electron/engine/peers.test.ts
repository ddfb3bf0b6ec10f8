// Integration tests on loopback: engine sockets against real peers (python3
// programs in the tutorial's style, nc and socat), in both roles.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM } from './addresses';
import { Engine } from './engine';
import type { DataEvent } from './events';
import { PyException } from '../../shared/script/values';
import { startPeer, startPython, stopAll } from './testing/peers';

let engine: Engine;
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const bytes = (s: string) => new Uint8Array(Buffer.from(s));

beforeEach(() => {
  engine = new Engine();
});
afterEach(() => {
  engine.dispose();
  stopAll();
});

async function engineServer(family: typeof AF_INET | typeof AF_INET6 = AF_INET) {
  const srv = engine.createSocket(family, SOCK_STREAM, 0);
  const host = family === AF_INET ? '127.0.0.1' : '::1';
  await srv.bind(family === AF_INET ? { family, host, port: 0 } : { family, host, port: 0, flowinfo: 0, scopeId: 0 });
  await srv.listen(5);
  const a = srv.getsockname();
  if (a.family === AF_UNIX) throw new Error('unexpected family');
  return { srv, port: a.port };
}

/** Receives until `n` bytes arrived or the peer closed. */
async function recvAll(s: ReturnType<Engine['createSocket']>, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let got = 0;
  while (got < n) {
    const { data } = await s.recv(65536, {});
    if (data.length === 0) break;
    parts.push(data);
    got += data.length;
  }
  return Buffer.concat(parts);
}

describe('TCP with a python3 client (engine as server)', () => {
  it('accepts, receives the request and replies', async () => {
    const { srv, port } = await engineServer();
    const client = startPython(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', ${port}))
s.sendall('你好, server'.encode('utf-8'))
print(s.recv(1024).decode('utf-8'))
s.close()
`);
    const conn = await srv.accept({});
    expect(conn.getpeername()).toMatchObject({ family: AF_INET, host: '127.0.0.1' });
    expect(text(await recvAll(conn, Buffer.byteLength('你好, server')))).toBe('你好, server');
    await conn.send(bytes('welcome'), {}, true);
    expect(await client.line()).toBe('welcome');
    expect((await conn.recv(10, {})).data.length).toBe(0); // b'' after the client's close
    expect(await client.exited).toBe(0);
  });

  it('keeps arrivals in the accept queue in order', async () => {
    const { srv, port } = await engineServer();
    const client = startPython(`
import socket, time
socks = []
for i in range(3):
    s = socket.create_connection(('127.0.0.1', ${port}))
    s.sendall(b'client %d' % i)
    socks.append(s)
    time.sleep(0.05)
print('connected')
time.sleep(5)
`);
    expect(await client.line()).toBe('connected');
    const got: string[] = [];
    for (let i = 0; i < 3; i++) got.push(text((await (await srv.accept({})).recv(100, {})).data));
    expect(got).toEqual(['client 0', 'client 1', 'client 2']);
  });

  it('resets the peer when closing with unread data', async () => {
    const { srv, port } = await engineServer();
    const client = startPython(`
import socket
s = socket.create_connection(('127.0.0.1', ${port}))
s.sendall(b'unread')
print('sent')
try:
    print(repr(s.recv(10)))
except ConnectionResetError as e:
    print('reset', e.errno)
print(repr(s.recv(10)))
`);
    const conn = await srv.accept({});
    expect(await client.line()).toBe('sent');
    await conn.recv(0, {}); // nothing taken: the bytes stay unread
    await new Promise((r) => setTimeout(r, 50));
    conn.close();
    expect(await client.line()).toBe('reset 104');
    expect(await client.line()).toBe("b''");
  });

  it('over IPv6 loopback', async () => {
    const { srv, port } = await engineServer(AF_INET6);
    const client = startPython(`
import socket
s = socket.create_connection(('::1', ${port}))
s.sendall(b'six')
print(s.recv(10).decode())
`);
    const conn = await srv.accept({});
    expect(text((await conn.recv(10, {})).data)).toBe('six');
    await conn.send(bytes('ok6'), {}, true);
    expect(await client.line()).toBe('ok6');
  });
});

describe('TCP with a python3 server (engine as client)', () => {
  it('connects, sends and reads the echo, then sees the FIN', async () => {
    const server = startPython(`
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
print(srv.getsockname()[1])
conn, addr = srv.accept()
data = conn.recv(1024)
conn.sendall(data.upper())
conn.close()
`);
    const port = Number(await server.line());
    const c = engine.createSocket(AF_INET, SOCK_STREAM, 0);
    await c.connect({ family: AF_INET, host: '127.0.0.1', port }, {});
    await c.send(bytes('hello python'), {}, true);
    expect(text(await recvAll(c, 12))).toBe('HELLO PYTHON');
    expect((await c.recv(10, {})).data.length).toBe(0);
    expect(await server.exited).toBe(0);
  });

  it('gets BrokenPipeError on the second send after the peer is gone', async () => {
    const server = startPython(`
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
print(srv.getsockname()[1])
conn, _ = srv.accept()
conn.close()
print('closed')
`);
    const port = Number(await server.line());
    const c = engine.createSocket(AF_INET, SOCK_STREAM, 0);
    await c.connect({ family: AF_INET, host: '127.0.0.1', port }, {});
    expect(await server.line()).toBe('closed');
    expect((await c.recv(10, {})).data.length).toBe(0);
    await c.send(bytes('first'), {}, false);
    await new Promise((r) => setTimeout(r, 50));
    await expect(c.send(bytes('second'), {}, false)).rejects.toMatchObject({ pyType: 'BrokenPipeError', errno: 32 });
  });

  it('is refused where nobody listens', async () => {
    const probe = engine.createSocket(AF_INET, SOCK_STREAM, 0);
    await probe.bind({ family: AF_INET, host: '127.0.0.1', port: 0 });
    const port = (probe.getsockname() as { port: number }).port;
    probe.close();
    const c = engine.createSocket(AF_INET, SOCK_STREAM, 0);
    await expect(c.connect({ family: AF_INET, host: '127.0.0.1', port }, {})).rejects.toMatchObject({ pyType: 'ConnectionRefusedError', errno: 111 });
  });
});

describe('UDP with python3 peers', () => {
  it('engine server answers a python3 client, keeping datagram boundaries', async () => {
    const srv = engine.createSocket(AF_INET, SOCK_DGRAM, 0);
    await srv.bind({ family: AF_INET, host: '127.0.0.1', port: 0 });
    const port = (srv.getsockname() as { port: number }).port;
    const client = startPython(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b'one', ('127.0.0.1', ${port}))
s.sendto(b'two-two', ('127.0.0.1', ${port}))
data, addr = s.recvfrom(1024)
print(data.decode())
`);
    const first = await srv.recv(1024, {});
    const second = await srv.recv(3, {});
    expect(text(first.data)).toBe('one');
    expect(text(second.data)).toBe('two'); // cut to bufsize; the rest of the datagram is gone
    await srv.sendto(bytes('pong'), first.from!, {});
    expect(await client.line()).toBe('pong');
  });

  it('engine client talks to a python3 server', async () => {
    const server = startPython(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
print(s.getsockname()[1])
data, addr = s.recvfrom(1024)
s.sendto(data[::-1], addr)
`);
    const port = Number(await server.line());
    const c = engine.createSocket(AF_INET, SOCK_DGRAM, 0);
    await c.sendto(bytes('stressed'), { family: AF_INET, host: '127.0.0.1', port }, {});
    const r = await c.recv(100, {});
    expect(text(r.data)).toBe('desserts');
    expect(r.from).toMatchObject({ host: '127.0.0.1', port });
  });

  it('a connected UDP socket gets ConnectionRefusedError after sending to a closed port', async () => {
    const probe = engine.createSocket(AF_INET, SOCK_DGRAM, 0);
    await probe.bind({ family: AF_INET, host: '127.0.0.1', port: 0 });
    const port = (probe.getsockname() as { port: number }).port;
    probe.close();
    const c = engine.createSocket(AF_INET, SOCK_DGRAM, 0);
    await c.connect({ family: AF_INET, host: '127.0.0.1', port }, {});
    await c.send(bytes('anyone?'), {}, false);
    c.settimeout(2);
    await expect(c.recv(10, {})).rejects.toMatchObject({ pyType: 'ConnectionRefusedError', errno: 111 });
  });
});

describe('nc and socat as peers', () => {
  it('receives what nc sends, then its FIN', async () => {
    const { srv, port } = await engineServer();
    const nc = startPeer('nc', ['-N', '127.0.0.1', String(port)]);
    nc.proc.stdin.end('from netcat\n');
    const conn = await srv.accept({});
    expect(text(await recvAll(conn, 1000))).toBe('from netcat\n');
  });

  it('talks to a socat echo server over a Unix socket', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-peer-'));
    const sockPath = path.join(dir, 'echo.sock');
    try {
      const socat = startPeer('socat', [`UNIX-LISTEN:${sockPath}`, 'EXEC:cat']);
      const c = engine.createSocket(AF_UNIX, SOCK_STREAM, 0);
      for (let i = 0; ; i++) {
        try {
          await c.connect({ family: AF_UNIX, path: sockPath }, {});
          break;
        } catch (e) {
          // socat creates the socket file shortly after starting: retry on its absence only.
          if (!(e instanceof PyException) || i > 100) throw e;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      await c.send(bytes('unix echo'), {}, true);
      expect(text(await recvAll(c, 9))).toBe('unix echo');
      c.close();
      await socat.exited;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('engine behaviour', () => {
  it('a blocked call on one socket does not stall the others', async () => {
    const { srv } = await engineServer();
    const pending = srv.accept({}); // blocks: nobody connects
    await vi.waitFor(() => expect(srv.pendingCall?.method).toBe('accept'));
    const u1 = engine.createSocket(AF_INET, SOCK_DGRAM, 0);
    const u2 = engine.createSocket(AF_INET, SOCK_DGRAM, 0);
    await u1.bind({ family: AF_INET, host: '127.0.0.1', port: 0 });
    await u2.sendto(bytes('meanwhile'), u1.getsockname(), {});
    expect(text((await u1.recv(100, {})).data)).toBe('meanwhile');
    srv.close();
    await expect(pending).rejects.toMatchObject({ errno: 9 });
  });

  it('interrupts a pending accept() with the signal reason', async () => {
    const { srv } = await engineServer();
    const ctl = new AbortController();
    const pending = srv.accept({ signal: ctl.signal });
    await new Promise((r) => setTimeout(r, 20));
    ctl.abort(new PyException('KeyboardInterrupt', ''));
    await expect(pending).rejects.toMatchObject({ pyType: 'KeyboardInterrupt' });
    expect(srv.pendingCall).toBeNull();
  });

  it('accounts for every byte moved in data events, and marks dropped payloads', async () => {
    engine = new Engine({ retainPayloadBytes: 1000 });
    const { srv, port } = await engineServer();
    const c = engine.createSocket(AF_INET, SOCK_STREAM, 0);
    await c.connect({ family: AF_INET, host: '127.0.0.1', port }, {});
    const conn = await srv.accept({});
    const chunk = new Uint8Array(700).fill(7);
    for (let i = 0; i < 4; i++) await c.send(chunk, {}, true);
    const got = await recvAll(conn, 2800);
    expect(got.length).toBe(2800);
    const data = engine.log.all().filter((e): e is DataEvent => e.kind === 'data');
    const out = data.filter((e) => e.direction === 'out' && e.socket === c.id);
    const inn = data.filter((e) => e.direction === 'in' && e.socket === conn.id);
    expect(out.reduce((n, e) => n + e.size, 0)).toBe(2800);
    expect(inn.reduce((n, e) => n + e.size, 0)).toBe(2800);
    expect(engine.log.totals.bytesOut).toBe(2800);
    const kept = data.filter((e) => e.payload).reduce((n, e) => n + e.size, 0);
    expect(kept).toBeLessThanOrEqual(1000);
    expect(data.some((e) => e.dropped && !e.payload)).toBe(true);
    expect(engine.log.totals.droppedPayloadBytes + kept).toBe(5600);
    const seqs = engine.log.all().map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('engine to engine: sendall() waits for room, an interrupted one leaves the next intact, every byte arrives in order', async () => {
    const { srv, port } = await engineServer();
    const c = engine.createSocket(AF_INET, SOCK_STREAM, 0);
    await c.connect({ family: AF_INET, host: '127.0.0.1', port }, {});
    const conn = await srv.accept({});
    const chunk = (k: number) => new Uint8Array(65536).map((_, i) => (k * 7 + i) & 0xff);
    // Nobody reads: sendall() fills the kernel's buffers and the engine's, then waits.
    let k = 0;
    const ctl = new AbortController();
    for (;;) {
      const pending = c.sendOrWait(chunk(k++), { signal: ctl.signal }, true);
      if (typeof pending === 'number') continue;
      await vi.waitFor(() => expect(c.pendingCall?.method).toBe('sendall'));
      ctl.abort(new PyException('KeyboardInterrupt', ''));
      await expect(pending).rejects.toMatchObject({ pyType: 'KeyboardInterrupt' });
      break;
    }
    expect(c.pendingCall).toBeNull();
    // The interrupted write still goes out (the kernel had part of it); the next sendall() waits its turn.
    const next = c.sendOrWait(chunk(k++), {}, true);
    const total = k * 65536;
    const got = await recvAll(conn, total);
    await expect(Promise.resolve(next)).resolves.toBe(65536);
    expect(got.length).toBe(total);
    for (let i = 0; i < k; i++) expect(Buffer.from(got.subarray(i * 65536, (i + 1) * 65536)).equals(Buffer.from(chunk(i)))).toBe(true);
    const data = engine.log.all().filter((e): e is DataEvent => e.kind === 'data');
    const received = Buffer.concat(data.filter((e) => e.direction === 'in' && e.socket === conn.id).map((e) => e.payload!));
    expect(received.equals(Buffer.from(got))).toBe(true);
  });

  it('engine to engine, both ways: the log reads back every received byte from what the other end sent', async () => {
    const { srv, port } = await engineServer();
    const c = engine.createSocket(AF_INET, SOCK_STREAM, 0);
    await c.connect({ family: AF_INET, host: '127.0.0.1', port }, {});
    const conn = await srv.accept({});
    // Sends of every size (1 byte to 100 KiB), with bytes that differ from one send to the next.
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const sends = Array.from({ length: 60 }, (_, k) => Uint8Array.from({ length: k % 5 === 0 ? 1 + (random() % 100_000) : 1 + (random() % 300) }, () => random() & 0xff));
    const total = sends.reduce((n, d) => n + d.length, 0);
    for (const [from, to] of [
      [c, conn],
      [conn, c],
    ] as const) {
      const sent = (async () => {
        for (const d of sends) await from.send(d, {}, true);
      })();
      const got = await recvAll(to, total);
      await sent;
      expect(Buffer.from(got).equals(Buffer.concat(sends))).toBe(true);
      const arrivals = engine.log.all().filter((e): e is DataEvent => e.kind === 'data' && e.direction === 'in' && e.socket === to.id);
      expect(Buffer.concat(arrivals.map((e) => e.payload!)).equals(Buffer.from(got))).toBe(true);
      // Held once: what arrived within one send is a view of the sender's bytes.
      expect(arrivals.some((e) => sends.some((d) => d.buffer === e.payload!.buffer))).toBe(true);
    }
  });

  it('holds the sender with flow control when nobody reads', async () => {
    const { srv, port } = await engineServer();
    const client = startPython(`
import socket
s = socket.create_connection(('127.0.0.1', ${port}))
s.settimeout(2)
sent = 0
try:
    while sent < 256 * 1024 * 1024:
        s.sendall(b'x' * 65536)
        sent += 65536
    print('never blocked')
except socket.timeout:
    print('blocked after', sent)
`);
    const conn = await srv.accept({});
    const line = await client.line();
    expect(line).toMatch(/^blocked after \d+$/);
    const sent = Number(line.split(' ')[2]);
    expect(conn.bufferedBytes).toBeLessThan(sent);
  });
});
