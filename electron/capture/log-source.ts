// What the exporters read: the engine's EventLog or a log imported from a file,
// both with the query surface the app uses. And what the log says about each
// socket (family, type, addresses), gathered from its state events, so that an
// export makes sense offline.
import net from 'node:net';
import type { EngineEvent, LogTotals } from '../engine/events';
import { version as APP_VERSION } from '../../package.json';

export { APP_VERSION };
export const APP_NAME = 'socket-playground';

/** The read side of a traffic log: EventLog and ImportedLog both have it. */
export interface LogSource {
  readonly totals: LogTotals;
  readonly length: number;
  readonly retainPayloadBytes: number;
  /** Wall-clock time (ms since the epoch) of the log's time 0. */
  readonly clockStartMs: number;
  window(fromSeq: number, count: number): EngineEvent[];
}

/** Events read per window when walking a log: bounded memory for any length. */
const WALK_WINDOW = 4096;

/** The first `count` events of the log (all of them by default) in order, a window at a time. */
export function* walk(log: LogSource, count = log.length): Generator<EngineEvent> {
  for (let from = 1; from <= count; from += WALK_WINDOW) yield* log.window(from, Math.min(WALK_WINDOW, count - from + 1));
}

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const FAMILY_NAMES: Record<number, string> = { [AF_UNIX]: 'AF_UNIX', [AF_INET]: 'AF_INET', [AF_INET6]: 'AF_INET6' };
export const TYPE_NAMES: Record<number, string> = { [SOCK_STREAM]: 'SOCK_STREAM', [SOCK_DGRAM]: 'SOCK_DGRAM' };

/** One socket as the log describes it (the export's header lists them). */
export interface SocketRecord {
  id: number;
  /** AF_INET, AF_INET6, AF_UNIX (null: the log does not say). */
  family: string | null;
  /** SOCK_STREAM or SOCK_DGRAM. */
  type: string | null;
  /** The console names bound to it when the log was exported. */
  names: string[];
  /** The last addresses the log gave it, as Python shows them. */
  local: string | null;
  remote: string | null;
  /** For accepted connections: the listening socket. */
  listener: number | null;
}

/** Sockets as their state events describe them; accepted ones take their listener's family and type. */
export class SocketTable {
  readonly sockets = new Map<number, SocketRecord>();

  constructor(private readonly names: ReadonlyMap<number, readonly string[]> = new Map()) {}

  observe(e: EngineEvent): void {
    if (e.kind !== 'state' || e.socket === null) return;
    let s = this.sockets.get(e.socket);
    if (!s) {
      s = { id: e.socket, family: null, type: null, names: [...(this.names.get(e.socket) ?? [])], local: null, remote: null, listener: null };
      this.sockets.set(e.socket, s);
    }
    if (e.family !== undefined) s.family = FAMILY_NAMES[e.family] ?? String(e.family);
    if (e.type !== undefined) s.type = TYPE_NAMES[e.type] ?? String(e.type);
    if (e.listener !== undefined) {
      s.listener = e.listener;
      const l = this.sockets.get(e.listener);
      if (l) {
        s.family ??= l.family;
        s.type ??= l.type;
      }
    }
    if (e.local !== undefined) s.local = e.local;
    if (e.remote !== undefined) s.remote = e.remote;
  }

  get(id: number | null): SocketRecord | undefined {
    return id === null ? undefined : this.sockets.get(id);
  }

  /** How the socket is called in comments: its first console name, else sock<id>. */
  label(id: number | null): string {
    if (id === null) return 'socket';
    return this.sockets.get(id)?.names[0] ?? this.names.get(id)?.[0] ?? `sock${id}`;
  }

  list(): SocketRecord[] {
    return [...this.sockets.values()].sort((a, b) => a.id - b.id);
  }
}

/** An IP endpoint out of Python's text for it: ('127.0.0.1', 5000) or ('::1', 5000, 0, 0). */
export interface Endpoint {
  v6: boolean;
  host: string;
  port: number;
}

const ADDR_REPR = /^\('([^']*)', (\d+)(?:, \d+, \d+)?\)$/;

export function parseEndpoint(repr: string | null | undefined): Endpoint | null {
  const m = repr ? ADDR_REPR.exec(repr) : null;
  if (!m) return null;
  let host = m[1];
  const kind = net.isIP(host);
  if (kind === 0) return null;
  // An IPv4 client of a dual-stack listener shows as ::ffff:a.b.c.d: on the wire it is IPv4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  if (mapped) host = mapped[1];
  return { v6: net.isIP(host) === 6, host, port: Number(m[2]) };
}

export function isWildcard(e: Endpoint): boolean {
  return e.host === '0.0.0.0' || e.host === '::';
}

/** Absolute microseconds of a log time. */
export function absoluteMicros(log: LogSource, t: number): number {
  return Math.round(log.clockStartMs * 1000) + t;
}

/** A timestamp for file names: 2024-05-01T12-00-00Z. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
