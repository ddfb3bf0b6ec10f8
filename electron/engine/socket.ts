// Engine sockets: real Node `net` / `dgram` sockets driven one call at a time with
// the semantics of CPython's socket module on Linux. Each call is async; a call that
// would block in Python waits here (as if each socket had its own thread) until
// its condition holds, its timeout passes, or its AbortSignal fires.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PyException } from '../../shared/script/values';
import type { ErrnoName } from '../../shared/script/errno';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  SOCK_DGRAM,
  SOCK_STREAM,
  anyAddress,
  connectTarget,
  formatAddr,
  fromNode,
  type Family,
  type Kind,
  type SockAddr,
} from './addresses';
import { errnoOf, osError, timeoutError, toPyException } from './errors';
import { objectArray, type EventLog, type OutStream, type SocketState } from './events';
import { connectionInKernel, handshakeDoneInKernel, portBusyForBind } from './kernel';
import { IPPROTO_IPV6, IPV6_V6ONLY, IPPROTO_TCP, SOL_SOCKET, SO_BROADCAST, SO_KEEPALIVE, SO_RCVBUF, SO_REUSEADDR, SO_SNDBUF, TCP_NODELAY, getOption, levelTable, optionKey, setOption } from './sockopts';

export const MSG_PEEK = 2;
export const MSG_DONTWAIT = 64;
export const MSG_WAITALL = 256;
export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;

/** Event-loop turns a non-blocking or timed call waits for bytes already on loopback to surface. */
const SETTLE_TURNS = 3;
/** Receive buffering above which the engine stops reading, so the kernel's flow control holds the sender. */
const RX_HIGH_WATER = 256 * 1024;
/** Resume reading once the user has drained the buffer below this. */
const RX_LOW_WATER = 64 * 1024;
/** Kernel-level backlog for the listening handle; the Python-level backlog is kept by the engine. */
const KERNEL_BACKLOG = 511;
/** Linux caps listen(backlog) at net.core.somaxconn. */
const SOMAXCONN = 4096;
/** Results longer than this are shortened in call events (the payload is in the data events). */
export const CALL_RESULT_PREVIEW = 200;

/** What waitUntil() gives when the condition already holds: one shared promise, not one per call. */
const RESOLVED: Promise<void> = Promise.resolve();

/** Lets pending I/O callbacks run: on loopback the kernel has already delivered what was sent. */
export async function settle(turns = SETTLE_TURNS): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A call's options. The socket module always gives both (one object shape for every call, which the code V8 compiles for calls counts on). */
export interface CallOptions {
  signal?: AbortSignal;
  flags?: number;
}

/** What a socket needs from the engine that owns it. */
export interface SocketHost {
  readonly log: EventLog;
  defaultTimeout: number | null;
  allocFd(): number;
  releaseFd(fd: number): void;
  register(sock: EngineSocket): void;
  nextId(): number;
  /** An engine stream socket bound to this address but not listening: connects there are refused. */
  refuses(target: SockAddr): boolean;
  /**
   * Pairs the two ends of a Unix stream connection made inside the engine (the
   * kernel knows the pair; Node does not say): `side` is the client after its
   * connect, or the accepted end on arrival.
   */
  pairUnix(sock: StreamSocket, side: 'client' | 'arrival', path: string): void;
  /** A counter shared by all sockets, ordering writes and arrivals. */
  nextIo(): number;
  /** The engine stream socket at the other end of this connection, if there is one. */
  findPeer(sock: StreamSocket): StreamSocket | null;
  /** Another non-listening engine socket with SO_REUSEADDR holds this address (Linux lets both bind). */
  sharesBind(sock: EngineSocket, addr: SockAddr): boolean;
  /** Socket option defaults read from the kernel (SO_RCVBUF...). */
  optionDefault(kind: Kind, key: string): number | undefined;
}

/** Servers (electron/servers/): the playground server a socket belongs to, and its name there ('srv', 'conn2'). */
export interface SocketOwner {
  server: number;
  name: string;
  role: 'server' | 'request';
}

export interface PendingCall {
  method: string;
  since: number;
  /** The signal of the step that made the call: interrupting that step ends the call. */
  signal?: AbortSignal;
}

/** What recv() gives back: the bytes and, for datagrams, the sender. */
export interface Received {
  data: Uint8Array;
  from: SockAddr | null;
}

/** Turns what recv() got into the caller's value (the Python layer's bytes object). */
export type RecvWrap<T> = (data: Uint8Array, from: SockAddr | null) => T;

const toReceived: RecvWrap<Received> = (data, from) => ({ data, from });

/**
 * A condition a call waits for, asked of the socket it waits on. Conditions that
 * every socket asks alike (recv's) are one function for all sockets: a closure
 * per socket was a new function for each new session's socket, and the code V8
 * had compiled for the calls of the previous one was thrown away.
 */
export type Ready = (sock: EngineSocket) => boolean;

/** A wait of any outcome type, as the socket and the abort listener see it. */
interface AnyWait {
  check(): void;
  finish(err?: unknown): void;
}

/**
 * Waits on each AbortSignal. One 'abort' listener per signal, added the first time
 * a call waits on it, serves every later wait: adding and removing a listener per
 * call cost more than the rest of a blocking recv() or sendall(). (The listener
 * stays until the signal aborts; the engine gets plain AbortController signals,
 * which this does not keep alive.)
 */
const waitsBySignal = new WeakMap<AbortSignal, AnyWait[]>();

function abortWaits(signal: AbortSignal): AnyWait[] {
  let waits = waitsBySignal.get(signal);
  if (!waits) {
    const list: AnyWait[] = [];
    waitsBySignal.set(signal, list);
    // In the order the calls began waiting, as their own listeners would have run.
    signal.addEventListener('abort', () => {
      for (const w of list.slice()) w.finish(signal.reason);
    }, { once: true });
    waits = list;
  }
  return waits;
}

/**
 * Removes `item` from a short list. Waits are kept in arrays, not Sets: a Set
 * that gains and loses an entry per call reallocates its table every few calls.
 */
function removeFrom<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i < 0) return;
  for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k];
  list.pop();
}

/** A wait's outcome when the call has nothing more to compute. */
const NOTHING = (): void => undefined;

/**
 * A call that waits: for its socket's condition (woken by notify()), or for the
 * write it made (ended by the write's callback). It ends early on its timeout or
 * its AbortSignal. While it waits it is the socket's pending call. Its promise
 * settles with `outcome()`, computed once the wait is over: a single promise from
 * the wait to the caller.
 */
export class Wait<T> implements PendingCall {
  readonly promise: Promise<T>;
  readonly since: number;
  readonly signal: AbortSignal | undefined;
  private resolveFn!: (value: T) => void;
  private rejectFn!: (err: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private readonly aborts: AnyWait[] | undefined;
  private done = false;

  constructor(
    private readonly sock: EngineSocket,
    readonly method: string,
    /** The condition to wait for, or null when the owner calls finish() itself. */
    private readonly ready: Ready | null,
    signal: AbortSignal | undefined,
    /** Seconds before TimeoutError; null waits for ever. */
    timeout: number | null,
    private readonly outcome: () => T,
  ) {
    this.since = sock.log.now();
    this.signal = signal;
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    sock.pendingCall = this;
    if (ready) sock.waiters.push(this);
    if (signal) {
      this.aborts = abortWaits(signal);
      this.aborts.push(this);
    }
    // setTimeout() fires at once for delays beyond 2^31 - 1 ms (about 24.8 days): longer timeouts never pass in a script's life.
    if (timeout !== null && timeout * 1000 <= MAX_TIMER_MS) this.timer = setTimeout(() => this.finish(timeoutError()), timeout * 1000);
  }

  /** Called by notify(): ends the wait once the condition holds or the socket is closed. */
  check(): void {
    if (this.sock.closed) this.finish(osError('EBADF'));
    else if (this.ready!(this.sock)) this.finish();
  }

  /** Ends the wait: with the call's outcome, or with `err` raised. */
  finish(err?: unknown): void {
    if (this.done) return;
    this.done = true;
    if (this.ready) removeFrom(this.sock.waiters, this);
    if (this.timer) clearTimeout(this.timer);
    if (this.aborts) removeFrom(this.aborts, this);
    this.sock.pendingCall = null;
    if (err !== undefined) return this.rejectFn(err);
    let value: T;
    try {
      value = this.outcome();
    } catch (e) {
      return this.rejectFn(e);
    }
    this.resolveFn(value);
  }
}

/** The longest delay setTimeout() honours. */
const MAX_TIMER_MS = 2147483647;

export { optionKey, SOL_SOCKET, IPPROTO_TCP, SO_REUSEADDR, SO_BROADCAST, SO_RCVBUF, SO_SNDBUF, SO_KEEPALIVE, TCP_NODELAY };

export abstract class EngineSocket {
  readonly id: number;
  fd: number;
  /** null: blocking; 0: non-blocking; > 0: timeout in seconds. */
  timeout: number | null;
  closed = false;
  local: SockAddr | null = null;
  remote: SockAddr | null = null;
  /** The kernel's sk_err: reported once, by the next call that looks at it. */
  pendingError: ErrnoName | null = null;
  pendingCall: PendingCall | null = null;
  /** Servers: set on a playground server's sockets (electron/servers/), null on the others. */
  owner: SocketOwner | null = null;
  state: SocketState = 'created';
  readonly options = new Map<string, number>();
  /** Calls waiting for a condition on this socket (see Wait). */
  readonly waiters: AnyWait[] = objectArray();
  /** This side ended its connection with RST (state events say so: a capture shows RST, not FIN). */
  protected resetSent = false;

  constructor(
    protected readonly host: SocketHost,
    readonly family: Family,
    readonly kind: Kind,
    readonly proto: number,
    fd: number,
  ) {
    this.id = host.nextId();
    this.fd = fd;
    this.timeout = host.defaultTimeout;
    // V8 takes a field that has kept the value it was made with for a constant of its
    // kind, and code that reads it (every recv() and send()) counts on that. `closed`
    // changes only when a socket closes: the first close() of the process, at the end
    // of a first session, threw that code away. Changed once here, it is an ordinary
    // field from the first socket on.
    this.closed = true;
    this.closed = false;
  }

  get log(): EventLog {
    return this.host.log;
  }

  protected setState(state: SocketState, detail?: string, listener?: number): void {
    this.state = state;
    this.log.emit({
      kind: 'state',
      socket: this.id,
      state,
      ...(detail ? { detail } : {}),
      ...(listener ? { listener } : {}),
      // Structured addresses, so that the log alone (an export) says where the bytes went.
      ...(this.local ? { local: formatAddr(this.local) } : {}),
      ...(this.remote ? { remote: formatAddr(this.remote) } : {}),
      ...(this.resetSent ? { resetSent: true } : {}),
    });
  }

  /** Wakes every pending call so it re-checks its condition. */
  protected notify(): void {
    const ws = this.waiters;
    const n = ws.length;
    // Nothing waits: return before any test that a transfer's calls never make (bytes that
    // arrive before the first recv() waits, once per connection, would find code compiled
    // without it and have it thrown away).
    if (n === 0) return;
    if (n === 1) ws[0].check();
    // Checks remove their own waits: walk a copy (several calls waiting on one socket is rare).
    else for (const w of ws.slice()) w.check();
  }

  protected checkOpen(): void {
    if (this.closed) throw osError('EBADF');
  }

  /**
   * Waits until `ready()` holds, in the socket's mode: non-blocking calls (timeout 0
   * or MSG_DONTWAIT) raise EAGAIN, timed calls raise TimeoutError, blocking calls wait.
   * Bytes already sent on loopback are given a few loop turns to surface first, as
   * CPython sees them at once.
   */
  protected waitUntil(ready: Ready, method: string, o: CallOptions, nonblockingError: ErrnoName = 'EAGAIN'): Promise<void> {
    if (ready(this)) return RESOLVED;
    return this.waitThen(ready, method, o, NOTHING, nonblockingError);
  }

  /** waitUntil() for a condition that does not hold yet, then `outcome()`: the call's result. */
  protected waitThen<T>(ready: Ready, method: string, o: CallOptions, outcome: () => T, nonblockingError: ErrnoName = 'EAGAIN'): Promise<T> {
    // CPython polls first when the socket has a timeout, so MSG_DONTWAIT only matters in blocking mode.
    const dontwait = ((o.flags ?? 0) & MSG_DONTWAIT) !== 0 && this.timeout === null;
    const timeout = dontwait ? 0 : this.timeout;
    if (timeout === 0) return this.settleOrRaise(ready, nonblockingError).then(outcome);
    if (o.signal?.aborted) return Promise.reject(o.signal.reason);
    return new Wait(this, method, ready, o.signal, timeout, outcome).promise;
  }

  /** Only a call that answers at once needs what loopback has delivered but Node not yet read. */
  private async settleOrRaise(ready: Ready, nonblockingError: ErrnoName): Promise<void> {
    await settle();
    if (ready(this)) return;
    throw osError(nonblockingError);
  }

  protected takePendingError(): PyException | null {
    if (!this.pendingError) return null;
    const e = osError(this.pendingError);
    this.pendingError = null;
    return e;
  }

  getsockname(): SockAddr {
    this.checkOpen();
    return this.local ?? anyAddress(this.family);
  }

  abstract getpeername(): SockAddr;
  abstract bind(addr: SockAddr): Promise<void>;
  abstract listen(backlog: number): Promise<void>;
  abstract accept(o: CallOptions): Promise<EngineSocket>;
  /** Returns 0 or raises; connect_ex maps the raise to its errno. */
  abstract connect(addr: SockAddr, o: CallOptions): Promise<void>;
  abstract recv(bufsize: number, o: CallOptions): Promise<{ data: Uint8Array; from: SockAddr | null }>;
  abstract send(data: Uint8Array, o: CallOptions, all: boolean): Promise<number>;
  /** recv() with its result wrapped by `wrap`, without a promise where the socket can answer at once. */
  recvOrWait<T>(bufsize: number, o: CallOptions, wrap: RecvWrap<T>): T | Promise<T> {
    return this.recv(bufsize, o).then((r) => wrap(r.data, r.from));
  }
  /** send()/sendall(), or the count without a promise where the kernel took the bytes at once. */
  sendOrWait(data: Uint8Array, o: CallOptions, all: boolean): number | Promise<number> {
    return this.send(data, o, all);
  }
  abstract sendto(data: Uint8Array, addr: SockAddr, o: CallOptions): Promise<number>;
  abstract shutdown(how: number): void;
  protected abstract release(): void;
  /** Bytes waiting in the receive buffer. */
  abstract get bufferedBytes(): number;

  close(why?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.host.releaseFd(this.fd);
    this.fd = -1;
    this.setState('closed', why);
    this.notify();
  }

  settimeout(t: number | null): void {
    this.timeout = t;
  }

  getsockopt(level: number, name: number): number {
    this.checkOpen();
    return getOption(this.optionHost(), level, name);
  }

  /** Raises what Linux raises for an option call on this socket before it looks at the value: EBADF, an unknown level. */
  checkOption(level: number, op: 'get' | 'set'): void {
    this.checkOpen();
    levelTable(this.optionHost(), level, op);
  }

  setsockopt(level: number, name: number, value: number): void {
    this.checkOpen();
    const stored = setOption(this.optionHost(), level, name, value);
    if (level === SOL_SOCKET) this.applyOption(name, stored !== 0);
    if (level === IPPROTO_TCP && name === TCP_NODELAY) this.applyOption(-name, stored !== 0);
  }

  private optionHost() {
    return {
      family: this.family,
      kind: this.kind,
      options: this.options,
      isListening: this.state === 'listening',
      hasPort: this.local !== null,
      takeErrorNumber: () => {
        if (this instanceof StreamSocket) this.syncWithKernel();
        if (this instanceof StreamSocket && this.pendingError !== null) this.errorTakenBySockopt();
        const e = this.pendingError;
        this.pendingError = null;
        return e ? errnoNumber(e) : 0;
      },
      bufferDefault: (key: string) => this.host.optionDefault(this.kind, key),
    };
  }

  /**
   * In timeout mode CPython polls before the call: it waits until the socket is
   * readable or writable (an error or hang-up counts), and raises TimeoutError if
   * that does not happen in time. Only then does the call itself run.
   */
  protected async pollFirst(direction: 'in' | 'out', method: string, o: CallOptions): Promise<void> {
    if (this.timeout === null || this.timeout === 0) return;
    await this.waitUntil(() => this.pollReady(direction), method, o);
  }

  /** poll(): whether a wait for reading or writing would wake now. */
  protected abstract pollReady(direction: 'in' | 'out'): boolean;

  /** Passes an option on to the Node handle where Node can; negative names are IPPROTO_TCP ones. */
  protected applyOption(_name: number, _on: boolean): void {}

  protected optionOn(level: number, name: number): boolean {
    return (this.options.get(optionKey(level, name)) ?? 0) !== 0;
  }

  /** A short description for the log and the app. */
  describe(): string {
    const parts = [`fd=${this.fd}`];
    if (this.local) parts.push(`laddr=${formatAddr(this.local)}`);
    if (this.remote) parts.push(`raddr=${formatAddr(this.remote)}`);
    return parts.join(', ');
  }

  protected logOut(data: Uint8Array, peer?: SockAddr): void {
    this.log.data(this.id, 'out', data, peer ? formatAddr(peer) : undefined);
  }
}

function errnoNumber(name: ErrnoName): number {
  return osError(name).errno ?? 0;
}

// ---------------------------------------------------------------- stream sockets

/** Ends a connection with RST (TCP); Unix sockets have no reset, so they just close. */
function abortConnection(s: net.Socket, family: Family): void {
  if (family === AF_UNIX) s.destroy();
  else s.resetAndDestroy();
}

/**
 * Closes a Unix listening handle but leaves its socket file behind, as closing a
 * socket does in CPython (Node would unlink it): later binds there fail with
 * EADDRINUSE and connects are refused, as they would be.
 */
function closeKeepingSocketFile(server: net.Server, socketPath: string): void {
  const keep = path.join(path.dirname(socketPath), `.${path.basename(socketPath)}.${process.pid}.keep`);
  let linked = false;
  try {
    fs.linkSync(socketPath, keep);
    linked = true;
  } catch {
    // Could not keep it (permissions, file gone): closing still works.
  }
  server.close();
  if (linked) {
    try {
      fs.renameSync(keep, socketPath);
    } catch {
      fs.rmSync(keep, { force: true });
    }
  }
}


/** One connection's writes: how many were made and completed, and the blocking send that waits for one. */
interface WriteTracker {
  issued: number;
  done: number;
  /** The blocking send waiting for write number `waitFor` to complete. */
  wait: Wait<number> | null;
  waitFor: number;
  /** The error of the last blocking write to complete, as raised (undefined: none). */
  failure: unknown;
  blocking: (err?: Error | null) => void;
  nonblocking: (err?: Error | null) => void;
}

export class StreamSocket extends EngineSocket {
  /** The listening handle: reserves the address from bind() on, accepts after listen(). */
  private server: net.Server | null = null;
  private listening = false;
  backlog = 0;
  /** Connections that arrived and wait for accept(), in arrival order. */
  readonly queue: StreamSocket[] = [];
  private conn: net.Socket | null = null;
  /** The write callbacks of `conn` (see writeTracker()). */
  private writes: WriteTracker | null = null;
  /** The TCP handshake completed (the kernel's ESTABLISHED or later). */
  private established = false;
  /** connect() has reported success (SS_CONNECTED); a further connect() is EISCONN. */
  private connectReported = false;
  private connectError: ErrnoName | null = null;
  private connectStarted = false;
  private boundByUser = false;
  private readonly rx: Buffer[] = objectArray();
  private rxHead = 0;
  private rxBytes = 0;
  /** Bytes this connection has received, all told: where the next chunk starts in the peer's stream. */
  private rxTotal = 0;
  /** This connection's sent bytes in the log (see EventLog.streamOut()). */
  private outStream: OutStream | null = null;
  private paused = false;
  /** FIN received. */
  private eof = false;
  private rdShut = false;
  private wrShut = false;
  /** The connection is gone (RST seen, or torn down): after its error, recv gives b''. */
  private transportGone = false;
  private readonly reportedErrors = new WeakSet<object>();
  /** Set on accepted connections: the listener they queued on. */
  listenerId: number | null = null;
  /** The other end of a Unix stream connection inside the engine, once paired. */
  unixPeer: StreamSocket | null = null;
  /** The Unix peer shut its receiving side: the kernel refuses what this end sends (EPIPE). */
  private peerStoppedReading = false;
  /**
   * A failed connect whose error the script got from SO_ERROR or recv(): Linux leaves
   * the socket "connecting" and shut both ways; listen() is EINVAL, connect() ECONNABORTED.
   */
  private failedUnreported = false;
  /** A reset ended the connection (either way): the kernel's state is CLOSE. */
  private resetSeen = false;
  /** The other end when it is an engine socket too (see linkPeer()). */
  private peer: StreamSocket | null = null;
  /** Engine-wide I/O sequence numbers of this socket's last write and last arrival. */
  lastWriteIo = 0;
  private lastDataIo = 0;
  /** IPV6_V6ONLY: an IPv6 socket on the wildcard address takes no IPv4 connections. */
  get ipv6Only(): boolean {
    return this.family === AF_INET6 && this.optionOn(IPPROTO_IPV6, IPV6_V6ONLY);
  }
  /**
   * Bound with SO_REUSEADDR to an address another non-listening engine socket holds
   * (Linux allows it): the reservation is made at listen(), where a clash is EADDRINUSE.
   */
  private sharedBind = false;
  /** The byte count a blocking recv(MSG_WAITALL) waits for: reading goes on until then. */
  private waitAllTarget = 0;
  /**
   * The address a failed connect leaves behind: the kernel keeps the port it picked
   * for the attempt (getsockname() reports it), and the connect() syscall that
   * reports the failure resets the address to the wildcard.
   */
  private leftLocal: SockAddr | null = null;
  /** A TCP connect was attempted: Linux refuses listen() on such a socket from then on (EINVAL). */
  private connectAttempted = false;
  /** An engine refusal on its way (see refuseWithPort()). */
  private refusal: Promise<void> | null = null;

  constructor(host: SocketHost, family: Family, proto: number, fd: number) {
    super(host, family, SOCK_STREAM, proto, fd);
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Bound (explicitly or by listen) and not connected: holds its local address. */
  get holdsAddress(): boolean {
    return (this.server !== null || this.sharedBind) && !this.closed;
  }

  get reuseAddr(): boolean {
    return this.optionOn(SOL_SOCKET, SO_REUSEADDR);
  }

  /** Bytes out of the kernel and not yet read by recv(): the engine's, and what Node read ahead while paused. */
  get bufferedBytes(): number {
    return this.rxBytes + (this.conn?.readableLength ?? 0);
  }

  /** A connection that arrived on a listener: buffered at once, a socket of its own once accepted. */
  static arrived(host: SocketHost, listener: StreamSocket, s: net.Socket): StreamSocket {
    const child = new StreamSocket(host, listener.family, 0, -1);
    child.listenerId = listener.id;
    child.local = fromNode(listener.family, listener.family === AF_UNIX ? listener.local && 'path' in listener.local ? listener.local.path : '' : s.localAddress, s.localPort);
    child.remote = fromNode(listener.family, listener.family === AF_UNIX ? '' : s.remoteAddress, s.remotePort);
    child.established = true;
    child.connectReported = true;
    child.attach(s);
    host.register(child);
    child.linkPeer();
    child.setState('queued', `from ${formatAddr(child.remote)}`, listener.id);
    if (child.local.family === AF_UNIX && child.local.path) host.pairUnix(child, 'arrival', child.local.path);
    return child;
  }

  /** accept(): the queued connection becomes a socket with an fd, in the default mode. */
  adopt(fd: number, timeout: number | null): void {
    this.fd = fd;
    this.timeout = timeout;
    this.setState('accepted', this.describe(), this.listenerId ?? undefined);
  }

  private attach(s: net.Socket): void {
    this.conn = s;
    this.writes = this.writeTracker();
    this.outStream = this.log.openStream();
    this.rxTotal = 0;
    this.eof = false;
    this.transportGone = false;
    // Handlers of an earlier, failed connection attempt must not touch this one.
    const current = () => this.conn === s;
    s.on('data', (chunk: Buffer) => {
      if (this.rdShut && this.wrShut) {
        // Linux resets a connection that receives data after shutdown(SHUT_RDWR), and says so to its own socket too.
        this.logIn(chunk);
        this.transportGone = true;
        this.resetSeen = true;
        this.pendingError = 'ECONNRESET';
        abortConnection(s, this.family);
        this.resetSent = true;
        this.setState('reset', 'data arrived after shutdown(SHUT_RDWR)');
        this.notify();
        return;
      }
      this.rx.push(chunk);
      this.rxBytes += chunk.length;
      this.lastDataIo = this.host.nextIo();
      this.logIn(chunk);
      if (this.rxBytes > RX_HIGH_WATER && this.rxBytes >= this.waitAllTarget && !this.paused) {
        this.paused = true;
        s.pause();
      }
      this.notify();
    });
    s.on('end', () => {
      if (!current()) return;
      this.eof = true;
      this.setState('peer-closed');
      this.notify();
    });
    s.on('error', (err) => {
      if (this.reportedErrors.has(err) || !current()) return;
      const name = errnoOf(err) ?? 'ECONNRESET';
      // Linux: a reset in CLOSE_WAIT (after the peer's FIN) is reported as EPIPE.
      this.pendingError = name === 'ECONNRESET' && this.eof ? 'EPIPE' : name;
      this.transportGone = true;
      this.resetSeen = true;
      this.setState('reset', `${name}`);
      this.notify();
    });
    s.on('close', () => {
      if (!current()) return;
      this.transportGone = true;
      this.notify();
    });
  }

  /** Logs a chunk that arrived: as part of what the peer sent, when the peer is an engine socket. */
  private logIn(chunk: Buffer): void {
    const p = this.peer;
    this.log.streamIn(this.id, chunk, p !== null && p.peer === this ? p.outStream : null, this.rxTotal);
    this.rxTotal += chunk.length;
  }

  /**
   * The write callbacks of one connection. Node calls a stream's write callbacks
   * in the order of the writes, so counting them tells whose write completed: one
   * callback per connection serves every write, where a closure per write cost an
   * allocation and a tick of its own (Node batches the ticks of writes that
   * completed at once only when they share their callback).
   */
  private writeTracker(): WriteTracker {
    const w: WriteTracker = {
      issued: 0,
      done: 0,
      wait: null,
      waitFor: 0,
      failure: undefined,
      blocking: (err) => {
        w.done++;
        let failed: unknown = undefined;
        if (err) {
          this.reportedErrors.add(err);
          this.transportGone = true;
          this.resetSeen = true;
          failed = toPyException(err);
        }
        w.failure = failed;
        const wait = w.wait;
        if (wait !== null && w.done >= w.waitFor) {
          w.wait = null;
          wait.finish(failed);
        }
      },
      // A non-blocking send does not wait for its write: an error is the 'error' handler's to ignore.
      nonblocking: (err) => {
        w.done++;
        if (err) this.reportedErrors.add(err);
      },
    };
    return w;
  }

  private reserve(addr: SockAddr): Promise<void> {
    const server = net.createServer({ allowHalfOpen: true });
    server.on('connection', (s) => this.onIncoming(s));
    return new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => {
        server.close();
        const code = errnoOf(err);
        // Node reports a Unix path in a missing directory as EACCES; the kernel says ENOENT.
        if (addr.family === AF_UNIX && code === 'EACCES' && !fs.existsSync(path.dirname(addr.path))) reject(osError('ENOENT'));
        else reject(toPyException(err));
      };
      server.once('error', onError);
      const ready = () => {
        server.off('error', onError);
        server.on('error', () => {
          // After listening, errors on the handle (EMFILE on accept...) must not crash the process.
        });
        this.server = server;
        const a = server.address();
        this.local = typeof a === 'string' || a === null ? addr : fromNode(this.family, a.address, a.port);
        resolve();
      };
      if (addr.family === AF_UNIX && addr.path === '') {
        // Linux would pick an abstract address ("autobind"); Node cannot.
        reject(new PyException('OSError', '[Errno 22] Invalid argument (the playground cannot bind a Unix socket to an automatic address)', 22));
        return;
      }
      try {
        if (addr.family === AF_UNIX) server.listen({ path: addr.path, backlog: KERNEL_BACKLOG }, ready);
        else server.listen({ host: addr.host, port: addr.port, exclusive: true, backlog: KERNEL_BACKLOG, ipv6Only: this.ipv6Only }, ready);
      } catch (err) {
        // Node validates some arguments by throwing: report them as the call's error.
        reject(toPyException(err));
      }
    });
  }

  private onIncoming(s: net.Socket): void {
    s.on('error', () => {
      // Handled once the connection is adopted; a reset before that is recorded there.
    });
    if (!this.listening || this.closed) {
      // Bound but not listening: the kernel would refuse this connection.
      abortConnection(s, this.family);
      return;
    }
    const child = StreamSocket.arrived(this.host, this, s);
    this.queue.push(child);
    this.notify();
  }

  async bind(addr: SockAddr): Promise<void> {
    this.checkOpen();
    // inet_bind() refuses a socket that has a port or is not in CLOSE; a failed connect
    // (even one whose error the script has not seen yet) gave its port up.
    // On loopback a refusal has arrived by now: let it surface first.
    if (this.connectStarted && !this.established && this.connectError === null && this.family !== AF_UNIX) await settle();
    const failedAttempt = this.connectError !== null && !this.established && this.family !== AF_UNIX;
    if (this.local || ((this.conn || this.connectStarted) && !failedAttempt)) throw osError('EINVAL');
    if (addr.family !== AF_UNIX) {
      // Node's listening handles always set SO_REUSEADDR: apply the kernel's rule for sockets without it.
      if (!this.reuseAddr && portBusyForBind(addr.host, addr.port)) throw osError('EADDRINUSE');
      if (this.reuseAddr && this.host.sharesBind(this, addr)) {
        this.local = addr;
        this.sharedBind = true;
        this.boundByUser = true;
        this.setState('bound', formatAddr(addr));
        return;
      }
    }
    await this.reserve(addr);
    this.boundByUser = true;
    this.leftLocal = null;
    this.setState('bound', formatAddr(this.local!));
  }

  async listen(backlog: number): Promise<void> {
    this.checkOpen();
    if (this.conn || this.failedUnreported || this.connectAttempted) throw osError('EINVAL');
    if (!this.server) {
      if (this.sharedBind && this.local) {
        await this.reserve(this.local);
        this.sharedBind = false;
      } else {
        if (this.family === AF_UNIX) throw osError('EINVAL');
        await this.reserve(anyAddress(this.family));
      }
    }
    this.listening = true;
    this.backlog = Math.min(Math.max(backlog, 0), SOMAXCONN);
    this.setState('listening', `backlog ${this.backlog}`);
  }

  async accept(o: CallOptions): Promise<EngineSocket> {
    this.checkOpen();
    await this.pollFirst('in', 'accept', o);
    if (!this.listening) throw osError('EINVAL');
    await this.waitUntil(() => this.queue.length > 0, 'accept', o);
    const child = this.queue.shift()!;
    child.adopt(this.host.allocFd(), this.host.defaultTimeout);
    return child;
  }

  async connect(addr: SockAddr, o: CallOptions): Promise<void> {
    this.checkOpen();
    // unix_validate_addr(): an empty path names nothing.
    if (addr.family === AF_UNIX && addr.path === '') throw osError('EINVAL');
    if (this.listening) {
      // unix_stream_connect() looks the path up before it finds this socket listening.
      if (addr.family === AF_UNIX) throw osError(fs.existsSync(addr.path) ? 'EINVAL' : 'ENOENT');
      throw osError('EISCONN');
    }
    if (this.established && !this.transportGone) {
      if (this.connectReported) throw osError('EISCONN');
      this.connectReported = true;
      return;
    }
    if (this.connectStarted && this.connectError === null && !this.established) {
      // A non-blocking connect is under way.
      await this.waitUntil(() => this.established || this.connectError !== null, 'connect', o, 'EALREADY');
      return this.finishConnect(true);
    }
    if (this.connectError !== null) return this.finishConnect(true);
    if (this.failedUnreported) {
      // inet_stream_connect() on a socket whose failed attempt was reported elsewhere
      // (SO_ERROR, recv): the error is gone, so ECONNABORTED, and the socket is reset.
      this.failedUnreported = false;
      this.rdShut = false;
      this.wrShut = false;
      this.forgetLeftAddress();
      throw osError('ECONNABORTED');
    }
    if (this.established) throw osError('EISCONN');
    this.startConnect(addr);
    // TCP connects are asynchronous in the kernel even on loopback; Unix ones complete at once.
    const nonblocking = this.timeout === 0;
    if (nonblocking && this.family !== AF_UNIX) {
      // Node makes the connect() syscall on the next tick: after it the socket has its
      // port (and on loopback its handshake), as CPython's has when connect() returns.
      await new Promise<void>((r) => process.nextTick(r));
      // On loopback the refusal has come back before connect() returns.
      if (this.refusal) await this.refusal;
      throw osError('EINPROGRESS');
    }
    await this.waitUntil(() => this.established || this.connectError !== null, 'connect', o);
    // With a timeout CPython learns the outcome from SO_ERROR, not from connect() itself.
    return this.finishConnect(this.timeout === null || this.timeout === 0);
  }

  /** A failed attempt whose error reached the script some other way than connect() (see failedUnreported). */
  private consumeConnectFailure(): void {
    this.connectError = null;
    this.connectStarted = false;
    this.conn = null;
    this.failedUnreported = true;
  }

  /** Reports the attempt's outcome; `bySyscall`: connect() itself saw it (else SO_ERROR did, in timeout mode). */
  private finishConnect(bySyscall: boolean): void {
    if (this.connectError !== null) {
      const e = osError(this.connectError);
      this.pendingError = null;
      if (bySyscall) {
        // connect() that sees the failure disconnects the socket: both directions open again,
        // so recv() says ENOTCONN.
        this.connectError = null;
        this.connectStarted = false;
        this.conn = null;
        this.rdShut = false;
        this.wrShut = false;
        this.forgetLeftAddress();
      } else this.consumeConnectFailure(); // still "connecting" and shut both ways: recv() says b''
      throw e;
    }
    this.connectReported = true;
  }

  /** tcp_disconnect(): the source address goes back to the wildcard (unless bound), the port stays. */
  private forgetLeftAddress(): void {
    const left = this.leftLocal;
    if (left && left.family !== AF_UNIX) this.leftLocal = { ...anyAddress(this.family), port: left.port } as SockAddr;
  }

  private startConnect(target: SockAddr): void {
    const addr = connectTarget(target);
    this.connectStarted = true;
    this.leftLocal = null;
    if (this.family !== AF_UNIX) this.connectAttempted = true;
    // A new attempt starts with both directions open again.
    this.rdShut = false;
    this.wrShut = false;
    this.remote = addr;
    this.setState('connecting', formatAddr(addr));
    if (this.host.refuses(addr)) {
      if (this.local || addr.family === AF_UNIX) this.failConnect('ECONNREFUSED');
      else this.refusal = this.refuseWithPort(addr);
      return;
    }
    let localAddress: string | undefined;
    let localPort: number | undefined;
    if (this.server && this.local && this.local.family !== AF_UNIX) {
      // bind() reserved the address with a listening handle; hand it to the connection instead.
      localAddress = this.local.host;
      localPort = this.local.port;
      this.server.close();
      this.server = null;
    }
    const s =
      addr.family === AF_UNIX
        ? net.connect({ path: addr.path, allowHalfOpen: true })
        : net.connect({ host: addr.host, port: addr.port, localAddress, localPort, allowHalfOpen: true, autoSelectFamily: false, family: addr.family === AF_INET6 ? 6 : 4 });
    const onConnectError = (err: Error) => {
      this.reportedErrors.add(err);
      this.failConnect(errnoOf(err) ?? 'ECONNREFUSED');
    };
    s.once('error', onConnectError);
    if (addr.family !== AF_UNIX && !this.local) {
      // The connect() syscall (on the next tick, in Node) picks the port: read it right after,
      // before a failure closes the handle. (Reading it earlier would make Node keep an empty answer.)
      process.nextTick(() => {
        if (this.conn !== s || this.local || s.destroyed) return;
        const port = s.localPort;
        if (port !== undefined && s.localAddress !== undefined) this.local = fromNode(this.family, s.localAddress, port);
      });
    }
    s.once('connect', () => {
      s.off('error', onConnectError);
      this.established = true;
      this.local = addr.family === AF_UNIX ? (this.boundByUser && this.local ? this.local : { family: AF_UNIX, path: '' }) : fromNode(this.family, s.localAddress, s.localPort);
      if (this.optionOn(IPPROTO_TCP, TCP_NODELAY)) s.setNoDelay(true);
      if (this.optionOn(SOL_SOCKET, SO_KEEPALIVE)) s.setKeepAlive(true);
      this.linkPeer();
      this.setState('connected', this.describe());
      if (addr.family === AF_UNIX) this.host.pairUnix(this, 'client', addr.path);
      this.notify();
    });
    this.attach(s);
  }

  /**
   * The engine refuses this connect itself (an engine socket holds the address without
   * listening), but the kernel would have given the socket a port for the attempt:
   * take a real ephemeral one from the kernel for getsockname() to show, then refuse.
   */
  private async refuseWithPort(addr: SockAddr): Promise<void> {
    if (addr.family === AF_UNIX) return;
    // Loopback's route gives 127.0.0.1 as the source for all of 127/8; another local address is its own source.
    const source = addr.family === AF_INET && addr.host.startsWith('127.') ? '127.0.0.1' : addr.host;
    const port = await new Promise<number | null>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(null));
      probe.listen({ host: source, port: 0, exclusive: true }, () => {
        const a = probe.address();
        probe.close();
        resolve(typeof a === 'object' && a !== null ? a.port : null);
      });
    });
    this.refusal = null;
    if (this.closed || this.remote !== addr) return;
    if (port !== null) this.local = { ...anyAddress(this.family), host: source, port } as SockAddr;
    this.failConnect('ECONNREFUSED');
  }

  private failConnect(name: ErrnoName): void {
    this.connectError = name;
    this.pendingError = name;
    // tcp_done(): a connection that never came up is shut both ways; recv() then says b''.
    if (this.family !== AF_UNIX) {
      this.rdShut = true;
      this.wrShut = true;
    }
    this.remote = null;
    if (!this.boundByUser) {
      this.leftLocal = this.local;
      this.local = null;
    }
    this.setState('connect-failed', name);
    this.notify();
  }

  protected pollReady(direction: 'in' | 'out'): boolean {
    if (this.closed) return true;
    if (this.listening) return direction === 'in' && this.queue.length > 0;
    // Unconnected (the kernel's CLOSE): poll reports a hang-up at once, and the call's error follows.
    if (!this.connectStarted && !this.established) return true;
    if (!this.established) return this.connectError !== null;
    if (this.pendingError !== null || this.transportGone) return true;
    if (direction === 'in') return this.rxBytes > 0 || this.eof || this.rdShut;
    return this.wrShut || !this.conn || !this.conn.writableNeedDrain;
  }

  /** The connection is over in the kernel (reset, or FINs both ways): TCP_CLOSE, no peer any more. */
  private get connectionClosed(): boolean {
    if (this.family === AF_UNIX) return false; // a Unix socket keeps its peer until it is closed
    if (this.resetSeen || (this.wrShut && this.eof)) return true;
    this.syncWithKernel();
    return this.resetSeen;
  }

  /**
   * Node stops reading after the peer's FIN, so a reset that follows goes unseen.
   * Linux records it as EPIPE on a socket in CLOSE_WAIT: ask the kernel whether the
   * connection is still there.
   */
  /** SO_ERROR takes a failed attempt's error: the attempt counts as reported elsewhere. */
  errorTakenBySockopt(): void {
    if (this.connectError !== null && !this.established) this.consumeConnectFailure();
  }

  syncWithKernel(): void {
    if (this.family === AF_UNIX || !this.eof || this.resetSeen || this.wrShut || this.closed) return;
    if (!this.local || !this.remote || this.local.family === AF_UNIX || this.remote.family === AF_UNIX) return;
    if (connectionInKernel(this.local.host, this.local.port, this.remote.host, this.remote.port)) return;
    this.resetSeen = true;
    this.transportGone = true;
    if (this.pendingError === null) this.pendingError = 'EPIPE';
  }

  getpeername(): SockAddr {
    this.checkOpen();
    if (!this.established && this.handshakeDone()) return this.remote!;
    if (!this.established || !this.remote || this.connectionClosed) throw osError('ENOTCONN');
    return this.remote;
  }

  override getsockname(): SockAddr {
    this.checkOpen();
    // A connect under way has its address from the connect() syscall on (see startConnect()),
    // before Node's 'connect' event says so; a failed one leaves its port behind.
    return this.local ?? this.leftLocal ?? anyAddress(this.family);
  }

  /**
   * The kernel finished the handshake of a connect under way, though Node has not
   * said so yet ('connect' comes an event-loop turn later): CPython's getpeername()
   * already answers then (the accept() on the other end has returned, say).
   */
  private handshakeDone(): boolean {
    if (!this.connectStarted || this.connectError !== null || !this.conn || !this.remote || this.family === AF_UNIX) return false;
    const local = this.getsockname();
    if (local.family === AF_UNIX || this.remote.family === AF_UNIX || local.port === 0) return false;
    return handshakeDoneInKernel(local.host, local.port, this.remote.host, this.remote.port);
  }

  async recv(bufsize: number, o: CallOptions): Promise<Received> {
    this.checkOpen();
    await this.pollFirst('in', 'recv', o);
    if (this.family === AF_UNIX) {
      // unix_stream_recvmsg(): anything but a connected socket is EINVAL.
      if (this.listening || !this.established) throw osError('EINVAL');
    } else if (this.listening || (!this.connectStarted && !this.established)) {
      // tcp_recvmsg(): a shut-down receive side says b'' before an unconnected socket says ENOTCONN.
      if (this.rdShut && !this.listening) return { data: new Uint8Array(0), from: null };
      throw osError('ENOTCONN');
    }
    // recvOrWait() goes straight to receiveOrWait() when the checks above cannot fail: keep them in step.
    if (bufsize === 0) return { data: new Uint8Array(0), from: null };
    return this.receiveOrWait(bufsize, o, toReceived);
  }

  /**
   * recv() without a promise when it can answer at once, with one promise when it
   * has to wait. A connected socket outside timeout mode (which polls first) has
   * nothing to check that recv() would refuse, so it goes straight on.
   */
  override recvOrWait<T>(bufsize: number, o: CallOptions, wrap: RecvWrap<T>): T | Promise<T> {
    if (this.closed || !this.established || this.listening || bufsize === 0 || (this.timeout !== null && this.timeout !== 0)) return super.recvOrWait(bufsize, o, wrap);
    return this.receiveOrWait(bufsize, o, wrap);
  }

  /** The rest of recv(): gather, wait for something to report, report it. */
  private receiveOrWait<T>(bufsize: number, o: CallOptions, wrap: RecvWrap<T>): T | Promise<T> {
    // MSG_WAITALL holds a blocking recv() until bufsize bytes are there (CPython's timeout
    // mode uses a non-blocking descriptor, where the flag changes nothing).
    const flags = o.flags ?? 0;
    if ((flags & MSG_WAITALL) !== 0 && (flags & MSG_DONTWAIT) === 0 && this.timeout === null && this.rxBytes < bufsize) return this.receiveAll(bufsize, o, wrap);
    // Gather what loopback has already delivered, as one kernel recv would.
    if (this.rxBytes < bufsize && !this.eof && !this.transportGone && this.peerMayHaveMore()) return this.receiveAfterSettling(bufsize, o, wrap);
    // Our own SHUT_RD would answer b'' at once; a reset already on its way must be seen first.
    if (this.rdShut && this.rxBytes === 0 && !this.eof && this.pendingError === null && !this.transportGone) return this.receiveAfterSettling(bufsize, o, wrap);
    if (StreamSocket.recvReady(this)) return this.received(bufsize, o, wrap);
    return this.waitThen(StreamSocket.recvReady, 'recv', o, () => this.received(bufsize, o, wrap));
  }

  private async receiveAll<T>(bufsize: number, o: CallOptions, wrap: RecvWrap<T>): Promise<T> {
    this.waitAllTarget = bufsize;
    if (this.paused && this.conn) {
      this.paused = false;
      this.conn.resume();
    }
    try {
      await this.waitUntil((sock) => {
        const st = sock as StreamSocket;
        return st.rxBytes >= bufsize || st.eof || st.rdShut || st.pendingError !== null || st.transportGone;
      }, 'recv', o);
    } finally {
      this.waitAllTarget = 0;
    }
    return this.received(bufsize, o, wrap);
  }

  private async receiveAfterSettling<T>(bufsize: number, o: CallOptions, wrap: RecvWrap<T>): Promise<T> {
    await settle();
    await this.waitUntil(StreamSocket.recvReady, 'recv', o);
    return this.received(bufsize, o, wrap);
  }

  /** recv() has something to report: bytes, EOF, a shutdown or an error. One function for every socket (see Ready). */
  private static recvReady(this: void, sock: EngineSocket): boolean {
    const s = sock as StreamSocket;
    return s.rxBytes > 0 || s.eof || s.rdShut || s.pendingError !== null || s.transportGone || (s.connectError !== null && !s.established);
  }

  /** What a recv() that has something to report returns (through `wrap`) or raises. */
  private received<T>(bufsize: number, o: CallOptions, wrap: RecvWrap<T>): T {
    const r = this.receivedNow(bufsize, o);
    return wrap(r.data, r.from);
  }

  private receivedNow(bufsize: number, o: CallOptions): Received {
    // A Unix stream recvfrom() names the peer (the server's path, seen from a client).
    const from = this.family === AF_UNIX && this.remote?.family === AF_UNIX && this.remote.path ? this.remote : null;
    if (this.rxBytes > 0) return { data: this.take(bufsize, ((o.flags ?? 0) & MSG_PEEK) !== 0), from };
    // tcp_recvmsg()'s order: data, then the peer's FIN, then a pending error, then our own SHUT_RD.
    // No bytes, no address: at EOF Linux fills in no peer name. A Unix socket reports a pending
    // error (the peer closed with unread data) before the end of the stream; TCP after it.
    if (this.eof && !(this.family === AF_UNIX && this.pendingError !== null)) return { data: new Uint8Array(0), from: null };
    const err = this.takePendingError();
    if (err) {
      if (this.connectError !== null) this.consumeConnectFailure();
      throw err;
    }
    return { data: new Uint8Array(0), from: null };
  }

  /**
   * Whether bytes the peer has sent may still be on their way through Node. For a
   * peer inside the engine we know: it wrote after our last read. Outside peers
   * get the benefit of the doubt.
   */
  private peerMayHaveMore(): boolean {
    if (!this.peer) return true;
    return this.peer.lastWriteIo > this.lastDataIo;
  }

  /**
   * Finds the engine socket at the other end once both addresses are known: the
   * second end of a connection to get there links both. Done here rather than at
   * the first recv(), whose code then had a branch of its own for the first call
   * of each new connection.
   */
  private linkPeer(): void {
    const p = this.host.findPeer(this);
    this.peer = p;
    if (p) p.peer = this;
  }

  private take(n: number, peek: boolean): Uint8Array {
    const size = Math.min(n, this.rxBytes);
    const first = this.rx[0];
    let out: Uint8Array;
    if (first.length - this.rxHead >= size) {
      // A whole chunk is handed out as is: a view would only cost an allocation.
      out = this.rxHead === 0 && size === first.length ? first : first.subarray(this.rxHead, this.rxHead + size);
      if (!peek) {
        this.rxHead += size;
        if (this.rxHead === first.length) {
          this.rx.shift();
          this.rxHead = 0;
        }
      }
    } else {
      const buf = Buffer.allocUnsafe(size);
      let filled = 0;
      let i = 0;
      let head = this.rxHead;
      while (filled < size) {
        const chunk = this.rx[i];
        const n2 = Math.min(chunk.length - head, size - filled);
        chunk.copy(buf, filled, head, head + n2);
        filled += n2;
        head += n2;
        if (head === chunk.length) {
          i++;
          head = 0;
        }
      }
      if (!peek) {
        this.rx.splice(0, i);
        this.rxHead = head;
      }
      out = buf;
    }
    if (!peek) {
      this.rxBytes -= size;
      if (this.paused && this.rxBytes < RX_LOW_WATER && this.conn) {
        this.paused = false;
        this.conn.resume();
      }
    }
    return out;
  }

  async send(data: Uint8Array, o: CallOptions, all: boolean): Promise<number> {
    this.checkOpen();
    await this.pollFirst('out', all ? 'sendall' : 'send', o);
    // sendOrWait() goes straight to transmit() when the checks above cannot fail: keep them in step.
    if (!this.established) {
      if (this.connectStarted && this.connectError === null) {
        // Still connecting: data waits for the handshake, as the kernel would make a blocking send wait.
        await this.waitUntil(() => this.established || this.connectError !== null, all ? 'sendall' : 'send', o);
      }
      const err = this.takePendingError();
      if (err) throw err;
      if (!this.established) throw osError(this.family === AF_UNIX ? 'ENOTCONN' : 'EPIPE');
    }
    return this.transmit(data, o, all);
  }

  /**
   * send()/sendall() without a promise when the kernel takes the bytes at once. A
   * connected socket outside timeout mode (which polls first) has nothing to wait
   * for before writing, so it goes straight on.
   */
  override sendOrWait(data: Uint8Array, o: CallOptions, all: boolean): number | Promise<number> {
    if (this.closed || !this.established || (this.timeout !== null && this.timeout !== 0)) return this.send(data, o, all);
    return this.transmit(data, o, all);
  }

  /** The rest of send(): write, and wait until the kernel has the bytes. */
  private transmit(data: Uint8Array, o: CallOptions, all: boolean): number | Promise<number> {
    // After the peer's FIN, Node reads no more and misses a reset that followed: ask the kernel.
    if (this.eof) this.syncWithKernel();
    const err = this.takePendingError();
    if (err) throw err;
    if (this.wrShut || this.peerStoppedReading || this.transportGone || !this.conn || this.conn.destroyed) throw osError('EPIPE');
    const s = this.conn;
    if (this.timeout === 0 || ((o.flags ?? 0) & MSG_DONTWAIT) !== 0) {
      // Non-blocking: refuse while earlier bytes still wait for room in the kernel.
      if (s.writableNeedDrain) throw osError('EAGAIN');
      this.log.streamOut(this.id, this.outStream!, data);
      this.lastWriteIo = this.host.nextIo();
      this.writes!.issued++;
      s.write(data, this.writes!.nonblocking);
      return data.length;
    }
    this.log.streamOut(this.id, this.outStream!, data);
    this.lastWriteIo = this.host.nextIo();
    return this.writeAndWait(s, data, all ? 'sendall' : 'send', o);
  }

  /** Writes and returns once the kernel has taken the bytes: at once if it took them during write(). */
  private writeAndWait(s: net.Socket, data: Uint8Array, method: string, o: CallOptions): number | Promise<number> {
    const w = this.writes!;
    const mine = ++w.issued;
    s.write(data, w.blocking);
    if (w.done >= mine) {
      // Its callback already came (Node defers it, but nothing here counts on that).
      const failed = w.failure;
      if (failed !== undefined) throw failed;
      return data.length;
    }
    // Nothing left in Node's buffer and no error: the kernel took every byte during write().
    if (s.writableLength === 0 && s.errored === null) return data.length;
    const wait = new Wait(this, method, null, o.signal, this.timeout !== null && this.timeout > 0 ? this.timeout : null, () => data.length);
    w.wait = wait;
    w.waitFor = mine;
    return wait.promise;
  }

  async sendto(data: Uint8Array, _addr: SockAddr, o: CallOptions): Promise<number> {
    this.checkOpen();
    // A Unix stream socket refuses an address (EISCONN when connected); TCP ignores it on a
    // connected socket and says EPIPE on an unconnected one.
    if (this.family === AF_UNIX) throw osError(this.established ? 'EISCONN' : 'EOPNOTSUPP');
    await this.pollFirst('out', 'sendto', o);
    if (!this.established) throw osError('EPIPE');
    return this.send(data, o, false);
  }

  shutdown(how: number): void {
    this.checkOpen();
    if (how < SHUT_RD || how > SHUT_RDWR) throw osError('EINVAL');
    if (this.listening) {
      if (how !== SHUT_WR) {
        // Linux stops listening and resets the connections that waited; the address stays bound.
        this.listening = false;
        for (const child of this.queue.splice(0)) child.abortQueued();
        this.setState('read-shutdown', 'no longer listening');
      }
      return;
    }
    if (!this.established || (this.connectionClosed && this.family !== AF_UNIX)) {
      // Linux records the shutdown even here (a later recv() then says b''); only TCP complains.
      if (how !== SHUT_WR) this.rdShut = true;
      if (how !== SHUT_RD) this.wrShut = true;
      if (this.family === AF_UNIX) return;
      throw osError('ENOTCONN');
    }
    if (how !== SHUT_WR) {
      this.rdShut = true;
      this.setState('read-shutdown');
      // Node cannot shut the kernel's receiving side; between engine sockets the peer learns it here.
      if (this.unixPeer) this.unixPeer.peerStoppedReading = true;
    }
    if (how !== SHUT_RD && !this.wrShut) {
      this.wrShut = true;
      this.conn?.end();
      this.setState('write-shutdown');
    }
    this.notify();
  }

  protected override applyOption(name: number, on: boolean): void {
    if (!this.conn || this.conn.destroyed) return;
    if (name === -TCP_NODELAY) this.conn.setNoDelay(on);
    if (name === SO_KEEPALIVE) this.conn.setKeepAlive(on);
  }

  protected release(): void {
    this.listening = false;
    if (this.server) {
      if (this.local?.family === AF_UNIX && this.local.path) closeKeepingSocketFile(this.server, this.local.path);
      else this.server.close();
      this.server = null;
    }
    this.sharedBind = false;
    // Connections still in the accept queue are reset, as the kernel does.
    for (const child of this.queue.splice(0)) child.abortQueued();
    const s = this.conn;
    const peer = this.unixPeer;
    if (peer && !peer.closed && this.rxBytes > 0) {
      // unix_release_sock(): closing with unread data is a reset for the peer. The engine read
      // those bytes out of the kernel already, so it tells the peer itself.
      peer.pendingError = 'ECONNRESET';
      peer.notify();
    }
    if (s && !s.destroyed) {
      if (this.rxBytes > 0 || this.paused) {
        // Closing with unread data: Linux sends RST instead of FIN.
        abortConnection(s, this.family);
        this.resetSent = true;
      } else if (s.writableLength > 0) {
        s.end();
        s.once('finish', () => s.destroy());
      } else {
        s.destroy();
      }
    }
    this.rx.length = 0;
    this.rxBytes = 0;
  }

  abortQueued(): void {
    if (this.conn && !this.conn.destroyed) {
      abortConnection(this.conn, this.family);
      this.resetSent = true;
    }
    this.closed = true;
    this.setState('closed', 'reset: the listener closed before accept()');
  }
}

export function isStream(s: EngineSocket): s is StreamSocket {
  return s.kind === SOCK_STREAM;
}

export { AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, SOCK_DGRAM };
