// The traffic log as a pcapng capture Wireshark and tshark read: raw IPv4/IPv6
// packets (LINKTYPE_RAW) synthesized from the log's events, with the real
// addresses and ports.
//
// TCP: a SYN / SYN-ACK / ACK handshake where a connection was made, the bytes in
// segments of at most 65,495 bytes with sequence and acknowledgement numbers
// consistent both ways, an ACK from the receiver after each send, FIN where a
// side shut down writing or closed, RST where a reset happened. Between two
// engine sockets each byte is logged twice ('out' on the sender, 'in' on the
// receiver, cut differently): the capture takes the sender's 'out' events, so
// each byte is on the wire once; bytes from a peer outside the playground come
// from our socket's 'in' events, and its FIN and RST from what our socket saw.
// UDP: one packet per datagram. Every packet carries a comment naming the call
// that caused it and the log event (seq) it comes from.
//
// Unix-domain sockets cannot be put in IP packets: they are left out, and the
// section header's comment says how many. Payloads that the log's retention
// budget dropped are written as zero bytes of the same size (so sequence numbers
// and lengths stay true), and each such packet's comment says so.
import type { DataEvent, EngineEvent, StateEvent } from '../engine/events';
import { namesOf } from './jsonl';
import {
  AF_UNIX,
  APP_NAME,
  APP_VERSION,
  FAMILY_NAMES,
  SOCK_DGRAM,
  SocketTable,
  TYPE_NAMES,
  absoluteMicros,
  isWildcard,
  parseEndpoint,
  walk,
  type Endpoint,
  type LogSource,
} from './log-source';
import { MAX_SEGMENT_PAYLOAD, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, tcpPacket, udpPacket } from './tcpip';

const DGRAM = TYPE_NAMES[SOCK_DGRAM];
/** LINKTYPE_RAW: each packet starts with its IPv4 or IPv6 header. */
const LINKTYPE_RAW = 101;
/** Segments a sender puts out before the receiver's next ACK, within one send. */
const SEGMENTS_PER_ACK = 16;

export interface CaptureOptions {
  /** Console names of the sockets, for comments (a log imported from an export has its own). */
  names?: ReadonlyMap<number, readonly string[]>;
}

/** What went into the capture and what could not. */
export interface CaptureSummary {
  packets: number;
  tcpConnections: number;
  udpDatagrams: number;
  /** Unix-domain sockets and their data events, left out. */
  unixSockets: number;
  unixDataEvents: number;
  /** Data events whose payload the log had dropped: their packets carry zero bytes. */
  zeroFilledEvents: number;
  /** Stream data events that belong to no connection the log describes (left out). */
  unplacedDataEvents: number;
}

// ---------------------------------------------------------------- pcapng blocks

function block(type: number, body: Uint8Array): Uint8Array {
  const len = 12 + body.length;
  const b = new Uint8Array(len);
  const v = new DataView(b.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, len, true);
  b.set(body, 8);
  v.setUint32(len - 4, len, true);
  return b;
}

const encoder = new TextEncoder();

/** Options: code, length, value padded to 4 bytes; then opt_endofopt. */
function options(list: Array<[number, Uint8Array]>): Uint8Array {
  let size = 4;
  for (const [, value] of list) size += 4 + ((value.length + 3) & ~3);
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  let o = 0;
  for (const [code, value] of list) {
    v.setUint16(o, code, true);
    v.setUint16(o + 2, value.length, true);
    b.set(value, o + 4);
    o += 4 + ((value.length + 3) & ~3);
  }
  return b; // the last 4 bytes stay zero: opt_endofopt
}

function text(s: string): Uint8Array {
  return encoder.encode(s);
}

function sectionHeader(comment: string): Uint8Array {
  const fixed = new Uint8Array(16);
  const v = new DataView(fixed.buffer);
  v.setUint32(0, 0x1a2b3c4d, true);
  v.setUint16(4, 1, true);
  v.setUint16(6, 0, true);
  v.setInt32(8, -1, true); // section length unknown: 0xffffffffffffffff
  v.setInt32(12, -1, true);
  const opts = options([
    [1, text(comment)],
    [4, text(`${APP_NAME} ${APP_VERSION}`)],
  ]);
  return block(0x0a0d0d0a, concat(fixed, opts));
}

function interfaceDescription(): Uint8Array {
  const fixed = new Uint8Array(8);
  const v = new DataView(fixed.buffer);
  v.setUint16(0, LINKTYPE_RAW, true);
  v.setUint32(4, 0, true); // no snap length limit
  const opts = options([
    [2, text('socket-playground')],
    [3, text('packets synthesized from the Socket Playground traffic log')],
    [9, Uint8Array.of(6)], // microseconds
  ]);
  return block(1, concat(fixed, opts));
}

/** An Enhanced Packet Block with its comment, written in one buffer (the hot path of a large export). */
function enhancedPacket(micros: number, data: Uint8Array, comment: string): Uint8Array {
  const commentLen = Buffer.byteLength(comment);
  const dataPadded = (data.length + 3) & ~3;
  const len = 32 + dataPadded + 4 + ((commentLen + 3) & ~3) + 4;
  const b = Buffer.alloc(len);
  b.writeUInt32LE(6, 0);
  b.writeUInt32LE(len, 4);
  b.writeUInt32LE(0, 8); // interface 0
  b.writeUInt32LE(Math.floor(micros / 0x100000000), 12);
  b.writeUInt32LE(micros % 0x100000000, 16);
  b.writeUInt32LE(data.length, 20);
  b.writeUInt32LE(data.length, 24);
  b.set(data, 28);
  let o = 28 + dataPadded;
  b.writeUInt16LE(1, o); // opt_comment
  b.writeUInt16LE(commentLen, o + 2);
  b.write(comment, o + 4, 'utf8');
  o += 4 + ((commentLen + 3) & ~3) + 4; // then opt_endofopt (zeros)
  b.writeUInt32LE(len, o);
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- the log, read for connections

/** One end of a TCP connection. `socket` is null for a peer outside the playground. */
interface Side {
  ep: Endpoint;
  socket: number | null;
  /** Next sequence number this side sends (its SYN takes the first). */
  next: number;
  /** The acknowledgement number it last sent (-1: none yet). */
  lastAck: number;
  fin: boolean;
}

interface Conn {
  client: Side;
  server: Side;
  synSent: boolean;
  established: boolean;
  dead: boolean;
  /** Log seqs: the client's 'connecting' and 'connected', the server's 'queued' (0: not an engine socket). */
  connectingSeq: number;
  connectedSeq: number;
  queuedSeq: number;
}

interface ClientEnd {
  socket: number;
  local: Endpoint;
  remote: Endpoint;
  connectingSeq: number;
  connectedSeq: number;
}

interface ServerEnd {
  socket: number;
  local: Endpoint;
  remote: Endpoint;
  queuedSeq: number;
}

/** Sequence numbers start at a fixed, different point for each side of each connection (as ISNs would). */
function isn(index: number, server: boolean): number {
  return ((index + 1) * 0x1f3d5b79 + (server ? 0x7e1f0000 : 0x10000)) >>> 0;
}

interface Scan {
  table: SocketTable;
  conns: Conn[];
  /** Conn by the seq of the state event that starts or establishes it. */
  bySeq: Map<number, Conn>;
  /** Local endpoints of engine UDP sockets: datagrams between two of them are taken from the sender. */
  udpLocals: Endpoint[];
  unixSockets: Set<number>;
  unixDataEvents: number;
}

function scan(log: LogSource, count: number, opts: CaptureOptions): Scan {
  const table = new SocketTable(opts.names ?? namesOf(log));
  const connecting = new Map<number, number>();
  const clients: ClientEnd[] = [];
  const servers: ServerEnd[] = [];
  const udpLocals: Endpoint[] = [];
  const unixSockets = new Set<number>();
  let unixDataEvents = 0;
  for (const e of walk(log, count)) {
    table.observe(e);
    const sock = table.get(e.socket);
    if (!sock) continue;
    if (sock.family === FAMILY_NAMES[AF_UNIX]) {
      unixSockets.add(sock.id);
      if (e.kind === 'data') unixDataEvents++;
      continue;
    }
    if (e.kind !== 'state') continue;
    const local = parseEndpoint(e.local);
    const remote = parseEndpoint(e.remote);
    if (sock.type === DGRAM) {
      if (e.state === 'bound' && local) udpLocals.push(local);
      continue;
    }
    if (e.state === 'connecting') connecting.set(sock.id, e.seq);
    else if (e.state === 'connect-failed') connecting.delete(sock.id);
    else if (e.state === 'connected' && local && remote) {
      clients.push({ socket: sock.id, local, remote, connectingSeq: connecting.get(sock.id) ?? 0, connectedSeq: e.seq });
      connecting.delete(sock.id);
    } else if (e.state === 'queued' && local && remote) servers.push({ socket: sock.id, local, remote, queuedSeq: e.seq });
  }
  const conns: Conn[] = [];
  const bySeq = new Map<number, Conn>();
  const side = (ep: Endpoint, socket: number | null, index: number, server: boolean): Side => ({ ep, socket, next: isn(index, server), lastAck: -1, fin: false });
  // Client ends by their (local, remote) addresses, in order: a server end pairs with the first one facing it.
  const key = (a: Endpoint, b: Endpoint) => `${a.host}|${a.port}|${b.host}|${b.port}`;
  const waiting = new Map<string, ClientEnd[]>();
  for (const c of clients) {
    const k = key(c.local, c.remote);
    waiting.set(k, [...(waiting.get(k) ?? []), c]);
  }
  const paired = new Set<ClientEnd>();
  const add = (c: ClientEnd | null, s: ServerEnd | null): void => {
    const i = conns.length;
    const client = c ? side(c.local, c.socket, i, false) : side(s!.remote, null, i, false);
    const server = s ? side(s.local, s.socket, i, true) : side(c!.remote, null, i, true);
    const conn: Conn = { client, server, synSent: false, established: false, dead: false, connectingSeq: c?.connectingSeq ?? 0, connectedSeq: c?.connectedSeq ?? 0, queuedSeq: s?.queuedSeq ?? 0 };
    conns.push(conn);
    for (const seq of [conn.connectingSeq, conn.connectedSeq, conn.queuedSeq]) if (seq) bySeq.set(seq, conn);
  };
  for (const s of servers) {
    const c = waiting.get(key(s.remote, s.local))?.shift() ?? null;
    if (c) paired.add(c);
    add(c, s);
  }
  for (const c of clients) if (!paired.has(c)) add(c, null);
  return { table, conns, bySeq, udpLocals, unixSockets, unixDataEvents };
}

// ---------------------------------------------------------------- packets

/** An address to put on the wire for a socket bound to the wildcard: the other end's if that is loopback. */
function concrete(ep: Endpoint, other: Endpoint): Endpoint {
  if (!isWildcard(ep)) return ep;
  const loopback = other.v6 ? other.host === '::1' : other.host.startsWith('127.');
  return { ...ep, host: loopback ? other.host : ep.v6 ? '::1' : '127.0.0.1' };
}

const ZERO = new Uint8Array(0);

/** Walks the log and produces the capture's packets in the log's order. */
class Synthesizer {
  readonly summary: CaptureSummary;
  /** The call each socket is in (and module-level calls under null): what caused what it does. */
  private readonly pending = new Map<number | null, { call: string; seq: number }>();
  /** Each socket's current connection, from its connect (or arrival) on. */
  private readonly current = new Map<number, Conn>();
  /** The latest local address of each socket, as the walk reaches it (UDP sources). */
  private readonly locals = new Map<number, Endpoint>();
  private lastMicros = 0;
  private out: Uint8Array[] = [];

  constructor(
    private readonly log: LogSource,
    private readonly s: Scan,
  ) {
    this.summary = {
      packets: 0,
      tcpConnections: s.conns.length,
      udpDatagrams: 0,
      unixSockets: s.unixSockets.size,
      unixDataEvents: s.unixDataEvents,
      zeroFilledEvents: 0,
      unplacedDataEvents: 0,
    };
  }

  /** The packets (as pcapng blocks) this event puts on the wire. */
  packets(e: EngineEvent): Uint8Array[] {
    this.out = [];
    if (e.kind === 'call') {
      if (e.phase === 'start') this.pending.set(e.socket, { call: e.call, seq: e.seq });
      else this.pending.delete(e.socket);
    } else if (e.socket !== null && !this.s.unixSockets.has(e.socket)) {
      if (e.kind === 'state') this.state(e);
      else this.data(e);
    }
    return this.out;
  }

  /** "c.sendall(b'hello')": the call the socket (or the module) is in, or null. */
  private cause(socket: number): string | null {
    const mine = this.pending.get(socket);
    if (mine) return `${this.s.table.label(socket)}.${mine.call}`;
    const module = this.pending.get(null);
    return module ? `socket.${module.call}` : null;
  }

  private emit(t: number, pkt: Uint8Array, comment: string): void {
    // Frames in the log's order; times never go back.
    const micros = Math.max(this.lastMicros, absoluteMicros(this.log, t));
    this.lastMicros = micros;
    this.out.push(enhancedPacket(micros, pkt, comment));
    this.summary.packets++;
  }

  private tcp(conn: Conn, from: Side, flags: number, payload: Uint8Array, t: number, comment: string): void {
    const to = from === conn.client ? conn.server : conn.client;
    const ack = flags & TCP_ACK ? to.next : 0;
    const pkt = tcpPacket(from.ep, to.ep, { seq: from.next, ack, flags, synOptions: (flags & TCP_SYN) !== 0 }, payload);
    this.emit(t, pkt, comment);
    from.next += payload.length + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0);
    if (flags & TCP_ACK) from.lastAck = ack;
  }

  /** A pure ACK from `from`, if it has something new to acknowledge (never a duplicate). */
  private ackFrom(conn: Conn, from: Side, t: number, comment: string): void {
    const to = from === conn.client ? conn.server : conn.client;
    if (conn.dead || from.lastAck === to.next) return;
    this.tcp(conn, from, TCP_ACK, ZERO, t, `ACK: ${comment}`);
  }

  private other(conn: Conn, side: Side): Side {
    return side === conn.client ? conn.server : conn.client;
  }

  private sideOf(conn: Conn, socket: number): Side {
    return conn.client.socket === socket ? conn.client : conn.server;
  }

  private syn(conn: Conn, t: number, why: string): void {
    if (conn.synSent) return;
    conn.synSent = true;
    this.tcp(conn, conn.client, TCP_SYN, ZERO, t, `SYN: ${why}`);
  }

  private state(e: StateEvent): void {
    const socket = e.socket!;
    const local = parseEndpoint(e.local);
    if (local) this.locals.set(socket, local);
    const started = this.s.bySeq.get(e.seq);
    const label = this.s.table.label(socket);
    const because = (what: string) => `${this.cause(socket) ?? what}, seq ${e.seq}`;
    if (started) {
      this.current.set(socket, started);
      if (e.state === 'connecting') return this.syn(started, e.t, because(`${label} connects`));
      if (started.established) return;
      started.established = true;
      const client = started.client.socket;
      const listener = this.s.table.label(this.s.table.get(socket)?.listener ?? null);
      const why =
        client === null
          ? `a peer outside the playground connects to ${listener}, seq ${e.seq}`
          : `${this.cause(client) ?? `${this.s.table.label(client)} connects`}, seq ${e.seq}`;
      this.syn(started, e.t, why);
      this.tcp(started, started.server, TCP_SYN | TCP_ACK, ZERO, e.t, `SYN-ACK: ${why}`);
      this.tcp(started, started.client, TCP_ACK, ZERO, e.t, `ACK: ${why}`);
      return;
    }
    const conn = this.current.get(socket);
    if (!conn || conn.dead || !conn.established) return;
    const me = this.sideOf(conn, socket);
    const peer = this.other(conn, me);
    switch (e.state) {
      case 'write-shutdown':
        return this.fin(conn, me, e.t, because(`${label} shuts down writing`));
      case 'closed':
        if (e.resetSent) return this.reset(conn, me, e.t, because(`${label} closes with unread data`));
        return this.fin(conn, me, e.t, because(e.detail ? `${label} closed (${e.detail})` : `${label} closed`));
      case 'reset':
        if (e.resetSent) return this.reset(conn, me, e.t, because(`${label} resets (${e.detail ?? 'reset'})`));
        return this.reset(conn, peer, e.t, `${peer.socket === null ? 'the peer outside the playground' : `the kernel of ${this.s.table.label(peer.socket)}`} resets the connection (${label} sees ${e.detail ?? 'a reset'}), seq ${e.seq}`);
      case 'peer-closed':
        if (!peer.fin) this.fin(conn, peer, e.t, `${peer.socket === null ? 'the peer outside the playground' : this.s.table.label(peer.socket)} closes its side (${label} sees the FIN), seq ${e.seq}`);
        return;
    }
  }

  private fin(conn: Conn, side: Side, t: number, why: string): void {
    if (side.fin) return;
    side.fin = true;
    this.tcp(conn, side, TCP_FIN | TCP_ACK, ZERO, t, `FIN: ${why}`);
    this.ackFrom(conn, this.other(conn, side), t, why);
  }

  private reset(conn: Conn, side: Side, t: number, why: string): void {
    this.tcp(conn, side, TCP_RST | TCP_ACK, ZERO, t, `RST: ${why}`);
    conn.dead = true;
  }

  private data(e: DataEvent): void {
    const socket = e.socket!;
    if (e.size === 0) return;
    const sock = this.s.table.get(socket);
    if (sock?.type === DGRAM) return this.datagram(e);
    const conn = this.current.get(socket);
    if (!conn || conn.dead || !conn.established) {
      this.summary.unplacedDataEvents++;
      return;
    }
    const me = this.sideOf(conn, socket);
    const peer = this.other(conn, me);
    const label = this.s.table.label(socket);
    if (e.direction === 'out') return this.stream(conn, me, e, `${this.cause(socket) ?? `${label} sends`}, seq ${e.seq}`);
    // Bytes that arrived: from a peer outside the playground only (an engine peer's own 'out' events carry them).
    if (peer.socket === null) this.stream(conn, peer, e, `from the peer outside the playground, received by ${label}, seq ${e.seq}`);
  }

  /** The payload, or zeros standing for what retention dropped. */
  private bytes(e: DataEvent): { payload: Uint8Array; note: string } {
    if (e.payload) return { payload: e.payload, note: '' };
    this.summary.zeroFilledEvents++;
    return { payload: new Uint8Array(e.size), note: ` [payload not retained: the log's retention budget was exhausted; ${e.size} zero bytes stand in for it]` };
  }

  private stream(conn: Conn, from: Side, e: DataEvent, why: string): void {
    const { payload, note } = this.bytes(e);
    const count = Math.ceil(payload.length / MAX_SEGMENT_PAYLOAD);
    const to = this.other(conn, from);
    for (let i = 0; i < count; i++) {
      const seg = payload.subarray(i * MAX_SEGMENT_PAYLOAD, Math.min(payload.length, (i + 1) * MAX_SEGMENT_PAYLOAD));
      const part = count > 1 ? ` (segment ${i + 1} of ${count})` : '';
      this.tcp(conn, from, TCP_ACK | (i === count - 1 ? TCP_PSH : 0), seg, e.t, `data: ${why}${part}${note}`);
      if ((i + 1) % SEGMENTS_PER_ACK === 0 && i < count - 1) this.ackFrom(conn, to, e.t, why);
    }
    this.ackFrom(conn, to, e.t, why);
  }

  private datagram(e: DataEvent): void {
    const socket = e.socket!;
    const peer = parseEndpoint(e.peer);
    const mine = this.locals.get(socket);
    if (!peer || !mine) {
      this.summary.unplacedDataEvents++;
      return;
    }
    const label = this.s.table.label(socket);
    if (e.direction === 'in' && this.s.udpLocals.some((u) => u.port === peer.port && u.v6 === peer.v6 && (isWildcard(u) || u.host === peer.host))) return;
    const { payload, note } = this.bytes(e);
    const local = concrete(mine, peer);
    const why =
      e.direction === 'out'
        ? `${this.cause(socket) ?? `${label} sends`}, seq ${e.seq}`
        : `from the peer outside the playground, received by ${label}${e.discarded ? ' (discarded: its receive buffer was full)' : ''}, seq ${e.seq}`;
    const pkt = e.direction === 'out' ? udpPacket(local, peer, payload) : udpPacket(peer, local, payload);
    this.emit(e.t, pkt, `datagram: ${why}${note}`);
    this.summary.udpDatagrams++;
  }
}

function sectionComment(log: LogSource, s: Scan): string {
  const lines = [
    `Synthesized by Socket Playground ${APP_VERSION} from its traffic log (${log.length} events; log time 0 is ${new Date(log.clockStartMs).toISOString()}).`,
    'Addresses and ports are the real ones; TCP handshakes, sequence numbers, ACKs, FIN and RST are reconstructed from what the sockets did.',
  ];
  if (s.unixSockets.size) {
    lines.push(`Left out: ${s.unixSockets.size} Unix-domain socket(s) with ${s.unixDataEvents} data event(s): IP packets cannot carry them.`);
  }
  const t = log.totals;
  if (t.droppedPayloadEvents) {
    lines.push(
      `Payload retention was capped at ${log.retainPayloadBytes} bytes: ${t.droppedPayloadBytes} byte(s) in ${t.droppedPayloadEvents} data event(s) were not kept. Their packets keep their sizes with zero bytes for payload, and their comments say so.`,
    );
  }
  return lines.join('\n');
}

/** The capture, a block at a time (Uint8Array each): nothing holds the whole file. */
export function* pcapngBlocks(log: LogSource, opts: CaptureOptions = {}, summary?: (s: CaptureSummary) => void): Generator<Uint8Array> {
  const count = log.length;
  const s = scan(log, count, opts);
  yield sectionHeader(sectionComment(log, s));
  yield interfaceDescription();
  const synth = new Synthesizer(log, s);
  for (const e of walk(log, count)) yield* synth.packets(e);
  summary?.(synth.summary);
}
