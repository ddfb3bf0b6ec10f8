// Engine events and sockets as the contract carries them. Main side only: reads
// the engine's public fields and never changes them.
import { formatAddr } from '../engine/addresses';
import type { EngineSocket } from '../engine/socket';
import { StreamSocket } from '../engine/socket';
import type { EngineEvent } from '../engine/events';
import { PySocket } from '../engine/pysocket';
import type { Session } from '../engine/session';
import { MAX_INLINE_PAYLOAD_BYTES, type SocketInfo, type SocketMode, type WireEvent } from '../../shared/contract';

const FAMILY_NAMES: Record<number, string> = { 1: 'AF_UNIX', 2: 'AF_INET', 10: 'AF_INET6' };
const KIND_NAMES: Record<number, string> = { 1: 'SOCK_STREAM', 2: 'SOCK_DGRAM' };

export function base64(bytes: Uint8Array): string {
  // Buffer's encoder is native: the hot path of a flood.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** An engine event for the wire; payloads above MAX_INLINE_PAYLOAD_BYTES are left for logPayload. */
export function toWire(e: EngineEvent): WireEvent {
  if (e.kind !== 'data') return e as WireEvent; // calls and states are plain JSON already
  const { payload, ...rest } = e;
  const out: WireEvent = { ...rest };
  if (payload) {
    if (payload.length <= MAX_INLINE_PAYLOAD_BYTES) out.payload = base64(payload);
    else out.payloadOmitted = true;
  }
  return out;
}

/** Bytes of payload that toWire() puts inline for this event. */
export function inlineBytes(e: EngineEvent): number {
  return e.kind === 'data' && e.payload && e.payload.length <= MAX_INLINE_PAYLOAD_BYTES ? e.payload.length : 0;
}

function mode(s: EngineSocket): SocketMode {
  if (s.timeout === null) return { kind: 'blocking' };
  if (s.timeout === 0) return { kind: 'non-blocking' };
  return { kind: 'timeout', seconds: s.timeout };
}

/** The console names of each socket: globals holding a socket object. */
function namesById(session: Session): Map<number, string[]> {
  const names = new Map<number, string[]>();
  for (const [name, value] of session.interpreter.globals) {
    if (value instanceof PySocket) {
      const list = names.get(value.sock.id);
      if (list) list.push(name);
      else names.set(value.sock.id, [name]);
    }
  }
  return names;
}

export function describeSockets(session: Session): SocketInfo[] {
  const names = namesById(session);
  const out: SocketInfo[] = [];
  for (const s of session.engine.list()) {
    // Connections still in an accept queue are shown under their listener.
    if (s.state === 'queued') continue;
    const listener = s instanceof StreamSocket && s.isListening;
    out.push({
      id: s.id,
      fd: s.fd,
      names: names.get(s.id) ?? [],
      family: FAMILY_NAMES[s.family] ?? String(s.family),
      kind: KIND_NAMES[s.kind] ?? String(s.kind),
      state: s.state,
      closed: s.closed,
      laddr: s.local ? formatAddr(s.local) : null,
      raddr: s.remote ? formatAddr(s.remote) : null,
      mode: mode(s),
      pendingCall: s.pendingCall ? { method: s.pendingCall.method, since: s.pendingCall.since } : null,
      acceptQueue:
        listener && s instanceof StreamSocket
          ? s.queue.map((q) => ({ id: q.id, raddr: q.remote ? formatAddr(q.remote) : null, bufferedBytes: q.bufferedBytes }))
          : null,
      bufferedBytes: s.bufferedBytes,
      // Servers: the playground server the socket belongs to.
      ...(s.owner ? { owner: { ...s.owner } } : {}),
    });
  }
  return out;
}
