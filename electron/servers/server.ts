// socketserver's TCPServer, ThreadingTCPServer, UDPServer and ThreadingUDPServer
// on engine sockets. Every socket call goes through the playground's socket
// module, so the server's calls, state changes and bytes are in the session's log
// and its sockets in the socket list, each marked as the server's (`owner`: 'srv'
// for the server's socket, 'conn1', 'conn2'... for the connections it accepts).
//
// As in CPython: serve_forever() waits until the server's socket is readable (a
// connection in the accept queue, a datagram) and only then calls accept() or
// recvfrom(); TCPServer and UDPServer handle one request at a time, so the next
// connection waits in the accept queue until the handler returns and the
// connection is shut down and closed; the threading servers run each handler as
// a task of its own. shutdown() ends serve_forever(), server_close() closes the
// socket and waits for the handlers still running (block_on_close).
import { str } from '../../shared/script/repr';
import { abortableDelay } from '../../shared/script/time';
import { PyBytes, PyException, PyFunction, PyTuple, type CallContext, type Kwargs, type PyValue } from '../../shared/script/values';
import { MAX_PACKET_SIZE, REQUEST_QUEUE_SIZE, isIpv6Host, serverClassName, type ServerClassName, type ServerConfig, type ServerInfo, type ServerStatus } from '../../shared/servers/config';
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, formatAddr } from '../engine/addresses';
import { DatagramSocket } from '../engine/datagram';
import type { Engine } from '../engine/engine';
import type { EngineEvent } from '../engine/events';
import { PySocket, type SocketModule } from '../engine/pysocket';
import { keyboardInterrupt } from '../engine/session';
import { StreamSocket, type SocketOwner } from '../engine/socket';
import { DATAGRAM_HANDLERS, STREAM_HANDLERS, type HandlerHost } from './handlers';

const NO_KWARGS: Kwargs = new Map();
/** socket.SHUT_WR, which shutdown_request() passes. */
const SHUT_WR = 1n;
/** The rule handle_error() prints around an exception. */
const RULE = '-'.repeat(40);

export interface ServerHooks {
  /** Every event of the server's sockets, as it happens (the socket already marked). */
  onEvent?(e: EngineEvent, owner: SocketOwner): void;
  /** What handlers print (stdout) and what handle_error() reports (stderr); `socket` is the request's. */
  onOutput?(text: string, stream: 'stdout' | 'stderr', socket: number | null): void;
}

/** The last line of a traceback: `ConnectionResetError: [Errno 104] Connection reset by peer`. */
function errorLine(e: unknown): string {
  if (!(e instanceof PyException)) return `SystemError: ${String(e)}`;
  return e.pyMessage ? `${e.pyType}: ${e.pyMessage}` : e.pyType;
}

/** One request: a connection (TCP), or a datagram and the server's socket (UDP). */
interface Request {
  clientAddress: PyValue;
  /** The accepted socket (TCP) or the server's (UDP). */
  sock: PySocket;
  /** UDP: the datagram. */
  data: PyBytes | null;
}

export class PlaygroundServer {
  readonly className: ServerClassName;
  private readonly engine: Engine;
  private socket: PySocket | null = null;
  private serverAddress: string | null = null;
  private statusValue: ServerStatus = 'serving';
  /** Aborted by stop(): ends the handlers' waits (recv, sleep) with KeyboardInterrupt. */
  private readonly abort = new AbortController();
  private shutdownRequested = false;
  /** serve_forever() waiting for the socket to become readable: call to wake it. */
  private waker: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();
  /** The threading servers' running handlers. */
  private readonly tasks = new Set<Promise<void>>();
  private requests = 0;
  /** Connections that have arrived: 'conn1' is the first. */
  private connections = 0;
  private active = 0;
  /** The socket about to be created is the server's own (see onLogEvent). */
  private creating = false;
  private readonly unsubscribe: () => void;
  private stopping: Promise<void> | null = null;
  private resolveEnded!: () => void;
  /** Settles once the server has stopped: by stop(), or because its socket was closed under it (the session ended). */
  readonly ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));

  private constructor(
    private readonly sockets: SocketModule,
    readonly config: ServerConfig,
    readonly id: number,
    private readonly hooks: ServerHooks,
  ) {
    this.className = serverClassName(config);
    this.engine = sockets.engine;
    this.unsubscribe = this.engine.log.subscribe(this.onLogEvent);
  }

  /**
   * TCPServer((host, port), Handler) and the like, then serve_forever() in the
   * background. Raises what socket(), bind() or listen() raised (EADDRINUSE...),
   * after closing the socket as server_close() does.
   */
  static async start(sockets: SocketModule, config: ServerConfig, id: number, hooks: ServerHooks = {}): Promise<PlaygroundServer> {
    const server = new PlaygroundServer(sockets, config, id, hooks);
    try {
      await server.bindAndActivate();
    } catch (e) {
      // TCPServer.__init__(): server_close() when binding or activating fails.
      if (server.socket && !server.socket.sock.closed) await server.call(server.socket, 'close');
      server.end();
      throw e;
    }
    server.loop = server.serveForever();
    return server;
  }

  get status(): ServerStatus {
    return this.statusValue;
  }

  /** The engine id of the server's socket. */
  get socketId(): number | null {
    return this.socket ? this.socket.sock.id : null;
  }

  /** The address the server listens on (after bind(), so the real port when 0 was asked for). */
  get port(): number {
    const local = this.socket?.sock.local;
    return local && local.family !== AF_UNIX ? local.port : 0;
  }

  info(): ServerInfo {
    return {
      id: this.id,
      className: this.className,
      config: { ...this.config },
      status: this.statusValue,
      address: this.serverAddress,
      socket: this.socketId,
      requests: this.requests,
      active: this.active,
    };
  }

  /** shutdown(): serve_forever() takes no more requests; resolves once it has returned (a request being handled by TCPServer ends first). */
  async shutdown(): Promise<void> {
    this.shutdownRequested = true;
    this.poke();
    await this.loop;
  }

  /** server_close(): closes the server's socket (queued connections are reset), then waits for running handlers. */
  async serverClose(): Promise<void> {
    if (this.socket && !this.socket.sock.closed) await this.call(this.socket, 'close');
    while (this.tasks.size) await Promise.all([...this.tasks]);
    this.end();
  }

  /**
   * Stops the server as Ctrl-C and a clean exit would: the running handlers are
   * interrupted (KeyboardInterrupt in their recv() or sleep()), their connections
   * shut down and closed, then shutdown() and server_close().
   */
  stop(): Promise<void> {
    if (!this.stopping) {
      if (this.statusValue === 'serving') this.statusValue = 'stopping';
      this.abort.abort(keyboardInterrupt());
      this.stopping = this.shutdown().then(() => this.serverClose());
    }
    return this.stopping;
  }

  // ------------------------------------------------------------ the server's own steps

  private async bindAndActivate(): Promise<void> {
    const c = this.config;
    const family = isIpv6Host(c.host) ? AF_INET6 : AF_INET;
    const socketClass = this.sockets.module.getAttr('socket') as { call(args: PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue };
    this.creating = true;
    try {
      this.socket = socketClass.call([BigInt(family), BigInt(c.kind === 'tcp' ? SOCK_STREAM : SOCK_DGRAM)], NO_KWARGS, this.context(null)) as PySocket;
    } finally {
      this.creating = false;
    }
    // server_bind(), then server_activate(): listen(request_queue_size) for TCP, nothing for UDP.
    await this.call(this.socket, 'bind', new PyTuple([c.host, BigInt(c.port)]));
    const bound = this.socket.sock.local;
    await this.call(this.socket, 'getsockname');
    this.serverAddress = bound ? formatAddr(bound) : null;
    if (c.kind === 'tcp') await this.call(this.socket, 'listen', BigInt(REQUEST_QUEUE_SIZE));
  }

  /** serve_forever(): wait until the socket is readable, take one request, handle it (or start its task). */
  private async serveForever(): Promise<void> {
    const srv = this.socket!;
    try {
      while (!this.shutdownRequested) {
        await this.readable();
        if (this.shutdownRequested || srv.sock.closed) break;
        const request = await this.getRequest(srv);
        if (!request) continue;
        this.requests++;
        if (this.config.threading) {
          const task = this.processRequest(request);
          this.tasks.add(task);
          void task.finally(() => this.tasks.delete(task));
        } else await this.processRequest(request);
      }
    } catch (e) {
      this.output(`${this.className}: serve_forever() ended: ${errorLine(e)}\n`, 'stderr', srv.sock.id);
    }
    // Ended without stop(): the socket was closed under the server (the session ended or was reset).
    if (!this.stopping) void this.stop();
  }

  /** get_request(): accept() or recvfrom(max_packet_size); an OSError drops the attempt as _handle_request_noblock() does. */
  private async getRequest(srv: PySocket): Promise<Request | null> {
    try {
      if (this.config.kind === 'tcp') {
        const r = (await this.call(srv, 'accept')) as PyTuple;
        return { sock: r.items[0] as PySocket, clientAddress: r.items[1], data: null };
      }
      const r = (await this.call(srv, 'recvfrom', BigInt(MAX_PACKET_SIZE))) as PyTuple;
      return { sock: srv, clientAddress: r.items[1], data: r.items[0] as PyBytes };
    } catch (e) {
      if (e instanceof PyException && e.errno !== null) return null;
      throw e;
    }
  }

  /** process_request(): finish_request() (the handler), handle_error() if it raised, then shutdown_request(). Never rejects. */
  private async processRequest(r: Request): Promise<void> {
    this.active++;
    try {
      const host = this.handlerHost(r);
      if (r.data) await DATAGRAM_HANDLERS[this.config.handler](host, r.data, r.sock, r.clientAddress);
      else await STREAM_HANDLERS[this.config.handler](host, r.sock, r.clientAddress);
    } catch (e) {
      // stop()'s interruption is not the handler's error.
      if (e !== this.abort.signal.reason) this.handleError(r, e);
    } finally {
      if (!r.data) await this.shutdownRequest(r.sock);
      this.active--;
    }
  }

  /** shutdown_request() for a connection: shutdown(SHUT_WR), whose OSError is ignored, then close(). */
  private async shutdownRequest(conn: PySocket): Promise<void> {
    try {
      await this.call(conn, 'shutdown', SHUT_WR);
    } catch {
      // socketserver ignores it (the peer may be gone already).
    }
    try {
      await this.call(conn, 'close');
    } catch {
      // close() does not raise on a socket; nothing to report if it did.
    }
  }

  /** handle_error(): what socketserver prints to stderr when a handler raises (the traceback left out). */
  private handleError(r: Request, e: unknown): void {
    this.output(`${RULE}\nException occurred during processing of request from ${str(r.clientAddress)}\n${errorLine(e)}\n${RULE}\n`, 'stderr', r.sock.sock.id);
  }

  private handlerHost(r: Request): HandlerHost {
    return {
      delay: this.config.delay,
      call: (sock, method, ...args) => this.call(sock, method, ...args),
      print: (...values) => this.output(values.map(str).join(' ') + '\n', 'stdout', r.sock.sock.id),
      sleep: (seconds) => abortableDelay(seconds * 1000, this.abort.signal),
    };
  }

  // ------------------------------------------------------------ machinery

  /** A method call on a socket object, through the socket module (logged like the script's). */
  private async call(sock: PySocket, method: string, ...args: PyValue[]): Promise<PyValue> {
    const fn = sock.getAttr(method) as PyFunction;
    return fn.call(args, NO_KWARGS, this.context(sock.sock.id));
  }

  private context(socket: number | null): CallContext {
    return { signal: this.abort.signal, stdout: (text) => this.output(text, 'stdout', socket) };
  }

  private output(text: string, stream: 'stdout' | 'stderr', socket: number | null): void {
    this.hooks.onOutput?.(text, stream, socket);
  }

  /** The selector's answer: a connection waits to be accepted, a datagram to be read, or the socket is closed. */
  private isReadable(): boolean {
    const s = this.socket!.sock;
    if (s.closed) return true;
    if (s instanceof StreamSocket) return s.queue.length > 0;
    return s instanceof DatagramSocket && s.queuedDatagrams > 0;
  }

  private readable(): Promise<void> {
    if (this.shutdownRequested || this.isReadable()) return Promise.resolve();
    return new Promise<void>((resolve) => (this.waker = resolve));
  }

  private readonly poke = (): void => {
    const wake = this.waker;
    if (wake && (this.shutdownRequested || this.isReadable())) {
      this.waker = null;
      wake();
    }
  };

  /**
   * Marks the server's sockets as they appear (its own socket when created, each
   * connection when it arrives in the accept queue), wakes serve_forever() when
   * its socket may have become readable, and passes the server's events on.
   */
  private readonly onLogEvent = (e: EngineEvent): void => {
    if (e.socket === null) return;
    const own = this.socket?.sock.id;
    if (e.kind === 'state') {
      if (e.state === 'created' && this.creating) this.mark(e.socket, 'srv', 'server');
      else if (e.state === 'queued' && e.listener !== undefined && e.listener === own) this.mark(e.socket, `conn${++this.connections}`, 'request');
    }
    const owner = this.engine.get(e.socket)?.owner;
    if (!owner || owner.server !== this.id) return;
    // The engine queues a connection or a datagram right after its event: look once it is there.
    if (this.waker && (e.socket === own || (e.kind === 'state' && e.state === 'queued'))) queueMicrotask(this.poke);
    this.hooks.onEvent?.(e, owner);
  };

  private mark(socketId: number, name: string, role: SocketOwner['role']): void {
    const s = this.engine.get(socketId);
    if (s) s.owner = { server: this.id, name, role };
  }

  private end(): void {
    if (this.statusValue === 'stopped') return;
    this.statusValue = 'stopped';
    this.unsubscribe();
    this.resolveEnded();
  }
}

/** A session's servers: what the Servers panel starts, lists and stops. */
export class ServerSet {
  private readonly servers = new Map<number, PlaygroundServer>();
  private lastId = 0;

  constructor(
    private readonly sockets: SocketModule,
    private readonly hooks: ServerHooks = {},
  ) {}

  async start(config: ServerConfig): Promise<PlaygroundServer> {
    const server = await PlaygroundServer.start(this.sockets, config, ++this.lastId, this.hooks);
    this.servers.set(server.id, server);
    return server;
  }

  get(id: number): PlaygroundServer | undefined {
    return this.servers.get(id);
  }

  list(): ServerInfo[] {
    return [...this.servers.values()].map((s) => s.info());
  }

  /** Stops one server; false when there is no such server. */
  async stop(id: number): Promise<boolean> {
    const s = this.servers.get(id);
    if (!s) return false;
    await s.stop();
    return true;
  }

  /** Stops every server (before the session is disposed). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.stop()));
  }
}
