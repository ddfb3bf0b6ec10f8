// The kernel's view of the session's sockets: for each TCP and UDP socket of the
// engine, the state and queues Linux reports in /proc/net/{tcp,tcp6,udp,udp6},
// and the rows of outside programs on this machine that talk to them (on
// loopback both ends of a connection are visible). Read on demand: the renderer
// asks for it only while its kernel view is open.
//
// Rows are matched to engine sockets by address, not by file descriptor: Node
// keeps its handles private, and addresses are what identifies a TCP connection
// anyway (the kernel allows one socket per local+remote pair). Rows without a
// file (TIME_WAIT, orphaned FIN_WAIT, a connection still in an accept queue)
// have inode 0 and are found the same way, closed engine sockets included, so a
// learner sees `conn` pass through TIME_WAIT after close().
//
// Two things the engine does differently from CPython are reported next to the
// kernel's numbers rather than hidden in them: Node reads arriving bytes (and
// accepts arriving connections) at once, so they wait in the engine for recv()
// (accept()) rather than in the kernel's Recv-Q (`held`); and a bound socket
// keeps its address with a listening handle that refuses connections, so the
// kernel says LISTEN for it (`boundOnly`).
import fs from 'node:fs';
import type { Engine } from './engine';
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, type SockAddr } from './addresses';
import { addressBytes, normalise, parseProcNet, type KernelTcpEntry } from './kernel';
import type { EngineSocket } from './socket';
import { StreamSocket } from './socket';

export const PROC_TABLES = {
  tcp: '/proc/net/tcp',
  tcp6: '/proc/net/tcp6',
  udp: '/proc/net/udp',
  udp6: '/proc/net/udp6',
} as const;
type Table = keyof typeof PROC_TABLES;

/** Log events scanned per request for the outside addresses UDP sockets talked to (the newest ones when more arrived). */
const PEER_SCAN_EVENTS = 5000;
/** Outside addresses remembered per UDP socket (the most recent ones). */
const MAX_UDP_PEERS = 32;

/** Where a row stands relative to the session's sockets. */
export type KernelRowRole =
  /** An engine socket's own row. */
  | 'socket'
  /** A connection that arrived on an engine listener and waits for accept(). */
  | 'queued'
  /** A handshake in progress on an engine listener (SYN_RECV). */
  | 'handshake'
  /** An outside program's socket talking to an engine socket. */
  | 'peer';

export interface KernelRow {
  proto: 'tcp' | 'udp';
  /** Read from the IPv6 table (tcp6, udp6). */
  ipv6: boolean;
  /** The engine socket this row is (null for an outside peer, or a handshake the engine has not seen yet). */
  socket: number | null;
  /** The engine socket it relates to: the listener of a queued connection or handshake, the socket a peer talks to. */
  related: number | null;
  role: KernelRowRole;
  /** The engine socket was closed (its row lingers: FIN_WAIT, TIME_WAIT...). */
  closed: boolean;
  /** Addresses as ss prints them: 127.0.0.1:5000, [::1]:5000; remote null when none (a listener, an unconnected UDP socket). */
  local: string | null;
  remote: string | null;
  /** The kernel's state (TCP: LISTEN, ESTABLISHED...; UDP: UNCONN, ESTAB); null when the kernel lists no such socket. */
  state: string | null;
  /** The kernel's queues in bytes (a listener's Recv-Q: connections waiting for accept; /proc/net/tcp gives no backlog, see `backlog`). */
  recvQ: number;
  sendQ: number;
  /** What Node already took out of the kernel and the engine keeps for recv() (bytes) or accept() (connections). */
  held: number;
  /** Listeners: the backlog given to listen(). */
  backlog: number | null;
  /** A bound socket that is not listening: the kernel's LISTEN is the engine's reservation of the address. */
  boundOnly: boolean;
  /** UDP: datagrams the kernel dropped. */
  drops: number | null;
}

export type KernelViewResult =
  | { available: true; rows: KernelRow[] }
  | { available: false; reason: 'not-linux' | 'unreadable' };

export interface KernelViewSource {
  platform: string;
  /** A table's text, or null when it cannot be read. */
  read(path: string): string | null;
}

const procSource: KernelViewSource = {
  platform: process.platform,
  read(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
};

// ---------------------------------------------------------------------------
// Addresses

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** An endpoint as a comparable key: v4-mapped IPv6 addresses compare as IPv4. */
function keyOf(addr: Uint8Array, port: number): string {
  return `${hex(normalise(addr))}:${port}`;
}

function sockKey(a: SockAddr | null): string | null {
  if (!a || a.family === AF_UNIX) return null;
  try {
    return keyOf(addressBytes(a.host.replace(/%.*$/, '')), a.port);
  } catch {
    return null;
  }
}

function ipv6Text(b: Uint8Array): string {
  if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  // The longest run of two or more zero groups becomes '::' (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const text = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (best < 0) return text(groups);
  return `${text(groups.slice(0, best))}::${text(groups.slice(best + bestLen))}`;
}

/** An endpoint as ss prints it. */
export function formatEndpoint(addr: Uint8Array, port: number): string {
  const host = addr.length === 4 ? addr.join('.') : `[${ipv6Text(addr)}]`;
  return `${host}:${port === 0 ? '*' : port}`;
}

const isZero = (a: Uint8Array) => a.every((b) => b === 0);

// ---------------------------------------------------------------------------
// UDP peers: the outside addresses each UDP socket exchanged datagrams with, from the log.

interface PeerMemory {
  scannedTo: number;
  peers: Map<number, string[]>;
}
const peerMemory = new WeakMap<Engine, PeerMemory>();
const PEER_RE = /^\('([^']*)', (\d+)/;

function udpPeers(engine: Engine): Map<number, string[]> {
  let mem = peerMemory.get(engine);
  if (!mem) {
    mem = { scannedTo: 0, peers: new Map() };
    peerMemory.set(engine, mem);
  }
  const end = engine.log.length;
  const from = Math.max(mem.scannedTo, end - PEER_SCAN_EVENTS);
  if (end > from) {
    for (const e of engine.log.window(from + 1, end - from)) {
      if (e.kind !== 'data' || e.peer === undefined || e.socket === null) continue;
      const m = PEER_RE.exec(e.peer);
      if (!m) continue;
      let key: string;
      try {
        key = keyOf(addressBytes(m[1].replace(/%.*$/, '')), Number(m[2]));
      } catch {
        continue;
      }
      const list = mem.peers.get(e.socket) ?? [];
      const at = list.indexOf(key);
      if (at >= 0) list.splice(at, 1);
      list.push(key);
      if (list.length > MAX_UDP_PEERS) list.shift();
      mem.peers.set(e.socket, list);
    }
  }
  mem.scannedTo = end;
  return mem.peers;
}

// ---------------------------------------------------------------------------

interface Entry {
  proto: 'tcp' | 'udp';
  ipv6: boolean;
  e: KernelTcpEntry;
  local: string;
  remote: string;
  used: boolean;
}

function readTables(src: KernelViewSource, tables: Table[]): Map<Table, Entry[] | null> {
  const out = new Map<Table, Entry[] | null>();
  for (const t of tables) {
    const text = src.read(PROC_TABLES[t]);
    const proto = t.startsWith('tcp') ? 'tcp' : 'udp';
    out.set(
      t,
      text === null
        ? null
        : parseProcNet(text, proto === 'udp').map((e) => ({
            proto,
            ipv6: t.endsWith('6'),
            e,
            local: keyOf(e.localAddress, e.localPort),
            remote: keyOf(e.remoteAddress, e.remotePort),
            used: false,
          })),
    );
  }
  return out;
}

const UDP_STATES: Record<number, string> = { 1: 'ESTAB', 7: 'UNCONN' };

/** An engine address as ss prints it (for a socket the kernel does not list). */
function engineEndpoint(a: SockAddr | null): string | null {
  if (!a || a.family === AF_UNIX) return null;
  return a.family === AF_INET ? `${a.host}:${a.port}` : `[${a.host}]:${a.port}`;
}

/** A row from a kernel entry, or (entry null) for an engine socket the kernel does not list. */
function row(entry: Entry | null, fields: Partial<KernelRow> & Pick<KernelRow, 'proto' | 'role'>, sock?: EngineSocket): KernelRow {
  if (entry) entry.used = true;
  const e = entry?.e;
  return {
    ipv6: entry?.ipv6 ?? sock?.family === AF_INET6,
    socket: null,
    related: null,
    closed: false,
    local: e ? formatEndpoint(e.localAddress, e.localPort) : engineEndpoint(sock?.local ?? null),
    remote: e ? (isZero(e.remoteAddress) && e.remotePort === 0 ? null : formatEndpoint(e.remoteAddress, e.remotePort)) : engineEndpoint(sock?.remote ?? null),
    state: e ? (entry.proto === 'udp' ? (UDP_STATES[e.stateCode] ?? e.state) : e.state) : null,
    recvQ: e?.recvQueue ?? 0,
    sendQ: e?.sendQueue ?? 0,
    held: 0,
    backlog: null,
    boundOnly: false,
    drops: entry?.proto === 'udp' ? e!.drops : null,
    ...fields,
  };
}

/** Whether an endpoint key names the other, or the other's port on a wildcard address (an unbound UDP socket's auto-bind). */
function sameOrWildcard(key: string, other: string): boolean {
  if (key === other) return true;
  const cut = other.lastIndexOf(':');
  const k = key.lastIndexOf(':');
  return key.slice(k) === other.slice(cut) && /^0+$/.test(other.slice(0, cut));
}

const isIp = (s: EngineSocket) => s.family === AF_INET || s.family === AF_INET6;

/**
 * The kernel's rows for the engine's sockets and the outside sockets talking to
 * them, in socket order (a listener's queued connections and an engine socket's
 * outside peers right after it).
 */
export function kernelView(engine: Engine, src: KernelViewSource = procSource): KernelViewResult {
  if (src.platform !== 'linux') return { available: false, reason: 'not-linux' };
  const sockets = engine
    .list()
    .filter(isIp)
    .sort((a, b) => a.id - b.id);
  const wantUdp = sockets.some((s) => s.kind === SOCK_DGRAM);
  const tables = readTables(src, wantUdp ? ['tcp', 'tcp6', 'udp', 'udp6'] : ['tcp', 'tcp6']);
  if (tables.get('tcp') === null && tables.get('tcp6') === null) return { available: false, reason: 'unreadable' };
  const tcp = [...(tables.get('tcp') ?? []), ...(tables.get('tcp6') ?? [])];
  const udp = [...(tables.get('udp') ?? []), ...(tables.get('udp6') ?? [])];

  const byPair = new Map<string, Entry[]>();
  for (const en of tcp) {
    const k = `${en.local}|${en.remote}`;
    const list = byPair.get(k);
    if (list) list.push(en);
    else byPair.set(k, [en]);
  }
  const pair = (l: string, r: string) => byPair.get(`${l}|${r}`)?.find((en) => !en.used) ?? null;

  // A connection's row goes to the engine socket that had its addresses last (the highest id).
  const owner = new Map<string, EngineSocket>();
  for (const s of sockets) {
    const l = sockKey(s.local);
    const r = sockKey(s.remote);
    if (s.kind === SOCK_STREAM && l && r) owner.set(`${l}|${r}`, s);
  }
  const engineEnds = new Set(owner.keys());

  const rows: KernelRow[] = [];
  /** The outside program's end of an engine socket's connection: its local address is our remote. */
  const peersOf = (s: EngineSocket, l: string | null, r: string | null) => {
    if (!l || !r || owner.get(`${l}|${r}`) !== s || engineEnds.has(`${r}|${l}`)) return;
    const peer = pair(r, l);
    if (peer) rows.push(row(peer, { proto: 'tcp', role: 'peer', related: s.id }));
  };

  const peers = wantUdp ? udpPeers(engine) : new Map<number, string[]>();
  const engineUdp = sockets.filter((s) => s.kind === SOCK_DGRAM && !s.closed).flatMap((s) => sockKey(s.local) ?? []);

  for (const s of sockets) {
    const l = sockKey(s.local);
    const r = sockKey(s.remote);
    if (s.kind === SOCK_DGRAM) {
      if (s.closed) continue;
      const mine = l ? (udp.find((en) => !en.used && en.local === l && (r === null || en.remote === r)) ?? udp.find((en) => !en.used && en.local === l) ?? null) : null;
      rows.push(row(mine, { proto: 'udp', role: 'socket', socket: s.id, held: s.bufferedBytes }, s));
      if (!mine) continue;
      // Outside UDP sockets this one exchanged datagrams with (the connected peer first).
      const keys = new Set<string>(r ? [r] : []);
      for (const k of peers.get(s.id) ?? []) keys.add(k);
      for (const k of keys) {
        if (engineUdp.some((e) => sameOrWildcard(k, e))) continue;
        const peer = udp.find((en) => !en.used && en.local === k) ?? udp.find((en) => !en.used && sameOrWildcard(k, en.local));
        if (peer) rows.push(row(peer, { proto: 'udp', role: 'peer', related: s.id }));
      }
      continue;
    }
    if (!(s instanceof StreamSocket) || s.state === 'queued') continue; // queued ones go under their listener
    if (s.isListening || (s.holdsAddress && !s.remote)) {
      const listen = l ? (tcp.find((en) => !en.used && en.local === l && en.e.state === 'LISTEN') ?? null) : null;
      rows.push(
        row(
          listen,
          {
            proto: 'tcp',
            role: 'socket',
            socket: s.id,
            held: s.isListening ? s.queue.length : 0,
            backlog: s.isListening ? s.backlog : null,
            boundOnly: !s.isListening,
          },
          s,
        ),
      );
      if (!l) continue;
      for (const q of s.queue) {
        const ql = sockKey(q.local);
        const qr = sockKey(q.remote);
        const en = ql && qr && owner.get(`${ql}|${qr}`) === q ? pair(ql, qr) : null;
        rows.push(row(en, { proto: 'tcp', role: 'queued', socket: q.id, related: s.id, held: q.bufferedBytes }, q));
        peersOf(q, ql, qr);
      }
      // Handshakes under way (the kernel's request sockets, inode 0).
      for (const en of tcp) {
        if (!en.used && en.e.state === 'SYN_RECV' && en.local === l) rows.push(row(en, { proto: 'tcp', role: 'handshake', related: s.id }));
      }
      continue;
    }
    const en = l && r && owner.get(`${l}|${r}`) === s ? pair(l, r) : null;
    if (en || !s.closed) rows.push(row(en, { proto: 'tcp', role: 'socket', socket: s.id, closed: s.closed, held: s.closed ? 0 : s.bufferedBytes }, s));
    peersOf(s, l, r);
  }
  return { available: true, rows };
}
