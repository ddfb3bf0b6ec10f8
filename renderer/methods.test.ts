import { describe, expect, it } from 'vitest';
import type { SocketInfo } from '../shared/contract';
import { hintFor } from './hints';
import { defaultValues, METHOD_SPECS, methodStatement, parseAddress } from './methods';

const sock = (over: Partial<SocketInfo> = {}): SocketInfo => ({
  id: 1, fd: 3, names: ['srv'], family: 'AddressFamily.AF_INET', kind: 'SocketKind.SOCK_STREAM', state: 'created', closed: false,
  laddr: null, raddr: null, mode: { kind: 'blocking' }, pendingCall: null, acceptQueue: null, bufferedBytes: 0, ...over,
});

describe('method statements', () => {
  it('covers every method of the spec', () => {
    expect(METHOD_SPECS.map((m) => m.name).sort()).toEqual(
      ['accept', 'bind', 'close', 'connect', 'connect_ex', 'fileno', 'getblocking', 'getpeername', 'getsockname', 'getsockopt', 'gettimeout', 'listen', 'recv', 'recvfrom', 'send', 'sendall', 'sendto', 'setblocking', 'setsockopt', 'settimeout', 'shutdown'].sort(),
    );
  });
  it('builds calls with the defaults', () => {
    const s = sock();
    const st = (m: string) => methodStatement(m, s, defaultValues(m, s, [s]), ['srv']);
    expect(st('bind')).toEqual({ ok: true, code: "srv.bind(('127.0.0.1', 5000))" });
    expect(st('listen')).toEqual({ ok: true, code: 'srv.listen(5)' });
    expect(st('accept')).toEqual({ ok: true, code: 'conn, addr = srv.accept()' });
    expect(st('send')).toEqual({ ok: true, code: "srv.send(b'hello\\n')" });
    expect(st('recv')).toEqual({ ok: true, code: 'srv.recv(1024)' });
    expect(st('shutdown')).toEqual({ ok: true, code: 'srv.shutdown(socket.SHUT_WR)' });
    expect(st('settimeout')).toEqual({ ok: true, code: 'srv.settimeout(5)' });
    expect(st('setblocking')).toEqual({ ok: true, code: 'srv.setblocking(False)' });
    expect(st('setsockopt')).toEqual({ ok: true, code: 'srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)' });
    expect(st('sendto')).toEqual({ ok: true, code: "srv.sendto(b'hello\\n', ('127.0.0.1', 5000))" });
  });
  it('names accepted sockets freshly and settimeout(None) for an empty field', () => {
    const s = sock();
    expect(methodStatement('accept', s, defaultValues('accept', s, []), ['srv', 'conn', 'addr'])).toEqual({ ok: true, code: 'conn2, addr2 = srv.accept()' });
    expect(methodStatement('settimeout', s, { ...defaultValues('settimeout', s, []), seconds: '' }, [])).toEqual({ ok: true, code: 'srv.settimeout(None)' });
  });
  it('connect defaults to a listener of the same family', () => {
    const srv = sock({ id: 1, state: 'listening', laddr: "('127.0.0.1', 43210)" });
    const c = sock({ id: 2, names: ['c'] });
    expect(methodStatement('connect', c, defaultValues('connect', c, [srv, c]), [])).toEqual({ ok: true, code: "c.connect(('127.0.0.1', 43210))" });
  });
  it('Unix sockets take a path', () => {
    const u = sock({ family: 'AddressFamily.AF_UNIX' });
    expect(methodStatement('bind', u, defaultValues('bind', u, [u]), [])).toEqual({ ok: true, code: "srv.bind('/tmp/playground.sock')" });
  });
  it('reports malformed fields instead of a statement', () => {
    const s = sock();
    expect(methodStatement('send', s, { ...defaultValues('send', s, []), format: 'hex', data: 'zz' }, [])).toMatchObject({ ok: false, error: { key: 'err.hexDigit' } });
    expect(methodStatement('recv', s, { ...defaultValues('recv', s, []), bufsize: '1k' }, [])).toMatchObject({ ok: false, error: { key: 'err.number' } });
  });
  it('parses addresses as Python prints them', () => {
    expect(parseAddress("('::1', 80, 0, 0)")).toEqual({ host: '::1', port: '80', path: '' });
    expect(parseAddress("'/tmp/x'")).toEqual({ host: '', port: '', path: '/tmp/x' });
    expect(parseAddress(null)).toBeNull();
  });
});

describe('hints', () => {
  it('flags calls that make no sense but leaves sensible ones alone', () => {
    expect(hintFor('accept', sock())).toBe('hint.notListening');
    expect(hintFor('accept', sock({ state: 'listening' }))).toBe('hint.blocks');
    expect(hintFor('send', sock({ state: 'listening' }))).toBe('hint.listening');
    expect(hintFor('recv', sock({ state: 'bound' }))).toBe('hint.notConnected');
    expect(hintFor('send', sock({ state: 'connected', raddr: "('127.0.0.1', 1)" }))).toBeNull();
    expect(hintFor('listen', sock({ kind: 'SocketKind.SOCK_DGRAM' }))).toBe('hint.dgramListen');
    expect(hintFor('bind', sock({ state: 'bound', laddr: "('127.0.0.1', 5000)" }))).toBe('hint.alreadyBound');
    expect(hintFor('recv', sock({ closed: true, state: 'closed' }))).toBe('hint.closed');
    expect(hintFor('close', sock({ closed: true, state: 'closed' }))).toBeNull();
  });
});
