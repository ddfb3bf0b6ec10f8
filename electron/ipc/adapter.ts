// The one place where messages from a renderer enter the main side, whatever the
// transport (Electron IPC, the browser mode's WebSocket): each is checked against
// the contract and its sender, dispatched to the session, and answered. Nothing
// thrown crosses the boundary: every failure is answered as data in Python's
// shape {type, errno, message}.
import { parseProgram, ScriptSyntaxError } from '../../shared/script/parser';
import { PyException } from '../../shared/script/values';
import {
  ERR_FORBIDDEN,
  ERR_INTERNAL,
  ERR_PROTOCOL,
  ERR_UNAVAILABLE,
  ERR_UNKNOWN_METHOD,
  ERR_VERSION,
  isMethod,
  MAX_PAYLOAD_SLICE_BYTES,
  MAX_SERVER_OUTPUT,
  MAX_STREAM_PIECE_BYTES,
  MAX_STREAM_PIECES,
  METHODS,
  PROTOCOL_VERSION,
  requests,
  RequestEnvelope,
  type Method,
  type Params,
  type PyError,
  type Response,
  type Result,
} from '../../shared/contract';
import { kernelView } from '../engine/kernel-view';
import { FilterError, LogQuery, type QueryableLog } from '../engine/log-query';
import { sessionNames } from '../capture/export';
import type { LogSource } from '../capture/log-source';
import { sequenceWindow } from '../engine/sequence';
import type { Session } from '../engine/session';
import { followStream } from '../engine/stream';
import { ServerSet } from '../servers/server';
import { Batcher, DEFAULT_LIMITS, type BatcherLimits, type EventSink } from './batcher';
import { base64, describeSockets, toWire } from './wire';

/** A log the views can show: the session's EventLog or one imported from a file. */
export type ViewableLog = QueryableLog & LogSource;

interface ViewedLog {
  log: ViewableLog;
  query: LogQuery;
  /** The file it came from; null for the session's own log. */
  file: string | null;
  /** Console names of its sockets (from the file's header); null: the session's. */
  names: ReadonlyMap<number, readonly string[]> | null;
}

/** File dialogs, where the host has them (the Electron app). */
export interface HostFiles {
  /** Asks for an exported log and reads it; null when the user cancels. */
  open(): Promise<{ file: string; log: ViewableLog; names: ReadonlyMap<number, readonly string[]> } | null>;
  /** Asks where to save and writes the export there; the path, or null when cancelled. */
  save(format: 'jsonl' | 'pcapng', log: ViewableLog, names: ReadonlyMap<number, readonly string[]>): Promise<string | null>;
}

/** Who sent a message, as the transport established it. */
export interface SenderInfo {
  transport: 'ipc' | 'websocket';
  /** The sending page's origin (http://127.0.0.1:PORT, app://…). */
  origin: string;
  /** The transport checked the sender's credentials (the launch token, the app's own window). */
  authenticated: boolean;
}

export interface AdapterOptions {
  /** Origins a sender may have; anything else is refused. */
  allowedOrigins: readonly string[];
  /** Seconds a statement may run when the request does not say; null for no limit. */
  stepTimeout?: number | null;
  /** Batching limits for subscribers (tests shrink them). */
  limits?: BatcherLimits;
  /** File dialogs (Electron); browser mode uploads and downloads over HTTP instead. */
  files?: HostFiles;
}

/** A failure the host itself reports (not a Python exception). */
export class HostError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Any thrown value as contract error data. */
export function errorData(e: unknown): PyError {
  if (e instanceof HostError) return { type: e.type, errno: null, message: e.message };
  if (e instanceof ScriptSyntaxError) return { type: e.pyType, errno: null, message: e.message, line: e.line, col: e.col };
  if (e instanceof PyException) return e.toData();
  // A bug on our side: said as such, without a stack trace for the renderer.
  return { type: ERR_INTERNAL, errno: null, message: e instanceof Error ? e.message : String(e) };
}

/** How much of an invalid message is quoted back: enough to spot the field, bounded for huge inputs. */
const QUOTE_LIMIT = 200;

function describeIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0];
  const where = first && first.path.length ? first.path.map(String).join('.') : 'message';
  return `${where}: ${first?.message ?? 'invalid'}`.slice(0, QUOTE_LIMIT);
}

type Handlers = { [M in Method]: (params: Params<M>) => Promise<Result<M>> | Result<M> };

export class Adapter {
  private readonly handlers: Handlers;
  /** One event batcher per subscriber (a window or a WebSocket). */
  private readonly batchers = new Set<Batcher>();
  /** The log the views show: the session's own, or one opened from a file (offline). */
  private viewed: ViewedLog;
  /** The playground servers (socketserver's classes) running in the session, and what their handlers printed. */
  private readonly servers: ServerSet;
  private readonly serverOutput = new Map<number, Result<'startServer'>['output']>();

  constructor(
    readonly session: Session,
    private readonly opts: AdapterOptions,
  ) {
    this.viewed = { log: session.engine.log, query: new LogQuery(session.engine.log), file: null, names: null };
    this.servers = new ServerSet(session.sockets, {
      onOutput: (text, stream, socket) => {
        const server = socket === null ? undefined : session.engine.get(socket)?.owner?.server;
        if (server === undefined) return;
        const lines = this.serverOutput.get(server) ?? [];
        lines.push({ text, stream, socket });
        if (lines.length > MAX_SERVER_OUTPUT) lines.splice(0, lines.length - MAX_SERVER_OUTPUT);
        this.serverOutput.set(server, lines);
        for (const b of this.batchers) b.touchSockets();
      },
    });
    this.handlers = {
      hello: ({ version }) => {
        if (version !== PROTOCOL_VERSION) {
          throw new HostError(ERR_VERSION, `the host speaks protocol ${PROTOCOL_VERSION}, the renderer ${version}: reload the page or update the app`);
        }
        return { version: PROTOCOL_VERSION, methods: METHODS };
      },
      run: (p) => this.runInput(p),
      interrupt: (p) => ({ interrupted: this.session.interrupt(p.socket) }),
      listSockets: () => ({ sockets: describeSockets(this.session) }),
      startServer: async (config) => this.serverInfo((await this.servers.start(config)).info()),
      stopServer: async ({ id }) => {
        const stopped = await this.servers.stop(id);
        for (const b of this.batchers) b.touchSockets();
        return { stopped };
      },
      listServers: () => ({ servers: this.servers.list().map((s) => this.serverInfo(s)) }),
      resetSession: async () => {
        // A fresh start stops the servers too: their sockets are the session's.
        await this.servers.stopAll();
        const open = this.session.engine.list().filter((s) => !s.closed).length;
        this.session.reset();
        for (const b of this.batchers) b.touchSockets();
        return { closed: open };
      },
      logWindow: ({ fromSeq, count }) => ({ events: this.viewed.log.window(fromSeq, count).map(toWire) }),
      logTotals: () => ({ ...this.viewed.log.totals }),
      logSource: () => this.logSource(),
      viewLive: () => {
        this.viewLive();
        return this.logSource();
      },
      openLogFile: async () => {
        if (!this.opts.files) throw new HostError(ERR_UNAVAILABLE, 'no file dialog here: in browser mode, open a log with the page\'s Open button');
        const picked = await this.opts.files.open();
        if (picked) this.viewLog(picked.log, picked.file);
        return this.logSource();
      },
      saveLogFile: async ({ format }) => {
        if (!this.opts.files) throw new HostError(ERR_UNAVAILABLE, 'no file dialog here: in browser mode, exports are downloads');
        const file = await this.opts.files.save(format, this.viewed.log, this.viewed.names ?? sessionNames(this.session));
        return { saved: file !== null, file };
      },
      followStream: ({ socket }) => {
        const view = followStream(this.viewed.query, socket);
        const pieces = view.pieces.slice(0, MAX_STREAM_PIECES).map(({ payload, ...rest }) =>
          payload ? { ...rest, payload: base64(payload.subarray(0, MAX_STREAM_PIECE_BYTES)) } : rest,
        );
        return { ...view, pieces, truncated: view.truncated || view.pieces.length > MAX_STREAM_PIECES };
      },
      logQuery: ({ filter, offset, count, tail }) => {
        try {
          const page = this.viewed.query.page(filter, offset, count, tail ?? false);
          return { ...page, events: page.events.map(toWire), clockStartMs: this.viewed.log.clockStartMs };
        } catch (e) {
          if (e instanceof FilterError) throw new PyException('ValueError', e.message);
          throw e;
        }
      },
      logPayload: ({ seq, offset, length }) => {
        const [e] = this.viewed.log.window(seq, 1);
        if (!e) throw new PyException('IndexError', `no event ${seq} in the log`);
        if (e.kind !== 'data') throw new PyException('ValueError', `event ${seq} is not a data event`);
        if (!e.payload) throw new PyException('ValueError', `the payload of event ${seq} was dropped (retention budget exhausted)`);
        const slice = e.payload.subarray(Math.min(offset, e.size), Math.min(offset + Math.min(length, MAX_PAYLOAD_SLICE_BYTES), e.size));
        return { size: e.size, offset: Math.min(offset, e.size), payload: base64(slice) };
      },
      kernelView: () => kernelView(this.session.engine),
      sequence: (p) => sequenceWindow(this.viewed.log, p),
    };
  }

  /** Shows a log read from a file in every view, instead of the session's (which goes on recording). */
  viewLog(log: ViewableLog, file: string, names?: ReadonlyMap<number, readonly string[]>): void {
    this.viewed = { log, query: new LogQuery(log), file, names: names ?? null };
  }

  /** Back to the session's own log. */
  viewLive(): void {
    const log = this.session.engine.log;
    this.viewed = { log, query: new LogQuery(log), file: null, names: null };
  }

  /** What the views show, for the exports: the log and its sockets' console names. */
  get viewedLog(): { log: ViewableLog; names: ReadonlyMap<number, readonly string[]> } {
    return { log: this.viewed.log, names: this.viewed.names ?? sessionNames(this.session) };
  }

  private logSource(): Result<'logSource'> {
    const v = this.viewed;
    const names = v.names ?? sessionNames(this.session);
    return {
      live: v.file === null,
      file: v.file,
      events: v.log.length,
      names: [...names].map(([socket, n]) => ({ socket, names: [...n] })),
    };
  }

  /** Answers one message; never throws. */
  async handle(message: unknown, sender: SenderInfo): Promise<Response> {
    const envelope = RequestEnvelope.safeParse(message);
    const id = envelope.success ? envelope.data.id : recoverId(message);
    const fail = (e: unknown): Response => ({ id, ok: false, error: errorData(e) });
    if (!sender.authenticated || !this.opts.allowedOrigins.includes(sender.origin)) {
      return fail(new HostError(ERR_FORBIDDEN, `sender not allowed (${sender.transport}, origin ${JSON.stringify(sender.origin).slice(0, QUOTE_LIMIT)})`));
    }
    if (!envelope.success) return fail(new HostError(ERR_PROTOCOL, `invalid request: ${describeIssues(envelope.error)}`));
    const { method } = envelope.data;
    if (!isMethod(method)) return fail(new HostError(ERR_UNKNOWN_METHOD, `unknown method ${JSON.stringify(method).slice(0, QUOTE_LIMIT)}`));
    const params = requests[method].params.safeParse(envelope.data.params ?? {});
    if (!params.success) return fail(new HostError(ERR_PROTOCOL, `invalid params for ${method}: ${describeIssues(params.error)}`));
    try {
      const handler = this.handlers[method] as (p: unknown) => Promise<unknown> | unknown;
      const result = await handler(params.data);
      if (method === 'run') for (const b of this.batchers) b.touchSockets();
      return { id: envelope.data.id, ok: true, result };
    } catch (e) {
      return fail(e);
    }
  }

  /** Streams the engine's events to a subscriber, batched; returns the unsubscribe. */
  subscribe(sink: EventSink): () => void {
    const b = new Batcher(this.session.engine.log, sink, this.opts.limits ?? DEFAULT_LIMITS);
    this.batchers.add(b);
    return () => {
      b.dispose();
      this.batchers.delete(b);
    };
  }

  dispose(): void {
    for (const b of this.batchers) b.dispose();
    this.batchers.clear();
    void this.servers.stopAll();
  }

  private serverInfo(s: ReturnType<ServerSet['list']>[number]): Result<'startServer'> {
    return { ...s, output: this.serverOutput.get(s.id) ?? [] };
  }

  private async runInput(p: Params<'run'>): Promise<Result<'run'>> {
    // Parsed first: a refused script is answered at once, and runs nothing.
    const program = parseProgram(p.source);
    const stepTimeout = p.stepTimeout !== undefined ? p.stepTimeout : this.opts.stepTimeout;
    // Inputs run side by side: while one blocks (an accept() waiting for a client), the
    // next can create that client, as if each socket had its own thread.
    const outcomes: Result<'run'>['outcomes'] = [];
    const stmts = program.statements;
    for (let i = 0; i < stmts.length; i++) {
      const o = await this.session.run(stmts[i], stepTimeout === undefined ? {} : { stepTimeout });
      outcomes.push({ ...o, echo: stmts[i].node.kind === 'expr' });
      // Ctrl-C ends the whole input, as in the Python REPL.
      if (!o.ok && o.error?.type === 'KeyboardInterrupt') return { outcomes, notRun: stmts.length - i - 1 };
    }
    return { outcomes, notRun: 0 };
  }
}

/** The id of a message that failed validation, when it has a usable one: so the client can match the error. */
function recoverId(message: unknown): number | null {
  if (typeof message !== 'object' || message === null) return null;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
