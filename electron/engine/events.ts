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
  /** Set on the successful end of recv() and recvfrom(): how many bytes the call returned (the stream view marks recv boundaries with it). */
  received?: number;
}

export interface StateEvent extends EventBase {
  kind: 'state';
  state: SocketState;
  detail?: string;
  /** For 'queued' and 'accepted': the listener's id. */
  listener?: number;
  /** The socket's own address once known, as Python shows it (formatAddr): ('127.0.0.1', 5000), a path. */
  local?: string;
  /** The other end's address once known (connecting, connected, queued...), as Python shows it. */
  remote?: string;
  /** For 'created': the address family and socket type, as numbers (AF_INET 2, SOCK_STREAM 1...). */
  family?: number;
  type?: number;
  /** This side ended its connection with RST, not FIN (closed with unread data, data after SHUT_RDWR). */
  resetSent?: boolean;
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

/** How each recorded event is stored (see EventLog). */
const REC_OBJECT = 0;
const REC_CALL_START = 1;
const REC_CALL_OK = 2;
const REC_CALL_FAILED = 3;
const REC_DATA_OUT = 4;
const REC_DATA_IN = 5;
/** classify(): event kinds and data directions. */
export const CLASS_CALL = 1;
export const CLASS_STATE = 2;
export const CLASS_DATA = 3;
export const DIR_OUT = 1;
export const DIR_IN = 2;
/** Records the log makes room for at first; it doubles as needed. */
const INITIAL_RECORDS = 1024;
/** UTF-16 code units of call text the log makes room for at first; it doubles as needed. */
const INITIAL_TEXT_UNITS = 64 * 1024;
/** Code units per String.fromCharCode call when a text is read back (far below the engine's argument limit). */
const DECODE_CHUNK = 4096;
/** Slots of the cache of recent texts (a power of two): one per text length modulo this. */
const TEXT_CACHE_SLOTS = 64;
/** Stands for a null socket (module-level calls) in the socket column. */
const NO_SOCKET = -1;
/** In the payload column of an 'in' record: the bytes are the sending socket's, already kept (see streamIn()). */
const SHARED_PAYLOAD = -2;
/** Records an out stream makes room for at first; it doubles as needed. */
const INITIAL_STREAM_RECORDS = 64;
const NO_RECORDS = new Int32Array(0);

/**
 * What one stream socket sent, as the log holds it: its 'out' records in order,
 * and where the next one starts in the byte stream. An engine socket that
 * receives from this one points into it instead of keeping a second copy of the
 * same bytes (see EventLog.streamIn()).
 */
export class OutStream {
  /** Indices of the socket's 'out' records, in order (room is made at the first: many connections never send). */
  records = NO_RECORDS;
  count = 0;
  /** Bytes logged so far: the stream offset of the next record's first byte. */
  total = 0;
  constructor(/** Its place in the log's list of streams. */ readonly id: number) {}

  push(record: number): void {
    if (this.count === this.records.length) {
      const bigger = new Int32Array(Math.max(INITIAL_STREAM_RECORDS, this.count * 2));
      bigger.set(this.records);
      this.records = bigger;
    }
    this.records[this.count++] = record;
  }
}

type Listener = (e: EngineEvent) => void;

/**
 * Method names by number, for every log of the process: a bounded set (the socket
 * module's functions and methods). Shared so that a new log finds the names it
 * needs already known: a first sighting in each new session took a branch that
 * the code V8 had compiled for the previous session never took, and threw it away.
 */
const METHOD_IDS = new Map<string, number>();
const METHOD_NAMES: string[] = [];

/**
 * Hands the event being published to one listener. One function for every log
 * (forEach() gets the log as `this`): an arrow made per log was a new function in
 * each session, and the code compiled for publishing in one session was thrown
 * away in the next.
 */
function deliver(this: EventLog, listener: Listener): void {
  try {
    listener(this.delivering!);
  } catch {
    // A broken subscriber must not break the socket that emitted the event.
  }
}

/**
 * An empty array made to hold objects (strings, buffers...) from the start. A new
 * `[]` holds small integers until its first push changes that, and code V8
 * compiled for the arrays of an earlier log or socket (already past the change)
 * is thrown away the first time it meets such an array: every new session did
 * that to the hot path again.
 */
export function objectArray<T>(): T[] {
  const a = [undefined] as unknown as T[];
  a.pop();
  return a;
}

/**
 * The log. Calls and stream data, the events of the hot path, are kept in typed
 * arrays, their texts in one UTF-16 buffer: a few bytes each outside the
 * JavaScript heap, where keeping every event as objects (about 1 KB of objects
 * per 64 KiB moved) made the garbage collector copy and mark the whole log over
 * and over. window() and all() rebuild those events, equal field by field and in
 * the same key order as the objects the listeners got. Other events (state
 * changes, datagrams) are kept as the objects they are.
 */
export class EventLog {
  private count = 0;
  private kinds = new Uint8Array(INITIAL_RECORDS);
  private times = new Float64Array(INITIAL_RECORDS);
  private sockets = new Int32Array(INITIAL_RECORDS);
  /** Data: the size. Call ends: the time the call took. */
  private nums = new Float64Array(INITIAL_RECORDS);
  /** Calls: where the call text starts. Data: the kept payload in `side`, or -1. Objects: the object in `side`. */
  private refA = new Int32Array(INITIAL_RECORDS);
  /** Calls: the call text's length. */
  private lenA = new Int32Array(INITIAL_RECORDS);
  /** Successful call ends: where the result text starts. Failed ones: the error in `side`. */
  private refB = new Int32Array(INITIAL_RECORDS);
  /** Successful call ends: the result text's length. */
  private lenB = new Int32Array(INITIAL_RECORDS);
  /** Calls: the method name, as an index in METHOD_NAMES. */
  private methods = new Int32Array(INITIAL_RECORDS);
  /** Successful call ends of recv()/recvfrom(): the bytes returned, plus one (0: not such a call). */
  private received = new Int32Array(INITIAL_RECORDS);
  /** Stream data: where the record's bytes start in the sender's stream (an 'out' record's own, a shared 'in' record's peer's). */
  private offsets = new Float64Array(INITIAL_RECORDS);
  /** Every out stream of this log, by id (shared 'in' records name theirs in refB). */
  private readonly streams: OutStream[] = objectArray();
  private text = new Uint16Array(INITIAL_TEXT_UNITS);
  private textUsed = 0;
  /** Texts recently put in the text buffer, by length (see putText()), and where they start. */
  private readonly recentTexts: string[] = new Array<string>(TEXT_CACHE_SLOTS).fill('');
  private readonly recentStarts = new Int32Array(TEXT_CACHE_SLOTS);
  /** Objects the records point to: events kept whole, errors, payloads. */
  private readonly side: unknown[] = objectArray();
  private readonly listeners = new Set<Listener>();
  /** The event being handed to the listeners (see deliver()). */
  delivering: EngineEvent | null = null;
  private readonly origin = performance.now();
  /** Wall-clock time (ms since the epoch) at which `t` is 0: absolute times are clockStartMs + t / 1000. */
  readonly clockStartMs = Date.now();
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

  /** Records any event, kept as the object it is. */
  emit(e: NewEvent): EngineEvent {
    // Stamped in place: the caller's object literal becomes the event (no copy).
    const event = e as EngineEvent;
    const i = this.record(REC_OBJECT, this.now(), NO_SOCKET);
    event.seq = i + 1;
    event.t = this.times[i];
    this.refA[i] = this.side.push(event) - 1;
    this.publish(event);
    return event;
  }

  /** Records a call's start at `t` (just read from now()); returns its seq, which its end refers to. */
  callStart(socket: number | null, method: string, call: string, t: number): number {
    const i = this.record(REC_CALL_START, t, socket ?? NO_SOCKET);
    this.methods[i] = this.methodId(method);
    this.refA[i] = this.putText(call);
    this.lenA[i] = call.length;
    if (this.listeners.size) this.publish({ kind: 'call', phase: 'start', socket, method, call, seq: i + 1, t });
    return i + 1;
  }

  /**
   * Records the successful end, at `t`, of the call that started as `startSeq`;
   * socket, method and call text are its start's (`call` is that text, so that
   * listeners get it without reading it back).
   */
  callOk(startSeq: number, call: string, result: string, elapsed: number, t: number, received?: number): void {
    const i = this.callEnd(REC_CALL_OK, startSeq, elapsed, t);
    this.refB[i] = this.putText(result);
    this.lenB[i] = result.length;
    this.received[i] = received === undefined ? 0 : received + 1;
    if (this.listeners.size) {
      const socket = this.socketAt(i);
      const method = METHOD_NAMES[this.methods[i]];
      const e: CallEvent = { kind: 'call', phase: 'end', socket, method, call, ok: true, result, elapsed, seq: i + 1, t };
      if (received !== undefined) e.received = received;
      this.publish(e);
    }
  }

  /** Records the end with an exception, at `t`, of the call that started as `startSeq` (see callOk()). */
  callFailed(startSeq: number, call: string, error: PyErrorData, elapsed: number, t: number): void {
    const i = this.callEnd(REC_CALL_FAILED, startSeq, elapsed, t);
    this.refB[i] = this.side.push(error) - 1;
    if (this.listeners.size) {
      const socket = this.socketAt(i);
      const method = METHOD_NAMES[this.methods[i]];
      this.publish({ kind: 'call', phase: 'end', socket, method, call, ok: false, error, elapsed, seq: i + 1, t });
    }
  }

  /**
   * Records bytes moved. The payload is kept while the retention budget lasts;
   * past it the event keeps its size and is marked `dropped`.
   */
  data(socket: number, direction: 'in' | 'out', payload: Uint8Array, peer?: string, discarded?: boolean): void {
    const size = payload.length;
    const keep = this.account(direction, size);
    if (peer !== undefined || discarded) {
      // Datagrams: kept whole.
      const e: NewEvent = keep ? { kind: 'data', socket, direction, size, payload } : { kind: 'data', socket, direction, size, dropped: true };
      if (peer !== undefined) e.peer = peer;
      if (discarded) e.discarded = true;
      this.emit(e);
      return;
    }
    // The payload itself is kept (no copy): bytes handed to send() and chunks Node read are never changed.
    this.chunk(socket, direction, payload, keep, keep ? this.side.push(payload) - 1 : -1);
  }

  /** A new out stream, for a stream socket's sent bytes (see streamOut()). */
  openStream(): OutStream {
    const stream = new OutStream(this.streams.length);
    this.streams.push(stream);
    return stream;
  }

  /** data() for bytes a stream socket hands to the kernel: recorded in its out stream as well. */
  streamOut(socket: number, stream: OutStream, payload: Uint8Array): void {
    const keep = this.account('out', payload.length);
    const i = this.chunk(socket, 'out', payload, keep, keep ? this.side.push(payload) - 1 : -1);
    this.offsets[i] = stream.total;
    stream.total += payload.length;
    stream.push(i);
  }

  /**
   * data() for bytes that reached a stream socket. When they came from another
   * engine socket (`from`, whose stream they continue at `offset`) and the log
   * kept what that socket sent, the record points there: the same bytes are not
   * held twice (a transfer between two engine sockets held every chunk Node
   * read, which made each read land in fresh memory). What is kept and what is
   * counted against the retention budget are the same as with data().
   */
  streamIn(socket: number, payload: Uint8Array, from: OutStream | null, offset: number): void {
    const keep = this.account('in', payload.length);
    const shared = keep && from !== null && this.sentAs(from, offset, payload);
    const i = this.chunk(socket, 'in', payload, keep, shared ? SHARED_PAYLOAD : keep ? this.side.push(payload) - 1 : -1);
    if (shared) {
      this.offsets[i] = offset;
      this.refB[i] = from.id;
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get length(): number {
    return this.count;
  }

  /** Events with seq in [fromSeq, fromSeq + count). Sequence numbers start at 1. */
  window(fromSeq: number, count: number): EngineEvent[] {
    const start = Math.max(0, fromSeq - 1);
    const end = Math.min(this.count, start + Math.max(0, count));
    const out: EngineEvent[] = [];
    for (let i = start; i < end; i++) out.push(this.rebuild(i));
    return out;
  }

  /** Every event so far, in order (a new array each time). */
  all(): readonly EngineEvent[] {
    return this.window(1, this.count);
  }

  /** The event at index i (its seq is i + 1), built as it was emitted. */
  at(i: number): EngineEvent {
    if (i < 0 || i >= this.count) throw new RangeError(`no event at index ${i}`);
    return this.rebuild(i);
  }

  /**
   * What filters look at, for event i, without building it: the kind (CLASS_CALL,
   * CLASS_STATE or CLASS_DATA), the direction of data (DIR_OUT, DIR_IN, else 0)
   * and the socket id + 1 (0 for none), packed as kind | direction << 2 | (socket + 1) << 4.
   */
  classify(i: number): number {
    const kind = this.kinds[i];
    let socket = this.sockets[i];
    let cls: number;
    let dir = 0;
    if (kind === REC_OBJECT) {
      const e = this.side[this.refA[i]] as EngineEvent;
      socket = e.socket ?? NO_SOCKET;
      cls = e.kind === 'call' ? CLASS_CALL : e.kind === 'state' ? CLASS_STATE : CLASS_DATA;
      if (e.kind === 'data') dir = e.direction === 'out' ? DIR_OUT : DIR_IN;
    } else if (kind === REC_DATA_OUT || kind === REC_DATA_IN) {
      cls = CLASS_DATA;
      dir = kind === REC_DATA_OUT ? DIR_OUT : DIR_IN;
    } else cls = CLASS_CALL;
    return cls | (dir << 2) | ((socket + 1) << 4);
  }

  /** Counts bytes moved; says whether the budget lets their payload be kept. */
  private account(direction: 'in' | 'out', size: number): boolean {
    const t = this.totals;
    if (direction === 'out') t.bytesOut += size;
    else t.bytesIn += size;
    const keep = t.retainedPayloadBytes + size <= this.retainPayloadBytes;
    if (keep) t.retainedPayloadBytes += size;
    else {
      t.droppedPayloadBytes += size;
      t.droppedPayloadEvents++;
    }
    return keep;
  }

  /** Records stream data, with `ref` in the payload column; publishes it. Returns its index. */
  private chunk(socket: number, direction: 'in' | 'out', payload: Uint8Array, keep: boolean, ref: number): number {
    const size = payload.length;
    const now = this.now();
    const i = this.record(direction === 'out' ? REC_DATA_OUT : REC_DATA_IN, now, socket);
    this.nums[i] = size;
    this.refA[i] = ref;
    if (this.listeners.size) {
      // As rebuild() makes it, field for field.
      const seq = i + 1;
      this.publish(keep ? { kind: 'data', socket, direction, size, payload, seq, t: now } : { kind: 'data', socket, direction, size, dropped: true, seq, t: now });
    }
    return i;
  }

  /**
   * Whether `payload` is what `stream` sent from `offset` on, as far as the log
   * can tell without comparing every byte: the stream has sent that far, every
   * record over the range kept its payload, and the first and last bytes agree.
   */
  private sentAs(stream: OutStream, offset: number, payload: Uint8Array): boolean {
    const end = offset + payload.length;
    if (payload.length === 0 || end > stream.total) return false;
    const k = this.recordAt(stream, offset);
    let last = k;
    for (let j = k; j < stream.count && this.offsets[stream.records[j]] < end; j++) {
      if (this.refA[stream.records[j]] < 0) return false;
      last = j;
    }
    return this.byteIn(stream, k, offset) === payload[0] && this.byteIn(stream, last, end - 1) === payload[payload.length - 1];
  }

  /** Which of a stream's records (an index in its list) holds the byte at `offset`. */
  private recordAt(stream: OutStream, offset: number): number {
    const records = stream.records;
    // Bytes arrive soon after they are sent: most often the last record is the one.
    let hi = stream.count - 1;
    if (this.offsets[records[hi]] <= offset) return hi;
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[records[mid]] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private byteIn(stream: OutStream, k: number, offset: number): number {
    const r = stream.records[k];
    return (this.side[this.refA[r]] as Uint8Array)[offset - this.offsets[r]];
  }

  /** The payload of a shared 'in' record: a view of the sender's bytes, or a copy where they span records. */
  private sharedPayload(i: number): Uint8Array {
    const stream = this.streams[this.refB[i]];
    const offset = this.offsets[i];
    const size = this.nums[i];
    let k = this.recordAt(stream, offset);
    let r = stream.records[k];
    let bytes = this.side[this.refA[r]] as Uint8Array;
    let from = offset - this.offsets[r];
    // As Node hands chunks to the 'data' handler: a Buffer.
    if (bytes.length - from >= size) return Buffer.from(bytes.buffer, bytes.byteOffset + from, size);
    const out = Buffer.allocUnsafe(size);
    let filled = 0;
    for (;;) {
      const n = Math.min(bytes.length - from, size - filled);
      out.set(bytes.subarray(from, from + n), filled);
      filled += n;
      if (filled === size) return out;
      r = stream.records[++k];
      bytes = this.side[this.refA[r]] as Uint8Array;
      from = 0;
    }
  }

  /** Takes the next record: the seq is its index + 1. */
  private record(kind: number, t: number, socket: number): number {
    const i = this.count;
    if (i === this.kinds.length) this.growRecords();
    this.count++;
    this.totals.events++;
    this.kinds[i] = kind;
    this.times[i] = t;
    this.sockets[i] = socket;
    return i;
  }

  private callEnd(kind: number, startSeq: number, elapsed: number, t: number): number {
    const s = startSeq - 1;
    const i = this.record(kind, t, this.sockets[s]);
    // The call text is the start's: kept once.
    this.methods[i] = this.methods[s];
    this.refA[i] = this.refA[s];
    this.lenA[i] = this.lenA[s];
    this.nums[i] = elapsed;
    return i;
  }

  private publish(event: EngineEvent): void {
    if (!this.listeners.size) return;
    // forEach, as for...of would allocate an iterator per event; nested emits keep their own event.
    const outer = this.delivering;
    this.delivering = event;
    this.listeners.forEach(deliver, this);
    this.delivering = outer;
  }

  /** The event recorded at index i, built as it was emitted. */
  private rebuild(i: number): EngineEvent {
    const kind = this.kinds[i];
    const seq = i + 1;
    const t = this.times[i];
    if (kind === REC_OBJECT) return this.side[this.refA[i]] as EngineEvent;
    const socket = this.socketAt(i);
    if (kind === REC_DATA_OUT || kind === REC_DATA_IN) {
      const direction = kind === REC_DATA_OUT ? 'out' : 'in';
      const size = this.nums[i];
      const p = this.refA[i];
      if (p === SHARED_PAYLOAD) return { kind: 'data', socket, direction, size, payload: this.sharedPayload(i), seq, t };
      return p >= 0 ? { kind: 'data', socket, direction, size, payload: this.side[p] as Uint8Array, seq, t } : { kind: 'data', socket, direction, size, dropped: true, seq, t };
    }
    const method = METHOD_NAMES[this.methods[i]];
    const call = this.getText(this.refA[i], this.lenA[i]);
    if (kind === REC_CALL_START) return { kind: 'call', phase: 'start', socket, method, call, seq, t };
    const elapsed = this.nums[i];
    if (kind === REC_CALL_OK) {
      const e: CallEvent = { kind: 'call', phase: 'end', socket, method, call, ok: true, result: this.getText(this.refB[i], this.lenB[i]), elapsed, seq, t };
      if (this.received[i] !== 0) e.received = this.received[i] - 1;
      return e;
    }
    return { kind: 'call', phase: 'end', socket, method, call, ok: false, error: this.side[this.refB[i]] as PyErrorData, elapsed, seq, t };
  }

  private socketAt(i: number): number | null {
    const s = this.sockets[i];
    return s === NO_SOCKET ? null : s;
  }

  private methodId(method: string): number {
    let id = METHOD_IDS.get(method);
    if (id === undefined) {
      id = METHOD_NAMES.push(method) - 1;
      METHOD_IDS.set(method, id);
    }
    return id;
  }

  /**
   * Copies a text into the text buffer; returns where it starts. A text equal to
   * one recently put there of the same length (calls repeat: recv(65536) after
   * recv(65536)) is kept once and shared.
   */
  private putText(s: string): number {
    const n = s.length;
    const slot = n & (TEXT_CACHE_SLOTS - 1);
    if (this.recentTexts[slot] === s) return this.recentStarts[slot];
    const start = this.textUsed;
    if (start + n > this.text.length) {
      const bigger = new Uint16Array(Math.max(this.text.length * 2, start + n));
      bigger.set(this.text.subarray(0, start));
      this.text = bigger;
    }
    const text = this.text;
    for (let k = 0; k < n; k++) text[start + k] = s.charCodeAt(k);
    this.textUsed = start + n;
    this.recentTexts[slot] = s;
    this.recentStarts[slot] = start;
    return start;
  }

  private getText(start: number, length: number): string {
    let s = '';
    for (let k = start; k < start + length; k += DECODE_CHUNK) {
      const units = this.text.subarray(k, Math.min(k + DECODE_CHUNK, start + length));
      s += String.fromCharCode.apply(null, units as unknown as number[]);
    }
    return s;
  }

  private growRecords(): void {
    const n = this.kinds.length * 2;
    const grow = <A extends Uint8Array | Int32Array | Float64Array>(a: A, make: (n: number) => A): A => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.kinds = grow(this.kinds, (k) => new Uint8Array(k));
    this.times = grow(this.times, (k) => new Float64Array(k));
    this.sockets = grow(this.sockets, (k) => new Int32Array(k));
    this.nums = grow(this.nums, (k) => new Float64Array(k));
    this.refA = grow(this.refA, (k) => new Int32Array(k));
    this.lenA = grow(this.lenA, (k) => new Int32Array(k));
    this.refB = grow(this.refB, (k) => new Int32Array(k));
    this.lenB = grow(this.lenB, (k) => new Int32Array(k));
    this.methods = grow(this.methods, (k) => new Int32Array(k));
    this.received = grow(this.received, (k) => new Int32Array(k));
    this.offsets = grow(this.offsets, (k) => new Float64Array(k));
  }
}
