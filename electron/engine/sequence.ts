// The sequence diagram's model: which lane each event of the log belongs to and
// which arrows join them. One lane per engine socket and one per outside peer (a
// python3 client, a UDP sender); arrows for the handshake, accept, data, FIN and
// RST; calls as spans on their socket's lane. Between two engine sockets a send
// and its arrival are two events (chunked differently): the arrow goes from the
// sender's 'out' to the receiver's 'in' that holds its first byte, so two sends
// read as one chunk show as two arrows meeting in one arrival.
//
// The log stays the source of truth. An index is built from it lazily, when the
// diagram asks (nothing is added to the log's hot path), and extended as the log
// grows: the addresses each socket had, its handshake, FIN and RST events, the
// byte offsets of its stream data, which datagram went to which socket, and the
// calls' start and end. A window of rows is then laid out from the index.
import { performance } from 'node:perf_hooks';
import type { EngineEvent, SocketState } from './events';

/** What the diagram reads of a log: the session's EventLog, or one opened from a file. */
export interface SequenceLog {
  readonly length: number;
  window(fromSeq: number, count: number): EngineEvent[];
  at(i: number): EngineEvent;
}

export interface SequenceParams {
  /** Rows start at this seq (the log view was cleared there). */
  fromSeq?: number;
  /** With false, calls are not rows (nor spans): only states and data. */
  calls: boolean;
  offset: number;
  count: number;
  /** The last `count` rows (a view that follows the end). */
  tail?: boolean;
}

export type LinkKind = 'connect' | 'synack' | 'accept' | 'data' | 'fin' | 'rst';
export type LaneProto = 'tcp' | 'udp' | 'unix';

export interface SequenceLane {
  /** The engine socket, or null for an outside peer. */
  socket: number | null;
  /** A socket's own address (its last known), or the outside peer's address. */
  address: string | null;
  proto: LaneProto | null;
  /** Rows where the lane's line starts and ends (null: it goes on); negative before the first row. */
  firstRow: number;
  lastRow: number | null;
  /** A connection that arrived in a listener's accept queue (its line is dashed until accept() takes it). */
  queued: boolean;
  /** The row where accept() took it (null: not taken, or not queued). */
  acceptedRow: number | null;
}

export interface SequenceItem {
  seq: number;
  t: number;
  row: number;
  /** Index in lanes; null for module-level calls (socket.create_connection...). */
  lane: number | null;
  kind: 'call' | 'state' | 'data';
  phase?: 'start' | 'end';
  call?: string;
  ok?: boolean;
  result?: string;
  error?: string;
  state?: SocketState;
  detail?: string;
  direction?: 'in' | 'out';
  size?: number;
  /** The payload's first bytes, base64 (absent when dropped). */
  head?: string;
  dropped?: boolean;
  discarded?: boolean;
}

export interface SequenceLink {
  kind: LinkKind;
  /** The event the arrow stands for: a send, a close, a connect... */
  seq: number;
  from: number;
  fromRow: number;
  to: number;
  /** Where it arrives; null while it has not (yet) arrived. */
  toRow: number | null;
  size?: number;
  head?: string;
  /** For RST on a refused connect: the errno name. */
  detail?: string;
}

export interface SequenceSpan {
  lane: number;
  /** The call's start event. */
  seq: number;
  method: string;
  startRow: number;
  /** null while the call has not returned. */
  endRow: number | null;
  ok?: boolean;
  /** Calls running at once on one socket are drawn side by side. */
  depth: number;
}

export interface SequenceWindow {
  total: number;
  rows: number;
  complete: boolean;
  offset: number;
  lanes: SequenceLane[];
  items: SequenceItem[];
  links: SequenceLink[];
  spans: SequenceSpan[];
}

/** Payload bytes each item and arrow carries for its label. */
export const HEAD_BYTES = 24;
/** Time one request may spend extending the index before it answers with what it has. */
const SCAN_BUDGET_MS = 25;
const SCAN_SLICE = 2048;
/** Calls longer than this many events are kept in a list of their own, so a window finds them fast. */
const LONG_SPAN = 64;
/** Outside peers one socket gets lanes for; datagrams from more share one lane. */
const MAX_PEERS_PER_SOCKET = 16;
const OTHER_PEERS = '…';

interface Track {
  id: number;
  family?: number;
  type?: number;
  stream: boolean;
  dgram: boolean;
  local?: string;
  remote?: string;
  listener?: number;
  listening: boolean;
  first: number;
  closed?: number;
  connecting?: number;
  queued?: number;
  accepted?: number;
  connected?: number;
  failed?: number;
  failedDetail?: string;
  fin?: number;
  rstSent?: number;
  peerClosed?: number;
  reset?: number;
  /** Paired while scanning (a queued connection and the engine socket that connected). */
  pair?: number;
  /** Stream data: seq of each send and the offset of its first byte; seq of each arrival and the offset after it. */
  outSeq: number[];
  outOff: number[];
  inSeq: number[];
  inEnd: number[];
  bytesOut: number;
  bytesIn: number;
  /** Datagrams to and from other engine sockets, by that socket: seqs in order (the n-th sent is the n-th received). */
  dgOut: Map<number, number[]>;
  dgIn: Map<number, number[]>;
  /** Addresses of outside datagram peers, in the order first seen. */
  peers: string[];
  open: { start: number; call: string; span: number }[];
}

/** Python's text for an IP address: ('127.0.0.1', 5000) or ('::1', 5000, 0, 0). */
function parseAddr(a: string): { host: string; port: number } | null {
  const m = /^\('([^']*)', (\d+)(?:, \d+, \d+)?\)$/.exec(a);
  if (!m) return null;
  const host = m[1].startsWith('::ffff:') ? m[1].slice(7) : m[1];
  return { host, port: Number(m[2]) };
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** A socket bound to `local` gets what is sent to `target` (a wildcard address gets any host's). */
export function addressMatches(local: string | undefined, target: string | undefined): boolean {
  if (local === undefined || target === undefined) return false;
  if (local === target) return local !== '';
  const l = parseAddr(local);
  const t = parseAddr(target);
  if (!l || !t || l.port !== t.port || l.port === 0) return false;
  return l.host === t.host || WILDCARD.has(l.host) || (WILDCARD.has(t.host) && (t.host === '' || /^127\.|^::1$/.test(l.host)));
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function headOf(p: Uint8Array | undefined): string | undefined {
  if (!p) return undefined;
  const h = p.subarray(0, HEAD_BYTES);
  return Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('base64');
}

export class SequenceIndex {
  private scanned = 0;
  private readonly tracks = new Map<number, Track>();
  /** Indexes (seq - 1) of the events that are not calls. */
  private noCalls: number[] = [];
  /** Calls on a socket: start seq, end seq (-1 while running), socket, method, depth. */
  private readonly spanStart: number[] = [];
  private readonly spanEnd: number[] = [];
  private readonly spanSocket: number[] = [];
  private readonly spanMethod: string[] = [];
  private readonly spanDepth: number[] = [];
  private readonly spanOk: (boolean | undefined)[] = [];
  private readonly longSpans: number[] = [];
  /** Outside addresses: first and last seq an event named them. */
  private readonly addrSeen = new Map<string, { first: number; last: number }>();
  /** dgramAt() answers, until a datagram socket's address changes. */
  private readonly dgramCache = new Map<string, Track | null>();

  constructor(private readonly log: SequenceLog) {}

  /** Extends the index over events logged since; false when the budget ran out first. */
  scan(budgetMs = SCAN_BUDGET_MS): boolean {
    const log = this.log;
    const deadline = performance.now() + budgetMs;
    const end = log.length;
    let i = this.scanned;
    while (i < end) {
      const sliceEnd = Math.min(end, i + SCAN_SLICE);
      for (; i < sliceEnd; i++) this.add(log.at(i));
      if (performance.now() > deadline) break;
    }
    this.scanned = i;
    return i >= log.length;
  }

  private track(id: number, seq: number): Track {
    let t = this.tracks.get(id);
    if (!t) {
      t = {
        id,
        stream: false,
        dgram: false,
        listening: false,
        first: seq,
        outSeq: [],
        outOff: [],
        inSeq: [],
        inEnd: [],
        bytesOut: 0,
        bytesIn: 0,
        dgOut: new Map(),
        dgIn: new Map(),
        peers: [],
        open: [],
      };
      this.tracks.set(id, t);
    }
    return t;
  }

  private seen(addr: string | undefined, seq: number): void {
    if (addr === undefined || addr === '') return;
    const s = this.addrSeen.get(addr);
    if (s) s.last = seq;
    else this.addrSeen.set(addr, { first: seq, last: seq });
  }

  private add(e: EngineEvent): void {
    const seq = e.seq;
    if (e.kind === 'call') {
      if (e.socket === null) return;
      const tr = this.track(e.socket, seq);
      if (e.phase === 'start') {
        const span = this.spanStart.push(seq) - 1;
        this.spanEnd.push(-1);
        this.spanSocket.push(e.socket);
        this.spanMethod.push(e.method);
        this.spanDepth.push(tr.open.length);
        this.spanOk.push(undefined);
        tr.open.push({ start: seq, call: e.call, span });
      } else {
        let k = tr.open.findIndex((o) => o.call === e.call);
        if (k < 0) k = 0;
        const o = tr.open[k];
        if (!o) return;
        tr.open.splice(k, 1);
        this.spanEnd[o.span] = seq;
        this.spanOk[o.span] = e.ok;
        if (seq - o.start > LONG_SPAN) this.longSpans.push(o.span);
      }
      return;
    }
    this.noCalls.push(seq - 1);
    if (e.socket === null) return;
    const tr = this.track(e.socket, seq);
    if (e.kind === 'state') {
      if (this.dgramCache.size) this.dgramCache.clear();
      if (e.local !== undefined) tr.local = e.local;
      if (e.remote !== undefined) tr.remote = e.remote;
      if (e.family !== undefined) tr.family = e.family;
      if (e.type !== undefined) {
        tr.type = e.type;
        if ((e.type & 0xf) === 1) tr.stream = true;
        if ((e.type & 0xf) === 2) tr.dgram = true;
      }
      if (e.listener !== undefined) tr.listener = e.listener;
      switch (e.state) {
        case 'listening':
          tr.listening = true;
          tr.stream = true;
          break;
        case 'connecting':
          tr.connecting ??= seq;
          tr.stream = true;
          this.seen(e.remote, seq);
          break;
        case 'queued':
          tr.queued ??= seq;
          tr.stream = true;
          this.seen(e.remote, seq);
          this.pairQueued(tr);
          break;
        case 'accepted':
          tr.accepted ??= seq;
          tr.stream = true;
          break;
        case 'connected':
          tr.connected ??= seq;
          this.seen(e.remote, seq);
          break;
        case 'connect-failed':
          tr.failed ??= seq;
          tr.failedDetail = e.detail;
          break;
        case 'peer-closed':
          tr.peerClosed ??= seq;
          this.seen(tr.remote, seq);
          break;
        case 'reset':
          if (e.resetSent && tr.rstSent === undefined && tr.reset === undefined) tr.rstSent = seq;
          else tr.reset ??= seq;
          this.seen(tr.remote, seq);
          break;
        case 'write-shutdown':
          if (this.hasConnection(tr)) tr.fin ??= seq;
          this.seen(tr.remote, seq);
          break;
        case 'closed':
          tr.closed = seq;
          if (this.hasConnection(tr) && tr.fin === undefined && tr.rstSent === undefined) {
            if (e.resetSent) tr.rstSent = seq;
            else if (tr.reset === undefined) tr.fin = seq;
          }
          this.seen(tr.remote, seq);
          break;
      }
      return;
    }
    // Data.
    if (e.peer !== undefined) {
      tr.dgram = true;
      const other = this.dgramAt(e.peer, tr.id);
      if (other) {
        const lists = e.direction === 'out' ? tr.dgOut : tr.dgIn;
        let list = lists.get(other.id);
        if (!list) lists.set(other.id, (list = []));
        list.push(seq);
      } else {
        this.seen(e.peer, seq);
        if (!tr.peers.includes(e.peer) && tr.peers.length < MAX_PEERS_PER_SOCKET) tr.peers.push(e.peer);
      }
      return;
    }
    if (tr.dgram) {
      // A connected datagram socket's send() names no peer: its peer is where it is connected.
      const other = this.dgramAt(tr.remote, tr.id);
      if (other && e.direction === 'out') {
        let list = tr.dgOut.get(other.id);
        if (!list) tr.dgOut.set(other.id, (list = []));
        list.push(seq);
      } else this.seen(tr.remote, seq);
      return;
    }
    if (e.direction === 'out') {
      tr.outSeq.push(seq);
      tr.outOff.push(tr.bytesOut);
      tr.bytesOut += e.size;
    } else {
      tr.bytesIn += e.size;
      tr.inSeq.push(seq);
      tr.inEnd.push(tr.bytesIn);
    }
    this.seen(tr.remote, seq);
  }

  private hasConnection(tr: Track): boolean {
    return tr.stream && (tr.connected !== undefined || tr.queued !== undefined) && tr.remote !== undefined;
  }

  /** A connection arrived on a listener: it is the one an engine socket asked for, if one is connecting there. */
  private pairQueued(tr: Track): void {
    const l = tr.listener === undefined ? undefined : this.tracks.get(tr.listener);
    if (!l) return;
    let best: Track | undefined;
    for (const c of this.tracks.values()) {
      if (c === tr || c.pair !== undefined || c.connecting === undefined || c.closed !== undefined) continue;
      if (!addressMatches(l.local, c.remote)) continue;
      if (c.local !== undefined && tr.remote !== undefined && c.local !== tr.remote && c.local !== '') continue;
      if (!best || c.connecting < best.connecting!) best = c;
    }
    if (best) {
      best.pair = tr.id;
      tr.pair = best.id;
    }
  }

  /** The engine datagram socket that `addr` names (alive then), if any. */
  private dgramAt(addr: string | undefined, self: number): Track | undefined {
    if (addr === undefined) return undefined;
    const key = `${self} ${addr}`;
    const cached = this.dgramCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let found: Track | undefined;
    for (const t of this.tracks.values()) {
      if (t.id === self || !t.dgram || t.closed !== undefined || !addressMatches(t.local, addr)) continue;
      // An exact address beats a wildcard.
      if (t.local === addr) {
        found = t;
        break;
      }
      found ??= t;
    }
    if (this.dgramCache.size > 4096) this.dgramCache.clear();
    this.dgramCache.set(key, found ?? null);
    return found;
  }

  /** A window of the diagram. */
  window(p: SequenceParams): SequenceWindow {
    const complete = this.scan();
    const log = this.log;
    const total = log.length;
    const origin = Math.max(0, (p.fromSeq ?? 1) - 1);
    const base = p.calls ? origin : lowerBound(this.noCalls, origin);
    const rows = p.calls ? Math.max(0, total - origin) : this.noCalls.length - base;
    const count = Math.max(0, p.count);
    const from = p.tail ? Math.max(0, rows - count) : Math.min(Math.max(0, p.offset), rows);
    const end = Math.min(rows, from + count);
    const events: EngineEvent[] = [];
    if (p.calls) events.push(...log.window(origin + from + 1, end - from));
    else for (let r = from; r < end; r++) events.push(log.at(this.noCalls[base + r]));

    const rowOf = (seq: number): number => (p.calls ? seq - 1 - origin : lowerBound(this.noCalls, seq - 1) - base);
    const layout = new Layout(this.tracks, this.addrSeen, origin, rowOf);
    const items: SequenceItem[] = [];
    for (const e of events) {
      const item = layout.item(e, rowOf(e.seq));
      if (e.socket !== null && e.kind !== 'call') this.linksOf(e, layout);
      items.push(item);
    }
    const spans: SequenceSpan[] = [];
    if (p.calls && events.length) this.spansIn(events[0].seq, events[events.length - 1].seq, layout, spans);
    return { total, rows, complete, offset: from, lanes: layout.lanes, items, links: layout.links, spans };
  }

  private spansIn(firstSeq: number, lastSeq: number, layout: Layout, out: SequenceSpan[]): void {
    const picked = new Set<number>();
    const consider = (k: number) => {
      if (picked.has(k)) return;
      const start = this.spanStart[k];
      const end = this.spanEnd[k];
      if (start > lastSeq || (end !== -1 && end < firstSeq)) return;
      const lane = layout.socketLane(this.spanSocket[k]);
      if (lane === null) return;
      picked.add(k);
      out.push({
        lane,
        seq: start,
        method: this.spanMethod[k],
        startRow: layout.rowOf(start),
        endRow: end === -1 ? null : layout.rowOf(end),
        ...(this.spanOk[k] !== undefined ? { ok: this.spanOk[k] } : {}),
        depth: this.spanDepth[k],
      });
    };
    for (let k = lowerBound(this.spanStart, firstSeq - LONG_SPAN); k < this.spanStart.length && this.spanStart[k] <= lastSeq; k++) consider(k);
    for (const k of this.longSpans) consider(k);
    for (const t of this.tracks.values()) for (const o of t.open) consider(o.span);
  }

  /** The arrows an event starts or ends. */
  private linksOf(e: EngineEvent, L: Layout): void {
    const tr = this.tracks.get(e.socket!)!;
    const me = L.socketLane(tr.id);
    if (me === null) return;
    const seq = e.seq;
    const peer = L.enginePeer(tr);
    const link = (kind: LinkKind, linkSeq: number, from: number | null, fromSeq: number, to: number | null, toSeq: number | null, extra: Partial<SequenceLink> = {}) => {
      if (from === null || to === null) return;
      L.addLink({ kind, seq: linkSeq, from, fromRow: L.rowOf(fromSeq), to, toRow: toSeq === null ? null : L.rowOf(toSeq), ...extra });
    };
    if (e.kind === 'state') {
      switch (e.state) {
        case 'connecting': {
          if (!tr.stream) return;
          if (peer?.queued !== undefined) link('connect', seq, me, seq, L.socketLane(peer.listener), peer.queued);
          else {
            const target = L.listenerAt(tr.remote);
            if (target) link('connect', seq, me, seq, L.socketLane(target.id), null);
            else link('connect', seq, me, seq, L.peerLane(tr, tr.remote), seq);
          }
          return;
        }
        case 'queued': {
          const listener = L.socketLane(tr.listener);
          if (peer?.connecting !== undefined) link('connect', peer.connecting, L.socketLane(peer.id), peer.connecting, listener, seq);
          else link('connect', seq, L.peerLane(tr, tr.remote), seq, listener, seq);
          return;
        }
        case 'accepted':
          link('accept', seq, L.socketLane(tr.listener), seq, me, seq);
          return;
        case 'connected': {
          if (tr.connecting === undefined) return; // a datagram socket's connect() sends nothing
          if (peer?.queued !== undefined) link('synack', seq, L.socketLane(peer.listener), peer.queued, me, seq);
          else if (!peer) link('synack', seq, L.peerLane(tr, tr.remote), seq, me, seq);
          return;
        }
        case 'connect-failed': {
          if (e.detail !== 'ECONNREFUSED') return;
          const target = L.socketAt(tr.remote);
          link('rst', seq, target ? L.socketLane(target.id) : L.peerLane(tr, tr.remote), seq, me, seq, { detail: e.detail });
          return;
        }
      }
      if (seq === tr.fin || seq === tr.rstSent) {
        const kind = seq === tr.fin ? 'fin' : 'rst';
        if (peer) link(kind, seq, me, seq, L.socketLane(peer.id), kind === 'fin' ? after(peer.peerClosed, seq) : after(peer.reset, seq));
        else link(kind, seq, me, seq, L.peerLane(tr, tr.remote), seq);
        return;
      }
      if (seq === tr.peerClosed) {
        if (peer?.fin !== undefined && peer.fin <= seq) link('fin', peer.fin, L.socketLane(peer.id), peer.fin, me, seq);
        else if (!peer) link('fin', seq, L.peerLane(tr, tr.remote), seq, me, seq);
        return;
      }
      if (seq === tr.reset) {
        if (peer?.rstSent !== undefined && peer.rstSent <= seq) link('rst', peer.rstSent, L.socketLane(peer.id), peer.rstSent, me, seq);
        else if (!peer) link('rst', seq, L.peerLane(tr, tr.remote), seq, me, seq);
      }
      return;
    }
    if (e.kind !== 'data') return;
    const data = { size: e.size, ...(e.payload ? { head: headOf(e.payload) } : {}) };
    if (e.peer !== undefined || tr.dgram) {
      const addr = e.peer ?? tr.remote;
      const other = this.datagramPeer(tr, e.direction, seq);
      if (e.direction === 'out') {
        if (other) {
          const sent = tr.dgOut.get(other.id) ?? [];
          const k = lowerBound(sent, seq);
          const got = other.dgIn.get(tr.id) ?? [];
          link('data', seq, me, seq, L.socketLane(other.id), k < got.length ? got[k] : null, data);
        } else link('data', seq, me, seq, L.peerLane(tr, addr), seq, data);
      } else if (other) {
        const got = tr.dgIn.get(other.id) ?? [];
        const k = lowerBound(got, seq);
        const sent = other.dgOut.get(tr.id) ?? [];
        if (k < sent.length) {
          const sentSeq = sent[k];
          const sentEvent = this.log.at(sentSeq - 1);
          const sentData = sentEvent.kind === 'data' ? { size: sentEvent.size, ...(sentEvent.payload ? { head: headOf(sentEvent.payload) } : {}) } : data;
          link('data', sentSeq, L.socketLane(other.id), sentSeq, me, seq, sentData);
        }
      } else link('data', seq, L.peerLane(tr, addr), seq, me, seq, data);
      return;
    }
    if (e.direction === 'out') {
      if (peer) {
        const k = lowerBound(tr.outSeq, seq);
        const off = tr.outOff[k];
        // The arrival that holds the send's first byte.
        let j = lowerBound(peer.inEnd, off + 1);
        if (j < peer.inSeq.length && peer.inSeq[j] < seq) j = peer.inSeq.length; // bytes from before this connection: none
        link('data', seq, me, seq, L.socketLane(peer.id), j < peer.inSeq.length ? peer.inSeq[j] : null, data);
      } else link('data', seq, me, seq, L.peerLane(tr, tr.remote), seq, data);
      return;
    }
    if (peer) {
      // The sends whose first byte arrived in this chunk.
      const j = lowerBound(tr.inSeq, seq);
      const start = j > 0 ? tr.inEnd[j - 1] : 0;
      const stop = tr.inEnd[j];
      for (let k = lowerBound(peer.outOff, start); k < peer.outOff.length && peer.outOff[k] < stop; k++) {
        const sentSeq = peer.outSeq[k];
        const sent = this.log.at(sentSeq - 1);
        const sentData = sent.kind === 'data' ? { size: sent.size, ...(sent.payload ? { head: headOf(sent.payload) } : {}) } : data;
        link('data', sentSeq, L.socketLane(peer.id), sentSeq, me, seq, sentData);
      }
    } else link('data', seq, L.peerLane(tr, tr.remote), seq, me, seq, data);
  }

  /** The engine datagram socket a datagram went to or came from: the one whose lists hold it. */
  private datagramPeer(tr: Track, direction: 'in' | 'out', seq: number): Track | undefined {
    const lists = direction === 'out' ? tr.dgOut : tr.dgIn;
    for (const [id, list] of lists) {
      const k = lowerBound(list, seq);
      if (list[k] === seq) return this.tracks.get(id);
    }
    return undefined;
  }
}

function after(seq: number | undefined, from: number): number | null {
  return seq !== undefined && seq >= from ? seq : null;
}

/** Lanes and arrows for one window: resolves addresses to lanes with all the index knows. */
class Layout {
  readonly lanes: SequenceLane[] = [];
  readonly links: SequenceLink[] = [];
  private readonly linkKeys = new Set<string>();
  private readonly bySocket = new Map<number, number>();
  private readonly byPeer = new Map<string, number>();
  /** Connected stream sockets by "local|remote". */
  private readonly byTuple = new Map<string, Track>();

  constructor(
    private readonly tracks: Map<number, Track>,
    private readonly addrSeen: Map<string, { first: number; last: number }>,
    origin: number,
    readonly rowOf: (seq: number) => number,
  ) {
    for (const t of tracks.values()) if (t.stream && t.local && t.remote) this.byTuple.set(`${t.local}|${t.remote}`, t);
    const ids = [...tracks.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const t = tracks.get(id)!;
      if (t.closed !== undefined && t.closed <= origin) continue;
      this.bySocket.set(id, this.lanes.length);
      this.lanes.push({
        socket: id,
        address: t.local || null,
        proto: t.family === 1 ? 'unix' : t.dgram ? 'udp' : t.stream ? 'tcp' : null,
        firstRow: rowOf(t.first),
        lastRow: t.closed === undefined ? null : rowOf(t.closed),
        queued: t.queued !== undefined,
        acceptedRow: t.accepted !== undefined ? rowOf(t.accepted) : null,
      });
      // Its outside peers sit next to it.
      const outside: string[] = [];
      if (t.stream && t.remote && !this.enginePeer(t) && !this.listenerAt(t.remote) && !this.socketAt(t.remote)) outside.push(t.remote);
      for (const a of t.peers) outside.push(a);
      for (const a of outside) this.addPeerLane(t, a);
    }
  }

  private peerKey(t: Track, addr: string): string {
    return `${t.dgram ? 'udp' : t.family === 1 ? 'unix' : 'tcp'}|${addr}`;
  }

  private addPeerLane(t: Track, addr: string): number {
    const key = this.peerKey(t, addr);
    let lane = this.byPeer.get(key);
    if (lane !== undefined) return lane;
    const seen = this.addrSeen.get(addr);
    lane = this.lanes.length;
    this.byPeer.set(key, lane);
    this.lanes.push({
      socket: null,
      address: addr,
      proto: t.dgram ? 'udp' : t.family === 1 ? 'unix' : 'tcp',
      firstRow: this.rowOf(seen?.first ?? t.first),
      lastRow: t.dgram || (seen === undefined && t.closed === undefined) ? null : this.rowOf(Math.max(seen?.last ?? 0, t.closed ?? 0)),
      queued: false,
      acceptedRow: null,
    });
    return lane;
  }

  socketLane(id: number | undefined): number | null {
    return id === undefined ? null : (this.bySocket.get(id) ?? null);
  }

  /** The lane of an outside peer of `t` (made if this window meets it first). */
  peerLane(t: Track, addr: string | undefined): number | null {
    if (addr === undefined || addr === '') return null;
    if (t.dgram && !t.peers.includes(addr) && t.remote !== addr) return this.addPeerLane(t, OTHER_PEERS);
    return this.addPeerLane(t, addr);
  }

  /** The engine socket at the other end of t's connection. */
  enginePeer(t: Track): Track | undefined {
    if (!t.stream) return undefined;
    if (t.local && t.remote && t.family !== 1) {
      const p = this.byTuple.get(`${t.remote}|${t.local}`);
      if (p && p !== t) return p;
    }
    return t.pair === undefined ? undefined : this.tracks.get(t.pair);
  }

  /** An engine socket listening where `addr` points. */
  listenerAt(addr: string | undefined): Track | undefined {
    for (const t of this.tracks.values()) if (t.listening && addressMatches(t.local, addr)) return t;
    return undefined;
  }

  /** Any engine socket bound where `addr` points (a refused connect: the one that answered RST). */
  socketAt(addr: string | undefined): Track | undefined {
    for (const t of this.tracks.values()) if (t.stream && t.remote === undefined && addressMatches(t.local, addr)) return t;
    return undefined;
  }

  addLink(l: SequenceLink): void {
    const key = `${l.kind}:${l.seq}:${l.to}`;
    if (this.linkKeys.has(key)) return;
    this.linkKeys.add(key);
    this.links.push(l);
  }

  item(e: EngineEvent, row: number): SequenceItem {
    const lane = e.socket === null ? null : this.socketLane(e.socket);
    const item: SequenceItem = { seq: e.seq, t: e.t, row, lane, kind: e.kind };
    if (e.kind === 'call') {
      item.phase = e.phase;
      item.call = e.call;
      if (e.phase === 'end') {
        item.ok = e.ok;
        if (e.result !== undefined) item.result = e.result.length > 200 ? e.result.slice(0, 200) + '…' : e.result;
        if (e.error) item.error = e.error.message ? `${e.error.type}: ${e.error.message}` : e.error.type;
      }
    } else if (e.kind === 'state') {
      item.state = e.state;
      if (e.detail) item.detail = e.detail;
    } else {
      item.direction = e.direction;
      item.size = e.size;
      const head = headOf(e.payload);
      if (head !== undefined) item.head = head;
      if (e.dropped) item.dropped = true;
      if (e.discarded) item.discarded = true;
    }
    return item;
  }
}

const indexes = new WeakMap<SequenceLog, SequenceIndex>();

/** A window of the diagram of `log` (its index is made on first use and kept with the log). */
export function sequenceWindow(log: SequenceLog, p: SequenceParams): SequenceWindow {
  let index = indexes.get(log);
  if (!index) indexes.set(log, (index = new SequenceIndex(log)));
  return index.window(p);
}
