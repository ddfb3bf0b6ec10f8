// The engine's event stream: the source of the traffic log. Every call, every
// state change and every chunk of bytes moved, with a global sequence number and
// a monotonic timestamp in microseconds. Payloads are kept up to a byte budget;
// beyond it a data event keeps its size and says its payload was dropped.
import { performance } from 'node:perf_hooks';
import type { PyErrorData } from '../../shared/script/values';

/** Default payload retention: enough for long learning sessions, bounded for floods. */
export const DEFAULT_RETAINED_PAYLOAD_BYTES = 64 * 1024 * 1024;

export type SocketState =
  | 'created'
  | 'bound'
  | 'listening'
  | 'queued' // a connection waiting in a listener's accept queue
  | 'accepted'
  | 'connecting'
  | 'connected'
  | 'connect-failed'
  | 'peer-closed' // FIN received
  | 'write-shutdown'
  | 'read-shutdown'
  | 'reset' // RST received (or sent)
  | 'closed';

interface EventBase {
  seq: number;
  /** Monotonic microseconds since the engine started. */
  t: number;
  /** Engine socket id (not the fd), or null for module-level calls. */
  socket: number | null;
}

export interface CallEvent extends EventBase {
  kind: 'call';
  phase: 'start' | 'end';
  /** The Python statement fragment, e.g. "conn.recv(1024)". */
  call: string;
  method: string;
  ok?: boolean;
  /** repr() of the result, shortened for large values. */
  result?: string;
  error?: PyErrorData;
  /** Set on 'end': microseconds the call took. */
  elapsed?: number;
}

export interface StateEvent extends EventBase {
  kind: 'state';
  state: SocketState;
  detail?: string;
  /** For 'queued' and 'accepted': the listener's id. */
  listener?: number;
}

export interface DataEvent extends EventBase {
  kind: 'data';
  /** 'out': handed to the kernel by a send; 'in': arrived in the socket's receive buffer. */
  direction: 'out' | 'in';
  size: number;
  /** The exact bytes, unless retention was exhausted (then `dropped` is true). */
  payload?: Uint8Array;
  dropped?: boolean;
  /** Datagrams: the other end's address, as Python would show it. */
  peer?: string;
  /** Datagrams that the receive buffer had no room for and the kernel would have dropped. */
  discarded?: boolean;
}

export type EngineEvent = CallEvent | StateEvent | DataEvent;
type WithoutBase<E> = E extends EngineEvent ? Omit<E, 'seq' | 't'> : never;
export type NewEvent = WithoutBase<EngineEvent>;

export interface LogTotals {
  events: number;
  bytesOut: number;
  bytesIn: number;
  retainedPayloadBytes: number;
  droppedPayloadBytes: number;
  droppedPayloadEvents: number;
}

export class EventLog {
  private readonly events: EngineEvent[] = [];
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly origin = performance.now();
  private seq = 0;
  readonly totals: LogTotals = {
    events: 0,
    bytesOut: 0,
    bytesIn: 0,
    retainedPayloadBytes: 0,
    droppedPayloadBytes: 0,
    droppedPayloadEvents: 0,
  };

  constructor(readonly retainPayloadBytes = DEFAULT_RETAINED_PAYLOAD_BYTES) {}

  now(): number {
    return Math.round((performance.now() - this.origin) * 1000);
  }

  emit(e: NewEvent): EngineEvent {
    // Stamped in place: the caller's object literal becomes the event (no copy on the hot path).
    const event = e as EngineEvent;
    event.seq = ++this.seq;
    event.t = this.now();
    this.events.push(event);
    this.totals.events++;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A broken subscriber must not break the socket that emitted the event.
      }
    }
    return event;
  }

  /**
   * Records bytes moved. The payload is kept while the retention budget lasts;
   * past it the event keeps its size and is marked `dropped`.
   */
  data(socket: number, direction: 'in' | 'out', payload: Uint8Array, peer?: string, discarded?: boolean): EngineEvent {
    const size = payload.length;
    const t = this.totals;
    if (direction === 'out') t.bytesOut += size;
    else t.bytesIn += size;
    const keep = t.retainedPayloadBytes + size <= this.retainPayloadBytes;
    if (keep) t.retainedPayloadBytes += size;
    else {
      t.droppedPayloadBytes += size;
      t.droppedPayloadEvents++;
    }
    const e: NewEvent = keep ? { kind: 'data', socket, direction, size, payload } : { kind: 'data', socket, direction, size, dropped: true };
    if (peer !== undefined) e.peer = peer;
    if (discarded) e.discarded = true;
    return this.emit(e);
  }

  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get length(): number {
    return this.events.length;
  }

  /** Events with seq in [fromSeq, fromSeq + count). Sequence numbers start at 1. */
  window(fromSeq: number, count: number): EngineEvent[] {
    const start = Math.max(0, fromSeq - 1);
    return this.events.slice(start, start + count);
  }

  all(): readonly EngineEvent[] {
    return this.events;
  }
}
