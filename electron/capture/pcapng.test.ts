// Captures of real runs, read back by tshark: the stream bytes both ways, UDP
// payloads, no segment flagged lost, retransmitted or out of order, a comment on
// every packet. tshark is required: without it these tests fail saying so.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../engine/session';
import { startPython, stopAll } from '../engine/testing/peers';
import { MAX_SEGMENT_PAYLOAD } from './tcpip';
import { commentField, fields, followTcp, runScript, tcpProblems, tempDir, tshark, until, writeCapture } from './testing';

let dir: string;
let session: Session;
let comment: string;

beforeAll(() => {
  dir = tempDir();
  comment = commentField();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  session?.dispose();
  stopAll();
});

function capture(name: string) {
  const file = path.join(dir, name);
  const summary = writeCapture(session.engine.log, file, session);
  return { file, summary };
}

/** Every frame's comment; each frame must have one. */
function comments(file: string): string[] {
  const rows = fields(file, '', 'frame.number', comment);
  for (const [n, c] of rows) expect(c ?? '', `frame ${n} has a comment`).not.toBe('');
  return rows.map((r) => r[1]);
}

function tcpPair(host: string, body: string): string {
  return `import socket
srv = socket.socket(${host.includes(':') ? 'socket.AF_INET6' : 'socket.AF_INET'}, socket.SOCK_STREAM)
srv.bind(('${host}', 0))
srv.listen(1)
c = socket.socket(${host.includes(':') ? 'socket.AF_INET6' : 'socket.AF_INET'}, socket.SOCK_STREAM)
c.connect(srv.getsockname())
conn, addr = srv.accept()
${body}`;
}

const CHUNKED = `c.sendall(b'GET /index')
c.sendall(b'.html HTTP/1.0')
c.sendall(b'\\r\\n\\r\\n')
conn.recv(4)
conn.recv(100)
conn.sendall(b'HTTP/1.0 200 OK\\r\\n')
conn.sendall(b'\\xe4\\xbd\\xa0\\xe5\\xa5\\xbd')
c.shutdown(socket.SHUT_WR)
conn.recv(100)
conn.sendall(b'after the half-close')
conn.close()
c.recv(1)
c.recv(100)
c.recv(100)
c.close()
`;
const CLIENT_BYTES = 'GET /index.html HTTP/1.0\r\n\r\n';
const SERVER_BYTES = Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\n'), Buffer.from('你好'), Buffer.from('after the half-close')]);

describe('pcapng export read by tshark', () => {
  it('TCP between two engine sockets: each byte once, both ways, handshake, half-close, FINs, comments', async () => {
    session = new Session();
    await runScript(session, tcpPair('127.0.0.1', CHUNKED));
    const { file, summary } = capture('tcp4.pcapng');
    expect(summary).toMatchObject({ tcpConnections: 1, unixSockets: 0, zeroFilledEvents: 0, unplacedDataEvents: 0 });
    const f = followTcp(file, 0);
    expect(f.bytes0.toString('latin1')).toBe(CLIENT_BYTES);
    expect(f.bytes1).toEqual(SERVER_BYTES);
    // Each byte once, though both ends logged it: the stream equals what one side sent.
    expect(f.bytes0.length + f.bytes1.length).toBe(session.engine.log.totals.bytesOut);
    expect(tcpProblems(file)).toBe('');
    const flags = fields(file, 'tcp', 'tcp.flags.str').map((r) => r[0].replace(/·/g, ''));
    expect(flags.slice(0, 3)).toEqual(['S', 'AS', 'A']);
    expect(flags.filter((x) => x.includes('F'))).toHaveLength(2);
    expect(flags.some((x) => x.includes('R'))).toBe(false);
    const notes = comments(file);
    expect(notes[0]).toMatch(/^SYN: c\.connect\(\('127\.0\.0\.1', \d+\)\), seq \d+$/);
    expect(notes).toContain(notes.find((n) => /^data: c\.sendall\(b'GET \/index'\), seq \d+$/.test(n)));
    expect(notes.some((n) => /^FIN: c\.shutdown\(1\), seq \d+$/.test(n))).toBe(true);
    expect(notes.some((n) => /^FIN: conn\.close\(\), seq \d+$/.test(n))).toBe(true);
    const addrs = fields(file, 'tcp.flags.syn == 1 && tcp.flags.ack == 0', 'ip.src', 'ip.dst', 'tcp.dstport');
    expect(addrs[0].slice(0, 2)).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(Number(addrs[0][2])).toBe(Number(/(\d+)\)\)/.exec(notes[0])![1]));
  });

  it('TCP over IPv6', async () => {
    session = new Session();
    await runScript(session, tcpPair('::1', CHUNKED));
    const { file } = capture('tcp6.pcapng');
    const f = followTcp(file, 0);
    expect(f.node0).toMatch(/^\[::1\]:\d+$/);
    expect(f.bytes0.toString('latin1')).toBe(CLIENT_BYTES);
    expect(f.bytes1).toEqual(SERVER_BYTES);
    expect(tcpProblems(file)).toBe('');
    expect(fields(file, 'ipv6', 'ipv6.src')[0]).toEqual(['::1']);
  });

  it('a reset: closing with unread data sends RST, and nothing follows it', async () => {
    session = new Session();
    await runScript(session, tcpPair('127.0.0.1', "c.sendall(b'never read')\nconn.sendall(b'ok')\nc.recv(2)\n"));
    // Wait for conn to have the bytes (then its close is a reset), and let c see the RST.
    const conn = session.engine.list().find((s) => s.state === 'accepted')!;
    await until(() => conn.bufferedBytes === 10, 'the bytes to reach conn');
    await runScript(session, 'conn.close()\n');
    const c = session.engine.list().find((s) => s.state === 'connected')!;
    await until(() => c.state === 'reset', 'the client to see the reset');
    await runScript(session, 'c.close()\n');
    const { file } = capture('reset.pcapng');
    const f = followTcp(file, 0);
    expect(f.bytes0.toString()).toBe('never read');
    expect(f.bytes1.toString()).toBe('ok');
    const rows = fields(file, 'tcp', 'tcp.flags.str', comment);
    const last = rows[rows.length - 1];
    expect(last[0]).toContain('R');
    expect(last[1]).toMatch(/^RST: conn\.close\(\), seq \d+$/);
    expect(rows.filter((r) => r[0].includes('R'))).toHaveLength(1);
    expect(tcpProblems(file)).toBe('');
  });

  it('a payload larger than one segment is cut into segments of at most 65,495 bytes', async () => {
    session = new Session();
    const size = 200_000;
    await runScript(session, tcpPair('127.0.0.1', `c.sendall(b'ab' * ${size / 2})\nc.close()\n`));
    const conn = session.engine.list().find((s) => s.state === 'accepted')!;
    await until(() => conn.bufferedBytes === size, 'all bytes to arrive');
    const { file } = capture('big.pcapng');
    const lens = fields(file, 'tcp.len > 0', 'tcp.len', comment);
    expect(lens.map((r) => Number(r[0]))).toEqual([MAX_SEGMENT_PAYLOAD, MAX_SEGMENT_PAYLOAD, MAX_SEGMENT_PAYLOAD, size - 3 * MAX_SEGMENT_PAYLOAD]);
    expect(lens[0][1]).toMatch(/^data: c\.sendall\(b'abab.*\(200000 bytes\)\), seq \d+ \(segment 1 of 4\)$/);
    const f = followTcp(file, 0);
    expect(f.bytes0.equals(Buffer.alloc(size, 'ab'))).toBe(true);
    expect(tcpProblems(file)).toBe('');
  });

  it('UDP: one packet per datagram, between engine sockets and with a python3 peer', async () => {
    session = new Session();
    await runScript(
      session,
      `import socket
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.bind(('127.0.0.1', 0))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
b.sendto(b'one', a.getsockname())
b.sendto(b'two', a.getsockname())
a.recvfrom(100)
a.recvfrom(1)
`,
    );
    const port = Number((await runScript(session, 'a.getsockname()[1]\n'))[0].value);
    const py = startPython(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b'from python', ('127.0.0.1', ${port}))
print(s.recvfrom(100)[0].decode())
`);
    await runScript(session, "data, peer = a.recvfrom(100)\na.sendto(b'back', peer)\n");
    expect(await py.line()).toBe('back');
    const { file, summary } = capture('udp.pcapng');
    expect(summary.udpDatagrams).toBe(4);
    const rows = fields(file, 'udp', 'udp.payload', 'udp.dstport', comment);
    expect(rows.map((r) => Buffer.from(r[0].replace(/:/g, ''), 'hex').toString())).toEqual(['one', 'two', 'from python', 'back']);
    expect(rows.every((r) => Number(r[1]) > 0)).toBe(true);
    expect(rows[0][2]).toMatch(/^datagram: b\.sendto\(b'one', \('127\.0\.0\.1', \d+\)\), seq \d+$/);
    expect(rows[2][2]).toMatch(/^datagram: from the peer outside the playground, received by a, seq \d+$/);
  });

  it('a python3 client outside the playground: its bytes come from what our socket received', async () => {
    session = new Session();
    await runScript(session, "import socket\nsrv = socket.socket()\nsrv.bind(('127.0.0.1', 0))\nsrv.listen(1)\n");
    const port = Number((await runScript(session, 'srv.getsockname()[1]\n'))[0].value);
    const py = startPython(`
import socket
s = socket.create_connection(('127.0.0.1', ${port}))
s.sendall(b'hello from python')
print(s.recv(100).decode())
s.close()
`);
    await runScript(session, 'conn, addr = srv.accept()\nconn.recv(100)\nconn.sendall(b"hello, python")\n');
    expect(await py.line()).toBe('hello, python');
    await runScript(session, 'conn.recv(100)\nconn.close()\n');
    const { file } = capture('python.pcapng');
    const f = followTcp(file, 0);
    expect(f.bytes0.toString()).toBe('hello from python');
    expect(f.bytes1.toString()).toBe('hello, python');
    expect(tcpProblems(file)).toBe('');
    const notes = comments(file);
    expect(notes[0]).toMatch(/^SYN: a peer outside the playground connects to srv, seq \d+$/);
    expect(notes.some((n) => /^data: from the peer outside the playground, received by conn, seq \d+$/.test(n))).toBe(true);
    expect(notes.some((n) => /^FIN: the peer outside the playground closes its side \(conn sees the FIN\), seq \d+$/.test(n))).toBe(true);
  });

  it('an engine client of a python3 server that resets the connection: RST from the outside peer', async () => {
    session = new Session();
    const py = startPython(`
import socket, struct
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
print(srv.getsockname()[1])
conn, _ = srv.accept()
conn.recv(2)
conn.sendall(b'bye')
conn.recv(3)
conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
conn.close()
print('reset')
`);
    const port = Number(await py.line());
    await runScript(session, `import socket\nc = socket.socket()\nc.connect(('127.0.0.1', ${port}))\nc.sendall(b'hi')\nc.recv(100)\nc.sendall(b'ack')\n`);
    expect(await py.line()).toBe('reset');
    const c = session.engine.list()[0];
    await until(() => c.state === 'reset', 'the client to see the reset');
    const { file } = capture('python-reset.pcapng');
    const f = followTcp(file, 0);
    expect(f.bytes0.toString()).toBe('hiack');
    expect(f.bytes1.toString()).toBe('bye');
    expect(tcpProblems(file)).toBe('');
    const rows = fields(file, 'tcp', 'tcp.flags.str', 'tcp.srcport', comment);
    const rst = rows.filter((r) => r[0].includes('R'));
    expect(rst).toHaveLength(1);
    expect(Number(rst[0][1])).toBe(port);
    expect(rst[0][2]).toMatch(/^RST: the peer outside the playground resets the connection \(c sees ECONNRESET\), seq \d+$/);
    expect(rows[0][2]).toMatch(/^SYN: c\.connect\(\('127\.0\.0\.1', \d+\)\), seq \d+$/);
  });

  it('payloads the retention budget dropped: zero bytes of the same size, said in the comments and the section header', async () => {
    session = new Session({ retainPayloadBytes: 5 });
    await runScript(session, tcpPair('127.0.0.1', "c.sendall(b'kept!')\nc.sendall(b'dropped')\nconn.recv(100)\nc.close()\n"));
    const { file, summary } = capture('capped.pcapng');
    expect(session.engine.log.totals.droppedPayloadEvents).toBeGreaterThan(0);
    expect(summary.zeroFilledEvents).toBe(1);
    const f = followTcp(file, 0);
    expect(f.bytes0).toEqual(Buffer.concat([Buffer.from('kept!'), Buffer.alloc(7)]));
    const rows = fields(file, 'tcp.len > 0', comment);
    expect(rows[0][0]).not.toContain('not retained');
    expect(rows[1][0]).toContain("payload not retained: the log's retention budget was exhausted; 7 zero bytes stand in for it");
    expect(fs.readFileSync(file).includes('Payload retention was capped at 5 bytes')).toBe(true);
    expect(tcpProblems(file)).toBe('');
  });

  it('Unix sockets are left out and counted', async () => {
    session = new Session();
    const sock = path.join(dir, 'u.sock');
    await runScript(
      session,
      `import socket
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind('${sock}')
srv.listen(1)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.connect('${sock}')
conn, addr = srv.accept()
c.sendall(b'local only')
conn.recv(100)
`,
    );
    const { file, summary } = capture('unix.pcapng');
    expect(summary).toMatchObject({ packets: 0, unixSockets: 3, unixDataEvents: 2 });
    expect(fs.readFileSync(file).includes('Left out: 3 Unix-domain socket(s) with 2 data event(s)')).toBe(true);
    expect(tshark('-r', file).trim()).toBe('');
  });
});
