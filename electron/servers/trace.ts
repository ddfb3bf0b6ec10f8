// The traffic of a server as `socket-playground serve` prints it: one line per
// event, as it happens: the time (seconds since the session started), the socket
// (its name in the server: srv, conn1...), what happened, and a short preview of
// the bytes.
//
//   0.001204  srv    call    srv.accept()
//   0.001250  srv    return  srv.accept() -> (<socket.socket fd=4, ...>, ('127.0.0.1', 52144))
//   0.001310  conn1  data    <- 5 bytes b'hello'
import { bytesRepr } from '../../shared/script/repr';
import { PyBytes } from '../../shared/script/values';
import type { EngineEvent } from '../engine/events';

/** Bytes of a payload shown in a data line. */
const PREVIEW_BYTES = 32;
/** Widths of the time and socket columns. */
const TIME_WIDTH = 10;
const NAME_WIDTH = 6;
const KIND_WIDTH = 7;
/** Calls that took longer than this (µs) show how long. */
const SHOW_ELAPSED_US = 1000;

function line(tMicros: number, name: string, kind: string, text: string): string {
  return `${(tMicros / 1e6).toFixed(6).padStart(TIME_WIDTH)}  ${name.padEnd(NAME_WIDTH)} ${kind.padEnd(KIND_WIDTH)} ${text}\n`;
}

/** repr() of the first bytes of a payload, with … when there are more. */
export function payloadPreview(payload: Uint8Array): string {
  const shown = bytesRepr(new PyBytes(payload.subarray(0, PREVIEW_BYTES)));
  return payload.length > PREVIEW_BYTES ? `${shown}…` : shown;
}

/** The line of one event of socket `name`. */
export function traceLine(e: EngineEvent, name: string): string {
  switch (e.kind) {
    case 'call': {
      const call = `${name}.${e.call}`;
      if (e.phase === 'start') return line(e.t, name, 'call', call);
      const took = e.elapsed !== undefined && e.elapsed >= SHOW_ELAPSED_US ? ` (${(e.elapsed / 1e6).toFixed(3)} s)` : '';
      if (e.ok) return line(e.t, name, 'return', `${call} -> ${e.result ?? 'None'}${took}`);
      const error = e.error ? (e.error.message ? `${e.error.type}: ${e.error.message}` : e.error.type) : 'error';
      return line(e.t, name, 'raise', `${call} -> ${error}${took}`);
    }
    case 'state':
      return line(e.t, name, 'state', e.detail ? `${e.state} ${e.detail}` : e.state);
    case 'data': {
      const arrow = e.direction === 'in' ? '<-' : '->';
      const peer = e.peer ? `${e.direction === 'in' ? ' from ' : ' to '}${e.peer}` : '';
      const bytes = e.payload ? ` ${payloadPreview(e.payload)}` : e.dropped ? ' (payload not kept)' : '';
      return line(e.t, name, 'data', `${arrow} ${e.size} byte${e.size === 1 ? '' : 's'}${peer}${bytes}${e.discarded ? ' (receive buffer full: dropped)' : ''}`);
    }
  }
}

/** Lines for what a handler printed (kind 'print') or socketserver reported ('stderr'). */
export function outputLines(tMicros: number, name: string, stream: 'stdout' | 'stderr', text: string): string {
  const kind = stream === 'stdout' ? 'print' : 'stderr';
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => line(tMicros, name, kind, l))
    .join('');
}
