// The renderer's one door to the engine: invoke the contract's requests and
// receive its pushed events. Two implementations: Electron's preload bridge and,
// in browser mode, a WebSocket to the page's own origin (the token travels as an
// HttpOnly cookie, so nothing secret lives in this code). Every incoming message
// is checked against the contract's zod schemas before anyone sees it.
import {
  PROTOCOL_VERSION,
  Response,
  ServerEvent,
  parseServerMessage,
  requests,
  type Method,
  type Params,
  type PyError,
  type Result,
} from '../shared/contract';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'incompatible';

export interface Client {
  invoke<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  /** Pushed events; returns the unsubscribe function. */
  subscribe(handler: (event: ServerEvent) => void): () => void;
  /** Connection status changes (called at once with the current status). */
  onStatus(handler: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

/** A request the host answered with an error: carries it in Python's shape. */
export class RemoteError extends Error {
  constructor(readonly error: PyError) {
    super(`${error.type}: ${error.message}`);
  }
}

/** What preload.ts exposes on window.socketPlayground. */
export interface ElectronBridge {
  invoke(method: string, params: unknown): Promise<unknown>;
  subscribe(listener: (message: unknown) => void): () => void;
}

function parseResult<M extends Method>(method: M, response: Response): Result<M> {
  if (!response.ok) throw new RemoteError(response.error);
  const checked = requests[method].result.safeParse(response.result);
  if (!checked.success) throw new RemoteError({ type: 'ProtocolError', errno: null, message: `malformed ${method} result` });
  return checked.data as Result<M>;
}

class Listeners<T> {
  private readonly set = new Set<(v: T) => void>();
  add(fn: (v: T) => void): () => void {
    this.set.add(fn);
    return () => this.set.delete(fn);
  }
  emit(v: T): void {
    for (const fn of [...this.set]) fn(v);
  }
}

export interface WebSocketClientOptions {
  url?: string;
  /** Injected in tests. */
  WebSocketImpl?: typeof WebSocket;
  /** First reconnect delay; doubles up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export function webSocketUrl(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws`;
}

/** Browser mode: a WebSocket at the page's origin, reconnecting with backoff. */
export function createWebSocketClient(opts: WebSocketClientOptions = {}): Client {
  const url = opts.url ?? webSocketUrl(location);
  const WS = opts.WebSocketImpl ?? WebSocket;
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 8000;
  const events = new Listeners<ServerEvent>();
  const statuses = new Listeners<ConnectionStatus>();
  const pending = new Map<number, { method: Method; resolve: (r: unknown) => void; reject: (e: unknown) => void }>();
  let status: ConnectionStatus = 'connecting';
  let ws: WebSocket | null = null;
  let nextId = 1;
  let delay = minDelay;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setStatus = (s: ConnectionStatus) => {
    if (s === status) return;
    status = s;
    statuses.emit(s);
  };

  const send = <M extends Method>(socket: WebSocket, method: M, params: Params<M>): Promise<Result<M>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });

  const connect = () => {
    if (closed) return;
    setStatus('connecting');
    const socket = new WS(url);
    ws = socket;
    socket.onopen = () => {
      send(socket, 'hello', { version: PROTOCOL_VERSION }).then(
        () => {
          delay = minDelay;
          setStatus('connected');
        },
        (e: unknown) => {
          if (e instanceof RemoteError && e.error.type === 'VersionMismatch') {
            closed = true;
            setStatus('incompatible');
          }
          socket.close();
        },
      );
    };
    socket.onmessage = (m: MessageEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(String(m.data));
      } catch {
        return;
      }
      const msg = parseServerMessage(data);
      if (msg === null) return;
      if ('event' in msg) {
        events.emit(msg);
        return;
      }
      if (msg.id === null) return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      try {
        p.resolve(parseResult(p.method, msg));
      } catch (e) {
        p.reject(e);
      }
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new RemoteError({ type: 'ConnectionLost', errno: null, message: 'the connection to the engine was lost' }));
      }
      if (closed) {
        if (status !== 'incompatible') setStatus('disconnected');
        return;
      }
      setStatus('disconnected');
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxDelay);
    };
    socket.onerror = () => socket.close();
  };
  connect();

  return {
    invoke(method, params) {
      if (!ws || status !== 'connected') {
        return Promise.reject(new RemoteError({ type: 'ConnectionLost', errno: null, message: 'not connected to the engine' }));
      }
      return send(ws, method, params);
    },
    subscribe: (h) => events.add(h),
    onStatus(h) {
      h(status);
      return statuses.add(h);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    },
  };
}

/** Electron: the preload bridge; the IPC channel cannot drop, so the status is fixed once hello answers. */
export function createElectronClient(bridge: ElectronBridge): Client {
  const statuses = new Listeners<ConnectionStatus>();
  let status: ConnectionStatus = 'connecting';
  const call = async <M extends Method>(method: M, params: Params<M>): Promise<Result<M>> => {
    const raw = await bridge.invoke(method, params);
    const checked = Response.safeParse(raw);
    if (!checked.success) throw new RemoteError({ type: 'ProtocolError', errno: null, message: `malformed answer to ${method}` });
    return parseResult(method, checked.data);
  };
  call('hello', { version: PROTOCOL_VERSION }).then(
    () => {
      status = 'connected';
      statuses.emit(status);
    },
    (e: unknown) => {
      status = e instanceof RemoteError && e.error.type === 'VersionMismatch' ? 'incompatible' : 'disconnected';
      statuses.emit(status);
    },
  );
  return {
    invoke: call,
    subscribe(handler) {
      return bridge.subscribe((message) => {
        const msg = parseServerMessage(message);
        if (msg !== null && 'event' in msg) handler(msg);
      });
    },
    onStatus(h) {
      h(status);
      return statuses.add(h);
    },
    close() {},
  };
}

/** The client for this page: Electron's bridge when present, else the WebSocket. */
export function createClient(): Client {
  const bridge = (window as unknown as { socketPlayground?: ElectronBridge }).socketPlayground;
  return bridge ? createElectronClient(bridge) : createWebSocketClient();
}
