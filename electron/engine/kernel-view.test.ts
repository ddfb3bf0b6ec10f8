// The kernel view against real sockets on loopback: what /proc/net/tcp and
// /proc/net/udp say about the engine's sockets while a script runs, and the
// outside programs' rows next to them. Conditions are awaited by bounded polling.
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProgram } from '../../shared/script/parser';
import { formatEndpoint, kernelView, type KernelRow, type KernelViewSource } from './kernel-view';
import { addressBytes } from './kernel';
import { PySocket } from './pysocket';
import { Session } from './session';

const linux = process.platform === 'linux';
/** How long a condition may take to hold: the kernel's transitions on loopback take microseconds. */
const WAIT_MS = 5000;
const POLL_MS = 10;

let session: Session;
const cleanups: Array<() => void> = [];
afterEach(() => {
  session?.dispose();
  for (const c of cleanups.splice(0)) c();
});

async function run(source: string) {
  const outcomes = [];
  for (const stmt of parseProgram(source).statements) {
    const o = await session.run(stmt, { stepTimeout: 5 });
    if (!o.ok) throw new Error(`${o.source}: ${o.error?.type}: ${o.error?.message}`);
    outcomes.push(o);
  }
  return outcomes;
}

function idOf(name: string): number {
  const v = session.interpreter.globals.get(name);
  if (!(v instanceof PySocket)) throw new Error(`${name} is not a socket`);
  return v.sock.id;
}

function rows(): KernelRow[] {
  const v = kernelView(session.engine);
  if (!v.available) throw new Error(`kernel view unavailable: ${v.reason}`);
  return v.rows;
}

/** Polls the kernel view until `pick` finds what it wants; fails with the last rows after WAIT_MS. */
async function until<T>(pick: (rows: KernelRow[]) => T | undefined | null | false): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last: KernelRow[] = [];
  for (;;) {
    last = rows();
    const got = pick(last);
    if (got) return got;
    if (Date.now() > deadline) throw new Error(`condition not met; rows:\n${JSON.stringify(last, null, 1)}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const mine = (rs: KernelRow[], name: string) => rs.find((r) => r.socket === idOf(name));

const PAIR = `import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(3)
cli = socket.create_connection(srv.getsockname())
conn, addr = srv.accept()
`;

describe.runIf(linux)('kernel view on Linux', () => {
  it('shows bytes waiting for recv() until recv() takes them', async () => {
    session = new Session();
    await run(PAIR);
    const port = session.engine.get(idOf('srv'))!.local;
    const listener = await until((rs) => mine(rs, 'srv'));
    expect(listener).toMatchObject({ proto: 'tcp', state: 'LISTEN', role: 'socket', backlog: 3, local: `127.0.0.1:${port && 'port' in port ? port.port : 0}`, remote: null });
    const c = await until((rs) => mine(rs, 'conn'));
    expect(c).toMatchObject({ state: 'ESTABLISHED', recvQ: 0, held: 0 });

    await run("cli.sendall(b'hello')");
    const waiting = await until((rs) => {
      const r = mine(rs, 'conn');
      return r && r.recvQ + r.held === 5 && r;
    });
    expect(waiting.state).toBe('ESTABLISHED');
    await run('conn.recv(1024)');
    await until((rs) => {
      const r = mine(rs, 'conn');
      return r && r.recvQ + r.held === 0;
    });
  });

  it('shows bytes in the kernel’s own Recv-Q once the engine stops reading', async () => {
    session = new Session();
    await run(PAIR);
    // More than the engine reads ahead (256 KiB): the rest stays in the kernel until recv() makes room.
    // Sent without blocking, so that a small receive window cannot hold the statement up.
    const total = 600_000;
    await run(`cli.setblocking(False)\ncli.send(b'x' * ${total})`);
    const r = await until((rs) => {
      const x = mine(rs, 'conn');
      return x && x.recvQ > 0 && x.held > 0 && x;
    });
    expect(r.recvQ + r.held).toBeLessThanOrEqual(total);
    // recv() takes what the engine holds; the engine reads on and the kernel's queue shrinks.
    await run('conn.recv(1000000)');
    await until((rs) => {
      const x = mine(rs, 'conn');
      return x && x.recvQ + x.held < r.recvQ + r.held;
    });
  });

  it('counts a listener’s accept queue against its backlog', async () => {
    session = new Session();
    await run(`import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(2)
a = socket.create_connection(srv.getsockname())
b = socket.create_connection(srv.getsockname())
`);
    const listener = await until((rs) => {
      const r = mine(rs, 'srv');
      return r && r.recvQ + r.held === 2 && r;
    });
    expect(listener).toMatchObject({ state: 'LISTEN', backlog: 2, boundOnly: false });
    const rs = rows();
    const queued = rs.filter((r) => r.role === 'queued' && r.related === idOf('srv'));
    expect(queued).toHaveLength(2);
    for (const q of queued) expect(q.state).toBe('ESTABLISHED');
    // The clients' ends are engine sockets too: listed as such, not as outside peers.
    expect(mine(rs, 'a')?.state).toBe('ESTABLISHED');
    expect(rs.filter((r) => r.role === 'peer')).toHaveLength(0);

    await run('conn, addr = srv.accept()');
    await until((x) => {
      const r = mine(x, 'srv');
      return r && r.recvQ + r.held === 1;
    });
    expect(mine(rows(), 'conn')).toMatchObject({ role: 'socket', state: 'ESTABLISHED' });
  });

  it('follows close() through FIN_WAIT2 / CLOSE_WAIT to TIME_WAIT', async () => {
    session = new Session();
    await run(PAIR);
    await until((rs) => mine(rs, 'cli')?.state === 'ESTABLISHED');
    await run('cli.close()');
    const half = await until((rs) => {
      const c = mine(rs, 'cli');
      const s = mine(rs, 'conn');
      return c?.state === 'FIN_WAIT2' && s?.state === 'CLOSE_WAIT' && { c, s };
    });
    expect(half.c.closed).toBe(true);
    await run('conn.close()');
    // The closing side that sent the first FIN keeps the connection in TIME_WAIT, still shown as `cli`'s.
    const tw = await until((rs) => {
      const c = mine(rs, 'cli');
      return c?.state === 'TIME_WAIT' && c;
    });
    expect(tw).toMatchObject({ closed: true, role: 'socket', recvQ: 0, sendQ: 0 });
    // The passive side's row goes once its LAST_ACK is acknowledged.
    await until((rs) => mine(rs, 'conn') === undefined);
  });

  it('shows an outside program’s end of a connection as a peer, with its own queues', async () => {
    session = new Session();
    await run(`import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
`);
    const addr = session.engine.get(idOf('srv'))!.local as { port: number };
    const outside = net.connect({ host: '127.0.0.1', port: addr.port });
    cleanups.push(() => outside.destroy());
    await new Promise<void>((r) => outside.once('connect', () => r()));
    // The outside program does not read: what we send waits in its kernel Recv-Q.
    outside.pause();
    const connecting = await until((rs) => rs.find((r) => r.role === 'peer'));
    expect(connecting).toMatchObject({ socket: null, state: 'ESTABLISHED', remote: `127.0.0.1:${addr.port}` });
    await run("conn, addr = srv.accept()\nconn.sendall(b'for the outside')");
    const peer = await until((rs) => rs.find((r) => r.role === 'peer' && r.related === idOf('conn') && r.recvQ === 15));
    expect(peer.local).toBe(`127.0.0.1:${outside.localPort}`);
    // Only the sockets of the session and their peers: not the machine's other connections.
    const ours = new Set([idOf('srv'), idOf('conn')]);
    for (const r of rows()) expect(ours.has(r.socket ?? r.related ?? -1)).toBe(true);
  });

  it('says LISTEN for a bound socket only with the boundOnly mark (the engine’s reservation)', async () => {
    session = new Session();
    await run("import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\nfresh = socket.socket()");
    const rs = await until((x) => mine(x, 's') && x);
    expect(mine(rs, 's')).toMatchObject({ state: 'LISTEN', boundOnly: true, backlog: null, held: 0 });
    // A socket that is neither bound nor connected: the kernel lists nothing for it.
    expect(mine(rs, 'fresh')).toMatchObject({ state: null, local: null, role: 'socket' });
  });

  it('shows UDP sockets with their datagrams and the outside sender', async () => {
    session = new Session();
    await run("import socket\nu = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nu.bind(('127.0.0.1', 0))");
    const port = (session.engine.get(idOf('u'))!.local as { port: number }).port;
    const sender = dgram.createSocket('udp4');
    cleanups.push(() => sender.close());
    await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()));
    await new Promise<void>((r, j) => sender.send(Buffer.from('ping!'), port, '127.0.0.1', (e) => (e ? j(e) : r())));
    const u = await until((rs) => {
      const r = mine(rs, 'u');
      return r && r.held === 5 && r;
    });
    expect(u).toMatchObject({ proto: 'udp', state: 'UNCONN', local: `127.0.0.1:${port}`, drops: 0 });
    // The sender is known from the log once a datagram from it has been read.
    await run('u.recvfrom(100)');
    const peer = await until((rs) => rs.find((r) => r.role === 'peer' && r.related === idOf('u')));
    expect(peer).toMatchObject({ proto: 'udp', local: `127.0.0.1:${sender.address().port}` });
    expect(mine(rows(), 'u')!.held).toBe(0);
  });
});

describe('kernel view elsewhere', () => {
  it('is unavailable off Linux and where /proc cannot be read', () => {
    session = new Session();
    const darwin: KernelViewSource = { platform: 'darwin', read: () => '' };
    expect(kernelView(session.engine, darwin)).toEqual({ available: false, reason: 'not-linux' });
    const noProc: KernelViewSource = { platform: 'linux', read: () => null };
    expect(kernelView(session.engine, noProc)).toEqual({ available: false, reason: 'unreadable' });
  });

  it('reads a table given as text (IPv6 rows included)', async () => {
    session = new Session();
    await run("import socket\ns = socket.socket(socket.AF_INET6)\ns.bind(('::1', 0))\ns.listen(4)");
    const port = (session.engine.get(idOf('s'))!.local as { port: number }).port;
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const header = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    const tcp6 = `${header}   0: 00000000000000000000000001000000:${hexPort} 00000000000000000000000000000000:0000 0A 00000000:00000001 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0\n`;
    const src: KernelViewSource = { platform: 'linux', read: (p) => (p === '/proc/net/tcp6' ? tcp6 : p === '/proc/net/tcp' ? header : null) };
    const v = kernelView(session.engine, src);
    expect(v).toEqual({
      available: true,
      rows: [
        expect.objectContaining({ socket: idOf('s'), ipv6: true, local: `[::1]:${port}`, remote: null, state: 'LISTEN', recvQ: 1, sendQ: 0, backlog: 4 }),
      ],
    });
  });

  it('prints endpoints as ss does', () => {
    expect(formatEndpoint(addressBytes('127.0.0.1'), 5000)).toBe('127.0.0.1:5000');
    expect(formatEndpoint(addressBytes('::1'), 80)).toBe('[::1]:80');
    expect(formatEndpoint(addressBytes('::'), 0)).toBe('[::]:*');
    expect(formatEndpoint(addressBytes('fe80::1:0:0:2'), 1)).toBe('[fe80::1:0:0:2]:1');
    expect(formatEndpoint(addressBytes('2001:db8:0:0:1:0:0:1'), 1)).toBe('[2001:db8::1:0:0:1]:1');
    expect(formatEndpoint(addressBytes('::ffff:127.0.0.1'), 7)).toBe('[::ffff:127.0.0.1]:7');
  });
});
