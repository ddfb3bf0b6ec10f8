// Datagram sockets: UDP over Node's dgram, and Unix datagram sockets over the
// unix-dgram addon where it is installed. Both keep message boundaries, cut a
// datagram to the caller's bufsize, and report ICMP/peer errors as the kernel's
// pending socket error.
import dgram from 'node:dgram';
import { createRequire } from 'node:module';
import { PyException } from '../../shared/script/values';
import { errnoName } from '../../shared/script/errno';
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, anyAddress, connectTarget, formatAddr, fromNode, type Family, type SockAddr } from './addresses';
import { errnoOf, osError, toPyException } from './errors';
import { IPPROTO_IPV6, IPV6_V6ONLY } from './sockopts';
import { EngineSocket, MSG_PEEK, settle, SHUT_RD, SHUT_RDWR, SHUT_WR, SOL_SOCKET, SO_BROADCAST, SO_RCVBUF, SO_REUSEADDR, optionKey, type CallOptions, type SocketHost } from './socket';

/** udp_sendmsg() refuses anything longer than a UDP length field can say, before anything else. */
const MAX_DATAGRAM_LENGTH = 0xffff;
/** MSG_OOB: datagram sockets have no urgent data. */
const MSG_OOB = 1;
/** Largest UDP payload over IPv4 / IPv6 (65535 minus headers). */
const MAX_UDP_PAYLOAD = { [AF_INET]: 65507, [AF_INET6]: 65527 } as const;
/** Linux's default SO_RCVBUF for datagram sockets, if /proc says nothing. */
const DEFAULT_DGRAM_RCVBUF = 212992;

interface Datagram {
  data: Buffer;
  from: SockAddr | null;
}

/** The transport under a datagram socket: dgram for UDP, unix-dgram for AF_UNIX. */
interface DgramTransport {
  /** The bound address. */
  local(): SockAddr;
  connect(addr: SockAddr): Promise<void>;
  /** Resolves once the kernel took the datagram. */
  send(data: Uint8Array, to: SockAddr | null, signal?: AbortSignal, nonblocking?: boolean): Promise<void>;
  setBroadcast(on: boolean): void;
  close(): void;
}

export abstract class DatagramSocket extends EngineSocket {
  protected transport: DgramTransport | null = null;
  private readonly rxq: Datagram[] = [];
  private rxBytes = 0;
  private rdShut = false;
  private wrShut = false;

  constructor(host: SocketHost, family: Family, proto: number, fd: number) {
    super(host, family, SOCK_DGRAM, proto, fd);
  }

  static create(host: SocketHost, family: Family, proto: number, fd: number): DatagramSocket {
    return family === AF_UNIX ? new UnixDatagramSocket(host, family, proto, fd) : new UdpSocket(host, family, proto, fd);
  }

  get bufferedBytes(): number {
    return this.rxBytes;
  }

  get queuedDatagrams(): number {
    return this.rxq.length;
  }

  /** Binds the transport to `addr`. */
  protected abstract open(addr: SockAddr | null): Promise<DgramTransport>;
  /** What send() without an address raises on an unconnected socket. */
  protected abstract readonly unconnectedSendError: 'EDESTADDRREQ' | 'ENOTCONN';

  protected receive(data: Buffer, from: SockAddr | null): void {
    const limit = this.options.get(optionKey(SOL_SOCKET, SO_RCVBUF)) ?? this.host.optionDefault(SOCK_DGRAM, optionKey(SOL_SOCKET, SO_RCVBUF)) ?? DEFAULT_DGRAM_RCVBUF;
    const discarded = this.rxBytes + data.length > limit;
    this.log.data(this.id, 'in', data, from ? formatAddr(from) : undefined, discarded);
    if (discarded) return; // the kernel drops datagrams that do not fit the receive buffer
    this.rxq.push({ data, from });
    this.rxBytes += data.length;
    this.notify();
  }

  protected onTransportError(err: unknown): void {
    // ICMP errors on a connected socket arrive here (ECONNREFUSED): the kernel's sk_err.
    this.pendingError = errnoOf(err) ?? 'EIO';
    this.notify();
  }

  private async bound(): Promise<DgramTransport> {
    if (!this.transport) await this.bindTo(null);
    return this.transport!;
  }

  private async bindTo(addr: SockAddr | null): Promise<void> {
    this.transport = await this.open(addr);
    this.local = this.transport.local();
    if (this.optionOn(SOL_SOCKET, SO_BROADCAST)) this.transport.setBroadcast(true);
    this.setState('bound', formatAddr(this.local));
  }

  async bind(addr: SockAddr): Promise<void> {
    this.checkOpen();
    if (this.transport) throw osError('EINVAL');
    await this.bindTo(addr);
  }

  async listen(): Promise<void> {
    this.checkOpen();
    throw osError('EOPNOTSUPP');
  }

  async accept(o: CallOptions): Promise<EngineSocket> {
    this.checkOpen();
    await this.pollFirst('in', 'accept', o);
    throw osError('EOPNOTSUPP');
  }

  protected pollReady(direction: 'in' | 'out'): boolean {
    if (direction === 'out' || this.closed) return true;
    // A shut receiving side wakes poll() even with nothing to read (recv() then still finds nothing).
    return this.rxq.length > 0 || this.pendingError !== null || this.rdShut;
  }

  /** Connected to port 0, which Linux accepts: nothing can answer, and what is sent is refused. */
  private get peerIsPortZero(): boolean {
    return this.remote !== null && this.remote.family !== AF_UNIX && this.remote.port === 0;
  }

  async connect(target: SockAddr): Promise<void> {
    this.checkOpen();
    const addr = connectTarget(target);
    // unix_validate_addr(): an empty path names nothing.
    if (addr.family === AF_UNIX && addr.path === '') throw osError('EINVAL');
    const t = await this.bound();
    // Datagrams the kernel queued before connect() stay readable: let Node take them in before the peer filter applies.
    await settle();
    // Node refuses port 0; Linux connects and then answers as if nobody were there (the transport keeps it unconnected).
    await t.connect(addr);
    this.remote = addr;
    this.local = t.local();
    this.setState('connected', this.describe());
  }

  getpeername(): SockAddr {
    this.checkOpen();
    // inet_getname(): a destination port of 0 counts as not connected.
    if (!this.remote || this.peerIsPortZero) throw osError('ENOTCONN');
    return this.remote;
  }

  async recv(bufsize: number, o: CallOptions): Promise<{ data: Uint8Array; from: SockAddr | null }> {
    this.checkOpen();
    await this.pollFirst('in', 'recv', o);
    // After SHUT_RD only a blocking recv() gives up (with b''); others still wait for a datagram.
    await this.waitUntil(() => this.rxq.length > 0 || this.pendingError !== null || (this.rdShut && this.timeout === null), 'recv', o);
    // Linux reports a pending error before queued datagrams.
    const err = this.takePendingError();
    if (err) throw err;
    if (this.rxq.length === 0) return { data: new Uint8Array(0), from: null };
    const peek = ((o.flags ?? 0) & MSG_PEEK) !== 0;
    const d = peek ? this.rxq[0] : this.rxq.shift()!;
    if (!peek) this.rxBytes -= d.data.length;
    // A datagram longer than the buffer is cut; the rest is lost.
    return { data: d.data.subarray(0, Math.min(bufsize, d.data.length)), from: d.from };
  }

  async send(data: Uint8Array, o: CallOptions): Promise<number> {
    this.checkOpen();
    // The kernel binds an unbound socket first; then IPv4 checks the length before the
    // destination, IPv6 the destination first.
    if (this.family !== AF_UNIX) await this.bound();
    // unix_dgram_sendmsg() checks its own shutdown before looking for a peer.
    if (this.family === AF_UNIX && this.wrShut) throw osError('EPIPE');
    if (this.family === AF_INET6 && !this.remote) throw osError(this.unconnectedSendError);
    this.checkSendable(data, o);
    if (!this.remote) throw osError(this.unconnectedSendError);
    return this.transmit(data, null, o);
  }

  async sendto(data: Uint8Array, addr: SockAddr, o: CallOptions): Promise<number> {
    this.checkOpen();
    if (addr.family === AF_UNIX && addr.path === '') throw osError('EINVAL');
    if (this.family !== AF_UNIX) await this.bound();
    this.checkSendable(data, o);
    // udp_sendmsg(): a destination port of 0 is invalid.
    if (addr.family !== AF_UNIX && addr.port === 0) {
      await this.bound();
      throw osError('EINVAL');
    }
    return this.transmit(data, addr, o);
  }

  /** What udp_sendmsg() refuses before looking at the destination. */
  private checkSendable(data: Uint8Array, o: CallOptions): void {
    if (this.family === AF_UNIX) return;
    if (data.length > MAX_DATAGRAM_LENGTH) throw osError('EMSGSIZE');
    if (((o.flags ?? 0) & MSG_OOB) !== 0) throw osError('EOPNOTSUPP');
  }

  private async transmit(data: Uint8Array, to: SockAddr | null, o: CallOptions): Promise<number> {
    const t = await this.bound();
    const err = this.takePendingError();
    if (err) throw err;
    if (this.wrShut) throw osError('EPIPE');
    if (this.family !== AF_UNIX && data.length > MAX_UDP_PAYLOAD[this.family]) throw osError('EMSGSIZE');
    const target = to ?? this.remote;
    this.logOut(data, target ?? undefined);
    if (!to && this.peerIsPortZero) {
      // The datagram goes to port 0, where nobody listens: the kernel's ICMP reply becomes the socket's error.
      this.pendingError = 'ECONNREFUSED';
      return data.length;
    }
    this.pendingCall = { method: to ? 'sendto' : 'send', since: this.log.now(), signal: o.signal };
    try {
      await t.send(data, to, o.signal, this.timeout === 0);
    } finally {
      this.pendingCall = null;
    }
    return data.length;
  }

  shutdown(how: number): void {
    this.checkOpen();
    if (how < SHUT_RD || how > SHUT_RDWR) throw osError('EINVAL');
    if (how !== SHUT_WR) this.rdShut = true;
    if (how !== SHUT_RD) this.wrShut = true;
    this.notify();
    // Linux records the shutdown anyway; only an unconnected IP socket reports ENOTCONN.
    if (!this.remote && this.family !== AF_UNIX) throw osError('ENOTCONN');
  }

  protected override applyOption(name: number, on: boolean): void {
    if (this.transport && name === SO_BROADCAST) this.transport.setBroadcast(on);
  }

  protected release(): void {
    const t = this.transport;
    this.transport = null;
    try {
      t?.close();
    } catch {
      // Already closed after an error: nothing left to release.
    }
    this.rxq.length = 0;
    this.rxBytes = 0;
  }
}

/** Tries at choosing a free port before giving up with EADDRINUSE (only a racing process makes one fail). */
const PORT_PICK_ATTEMPTS = 5;

/** A port the kernel would choose for a UDP bind to `host` now. */
function freeUdpPort(type: 'udp4' | 'udp6', host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = dgram.createSocket(type);
    probe.once('error', (err) => {
      probe.close();
      reject(toPyException(err));
    });
    probe.bind({ address: host, port: 0, exclusive: true }, () => {
      const port = probe.address().port;
      probe.close(() => resolve(port));
    });
  });
}

class UdpSocket extends DatagramSocket {
  protected readonly unconnectedSendError = 'EDESTADDRREQ';

  protected async open(addr: SockAddr | null): Promise<DgramTransport> {
    const where = addr ?? anyAddress(this.family);
    if (where.family === AF_UNIX) throw osError('EINVAL');
    if (where.port !== 0) return this.openOn(where.host, where.port);
    // Node can only re-connect a UDP socket by disconnecting it first, and Linux takes away an
    // automatically chosen port on disconnect; a port named in bind() stays. So name the port.
    for (let attempt = 1; ; attempt++) {
      const port = await freeUdpPort(this.family === AF_INET6 ? 'udp6' : 'udp4', where.host);
      try {
        return await this.openOn(where.host, port);
      } catch (e) {
        // Someone took the port in between: choose again.
        if (!(e instanceof PyException && e.errno === 98) || attempt >= PORT_PICK_ATTEMPTS) throw e;
      }
    }
  }

  private openOn(host: string, port: number): Promise<DgramTransport> {
    const udp = dgram.createSocket({
      type: this.family === AF_INET6 ? 'udp6' : 'udp4',
      reuseAddr: this.optionOn(SOL_SOCKET, SO_REUSEADDR),
      ipv6Only: this.family === AF_INET6 && this.optionOn(IPPROTO_IPV6, IPV6_V6ONLY),
    });
    let remote: SockAddr | null = null;
    /** Whether Node's handle is connected (it is not, briefly, during a sendto() elsewhere). */
    let handleConnected = false;
    const isRemote = (a: SockAddr) => remote !== null && remote.family !== AF_UNIX && a.family !== AF_UNIX && remote.host === a.host && remote.port === a.port;
    /** The kernel's filter for a connected socket: the peer's address, and its port unless that is 0. */
    const hears = (a: SockAddr) =>
      remote === null || (remote.family !== AF_UNIX && a.family !== AF_UNIX && remote.host === a.host && (remote.port === 0 || remote.port === a.port));
    udp.on('message', (msg, rinfo) => {
      const from = fromNode(this.family, rinfo.address, rinfo.port);
      // A connected socket hears only its peer (the kernel filters; so must we while we briefly disconnect).
      if (!hears(from)) return;
      this.receive(msg, from);
    });
    const transport: DgramTransport = {
      local: () => {
        const a = udp.address();
        return fromNode(this.family, a.address, a.port);
      },
      connect: async (to) => {
        if (to.family === AF_UNIX) throw osError('EINVAL');
        if (handleConnected) udp.disconnect();
        handleConnected = false;
        remote = null;
        if (to.port === 0) {
          // Linux connects to port 0 (and hears that host on any port); Node cannot: the handle stays unconnected.
          remote = to;
          return;
        }
        await new Promise<void>((resolve, reject) => {
          try {
            udp.connect(to.port, to.host, () => {
              handleConnected = true;
              resolve();
            });
          } catch (err) {
            reject(toPyException(err));
          }
        });
        remote = to;
      },
      send: async (data, to) => {
        const sendOnce = (target: SockAddr | null) =>
          new Promise<void>((resolve, reject) => {
            const cb = (e: Error | null) => (e ? reject(toPyException(e)) : resolve());
            try {
              if (target && target.family !== AF_UNIX) udp.send(data, target.port, target.host, cb);
              else udp.send(data, cb);
            } catch (e) {
              reject(toPyException(e));
            }
          });
        if (!to || !remote || !handleConnected) return sendOnce(to);
        if (isRemote(to)) return sendOnce(null);
        // Linux lets a connected UDP socket sendto() elsewhere; Node does not, so disconnect for the send.
        const peer = remote;
        udp.disconnect();
        handleConnected = false;
        try {
          await sendOnce(to);
        } finally {
          await transport.connect(peer);
        }
      },
      setBroadcast: (on) => udp.setBroadcast(on),
      close: () => udp.close(),
    };
    return new Promise<DgramTransport>((resolve, reject) => {
      const onError = (err: Error) => {
        udp.close();
        reject(toPyException(err));
      };
      udp.once('error', onError);
      udp.bind({ address: host, port, exclusive: true }, () => {
        udp.off('error', onError);
        udp.on('error', (err) => this.onTransportError(err));
        resolve(transport);
      });
    });
  }
}

// -------------------------------------------------------- Unix datagram sockets

interface UnixDgramSocket {
  on(event: 'message', cb: (buf: Buffer, rinfo: { path: string | null }) => void): void;
  on(event: 'error' | 'writable' | 'listening' | 'connect', cb: (err?: { code?: number }) => void): void;
  once(event: 'writable', cb: () => void): void;
  removeListener(event: 'writable', cb: () => void): void;
  bind(path: string): void;
  connect(path: string): void;
  send(buf: Buffer, cb: (err?: { code?: number | string; message?: string }) => void): void;
  send(buf: Buffer, offset: number, length: number, path: string, cb: (err?: { code?: number | string; message?: string }) => void): void;
  close(): void;
}
interface UnixDgramModule {
  createSocket(type: 'unix_dgram', listener?: (buf: Buffer, rinfo: { path: string | null }) => void): UnixDgramSocket;
}

let unixDgram: UnixDgramModule | null | undefined;
/** The unix-dgram addon, if it was built on this machine (it is optional). */
function loadUnixDgram(): UnixDgramModule | null {
  if (unixDgram === undefined) {
    try {
      // __filename in the CLI bundle (CommonJS), import.meta.url under the test runner (ESM).
      const base = typeof __filename === 'string' ? __filename : import.meta.url;
      unixDgram = createRequire(base)('unix-dgram') as UnixDgramModule;
    } catch {
      unixDgram = null;
    }
  }
  return unixDgram;
}

/** unix-dgram reports errors as negative errno numbers. */
function unixError(err: { code?: number | string; message?: string } | undefined): PyException {
  const code = typeof err?.code === 'number' ? -err.code : NaN;
  const name = errnoName(code);
  return name ? osError(name) : new PyException('OSError', err?.message ?? 'unknown error');
}

class UnixDatagramSocket extends DatagramSocket {
  protected readonly unconnectedSendError = 'ENOTCONN';

  protected async open(addr: SockAddr | null): Promise<DgramTransport> {
    const mod = loadUnixDgram();
    if (!mod) {
      throw new PyException('OSError', '[Errno 95] Operation not supported (Unix datagram sockets need the unix-dgram addon, which is not built here)', 95);
    }
    const path = addr && addr.family === AF_UNIX ? addr.path : '';
    const sock = mod.createSocket('unix_dgram');
    sock.on('message', (buf, rinfo) => this.receive(buf, rinfo.path ? { family: AF_UNIX, path: rinfo.path } : null));
    let syncError: PyException | null = null;
    sock.on('error', (err) => {
      // bind/connect report synchronously through this event; later errors are the socket's.
      syncError = unixError(err);
    });
    if (path) {
      sock.bind(path);
      if (syncError) {
        sock.close();
        throw syncError;
      }
    }
    return {
      local: () => ({ family: AF_UNIX, path }),
      connect: async (to) => {
        if (to.family !== AF_UNIX) throw osError('EINVAL');
        syncError = null;
        sock.connect(to.path);
        if (syncError) throw syncError;
      },
      send: (data, to, signal, nonblocking) =>
        new Promise<void>((resolve, reject) => {
          const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
          const attempt = () => {
            const cb = (err?: { code?: number | string; message?: string }) => {
              if (!err) return resolve();
              if (err.code === 1) {
                // Congestion: the receiver's queue is full, as the kernel's EAGAIN.
                if (nonblocking) return reject(osError('EAGAIN'));
                const retry = () => {
                  signal?.removeEventListener('abort', onAbort);
                  attempt();
                };
                const onAbort = () => {
                  sock.removeListener('writable', retry);
                  reject(signal!.reason);
                };
                signal?.addEventListener('abort', onAbort, { once: true });
                sock.once('writable', retry);
                return;
              }
              reject(unixError(err));
            };
            if (to && to.family === AF_UNIX) sock.send(buf, 0, buf.length, to.path, cb);
            else sock.send(buf, cb);
          };
          attempt();
        }),
      setBroadcast: () => {},
      close: () => sock.close(),
    };
  }
}
