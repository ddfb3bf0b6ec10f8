// The traffic log seen through a filter: the events of some sockets, kinds and
// directions, or those whose text or bytes contain what the user searched for.
// The log stays the single source of truth; a filter keeps only the indexes of
// its matches, extended as the log grows, so a view of a million events costs
// four bytes per match and a window of it is built on demand.
import { CLASS_CALL, CLASS_DATA, CLASS_STATE, DIR_IN, DIR_OUT, type EngineEvent } from './events';
import { encode } from '../../shared/script/codecs';

/** What a query reads: the engine's EventLog, or a log imported from a file. */
export interface QueryableLog {
  readonly length: number;
  window(fromSeq: number, count: number): EngineEvent[];
  at(i: number): EngineEvent;
  /** See EventLog.classify(). */
  classify(i: number): number;
}

export type EventClass = 'call' | 'state' | 'data';
export type Direction = 'in' | 'out';

export interface LogFilter {
  /** Events before this seq are not shown (the view was cleared there). */
  fromSeq?: number;
  sockets?: number[];
  kinds?: EventClass[];
  directions?: Direction[];
  /** Text in a call, its result or error, a state's detail, or a payload (as UTF-8 or GBK). */
  text?: string;
  /** Bytes in a payload, as hex digits (spaces allowed). */
  hex?: string;
}

export interface LogPage {
  /** Events in the log. */
  total: number;
  /** Events that match, among those scanned so far. */
  matched: number;
  /** False while the filter has not looked at every event yet (ask again). */
  complete: boolean;
  /** Index among the matches of the first event returned. */
  offset: number;
  events: EngineEvent[];
}

/** Time one query may spend scanning for a new filter before it answers with what it has: keeps the host responsive. */
const SCAN_BUDGET_MS = 25;
/** Events scanned between two looks at the clock. */
const SCAN_SLICE = 4096;
/** Filters kept with their matches (the views open at once, and the ones just left). */
const MAX_CACHED_FILTERS = 8;
const CLASS_OF: Record<EventClass, number> = { call: CLASS_CALL, state: CLASS_STATE, data: CLASS_DATA };
const DIR_OF: Record<Direction, number> = { out: DIR_OUT, in: DIR_IN };

/** A malformed filter (a bad hex string): the message says what is wrong. */
export class FilterError extends Error {}

export function parseHex(hex: string): Uint8Array {
  const digits = hex.replace(/\s+/g, '');
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) throw new FilterError(`'${bad[0]}' is not a hex digit`);
  if (digits.length % 2) throw new FilterError(`an odd number of hex digits (${digits.length})`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return out;
}

class Matcher {
  private readonly kinds: number;
  private readonly dirs: number;
  private readonly sockets: Set<number> | null;
  private readonly fromIndex: number;
  /** Byte strings a payload may contain to match (the text in UTF-8 and GBK, or the hex bytes). */
  private readonly needles: Buffer[] = [];
  private readonly text: string | null;

  constructor(f: LogFilter) {
    this.kinds = f.kinds?.length ? f.kinds.reduce((m, k) => m | (1 << CLASS_OF[k]), 0) : -1;
    this.dirs = f.directions?.length ? f.directions.reduce((m, d) => m | (1 << DIR_OF[d]), 0) : -1;
    this.sockets = f.sockets?.length ? new Set(f.sockets) : null;
    this.fromIndex = Math.max(0, (f.fromSeq ?? 1) - 1);
    this.text = f.text ? f.text.toLowerCase() : null;
    if (f.hex) {
      const bytes = parseHex(f.hex);
      if (bytes.length) this.needles.push(Buffer.from(bytes));
    } else if (f.text) {
      const utf8 = Buffer.from(f.text, 'utf8');
      this.needles.push(utf8);
      try {
        const gbk = Buffer.from(encode(f.text, 'gbk'));
        if (!gbk.equals(utf8)) this.needles.push(gbk);
      } catch {
        // Not encodable in GBK: UTF-8 only.
      }
    }
  }

  get needsEvent(): boolean {
    return this.text !== null || this.needles.length > 0;
  }

  get start(): number {
    return this.fromIndex;
  }

  /** The cheap part: kind, direction and socket from the packed classification. */
  passes(cls: number): boolean {
    const kind = cls & 3;
    if (!(this.kinds & (1 << kind))) return false;
    if (this.dirs !== -1 && (kind !== CLASS_DATA || !(this.dirs & (1 << ((cls >> 2) & 3))))) return false;
    return this.sockets === null || this.sockets.has((cls >> 4) - 1);
  }

  /** The search, on the built event. */
  matches(e: EngineEvent): boolean {
    if (e.kind === 'data') {
      if (!e.payload) return false;
      const payload = Buffer.from(e.payload.buffer, e.payload.byteOffset, e.payload.byteLength);
      return this.needles.some((n) => payload.indexOf(n) !== -1);
    }
    if (this.text === null) return false; // a hex search looks at payloads only
    if (e.kind === 'call') {
      const hay = `${e.call} ${e.result ?? ''} ${e.error ? `${e.error.type}: ${e.error.message}` : ''}`;
      return hay.toLowerCase().includes(this.text);
    }
    return `${e.state} ${e.detail ?? ''}`.toLowerCase().includes(this.text);
  }
}

interface FilterState {
  matcher: Matcher;
  /** Indexes of the matches so far, in order. */
  hits: Int32Array;
  count: number;
  /** Events looked at so far. */
  scanned: number;
}

function normalize(f: LogFilter): string {
  const sorted = <T>(xs: T[] | undefined) => (xs && xs.length ? [...xs].sort() : undefined);
  return JSON.stringify({
    fromSeq: f.fromSeq && f.fromSeq > 1 ? f.fromSeq : undefined,
    sockets: sorted(f.sockets),
    kinds: f.kinds && f.kinds.length < 3 ? sorted(f.kinds) : undefined,
    directions: f.directions && f.directions.length < 2 ? sorted(f.directions) : undefined,
    text: f.text || undefined,
    hex: f.hex ? f.hex.replace(/\s+/g, '').toLowerCase() || undefined : undefined,
  });
}

export class LogQuery {
  private readonly cache = new Map<string, FilterState>();

  constructor(private readonly log: QueryableLog) {}

  /**
   * A page of the filtered log: `count` matches from `offset`, or the last
   * `count` when `tail` is set (a view that follows the end).
   */
  page(filter: LogFilter, offset: number, count: number, tail = false): LogPage {
    const key = normalize(filter);
    const total = this.log.length;
    if (key === '{}') {
      // No filter: the matches are the log itself.
      const from = tail ? Math.max(0, total - count) : Math.min(offset, total);
      return { total, matched: total, complete: true, offset: from, events: this.log.window(from + 1, count) };
    }
    const state = this.stateFor(key, filter);
    this.scan(state);
    const from = tail ? Math.max(0, state.count - count) : Math.min(offset, state.count);
    const end = Math.min(state.count, from + count);
    const events: EngineEvent[] = [];
    for (let k = from; k < end; k++) events.push(this.log.at(state.hits[k]));
    return { total, matched: state.count, complete: state.scanned >= this.log.length, offset: from, events };
  }

  private stateFor(key: string, filter: LogFilter): FilterState {
    let state = this.cache.get(key);
    if (state) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, state);
      return state;
    }
    const matcher = new Matcher(filter);
    state = { matcher, hits: new Int32Array(1024), count: 0, scanned: matcher.start };
    this.cache.set(key, state);
    if (this.cache.size > MAX_CACHED_FILTERS) this.cache.delete(this.cache.keys().next().value!);
    return state;
  }

  private scan(state: FilterState): void {
    const log = this.log;
    const { matcher } = state;
    const deadline = performance.now() + SCAN_BUDGET_MS;
    const end = log.length;
    let i = state.scanned;
    while (i < end) {
      const sliceEnd = Math.min(end, i + SCAN_SLICE);
      for (; i < sliceEnd; i++) {
        if (!matcher.passes(log.classify(i))) continue;
        if (matcher.needsEvent && !matcher.matches(log.at(i))) continue;
        if (state.count === state.hits.length) {
          const bigger = new Int32Array(state.hits.length * 2);
          bigger.set(state.hits);
          state.hits = bigger;
        }
        state.hits[state.count++] = i;
      }
      if (performance.now() > deadline) break;
    }
    state.scanned = i;
  }
}
