// Calls that make no sense in a socket's state stay callable (the learner should
// see the real error), but the method panel says why they will likely fail.
import type { SocketInfo } from '../shared/contract';
import type { Key } from './i18n';

const DATA_METHODS = new Set(['send', 'sendall', 'recv', 'recvfrom']);
const CONNECTED_STATES = new Set(['connected', 'accepted', 'peer-closed', 'write-shutdown', 'read-shutdown']);

export function hintFor(method: string, s: SocketInfo): Key | null {
  if (s.closed || s.state === 'closed') return method === 'close' || method === 'fileno' ? null : 'hint.closed';
  const stream = s.kind.includes('STREAM');
  if (!stream && (method === 'listen' || method === 'accept')) return 'hint.dgramListen';
  if (method === 'accept' && s.state !== 'listening') return 'hint.notListening';
  if (method === 'bind' && s.laddr !== null && s.state !== 'created') return 'hint.alreadyBound';
  if (s.state === 'listening' && (method === 'connect' || method === 'connect_ex' || DATA_METHODS.has(method) || method === 'sendto')) return 'hint.listening';
  if (stream && method === 'sendto') return 'hint.streamSendto';
  if (stream && DATA_METHODS.has(method) && !CONNECTED_STATES.has(s.state)) return 'hint.notConnected';
  if (!stream && (method === 'send' || method === 'sendall') && s.raddr === null) return 'hint.notConnected';
  if (method === 'getpeername' && s.raddr === null) return 'hint.noPeer';
  if ((method === 'accept' || method === 'recv' || method === 'recvfrom') && s.mode.kind === 'blocking') return 'hint.blocks';
  return null;
}
