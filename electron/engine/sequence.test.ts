// The sequence diagram's model on real sessions: lanes for engine sockets and
// outside peers, the handshake, data, FIN and RST arrows, and windows of it.
import { afterEach, describe, expect, it } from 'vitest';
import { parseProgram } from '../../shared/script/parser';
import { EventLog } from './events';
import { addressMatches, SequenceIndex, sequenceWindow, type SequenceLink, type SequenceWindow } from './sequence';
import { Session } from './session';
import { startPython, stopAll } from './testing/peers';

let session: Session;
afterEach(() => {
  session?.dispose();
  stopAll();
});

async function run(source: string) {
  for (const stmt of parseProgram(source).statements) {
    const o = await session.run(stmt, { stepTimeout: 5 });
    if (!o.ok) throw new Error(`${stmt.source}: ${o.error?.type} ${o.error?.message}`);
  }
}

/** Waits for pending events (a FIN, bytes on loopback) to reach the log. */
const settle = () => new Promise((r) => setTimeout(r, 50));

function whole(calls = true): SequenceWindow {
  return sequenceWindow(session.engine.log, { calls, offset: 0, count: 1000 });
}

function laneOf(w: SequenceWindow, socket: number): number {
  const k = w.lanes.findIndex((l) => l.socket === socket);
  expect(k).toBeGreaterThanOrEqual(0);
  return k;
}

const seqOf = (w: SequenceWindow, pred: (e: SequenceWindow['items'][number]) => boolean) => w.items.find(pred)!.seq;
const rowOfSeq = (w: SequenceWindow, seq: number) => w.items.find((i) => i.seq === seq)!.row;
const linksOf = (w: SequenceWindow, kind: SequenceLink['kind']) => w.links.filter((l) => l.kind === kind);
const head = (l: { head?: string }) => Buffer.from(l.head ?? '', 'base64').toString();

const TCP = `import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
c = socket.create_connection(srv.getsockname())
conn, addr = srv.accept()
c.sendall(b'hello')
c.sendall(b'world')
`;

describe('sequence between engine sockets', () => {
  it('draws the handshake, accept, two sends met by one arrival, a reply and the FIN', async () => {
    session = new Session();
    await run(TCP);
    await settle();
    await run(`conn.recv(1024)
conn.sendall(b'reply')
c.recv(1024)
c.close()`);
    await settle();
    const w = whole();
    // srv is socket 1, c 2, conn 3: one lane each, no outside peer.
    expect(w.lanes.map((l) => l.socket)).toEqual([1, 2, 3]);
    expect(w.lanes.map((l) => l.proto)).toEqual(['tcp', 'tcp', 'tcp']);
    const [srv, c, conn] = [laneOf(w, 1), laneOf(w, 2), laneOf(w, 3)];
    expect(w.lanes[conn]).toMatchObject({ queued: true });
    expect(w.lanes[conn].acceptedRow).toBe(rowOfSeq(w, seqOf(w, (i) => i.state === 'accepted')));
    expect(w.lanes[c].lastRow).toBe(rowOfSeq(w, seqOf(w, (i) => i.state === 'closed' && i.lane === c)));

    // connect: from c's 'connecting' to the listener, arriving when the connection is queued.
    const queuedRow = rowOfSeq(w, seqOf(w, (i) => i.state === 'queued'));
    expect(linksOf(w, 'connect')).toEqual([{ kind: 'connect', seq: seqOf(w, (i) => i.state === 'connecting'), from: c, fromRow: rowOfSeq(w, seqOf(w, (i) => i.state === 'connecting')), to: srv, toRow: queuedRow }]);
    const connectedSeq = seqOf(w, (i) => i.state === 'connected' && i.lane === c);
    expect(linksOf(w, 'synack')).toEqual([{ kind: 'synack', seq: connectedSeq, from: srv, fromRow: queuedRow, to: c, toRow: rowOfSeq(w, connectedSeq) }]);
    const acceptedSeq = seqOf(w, (i) => i.state === 'accepted');
    expect(linksOf(w, 'accept')).toEqual([{ kind: 'accept', seq: acceptedSeq, from: srv, fromRow: rowOfSeq(w, acceptedSeq), to: conn, toRow: rowOfSeq(w, acceptedSeq) }]);

    // Two sends, one arrival of 10 bytes: both arrows end there.
    const arrival = w.items.find((i) => i.kind === 'data' && i.direction === 'in' && i.lane === conn)!;
    expect(arrival.size).toBe(10);
    const toConn = linksOf(w, 'data').filter((l) => l.to === conn);
    expect(toConn.map((l) => [l.from, l.toRow, l.size, head(l)])).toEqual([
      [c, arrival.row, 5, 'hello'],
      [c, arrival.row, 5, 'world'],
    ]);
    const reply = linksOf(w, 'data').filter((l) => l.to === c);
    expect(reply).toHaveLength(1);
    expect(reply[0]).toMatchObject({ from: conn, size: 5 });
    expect(reply[0].toRow).toBe(rowOfSeq(w, seqOf(w, (i) => i.kind === 'data' && i.direction === 'in' && i.lane === c)));

    // c's close sends a FIN that conn sees as peer-closed.
    const fin = linksOf(w, 'fin');
    expect(fin).toHaveLength(1);
    expect(fin[0]).toMatchObject({ from: c, to: conn, fromRow: w.lanes[c].lastRow });
    expect(fin[0].toRow).toBe(rowOfSeq(w, seqOf(w, (i) => i.state === 'peer-closed')));
    expect(linksOf(w, 'rst')).toEqual([]);

    // Calls are spans on their lane: accept() on srv, from its start to its end.
    const accept = w.spans.find((s) => s.method === 'accept')!;
    expect(accept.lane).toBe(srv);
    expect(accept.endRow! - accept.startRow).toBeGreaterThan(0);
    // A module-level call has no lane.
    expect(w.items.find((i) => i.call?.startsWith('create_connection'))!.lane).toBeNull();
  });

  it('shows a close with unread data as RST, and the reset on the other side', async () => {
    session = new Session();
    await run(TCP);
    await settle();
    await run('conn.close()');
    await settle();
    const w = whole(false);
    const rst = linksOf(w, 'rst');
    expect(rst).toHaveLength(1);
    expect(rst[0]).toMatchObject({ from: laneOf(w, 3), to: laneOf(w, 2) });
    expect(rst[0].toRow).toBe(rowOfSeq(w, seqOf(w, (i) => i.state === 'reset')));
    expect(linksOf(w, 'fin')).toEqual([]);
  });

  it('pairs datagrams between engine sockets, a wildcard sender included', async () => {
    session = new Session();
    await run(`import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
v.sendto(b'ping', u.getsockname())
v.sendto(b'pong', u.getsockname())
u.recvfrom(100)
u.recvfrom(100)`);
    const w = whole(false);
    expect(w.lanes.map((l) => [l.socket, l.proto])).toEqual([
      [1, 'udp'],
      [2, 'udp'],
    ]);
    const ins = w.items.filter((i) => i.kind === 'data' && i.direction === 'in');
    expect(linksOf(w, 'data').map((l) => [l.from, l.to, l.toRow, head(l)])).toEqual([
      [1, 0, ins[0].row, 'ping'],
      [1, 0, ins[1].row, 'pong'],
    ]);
  });
});

describe('sequence with outside peers', () => {
  it('gives a python3 client a lane of its own: connect, data both ways, FIN', async () => {
    session = new Session();
    await run(`import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)`);
    const port = (session.engine.list()[0].getsockname() as { port: number }).port;
    const client = startPython(`
import socket
c = socket.create_connection(('127.0.0.1', ${port}))
c.sendall(b'hi from python')
print(c.getsockname()[1], flush=True)
print(c.recv(100).decode(), flush=True)
c.close()
`);
    const clientPort = await client.line();
    await run(`conn, addr = srv.accept()
conn.recv(100)
conn.sendall(b'hi back')`);
    expect(await client.line()).toBe('hi back');
    await client.exited;
    await settle();
    await run('conn.recv(100)');
    const w = whole();
    const peer = w.lanes.findIndex((l) => l.socket === null);
    expect(w.lanes[peer]).toMatchObject({ address: `('127.0.0.1', ${clientPort})`, proto: 'tcp' });
    // The peer lane sits next to the connection it talks to.
    expect(peer).toBe(laneOf(w, 2) + 1);
    const [srv, conn] = [laneOf(w, 1), laneOf(w, 2)];
    const queued = w.items.find((i) => i.state === 'queued')!;
    expect(linksOf(w, 'connect')).toEqual([{ kind: 'connect', seq: queued.seq, from: peer, fromRow: queued.row, to: srv, toRow: queued.row }]);
    const data = linksOf(w, 'data');
    expect(data.map((l) => [l.from, l.to, head(l)])).toEqual([
      [peer, conn, 'hi from python'],
      [conn, peer, 'hi back'],
    ]);
    for (const l of data) expect(l.toRow).toBe(l.fromRow);
    expect(linksOf(w, 'fin')).toEqual([expect.objectContaining({ from: peer, to: conn })]);
  });

  it('gives a UDP sender a lane, and a refused connect an RST from where it was sent', async () => {
    session = new Session();
    await run(`import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))`);
    const port = (session.engine.list()[0].getsockname() as { port: number }).port;
    const sender = startPython(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b'datagram', ('127.0.0.1', ${port}))
print(s.getsockname()[1], flush=True)
`);
    const senderPort = await sender.line();
    await run(`u.recvfrom(100)
c = socket.socket()`);
    await session.run(parseProgram(`c.connect(('127.0.0.1', ${port}))`).statements[0], { stepTimeout: 5 });
    const w = whole(false);
    const peer = w.lanes.findIndex((l) => l.address === `('127.0.0.1', ${senderPort})`);
    expect(w.lanes[peer]).toMatchObject({ socket: null, proto: 'udp' });
    expect(linksOf(w, 'data')).toEqual([expect.objectContaining({ from: peer, to: laneOf(w, 1), size: 8 })]);
    // Nothing listens at u's port for TCP: connect() gets an RST from that address.
    const rst = linksOf(w, 'rst');
    expect(rst).toEqual([expect.objectContaining({ to: laneOf(w, 2), detail: 'ECONNREFUSED' })]);
    expect(w.lanes[rst[0].from]).toMatchObject({ socket: null, address: `('127.0.0.1', ${port})`, proto: 'tcp' });
  });
});

describe('windows', () => {
  it('pages through rows, with or without calls, from a cleared point, and follows the tail', async () => {
    session = new Session();
    await run(TCP);
    await settle();
    const log = session.engine.log;
    const all = sequenceWindow(log, { calls: true, offset: 0, count: 1000 });
    expect(all.rows).toBe(log.length);
    expect(all.items.map((i) => i.row)).toEqual(all.items.map((_, k) => k));
    expect(all.complete).toBe(true);

    const page = sequenceWindow(log, { calls: true, offset: 5, count: 4 });
    expect(page.offset).toBe(5);
    expect(page.items.map((i) => i.seq)).toEqual([6, 7, 8, 9]);
    const tail = sequenceWindow(log, { calls: true, offset: 0, count: 3, tail: true });
    expect(tail.offset).toBe(log.length - 3);
    expect(tail.items.map((i) => i.seq)).toEqual([log.length - 2, log.length - 1, log.length]);

    const noCalls = sequenceWindow(log, { calls: false, offset: 0, count: 1000 });
    expect(noCalls.items.every((i) => i.kind !== 'call')).toBe(true);
    expect(noCalls.rows).toBe(log.all().filter((e) => e.kind !== 'call').length);
    expect(noCalls.items.map((i) => i.row)).toEqual(noCalls.items.map((_, k) => k));
    expect(noCalls.spans).toEqual([]);

    // From a cleared point: rows count from there; arrows from before it start at negative rows.
    const sendSeq = all.items.find((i) => i.kind === 'data' && i.direction === 'out')!.seq;
    const cleared = sequenceWindow(log, { fromSeq: sendSeq + 1, calls: true, offset: 0, count: 1000 });
    expect(cleared.rows).toBe(log.length - sendSeq);
    expect(cleared.items[0].seq).toBe(sendSeq + 1);
    const arrival = cleared.items.find((i) => i.kind === 'data' && i.direction === 'in');
    if (arrival) expect(cleared.links.filter((l) => l.toRow === arrival.row).map((l) => l.fromRow)).toContain(-1);
  });

  it('indexes a long log in slices within its budget, and then incrementally', () => {
    const log = new EventLog();
    log.emit({ kind: 'state', socket: 1, state: 'created', family: 2, type: 1 });
    for (let i = 0; i < 200_000; i++) log.data(1, 'out', new Uint8Array(8));
    const index = new SequenceIndex(log);
    expect(index.scan(0)).toBe(false);
    while (!index.scan()) {
      // More slices.
    }
    log.data(1, 'out', new Uint8Array(8));
    const w = index.window({ calls: true, offset: 0, count: 10, tail: true });
    expect(w.complete).toBe(true);
    expect(w.rows).toBe(200_002);
    expect(w.items.at(-1)!.seq).toBe(200_002);
  });

  it('matches addresses as the kernel delivers them', () => {
    expect(addressMatches("('127.0.0.1', 5000)", "('127.0.0.1', 5000)")).toBe(true);
    expect(addressMatches("('0.0.0.0', 5000)", "('127.0.0.1', 5000)")).toBe(true);
    expect(addressMatches("('127.0.0.1', 5000)", "('0.0.0.0', 5000)")).toBe(true);
    expect(addressMatches("('127.0.0.1', 5000)", "('127.0.0.1', 5001)")).toBe(false);
    expect(addressMatches("('::', 5000, 0, 0)", "('::1', 5000, 0, 0)")).toBe(true);
    expect(addressMatches('/tmp/a.sock', '/tmp/a.sock')).toBe(true);
    expect(addressMatches('', '')).toBe(false);
  });
});
