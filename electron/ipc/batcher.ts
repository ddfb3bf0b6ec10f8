// Engine events to one subscriber (a window, a WebSocket), in batches of about
// one per animation frame. A flood must neither freeze the UI nor grow memory
// without bound: past HIGH_WATER_EVENTS queued events the subscriber is sent a
// `skipped` marker for what follows instead of the events themselves (they stay
// in the engine's log, readable with logWindow), until the queue has drained
// below LOW_WATER_EVENTS. Nothing is ever left out without such a marker.
import type { EngineEvent, EventLog } from '../engine/events';
import type { BatchEntry, ServerEvent } from '../../shared/contract';
import { inlineBytes, toWire } from './wire';

/** One batch per animation frame at 60 Hz: more often buys the UI nothing. */
export const FRAME_MS = 16;
/** Events per batch: 2000 × 60 fps = 120k events/s, above the 100k/s the UI must keep up with. */
export const MAX_BATCH_EVENTS = 4000;
/**
 * socketsChanged at most this often: each makes the page re-read and redraw the
 * socket list, and a flood of calls would have it do so every frame.
 */
export const SOCKETS_CHANGED_MIN_MS = 100;
/** Inline payload bytes per batch: keeps one frame's JSON (base64) around a third of a megabyte. */
export const MAX_BATCH_PAYLOAD_BYTES = 256 * 1024;
/** Queued events at which a subscriber starts being sent `skipped` markers: ~10 full frames behind. */
export const HIGH_WATER_EVENTS = 20_000;
/** Queued events below which it gets events again: hysteresis, so it does not flap at the mark. */
export const LOW_WATER_EVENTS = 5_000;

export interface EventSink {
  send(message: ServerEvent): void;
  /** False while the transport still holds too much unsent data: the batch waits a frame. */
  ready(): boolean;
}

export interface BatcherLimits {
  frameMs: number;
  maxBatchEvents: number;
  maxBatchPayloadBytes: number;
  highWater: number;
  lowWater: number;
}

export const DEFAULT_LIMITS: BatcherLimits = {
  frameMs: FRAME_MS,
  maxBatchEvents: MAX_BATCH_EVENTS,
  maxBatchPayloadBytes: MAX_BATCH_PAYLOAD_BYTES,
  highWater: HIGH_WATER_EVENTS,
  lowWater: LOW_WATER_EVENTS,
};

type Skipped = Extract<BatchEntry, { kind: 'skipped' }>;
type Queued = EngineEvent | Skipped;

export class Batcher {
  private queue: Queued[] = [];
  private head = 0;
  /** Set while over high water: what has not been queued since. */
  private skipping: Skipped | null = null;
  private shedding = false;
  private socketsDirty = false;
  private socketsSentAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;
  /** Totals for tests and the benchmark. */
  readonly stats = { batches: 0, sent: 0, skipped: 0 };

  constructor(
    log: EventLog,
    private readonly sink: EventSink,
    private readonly limits: BatcherLimits = DEFAULT_LIMITS,
  ) {
    this.unsubscribe = log.subscribe((e) => this.onEvent(e));
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  dispose(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.head = 0;
  }

  /** Marks the socket list as changed (e.g. after a request) without an event. */
  touchSockets(): void {
    this.socketsDirty = true;
    this.schedule();
  }

  private onEvent(e: EngineEvent): void {
    // A call's start can leave a pending call on its socket (blocked in accept()), its end changes state.
    if (e.kind === 'state' || e.kind === 'call') this.socketsDirty = true;
    if (this.shedding) {
      const s = this.skipping;
      const bytes = e.kind === 'data' ? e.size : 0;
      if (s) {
        s.toSeq = e.seq;
        s.events++;
        s.bytes += bytes;
      } else this.skipping = { kind: 'skipped', fromSeq: e.seq, toSeq: e.seq, events: 1, bytes };
    } else {
      this.queue.push(e);
      if (this.queued >= this.limits.highWater) this.shedding = true;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.limits.frameMs);
  }

  private flush(): void {
    this.timer = null;
    if (!this.sink.ready()) {
      // The transport is behind: keep the queue (it turns to skipped markers past high water).
      if (this.queued || this.skipping || this.socketsDirty) this.schedule();
      return;
    }
    const entries: BatchEntry[] = [];
    let bytes = 0;
    const q = this.queue;
    while (this.head < q.length && entries.length < this.limits.maxBatchEvents) {
      const e = q[this.head];
      const b = e.kind === 'skipped' ? 0 : inlineBytes(e);
      if (entries.length && bytes + b > this.limits.maxBatchPayloadBytes) break;
      bytes += b;
      entries.push(e.kind === 'skipped' ? e : toWire(e));
      if (e.kind === 'skipped') this.stats.skipped += e.events;
      this.head++;
    }
    if (this.head === q.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > q.length) {
      // Drop the sent prefix now and then instead of shifting per event.
      this.queue = q.slice(this.head);
      this.head = 0;
    }
    if (this.shedding && this.queued <= this.limits.lowWater) {
      // Drained: the skipped range goes in order, after what was queued before it.
      this.shedding = false;
      if (this.skipping) this.queue.push(this.skipping);
      this.skipping = null;
    }
    if (entries.length) {
      this.stats.batches++;
      this.stats.sent += entries.length;
      this.sink.send({ event: 'batch', entries });
    }
    if (this.socketsDirty && performance.now() - this.socketsSentAt < SOCKETS_CHANGED_MIN_MS) {
      // Sent a moment ago: this one goes with a later frame.
      this.schedule();
    } else if (this.socketsDirty) {
      this.socketsDirty = false;
      this.socketsSentAt = performance.now();
      this.sink.send({ event: 'socketsChanged' });
    }
    if (this.queued || this.skipping) this.schedule();
  }
}
