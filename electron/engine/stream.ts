// Follow stream: one connection's bytes, both ways, in order, with the pieces each
// send() wrote and the spans each recv() returned, so that a learner sees two
// sends come out of one recv (TCP has no message boundaries). For datagram
// sockets, one piece per datagram. Built from the log alone (state events name
// the addresses), so it works as well for a log opened from a file.
import type { DataEvent, EngineEvent } from './events';
import type { LogQuery } from './log-query';

/** Events of the two sockets read at most for one view: a long transfer shows its beginning and says so. */
export const MAX_STREAM_EVENTS = 20_000;
/** Events per page read from the filtered log. */
const PAGE = 1000;

export interface StreamPiece {
  seq: number;
  t: number;
  /** Relative to the socket followed: 'out' it sent, 'in' it was sent. */
  dir: 'out' | 'in';
  size: number;
  payload?: Uint8Array;
  dropped?: boolean;
  /** Where the piece starts in its direction's byte stream. */
  offset: number;
  /** 'send': what one send()/sendall()/sendto() wrote; 'arrival': bytes as they reached our socket from outside. */
  source: 'send' | 'arrival';
  /** The call that moved it, e.g. "c.sendall(b'hello')". */
  call?: string;
  /** Datagrams: the other end. */
  peer?: string;
}

export interface RecvSpan {
  /** The recv's end event. */
  seq: number;
  t: number;
  dir: 'out' | 'in';
  /** The bytes it returned, as offsets [from, to) in its direction's stream. */
  from: number;
  to: number;
  call: string;
  /** 1 for the first recv of its direction, 2 for the next... */
  index: number;
}

export interface StreamView {
  socket: number;
  /** The other end: our socket's id when it is ours, and its address. */
  peer: { socket: number | null; address: string | null };
  kind: 'stream' | 'datagram';
  local: string | null;
  remote: string | null;
  pieces: StreamPiece[];
  recvs: RecvSpan[];
  /** Bytes each way that the pieces account for. */
  bytesOut: number;
  bytesIn: number;
  /** More events than MAX_STREAM_EVENTS: only the beginning is shown. */
  truncated: boolean;
}

interface Addresses {
  local: string | null;
  remote: string | null;
  type: number | null;
}

/** Every event of the filter, a page at a time, at most `max`. */
function readAll(query: LogQuery, filter: Parameters<LogQuery['page']>[0], max: number): { events: EngineEvent[]; truncated: boolean } {
  const events: EngineEvent[] = [];
  let page = query.page(filter, 0, PAGE);
  // A new filter may answer in parts: ask until it has looked at the whole log.
  while (!page.complete) page = query.page(filter, 0, PAGE);
  const matched = page.matched;
  for (let offset = 0; offset < Math.min(matched, max); offset += PAGE) {
    const p = offset === 0 ? page : query.page(filter, offset, PAGE);
    events.push(...p.events.slice(0, max - offset));
  }
  return { events, truncated: matched > max };
}

/** What the state events say of each socket's addresses (the last word wins). */
function addressesOf(query: LogQuery): Map<number, Addresses> {
  const out = new Map<number, Addresses>();
  for (const e of readAll(query, { kinds: ['state'] }, Number.MAX_SAFE_INTEGER).events) {
    if (e.kind !== 'state' || e.socket === null) continue;
    const a = out.get(e.socket) ?? { local: null, remote: null, type: null };
    if (e.local !== undefined) a.local = e.local;
    if (e.remote !== undefined) a.remote = e.remote;
    if (e.type !== undefined) a.type = e.type;
    out.set(e.socket, a);
  }
  return out;
}

export function followStream(query: LogQuery, socket: number): StreamView {
  const addrs = addressesOf(query);
  const me = addrs.get(socket) ?? { local: null, remote: null, type: null };
  let peer: number | null = null;
  if (me.local !== null && me.remote !== null) {
    for (const [id, a] of addrs) if (id !== socket && a.local === me.remote && a.remote === me.local) peer = id;
  }
  const sockets = peer === null ? [socket] : [socket, peer];
  const { events, truncated } = readAll(query, { sockets, kinds: ['call', 'data'] }, MAX_STREAM_EVENTS);
  const datagram = me.type === 2 || events.some((e) => e.kind === 'data' && e.peer !== undefined);
  const view: StreamView = {
    socket,
    peer: { socket: peer, address: me.remote },
    kind: datagram ? 'datagram' : 'stream',
    local: me.local,
    remote: me.remote,
    pieces: [],
    recvs: [],
    bytesOut: 0,
    bytesIn: 0,
    truncated,
  };
  const offsets = { out: 0, in: 0 };
  const recvOffsets = { out: 0, in: 0 };
  const recvCount = { out: 0, in: 0 };
  /** The call each socket is in: data events happen inside it. */
  const current = new Map<number, string>();
  for (const e of events) {
    if (e.socket === null) continue;
    const mine = e.socket === socket;
    if (e.kind === 'call') {
      if (e.phase === 'start') current.set(e.socket, e.call);
      else {
        current.delete(e.socket);
        // A recv by the followed socket reads the 'in' direction; one by the peer, the 'out' one.
        if (!datagram && e.ok && e.received !== undefined && e.received > 0) {
          const dir = mine ? 'in' : 'out';
          const from = recvOffsets[dir];
          recvOffsets[dir] += e.received;
          view.recvs.push({ seq: e.seq, t: e.t, dir, from, to: recvOffsets[dir], call: e.call, index: ++recvCount[dir] });
        }
      }
      continue;
    }
    if (e.kind !== 'data') continue;
    const piece = pieceOf(e, mine, peer !== null, datagram, current.get(e.socket));
    if (!piece) continue;
    piece.offset = offsets[piece.dir];
    offsets[piece.dir] += piece.size;
    view.pieces.push(piece);
  }
  view.bytesOut = offsets.out;
  view.bytesIn = offsets.in;
  return view;
}

/**
 * Which data events make the stream: what the followed socket sent; what the
 * peer sent when the peer is ours (its 'in' copy on our side would count the
 * bytes twice); what arrived when the peer is outside (we never see its sends).
 */
function pieceOf(e: DataEvent, mine: boolean, peerIsOurs: boolean, datagram: boolean, call: string | undefined): StreamPiece | null {
  let dir: 'out' | 'in';
  let source: 'send' | 'arrival';
  if (mine && e.direction === 'out') [dir, source] = ['out', 'send'];
  else if (!mine && e.direction === 'out') [dir, source] = ['in', 'send'];
  else if (mine && e.direction === 'in' && (!peerIsOurs || datagram)) [dir, source] = ['in', 'arrival'];
  else return null;
  // A datagram the peer sent elsewhere is not part of this conversation; our own arrivals already cover ours.
  if (datagram && !mine) return null;
  const piece: StreamPiece = { seq: e.seq, t: e.t, dir, size: e.size, offset: 0, source };
  if (e.payload) piece.payload = e.payload;
  if (e.dropped) piece.dropped = true;
  if (call !== undefined && source === 'send') piece.call = call;
  if (e.peer !== undefined) piece.peer = e.peer;
  return piece;
}
