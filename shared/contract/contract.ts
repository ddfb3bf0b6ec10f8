// The IPC contract between the engine's host (Electron main process or the
// browser-mode server) and the renderer: every request, every response and every
// pushed event, declared once as zod schemas. Types are inferred from them, so the
// two sides cannot drift apart. Both transports (Electron IPC, WebSocket) carry
// exactly these messages.
import { z } from 'zod';
import { HANDLER_NAMES, MAX_DELAY_S, SERVER_KINDS } from '../servers/config';

/** Bumped on any incompatible change; hello refuses a mismatch so a stale renderer fails loudly. */
export const PROTOCOL_VERSION = 2;

/** Largest message either side accepts, in bytes of JSON: far above any real request, small enough to refuse floods early. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Longest console input: a pasted script of a few thousand lines. */
export const MAX_SOURCE_CHARS = 256 * 1024;
/** Most events one logWindow answer carries: keeps each answer well under MAX_MESSAGE_BYTES-sized chunks of work. */
export const MAX_WINDOW_EVENTS = 1000;
/** Payload bytes an event carries inline; larger payloads are sent as `payloadOmitted` and read with logPayload. */
export const MAX_INLINE_PAYLOAD_BYTES = 64 * 1024;
/** Most payload bytes one logPayload answer returns (base64 grows it by a third, still under MAX_MESSAGE_BYTES). */
export const MAX_PAYLOAD_SLICE_BYTES = 512 * 1024;
/** Payload bytes of one stream piece sent inline: enough to read, small enough for thousands of pieces. */
export const MAX_STREAM_PIECE_BYTES = 2048;
/** Most pieces one followStream answer carries. */
export const MAX_STREAM_PIECES = 2000;
/** Longest host name a server may be bound to (DNS allows 253). */
export const MAX_HOST_CHARS = 255;
/** Lines of handler output kept per server. */
export const MAX_SERVER_OUTPUT = 200;
/** Most sockets one log filter names. */
export const MAX_FILTER_SOCKETS = 256;
/** Longest text or hex a log search looks for. */
export const MAX_SEARCH_CHARS = 1024;
/** Longest step timeout a request may ask for, in seconds: an hour is already "no limit" for a learner. */
export const MAX_STEP_TIMEOUT_S = 3600;

/** Request ids: chosen by the client, echoed in the answer. */
const RequestId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

// ---------------------------------------------------------------------------
// Shared shapes

/** An error as Python shows it: the exception's class, its errno (or null) and its message. */
export const PyError = z.object({
  type: z.string(),
  errno: z.number().int().nullable(),
  message: z.string(),
  /** For SyntaxError and friends: where the script was refused (1-based). */
  line: z.number().int().optional(),
  col: z.number().int().optional(),
});
export type PyError = z.infer<typeof PyError>;

/** One statement's outcome (shared/script/interpreter.ts StepOutcome). */
export const StepOutcome = z.object({
  line: z.number().int(),
  source: z.string(),
  ok: z.boolean(),
  value: z.string().optional(),
  error: PyError.optional(),
  stdout: z.string(),
  /** The statement is an expression: the REPL prints its value unless it is None (assignments and imports print nothing). */
  echo: z.boolean().optional(),
});
export type StepOutcome = z.infer<typeof StepOutcome>;

export const SocketMode = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('blocking') }),
  z.object({ kind: z.literal('timeout'), seconds: z.number() }),
  z.object({ kind: z.literal('non-blocking') }),
]);
export type SocketMode = z.infer<typeof SocketMode>;

export const SocketState = z.enum([
  'created',
  'bound',
  'listening',
  'queued',
  'accepted',
  'connecting',
  'connected',
  'connect-failed',
  'peer-closed',
  'write-shutdown',
  'read-shutdown',
  'reset',
  'closed',
]);
export type SocketState = z.infer<typeof SocketState>;

/** A connection waiting in a listener's accept queue. */
export const QueuedConnection = z.object({
  id: z.number().int(),
  /** The client's address, as Python shows it. */
  raddr: z.string().nullable(),
  bufferedBytes: z.number().int(),
});

export const SocketInfo = z.object({
  id: z.number().int(),
  fd: z.number().int(),
  /** The console names bound to this socket (`srv`, `conn`…), in the order they were made. */
  names: z.array(z.string()),
  family: z.string(),
  kind: z.string(),
  state: SocketState,
  closed: z.boolean(),
  /** Addresses as Python prints them: ('127.0.0.1', 5000), or a path for AF_UNIX. */
  laddr: z.string().nullable(),
  raddr: z.string().nullable(),
  mode: SocketMode,
  pendingCall: z.object({ method: z.string(), since: z.number() }).nullable(),
  acceptQueue: z.array(QueuedConnection).nullable(),
  bufferedBytes: z.number().int(),
  /** Set on a playground server's sockets: the server's id, the socket's name there ('srv', 'conn2') and its role. */
  owner: z.object({ server: z.number().int(), name: z.string(), role: z.enum(['server', 'request']) }).optional(),
});
export type SocketInfo = z.infer<typeof SocketInfo>;

export const LogTotals = z.object({
  events: z.number().int(),
  bytesOut: z.number().int(),
  bytesIn: z.number().int(),
  retainedPayloadBytes: z.number().int(),
  droppedPayloadBytes: z.number().int(),
  droppedPayloadEvents: z.number().int(),
});
export type LogTotals = z.infer<typeof LogTotals>;

// ---------------------------------------------------------------------------
// Events on the wire: the engine's events (electron/engine/events.ts) with
// payloads as base64, plus `skipped`, which stands for events a flooded
// subscriber did not get (they stay readable with logWindow).

const EventBase = { seq: Seq, t: z.number(), socket: z.number().int().nullable() };

export const WireCallEvent = z.object({
  ...EventBase,
  kind: z.literal('call'),
  phase: z.enum(['start', 'end']),
  call: z.string(),
  method: z.string(),
  ok: z.boolean().optional(),
  result: z.string().optional(),
  error: PyError.optional(),
  elapsed: z.number().optional(),
  /** recv()/recvfrom() that returned: how many bytes. */
  received: z.number().int().optional(),
});

export const WireStateEvent = z.object({
  ...EventBase,
  kind: z.literal('state'),
  state: SocketState,
  detail: z.string().optional(),
  listener: z.number().int().optional(),
  local: z.string().optional(),
  remote: z.string().optional(),
  family: z.number().int().optional(),
  type: z.number().int().optional(),
  resetSent: z.boolean().optional(),
});

export const WireDataEvent = z.object({
  ...EventBase,
  kind: z.literal('data'),
  direction: z.enum(['out', 'in']),
  size: z.number().int(),
  /** The exact bytes, base64; absent when `dropped` or `payloadOmitted`. */
  payload: z.string().optional(),
  /** The engine's retention budget was exhausted: the bytes are gone for good. */
  dropped: z.boolean().optional(),
  /** The bytes are kept but too large to send inline: read them with logPayload. */
  payloadOmitted: z.boolean().optional(),
  peer: z.string().optional(),
  discarded: z.boolean().optional(),
});

/** Events a flooded subscriber was not sent, [fromSeq, toSeq]; readable with logWindow. */
export const WireSkipped = z.object({
  kind: z.literal('skipped'),
  fromSeq: Seq,
  toSeq: Seq,
  events: z.number().int(),
  /** Bytes moved by the skipped data events. */
  bytes: z.number().int(),
});

export const WireEvent = z.discriminatedUnion('kind', [WireCallEvent, WireStateEvent, WireDataEvent]);

/** One piece of a followed stream: what one send wrote, or what arrived from outside; one datagram for UDP. */
export const StreamPiece = z.object({
  seq: Seq,
  t: z.number(),
  /** Relative to the socket followed: 'out' it sent, 'in' it was sent. */
  dir: z.enum(['out', 'in']),
  size: z.number().int(),
  /** The first MAX_STREAM_PIECE_BYTES bytes, base64 (absent when dropped). */
  payload: z.string().optional(),
  dropped: z.boolean().optional(),
  /** Where it starts in its direction's byte stream. */
  offset: z.number().int(),
  source: z.enum(['send', 'arrival']),
  call: z.string().optional(),
  peer: z.string().optional(),
});
export type StreamPiece = z.infer<typeof StreamPiece>;

/** The bytes one recv() returned, as offsets [from, to) in its direction's stream. */
export const RecvSpan = z.object({
  seq: Seq,
  t: z.number(),
  dir: z.enum(['out', 'in']),
  from: z.number().int(),
  to: z.number().int(),
  call: z.string(),
  index: z.number().int(),
});
export type RecvSpan = z.infer<typeof RecvSpan>;

export const LogSourceInfo = z.object({
  live: z.boolean(),
  /** The file shown (its name only), or null for the session's own log. */
  file: z.string().nullable(),
  events: z.number().int(),
  /** Console names of the log's sockets. */
  names: z.array(z.object({ socket: z.number().int(), names: z.array(z.string()) })),
});
export type LogSourceInfo = z.infer<typeof LogSourceInfo>;

/** A playground server to start: socketserver's class (kind + threading) and a built-in handler. */
export const ServerConfig = z.strictObject({
  kind: z.enum(SERVER_KINDS),
  threading: z.boolean(),
  handler: z.enum(HANDLER_NAMES),
  /** slow-hello's wait, in seconds. */
  delay: z.number().min(0).max(MAX_DELAY_S),
  host: z.string().min(1).max(MAX_HOST_CHARS),
  port: z.number().int().min(0).max(65535),
});

export const ServerInfo = z.object({
  id: z.number().int(),
  className: z.enum(['TCPServer', 'ThreadingTCPServer', 'UDPServer', 'ThreadingUDPServer']),
  config: ServerConfig.strip(),
  status: z.enum(['serving', 'stopping', 'stopped']),
  address: z.string().nullable(),
  socket: z.number().int().nullable(),
  requests: z.number().int(),
  active: z.number().int(),
  /** What its handlers printed (the newest MAX_SERVER_OUTPUT lines). */
  output: z.array(z.object({ text: z.string(), stream: z.enum(['stdout', 'stderr']), socket: z.number().int().nullable() })),
});
export type ServerInfo = z.infer<typeof ServerInfo>;

/** What a view of the log shows: all fields optional, all must hold. */
export const LogFilter = z.strictObject({
  /** Events before this seq are hidden (the view was cleared there). */
  fromSeq: Seq.optional(),
  sockets: z.array(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)).max(MAX_FILTER_SOCKETS).optional(),
  kinds: z.array(z.enum(['call', 'state', 'data'])).max(3).optional(),
  directions: z.array(z.enum(['in', 'out'])).max(2).optional(),
  /** Text in calls, results, errors, state details, or payloads (as UTF-8 or GBK). */
  text: z.string().max(MAX_SEARCH_CHARS).optional(),
  /** Bytes in payloads, as hex digits (spaces allowed). */
  hex: z.string().max(MAX_SEARCH_CHARS).optional(),
});
export type LogFilter = z.infer<typeof LogFilter>;
export type WireEvent = z.infer<typeof WireEvent>;
export const BatchEntry = z.discriminatedUnion('kind', [WireCallEvent, WireStateEvent, WireDataEvent, WireSkipped]);
export type BatchEntry = z.infer<typeof BatchEntry>;

/** Pushed by the host, never answered. */
export const ServerEvent = z.discriminatedUnion('event', [
  /** About one per animation frame while there is traffic. */
  z.object({ event: z.literal('batch'), entries: z.array(BatchEntry) }),
  /** Some socket's state, addresses, mode or pending call may have changed: call listSockets. */
  z.object({ event: z.literal('socketsChanged') }),
]);
export type ServerEvent = z.infer<typeof ServerEvent>;

// ---------------------------------------------------------------------------
// Requests: { id, method, params }, answered by { id, ok, result | error }.

export const requests = {
  hello: {
    params: z.strictObject({ version: z.number().int() }),
    result: z.object({ version: z.number().int(), methods: z.array(z.string()) }),
  },
  /** One console input: one statement or several lines, run in order. */
  run: {
    params: z.strictObject({
      source: z.string().max(MAX_SOURCE_CHARS),
      /** Seconds each statement may run; null for no limit; absent for the session's default. */
      stepTimeout: z.number().positive().max(MAX_STEP_TIMEOUT_S).nullable().optional(),
    }),
    result: z.object({
      outcomes: z.array(StepOutcome),
      /** Statements not run because a step was interrupted. */
      notRun: z.number().int(),
    }),
  },
  /** Interrupts running steps with KeyboardInterrupt: all of them, or only the one blocked on `socket`. */
  interrupt: {
    params: z.strictObject({ socket: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }),
    result: z.object({ interrupted: z.boolean() }),
  },
  /** A fresh start: running inputs interrupted, every socket closed, names forgotten (the log goes on). */
  resetSession: {
    params: z.strictObject({}),
    result: z.object({ closed: z.number().int() }),
  },
  /** Starts a playground server (TCPServer & co.) on engine sockets. */
  startServer: {
    params: ServerConfig,
    result: ServerInfo,
  },
  stopServer: {
    params: z.strictObject({ id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
    result: z.object({ stopped: z.boolean() }),
  },
  listServers: {
    params: z.strictObject({}),
    result: z.object({ servers: z.array(ServerInfo) }),
  },
  listSockets: {
    params: z.strictObject({}),
    result: z.object({ sockets: z.array(SocketInfo) }),
  },
  logWindow: {
    params: z.strictObject({ fromSeq: Seq, count: z.number().int().min(0).max(MAX_WINDOW_EVENTS) }),
    result: z.object({ events: z.array(WireEvent) }),
  },
  logTotals: {
    params: z.strictObject({}),
    result: LogTotals,
  },
  /** A page of the log through a filter: `count` matches from `offset`, or the last `count` with `tail`. */
  logQuery: {
    params: z.strictObject({
      filter: LogFilter,
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      count: z.number().int().min(0).max(MAX_WINDOW_EVENTS),
      tail: z.boolean().optional(),
    }),
    result: z.object({
      /** Events in the log. */
      total: z.number().int(),
      /** Matches among the events the filter has looked at so far. */
      matched: z.number().int(),
      /** False while a new filter is still looking through a long log: ask again. */
      complete: z.boolean(),
      /** Index among the matches of the first event returned. */
      offset: z.number().int(),
      events: z.array(WireEvent),
      /** Wall-clock time (ms since the epoch) of the engine's time 0: absolute time = clockStartMs + t / 1000. */
      clockStartMs: z.number(),
    }),
  },
  /** Which log the views show: the session's own (live) or one opened from a file. */
  logSource: {
    params: z.strictObject({}),
    result: LogSourceInfo,
  },
  /** Back to the session's own log. */
  viewLive: {
    params: z.strictObject({}),
    result: LogSourceInfo,
  },
  /** Electron: asks for an exported log (.jsonl) and shows it, offline. */
  openLogFile: {
    params: z.strictObject({}),
    result: LogSourceInfo,
  },
  /** Electron: asks where to save the viewed log as JSON lines or pcapng, and writes it. */
  saveLogFile: {
    params: z.strictObject({ format: z.enum(['jsonl', 'pcapng']) }),
    result: z.object({ saved: z.boolean(), file: z.string().nullable() }),
  },
  /** One connection's bytes both ways, with send pieces and recv spans (or one piece per datagram). */
  followStream: {
    params: z.strictObject({ socket: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
    result: z.object({
      socket: z.number().int(),
      peer: z.object({ socket: z.number().int().nullable(), address: z.string().nullable() }),
      kind: z.enum(['stream', 'datagram']),
      local: z.string().nullable(),
      remote: z.string().nullable(),
      pieces: z.array(StreamPiece),
      recvs: z.array(RecvSpan),
      bytesOut: z.number().int(),
      bytesIn: z.number().int(),
      /** Only the beginning is shown (a long transfer). */
      truncated: z.boolean(),
    }),
  },
  /** A slice of a data event's payload (for payloads sent as `payloadOmitted`). */
  logPayload: {
    params: z.strictObject({
      seq: Seq,
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      length: z.number().int().min(0).max(MAX_PAYLOAD_SLICE_BYTES),
    }),
    result: z.object({ size: z.number().int(), offset: z.number().int(), payload: z.string() }),
  },
  /**
   * The kernel's view of the session's TCP and UDP sockets (Linux: /proc/net/tcp,
   * tcp6, udp, udp6), with the rows of outside programs talking to them. Read per
   * request: the renderer asks while its kernel view is open (electron/engine/kernel-view.ts).
   */
  kernelView: {
    params: z.strictObject({}),
    result: z.discriminatedUnion('available', [
      z.object({
        available: z.literal(true),
        rows: z.array(
          z.object({
            proto: z.enum(['tcp', 'udp']),
            ipv6: z.boolean(),
            /** The engine socket the row is; null for an outside program's socket or a handshake. */
            socket: z.number().int().nullable(),
            /** The listener of a queued connection or handshake; the engine socket an outside peer talks to. */
            related: z.number().int().nullable(),
            role: z.enum(['socket', 'queued', 'handshake', 'peer']),
            closed: z.boolean(),
            local: z.string().nullable(),
            remote: z.string().nullable(),
            /** LISTEN, ESTABLISHED, TIME_WAIT... (UDP: UNCONN, ESTAB); null when the kernel lists no such socket. */
            state: z.string().nullable(),
            /** The kernel's queues in bytes (a listener's Recv-Q: connections waiting for accept; /proc gives no backlog, see `backlog`). */
            recvQ: z.number().int(),
            sendQ: z.number().int(),
            /** Bytes (a listener: connections) Node took from the kernel that wait in the engine for recv() (accept()). */
            held: z.number().int(),
            /** A listener's listen() backlog. */
            backlog: z.number().int().nullable(),
            /** Bound, not listening: the kernel's LISTEN is the engine holding the address. */
            boundOnly: z.boolean(),
            /** UDP: datagrams the kernel dropped. */
            drops: z.number().int().nullable(),
          }),
        ),
      }),
      z.object({ available: z.literal(false), reason: z.enum(['not-linux', 'unreadable']) }),
    ]),
  },
  /**
   * A window of the sequence diagram (electron/engine/sequence.ts): rows are the log's
   * events from fromSeq (without calls when `calls` is false), with the lanes (engine
   * sockets and outside peers), the arrows and the calls' spans that meet them.
   */
  sequence: {
    params: z.strictObject({
      fromSeq: Seq.optional(),
      calls: z.boolean(),
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      count: z.number().int().min(0).max(MAX_WINDOW_EVENTS),
      tail: z.boolean().optional(),
    }),
    result: z.object({
      /** Events in the log. */
      total: z.number().int(),
      rows: z.number().int(),
      /** False while the host is still indexing a long log: ask again. */
      complete: z.boolean(),
      /** Row of the first item. */
      offset: z.number().int(),
      lanes: z.array(
        z.object({
          /** The engine socket, or null for an outside peer. */
          socket: z.number().int().nullable(),
          address: z.string().nullable(),
          proto: z.enum(['tcp', 'udp', 'unix']).nullable(),
          /** Rows (relative to fromSeq, negative before it) where the lane's line starts and ends (null: goes on). */
          firstRow: z.number().int(),
          lastRow: z.number().int().nullable(),
          queued: z.boolean(),
          acceptedRow: z.number().int().nullable(),
        }),
      ),
      items: z.array(
        z.object({
          seq: Seq,
          t: z.number(),
          row: z.number().int(),
          /** Index in lanes; null for module-level calls. */
          lane: z.number().int().nullable(),
          kind: z.enum(['call', 'state', 'data']),
          phase: z.enum(['start', 'end']).optional(),
          call: z.string().optional(),
          ok: z.boolean().optional(),
          result: z.string().optional(),
          error: z.string().optional(),
          state: SocketState.optional(),
          detail: z.string().optional(),
          direction: z.enum(['in', 'out']).optional(),
          size: z.number().int().optional(),
          /** The payload's first bytes, base64. */
          head: z.string().optional(),
          dropped: z.boolean().optional(),
          discarded: z.boolean().optional(),
        }),
      ),
      links: z.array(
        z.object({
          kind: z.enum(['connect', 'synack', 'accept', 'data', 'fin', 'rst']),
          /** The event the arrow stands for. */
          seq: Seq,
          from: z.number().int(),
          fromRow: z.number().int(),
          to: z.number().int(),
          /** null: not arrived (yet). */
          toRow: z.number().int().nullable(),
          size: z.number().int().optional(),
          head: z.string().optional(),
          detail: z.string().optional(),
        }),
      ),
      spans: z.array(
        z.object({
          lane: z.number().int(),
          seq: Seq,
          method: z.string(),
          startRow: z.number().int(),
          endRow: z.number().int().nullable(),
          ok: z.boolean().optional(),
          depth: z.number().int(),
        }),
      ),
    }),
  },
} as const;

export type Method = keyof typeof requests;
export const METHODS = Object.keys(requests) as Method[];
export type Params<M extends Method> = z.infer<(typeof requests)[M]['params']>;
export type Result<M extends Method> = z.infer<(typeof requests)[M]['result']>;

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

/** The envelope every request comes in; params are checked per method afterwards. */
export const RequestEnvelope = z.strictObject({
  id: RequestId,
  method: z.string().max(64),
  params: z.unknown().optional(),
});

export type Request = { [M in Method]: { id: number; method: M; params: Params<M> } }[Method];

export const Response = z.union([
  z.object({ id: RequestId, ok: z.literal(true), result: z.unknown() }),
  /** id is null when the message was too malformed to carry one. */
  z.object({ id: RequestId.nullable(), ok: z.literal(false), error: PyError }),
]);
export type Response = z.infer<typeof Response>;

/** Error types the host itself raises (everything else is a Python exception from the engine). */
export const ERR_PROTOCOL = 'ProtocolError';
export const ERR_UNKNOWN_METHOD = 'UnknownMethod';
export const ERR_VERSION = 'VersionMismatch';
export const ERR_FORBIDDEN = 'Forbidden';
export const ERR_INTERNAL = 'InternalError';
/** The host cannot do this here (a file dialog in browser mode). */
export const ERR_UNAVAILABLE = 'Unavailable';

/** Everything a host may send: an answer or a pushed event. */
export const ServerMessage = z.union([Response, ServerEvent]);
export type ServerMessage = z.infer<typeof ServerMessage>;

// ---------------------------------------------------------------------------
// The renderer's hot path. A flood brings ~100k data events a second; zod run
// without code generation (the page's CSP forbids eval) spends ~2 µs on each,
// a fifth of a frame's budget at that rate. Data events get this hand-written
// check instead: it accepts exactly what WireDataEvent accepts and returns the
// same object (unknown keys stripped); contract.test.ts holds it to that.
// Everything else goes through the schemas.

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isSeq = (v: unknown): v is number => isInt(v) && v >= 1 && v <= Number.MAX_SAFE_INTEGER;
const isOptional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const isString = (v: unknown) => typeof v === 'string';
const isBoolean = (v: unknown) => typeof v === 'boolean';
const DATA_KEYS = ['payload', 'dropped', 'payloadOmitted', 'peer', 'discarded'] as const;

/** WireDataEvent.safeParse(x), fast: the event, or null when the schema would refuse it. */
export function checkDataEvent(x: unknown): WireEvent | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return null;
  const e = x as Record<string, unknown>;
  if (e.kind !== 'data' || !isSeq(e.seq) || typeof e.t !== 'number' || !Number.isFinite(e.t)) return null;
  if (!(e.socket === null || isInt(e.socket)) || (e.direction !== 'in' && e.direction !== 'out') || !isInt(e.size)) return null;
  if (!isOptional(e.payload, isString) || !isOptional(e.peer, isString)) return null;
  if (!isOptional(e.dropped, isBoolean) || !isOptional(e.payloadOmitted, isBoolean) || !isOptional(e.discarded, isBoolean)) return null;
  const out: Record<string, unknown> = { seq: e.seq, t: e.t, socket: e.socket, kind: 'data', direction: e.direction, size: e.size };
  for (const k of DATA_KEYS) if (e[k] !== undefined) out[k] = e[k];
  return out as WireEvent;
}

/** ServerMessage.safeParse(x), with data events in batches checked by checkDataEvent. */
export function parseServerMessage(x: unknown): ServerMessage | null {
  if (typeof x === 'object' && x !== null && (x as { event?: unknown }).event === 'batch') {
    const { entries } = x as { entries?: unknown };
    if (!Array.isArray(entries)) return null;
    const out: BatchEntry[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as { kind?: unknown } | null;
      const checked = entry?.kind === 'data' ? checkDataEvent(entry) : (BatchEntry.safeParse(entry).data ?? null);
      if (checked === null) return null;
      out[i] = checked;
    }
    return { event: 'batch', entries: out };
  }
  const checked = ServerMessage.safeParse(x);
  return checked.success ? checked.data : null;
}
