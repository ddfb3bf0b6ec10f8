// The adapter with a real session: statements open real loopback sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBase64, MAX_STREAM_PIECE_BYTES, PROTOCOL_VERSION, ServerEvent, type BatchEntry, type Response, type SocketInfo } from '../../shared/contract';
import { Session } from '../engine/session';
import { Adapter, type SenderInfo } from './adapter';
import type { BatcherLimits } from './batcher';

/** A connected TCP pair on loopback: `a` the client, `b` the accepted end. */
const PAIR = "import socket\nsrv = socket.socket()\nsrv.bind(('127.0.0.1', 0))\nsrv.listen(1)\na = socket.create_connection(srv.getsockname())\nb, addr = srv.accept()\n";

const ORIGIN = 'http://127.0.0.1:1';
const SENDER: SenderInfo = { transport: 'websocket', origin: ORIGIN, authenticated: true };

let session: Session;
let adapter: Adapter;
afterEach(() => {
  adapter?.dispose();
  session?.dispose();
});

function setup(limits?: BatcherLimits) {
  session = new Session();
  adapter = new Adapter(session, { allowedOrigins: [ORIGIN], stepTimeout: 5, limits });
  let next = 1;
  const call = async (method: string, params?: unknown): Promise<Response> => adapter.handle({ id: next++, method, params }, SENDER);
  const ok = async (method: string, params?: unknown) => {
    const r = await call(method, params);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.result as Record<string, unknown>;
  };
  return { call, ok };
}

describe('adapter requests', () => {
  it('handshakes and refuses another protocol version', async () => {
    const { call, ok } = setup();
    expect((await ok('hello', { version: PROTOCOL_VERSION })).version).toBe(PROTOCOL_VERSION);
    const r = await call('hello', { version: PROTOCOL_VERSION + 1 });
    expect(r).toMatchObject({ ok: false, error: { type: 'VersionMismatch', errno: null } });
  });

  it('runs statements on real sockets and lists them as Python shows them', async () => {
    const { ok } = setup();
    const res = await ok('run', {
      source: "import socket\nsrv = socket.socket()\nsrv.bind(('127.0.0.1', 0))\nsrv.listen(1)\ncli = socket.create_connection(srv.getsockname())\nsrv.settimeout(2.5)",
    });
    const outcomes = res.outcomes as Array<{ ok: boolean }>;
    expect(outcomes).toHaveLength(6);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const { sockets } = (await ok('listSockets')) as { sockets: SocketInfo[] };
    const srv = sockets.find((s) => s.names.includes('srv'))!;
    expect(srv).toMatchObject({ family: 'AF_INET', kind: 'SOCK_STREAM', state: 'listening', mode: { kind: 'timeout', seconds: 2.5 } });
    expect(srv.laddr).toMatch(/^\('127\.0\.0\.1', \d+\)$/);
    expect(srv.acceptQueue).toHaveLength(1);
    const cli = sockets.find((s) => s.names.includes('cli'))!;
    expect(cli).toMatchObject({ state: 'connected', raddr: srv.laddr, mode: { kind: 'blocking' }, acceptQueue: null });
  });

  it('marks which outcomes the REPL echoes: expressions, not assignments or imports', async () => {
    const { ok } = setup();
    const r = (await ok('run', { source: 'import socket\nx = 5\nx\nx == 5\n(y, z) = (1, 2)\npass\nsocket.gethostname' })) as { outcomes: { echo?: boolean }[] };
    expect(r.outcomes.map((o) => o.echo)).toEqual([false, false, true, true, false, false, true]);
  });

  it('answers errors as data in Python shape, syntax errors with their position', async () => {
    const { call, ok } = setup();
    const res = await ok('run', { source: "import socket\ns = socket.socket()\ns.connect(('127.0.0.1', 1))" });
    const last = (res.outcomes as Array<{ error?: unknown }>)[2];
    expect(last.error).toEqual({ type: 'ConnectionRefusedError', errno: 111, message: '[Errno 111] Connection refused' });
    const bad = await call('run', { source: 'for x in y:\n  pass' });
    expect(bad).toMatchObject({ ok: false, error: { type: 'SyntaxError', errno: null, line: 1 } });
  });

  it('fails loudly on unknown methods, bad params and foreign senders', async () => {
    const { call } = setup();
    expect(await call('frobnicate', {})).toMatchObject({ ok: false, error: { type: 'UnknownMethod' } });
    expect(await call('logWindow', { fromSeq: 0, count: 5 })).toMatchObject({ ok: false, error: { type: 'ProtocolError' } });
    expect(await call('run', { source: 'x = 1', extra: true })).toMatchObject({ ok: false, error: { type: 'ProtocolError' } });
    expect(await adapter.handle('nonsense', SENDER)).toMatchObject({ id: null, ok: false, error: { type: 'ProtocolError' } });
    const forged = await adapter.handle({ id: 7, method: 'interrupt', params: {} }, { ...SENDER, origin: 'http://evil.example' });
    expect(forged).toMatchObject({ id: 7, ok: false, error: { type: 'Forbidden' } });
    const anonymous = await adapter.handle({ id: 8, method: 'interrupt', params: {} }, { ...SENDER, authenticated: false });
    expect(anonymous).toMatchObject({ id: 8, ok: false, error: { type: 'Forbidden' } });
  });

  it('interrupts a blocked accept() and skips the rest of the input', async () => {
    const { ok } = setup();
    const pending = ok('run', {
      source: "import socket\nsrv = socket.socket()\nsrv.bind(('127.0.0.1', 0))\nsrv.listen(1)\nconn, addr = srv.accept()\nx = 1",
      stepTimeout: null,
    });
    // Wait until accept() is pending, as the UI would see it.
    let blocked: SocketInfo | undefined;
    for (let i = 0; i < 200 && !blocked; i++) {
      await new Promise((r) => setTimeout(r, 10));
      blocked = ((await ok('listSockets')).sockets as SocketInfo[]).find((s) => s.pendingCall?.method === 'accept');
    }
    expect(blocked).toBeDefined();
    expect((await ok('interrupt')).interrupted).toBe(true);
    const res = await pending;
    expect((res.outcomes as Array<{ error?: { type: string } }>).at(-1)!.error!.type).toBe('KeyboardInterrupt');
    expect(res.notRun).toBe(1);
  });

  it("interrupts only the call blocked on the socket asked for; the other keeps waiting", async () => {
    const { ok } = setup();
    await ok('run', { source: PAIR });
    const recvA = ok('run', { source: 'a.recv(10)', stepTimeout: null });
    const recvB = ok('run', { source: 'b.recv(10)', stepTimeout: null });
    const blockedOn = async () => ((await ok('listSockets')).sockets as SocketInfo[]).filter((s) => s.pendingCall?.method === 'recv');
    for (let i = 0; i < 200 && (await blockedOn()).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const [sockA, sockB] = (await blockedOn()).sort((x, y) => x.id - y.id);
    expect(sockA.names).toEqual(['a']);
    // A socket with nothing pending interrupts nothing.
    const srvId = ((await ok('listSockets')).sockets as SocketInfo[]).find((s) => s.names.includes('srv'))!.id;
    expect((await ok('interrupt', { socket: srvId })).interrupted).toBe(false);
    expect((await ok('interrupt', { socket: sockB.id })).interrupted).toBe(true);
    expect(((await recvB).outcomes as Array<{ error?: { type: string } }>)[0].error!.type).toBe('KeyboardInterrupt');
    expect((await blockedOn()).map((s) => s.id)).toEqual([sockA.id]);
    // The other call still waits, and completes when data comes.
    await ok('run', { source: "b.sendall(b'hello')" });
    expect(((await recvA).outcomes as Array<{ value?: string }>)[0].value).toBe("b'hello'");
  });

  it('lets another input run while one blocks: a client unblocks the pending accept()', async () => {
    const { ok } = setup();
    await ok('run', { source: "import socket\nsrv = socket.socket()\nsrv.bind(('127.0.0.1', 0))\nsrv.listen(1)" });
    const pending = ok('run', { source: 'conn, addr = srv.accept()', stepTimeout: null });
    let blocked: SocketInfo | undefined;
    for (let i = 0; i < 200 && !blocked; i++) {
      await new Promise((r) => setTimeout(r, 10));
      blocked = ((await ok('listSockets')).sockets as SocketInfo[]).find((s) => s.pendingCall?.method === 'accept');
    }
    expect(blocked).toBeDefined();
    const client = await ok('run', { source: "cli = socket.create_connection(srv.getsockname())\ncli.sendall(b'hi')" });
    expect((client.outcomes as Array<{ ok: boolean }>).every((o) => o.ok)).toBe(true);
    const accepted = await pending;
    expect((accepted.outcomes as Array<{ ok: boolean }>)[0].ok).toBe(true);
    const got = await ok('run', { source: 'conn.recv(10)' });
    expect((got.outcomes as Array<{ value?: string }>)[0].value).toBe("b'hi'");
  });

  it('pages the log through filters, and refuses a malformed search', async () => {
    const { ok, call } = setup();
    await ok('run', { source: PAIR + "a.sendall(b'ping')\nb.recv(10)\nb.sendall('你好'.encode('gbk'))\na.recv(10)" });
    const data = await ok('logQuery', { filter: { kinds: ['data'] }, offset: 0, count: 100 });
    expect((data.events as Array<{ kind: string }>).every((e) => e.kind === 'data')).toBe(true);
    expect(data.matched).toBe(4);
    expect(data.complete).toBe(true);
    expect(typeof data.clockStartMs).toBe('number');
    const gbk = await ok('logQuery', { filter: { text: '你好', directions: ['in'] }, offset: 0, count: 100 });
    expect(gbk.matched).toBe(1);
    const tail = await ok('logQuery', { filter: {}, offset: 0, count: 2, tail: true });
    expect(tail.offset).toBe((tail.total as number) - 2);
    const bad = await call('logQuery', { filter: { hex: 'zz' }, offset: 0, count: 10 });
    expect(bad).toMatchObject({ ok: false, error: { type: 'ValueError' } });
  });

  it('starts afresh on reset: sockets closed, names forgotten, the log kept', async () => {
    const { ok } = setup();
    await ok('run', { source: PAIR });
    const before = (await ok('logTotals')).events as number;
    expect((await ok('resetSession')).closed).toBe(3);
    // Closed and forgotten: the list starts empty, the log still has their events.
    expect((await ok('listSockets')).sockets).toEqual([]);
    const r = (await ok('run', { source: 'a' })) as { outcomes: Array<{ error?: { type: string; message: string } }> };
    expect(r.outcomes[0].error).toMatchObject({ type: 'NameError', message: "name 'a' is not defined" });
    expect((await ok('logTotals')).events as number).toBeGreaterThan(before);
  });

  it('starts, lists and stops playground servers; errors come as Python shows them', async () => {
    const { ok, call } = setup();
    const info = (await ok('startServer', { kind: 'tcp', threading: false, handler: 'echo', delay: 3, host: '127.0.0.1', port: 0 })) as { id: number; address: string; className: string };
    expect(info.className).toBe('TCPServer');
    const r = (await ok('run', { source: `import socket\nc = socket.create_connection(${info.address})\nc.sendall(b'ping')\nc.recv(10)` })) as { outcomes: Array<{ value?: string }> };
    expect(r.outcomes.at(-1)!.value).toBe("b'ping'");
    const listed = (await ok('listServers')).servers as Array<{ id: number; requests: number; status: string }>;
    expect(listed).toMatchObject([{ id: info.id, requests: 1, status: 'serving' }]);
    const port = Number(/, (\d+)\)$/.exec(info.address)![1]);
    const busy = await call('startServer', { kind: 'tcp', threading: true, handler: 'echo', delay: 3, host: '127.0.0.1', port });
    expect(busy).toMatchObject({ ok: false, error: { type: 'OSError', errno: 98 } });
    expect(await call('startServer', { kind: 'tcp', threading: true, handler: 'echo', delay: 3, host: '127.0.0.1', port: 70000 })).toMatchObject({ ok: false, error: { type: 'ProtocolError' } });
    expect((await ok('stopServer', { id: info.id })).stopped).toBe(true);
    expect(((await ok('listServers')).servers as Array<{ status: string }>)[0].status).toBe('stopped');
    await ok('run', { source: 'c.close()' });
  });

  it('follows a stream with pieces cut to their inline size', async () => {
    const { ok } = setup();
    await ok('run', { source: PAIR + "a.sendall(b'x' * 5000)\nb.recv(100000)" });
    const a = ((await ok('listSockets')).sockets as SocketInfo[]).find((s) => s.names.includes('a'))!;
    const view = (await ok('followStream', { socket: a.id })) as { pieces: Array<{ size: number; payload?: string }>; recvs: unknown[] };
    expect(view.pieces[0].size).toBe(5000);
    expect(decodeBase64(view.pieces[0].payload!).length).toBe(MAX_STREAM_PIECE_BYTES);
    expect(view.recvs.length).toBeGreaterThan(0);
  });

  it('reads the log: window, totals and payload slices, exactly', async () => {
    const { ok } = setup();
    await ok('run', {
      source: PAIR + "a.sendall(b'\\x00\\xffhello')\nb.recv(100)",
    });
    const totals = await ok('logTotals');
    expect(totals.bytesOut).toBe(7);
    const { events } = (await ok('logWindow', { fromSeq: 1, count: 1000 })) as { events: Array<{ kind: string; seq: number; payload?: string; direction?: string }> };
    expect(events.length).toBe(totals.events);
    const out = events.find((e) => e.kind === 'data' && e.direction === 'out')!;
    expect([...decodeBase64(out.payload!)]).toEqual([0, 255, ...Buffer.from('hello')]);
    const slice = await ok('logPayload', { seq: out.seq, offset: 2, length: 3 });
    expect(Buffer.from(decodeBase64(slice.payload as string)).toString()).toBe('hel');
  });
});

describe('event batching', () => {
  function collect(limits?: BatcherLimits) {
    const api = setup(limits);
    const messages: ServerEvent[] = [];
    const unsubscribe = adapter.subscribe({ send: (m) => messages.push(ServerEvent.parse(m)), ready: () => true });
    return { ...api, messages, unsubscribe };
  }
  const entries = (ms: ServerEvent[]) => ms.flatMap((m) => (m.event === 'batch' ? m.entries : []));

  it('delivers events in order, in batches, with socketsChanged', async () => {
    const { ok, messages } = collect();
    await ok('run', { source: PAIR + "a.sendall(b'hi')\nb.recv(10)" });
    await new Promise((r) => setTimeout(r, 60));
    const all = entries(messages) as Array<Exclude<BatchEntry, { kind: 'skipped' }>>;
    const seqs = all.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => 1 + i));
    expect(messages.some((m) => m.event === 'socketsChanged')).toBe(true);
    // A few statements fit in one frame: batched, not one message per event.
    expect(messages.filter((m) => m.event === 'batch').length).toBeLessThan(all.length);
  });

  it('marks what a flooded subscriber was not sent, and catches up below low water', async () => {
    const limits: BatcherLimits = { frameMs: 5, maxBatchEvents: 50, maxBatchPayloadBytes: 1024, highWater: 200, lowWater: 50 };
    const { ok, messages } = collect(limits);
    // A burst of real sends: each one a call start, a call end and a data event or two.
    await ok('run', { source: PAIR + "a.send(b'x')\n".repeat(300) });
    const { events } = (await ok('logTotals')) as { events: number };
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const got = entries(messages);
      const last = got.at(-1);
      if (last && (last.kind === 'skipped' ? last.toSeq : last.seq) >= events) break;
    }
    const got = entries(messages);
    const skipped = got.filter((e) => e.kind === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    // Every seq is accounted for, once, in order: sent or inside a skipped range.
    let expected = 1;
    for (const e of got) {
      if (e.kind === 'skipped') {
        expect(e.fromSeq).toBe(expected);
        expected = e.toSeq + 1;
      } else expect(e.seq).toBe(expected++);
    }
    expect(expected - 1).toBeGreaterThanOrEqual(events);
    for (const m of messages) if (m.event === 'batch') expect(m.entries.length).toBeLessThanOrEqual(limits.maxBatchEvents);
  });

  it('holds batches while the transport is behind, then sends the backlog in order', async () => {
    const limits: BatcherLimits = { frameMs: 5, maxBatchEvents: 100, maxBatchPayloadBytes: 4096, highWater: 10_000, lowWater: 1000 };
    const api = setup(limits);
    let ready = false;
    const messages: ServerEvent[] = [];
    adapter.subscribe({ send: (m) => messages.push(m), ready: () => ready });
    await api.ok('run', { source: PAIR + "a.send(b'y')\n".repeat(20) });
    await new Promise((r) => setTimeout(r, 30));
    expect(messages).toHaveLength(0);
    ready = true;
    const { events } = (await api.ok('logTotals')) as { events: number };
    for (let i = 0; i < 100 && entries(messages).length < events; i++) await new Promise((r) => setTimeout(r, 10));
    const seqs = entries(messages).map((e) => (e.kind === 'skipped' ? -1 : e.seq));
    expect(seqs).toEqual(Array.from({ length: events }, (_, i) => i + 1));
  });
});
