// The engine: one registry of sockets, their fd numbers, the default timeout and
// the event log. Node only (no Electron), so the CLI, browser mode and the app share it.
import fs from 'node:fs';
import { EventLog, DEFAULT_RETAINED_PAYLOAD_BYTES } from './events';
import { AF_UNIX, SOCK_DGRAM, SOCK_STREAM, sameEndpoint, type Family, type Kind, type SockAddr } from './addresses';
import { EngineSocket, SO_RCVBUF, SO_SNDBUF, SOL_SOCKET, StreamSocket, optionKey } from './socket';
import { DatagramSocket } from './datagram';

export interface EngineOptions {
  /** Payload bytes kept in the log before payloads are dropped (sizes are always kept). */
  retainPayloadBytes?: number;
}

/** How long one end of a Unix stream connection waits to be paired with the other (both events come within a loop turn or two). */
const UNIX_PAIR_WINDOW_MS = 1000;
/** The first fd a new process hands out after stdin, stdout and stderr. */
const FIRST_FD = 3;

/** Linux defaults when /proc cannot be read (another OS): tcp_rmem[1], tcp_wmem[1], rmem/wmem_default. */
const FALLBACK_BUFFERS = { tcpRcv: 131072, tcpSnd: 16384, udpRcv: 212992, udpSnd: 212992 };

function readSysctl(path: string, field: number, fallback: number): number {
  try {
    const v = Number(fs.readFileSync(path, 'utf8').trim().split(/\s+/)[field]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  } catch {
    return fallback;
  }
}

export class Engine {
  readonly log: EventLog;
  private readonly sockets = new Map<number, EngineSocket>();
  private readonly fdsInUse = new Set<number>();
  private idCounter = 0;
  private ioCounter = 0;
  /** Unix stream ends waiting for their other end, per path (see pairUnix). */
  private readonly unixWaiting = new Map<string, { client: Array<{ sock: StreamSocket; at: number }>; arrival: Array<{ sock: StreamSocket; at: number }> }>();
  defaultTimeout: number | null = null;
  private readonly bufferDefaults: Map<string, number>;

  constructor(opts: EngineOptions = {}) {
    this.log = new EventLog(opts.retainPayloadBytes ?? DEFAULT_RETAINED_PAYLOAD_BYTES);
    const rcv = optionKey(SOL_SOCKET, SO_RCVBUF);
    const snd = optionKey(SOL_SOCKET, SO_SNDBUF);
    this.bufferDefaults = new Map([
      [`${SOCK_STREAM}/${rcv}`, readSysctl('/proc/sys/net/ipv4/tcp_rmem', 1, FALLBACK_BUFFERS.tcpRcv)],
      [`${SOCK_STREAM}/${snd}`, readSysctl('/proc/sys/net/ipv4/tcp_wmem', 1, FALLBACK_BUFFERS.tcpSnd)],
      [`${SOCK_DGRAM}/${rcv}`, readSysctl('/proc/sys/net/core/rmem_default', 0, FALLBACK_BUFFERS.udpRcv)],
      [`${SOCK_DGRAM}/${snd}`, readSysctl('/proc/sys/net/core/wmem_default', 0, FALLBACK_BUFFERS.udpSnd)],
    ]);
  }

  /** socket.socket(family, type, proto): arguments are already validated. */
  createSocket(family: Family, kind: Kind, proto: number): EngineSocket {
    const fd = this.allocFd();
    const s = kind === SOCK_STREAM ? new StreamSocket(this, family, proto, fd) : DatagramSocket.create(this, family, proto, fd);
    this.register(s);
    this.log.emit({ kind: 'state', socket: s.id, state: 'created', detail: `fd=${fd}, family=${family}, type=${kind}, proto=${proto}`, family, type: kind });
    return s;
  }

  // SocketHost ---------------------------------------------------------------
  nextId(): number {
    return ++this.idCounter;
  }

  register(sock: EngineSocket): void {
    this.sockets.set(sock.id, sock);
  }

  /** The lowest free number, as the kernel hands out descriptors. */
  allocFd(): number {
    let fd = FIRST_FD;
    while (this.fdsInUse.has(fd)) fd++;
    this.fdsInUse.add(fd);
    return fd;
  }

  releaseFd(fd: number): void {
    this.fdsInUse.delete(fd);
  }

  refuses(target: SockAddr): boolean {
    for (const s of this.sockets.values()) {
      if (!(s instanceof StreamSocket) || !s.holdsAddress || s.isListening || s.state === 'connected' || !s.local) continue;
      if ((s.family === AF_UNIX) !== (target.family === AF_UNIX)) continue;
      if (sameEndpoint(s.local, target)) return true;
    }
    return false;
  }

  pairUnix(sock: StreamSocket, side: 'client' | 'arrival', path: string): void {
    const now = Date.now();
    let w = this.unixWaiting.get(path);
    if (!w) {
      w = { client: [], arrival: [] };
      this.unixWaiting.set(path, w);
    }
    const other = side === 'client' ? 'arrival' : 'client';
    // Only recent ends pair: an outside program's connection must not be matched later by mistake.
    w[other] = w[other].filter((e) => now - e.at <= UNIX_PAIR_WINDOW_MS && !e.sock.closed);
    const match = w[other].shift();
    if (match) {
      sock.unixPeer = match.sock;
      match.sock.unixPeer = sock;
    } else w[side].push({ sock, at: now });
    if (w.client.length === 0 && w.arrival.length === 0) this.unixWaiting.delete(path);
  }

  nextIo(): number {
    return ++this.ioCounter;
  }

  findPeer(sock: StreamSocket): StreamSocket | null {
    const mine = sock.local;
    const theirs = sock.remote;
    if (!mine || !theirs || mine.family === AF_UNIX || theirs.family === AF_UNIX) return null;
    for (const s of this.sockets.values()) {
      if (s === sock || !(s instanceof StreamSocket) || !s.local || !s.remote) continue;
      const l = s.local;
      const r = s.remote;
      if (l.family === AF_UNIX || r.family === AF_UNIX) continue;
      if (l.host === theirs.host && l.port === theirs.port && r.host === mine.host && r.port === mine.port) return s;
    }
    return null;
  }

  sharesBind(sock: EngineSocket, addr: SockAddr): boolean {
    for (const s of this.sockets.values()) {
      if (s === sock || !(s instanceof StreamSocket) || !s.holdsAddress || s.isListening || !s.reuseAddr || !s.local) continue;
      if (s.local.family !== AF_UNIX && addr.family !== AF_UNIX && s.local.port === addr.port && s.local.host === addr.host) return true;
    }
    return false;
  }

  optionDefault(kind: Kind, key: string): number | undefined {
    return this.bufferDefaults.get(`${kind}/${key}`);
  }

  // Registry -----------------------------------------------------------------
  get(id: number): EngineSocket | undefined {
    return this.sockets.get(id);
  }

  list(): EngineSocket[] {
    return [...this.sockets.values()];
  }

  /** Drops closed sockets from the registry (a fresh start): the log keeps their events. */
  forgetClosed(): void {
    for (const [id, s] of this.sockets) if (s.closed) this.sockets.delete(id);
  }

  /** Closes every socket; the engine can be dropped afterwards. */
  dispose(): void {
    for (const s of this.sockets.values()) {
      try {
        s.close();
      } catch {
        // Closing is best effort on shutdown: one failure must not keep others open.
      }
    }
  }
}
