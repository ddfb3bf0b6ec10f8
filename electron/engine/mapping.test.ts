// Unit tests for the error mapping (Node error codes -> CPython exceptions), the
// argument checks in CPython's words, address formatting and the kernel table parser.
import { describe, expect, it } from 'vitest';
import { PyBytes, PyTuple } from '../../shared/script/values';
import { AF_INET, AF_INET6, AF_UNIX, formatAddr, resolveHost } from './addresses';
import { between, bindPython, bytesLike, exactlyOne, index, noArgs, timeoutValue, unpack } from './args';
import { toPyException } from './errors';
import { addressBytes, portBusyForBind } from './kernel';

const nodeError = (code: string) => Object.assign(new Error(code), { code });

describe('Node errors become the exceptions CPython raises', () => {
  it.each([
    ['ECONNREFUSED', 'ConnectionRefusedError', 111, '[Errno 111] Connection refused'],
    ['ECONNRESET', 'ConnectionResetError', 104, '[Errno 104] Connection reset by peer'],
    ['EPIPE', 'BrokenPipeError', 32, '[Errno 32] Broken pipe'],
    ['EADDRINUSE', 'OSError', 98, '[Errno 98] Address already in use'],
    ['EADDRNOTAVAIL', 'OSError', 99, '[Errno 99] Cannot assign requested address'],
    ['EAGAIN', 'BlockingIOError', 11, '[Errno 11] Resource temporarily unavailable'],
    ['EWOULDBLOCK', 'BlockingIOError', 11, '[Errno 11] Resource temporarily unavailable'],
    ['ETIMEDOUT', 'TimeoutError', 110, '[Errno 110] Connection timed out'],
    ['ENOENT', 'FileNotFoundError', 2, '[Errno 2] No such file or directory'],
    ['EACCES', 'PermissionError', 13, '[Errno 13] Permission denied'],
    ['ENOTFOUND', 'gaierror', -2, '[Errno -2] Name or service not known'],
    ['EAI_AGAIN', 'gaierror', -3, '[Errno -3] Temporary failure in name resolution'],
    ['ERR_STREAM_DESTROYED', 'BrokenPipeError', 32, '[Errno 32] Broken pipe'],
  ])('%s -> %s', (code, type, errno, message) => {
    expect(toPyException(nodeError(code)).toData()).toEqual({ type, errno, message });
  });

  it('keeps an unknown error as OSError with its text rather than crashing', () => {
    expect(toPyException(new Error('something odd')).toData()).toEqual({ type: 'OSError', errno: null, message: 'something odd' });
    expect(toPyException('not even an Error').pyType).toBe('OSError');
  });
});

describe('argument checks use CPython messages', () => {
  const none = new Map();
  it('counts arguments like C functions', () => {
    expect(() => exactlyOne('socket.bind', [], none)).toThrow('socket.bind() takes exactly one argument (0 given)');
    expect(() => exactlyOne('socket.bind', [1n], new Map([['x', 1n]]))).toThrow('socket.bind() takes no keyword arguments');
    expect(() => noArgs('socket.fileno', [1n, 2n], none)).toThrow('socket.fileno() takes no arguments (2 given)');
    expect(() => between('recv', 1, 2, [], none)).toThrow('recv() takes at least 1 argument (0 given)');
    expect(() => between('recv', 1, 2, [1n, 2n, 3n], none)).toThrow('recv() takes at most 2 arguments (3 given)');
    expect(() => between('setsockopt', 3, 3, [], none)).toThrow('setsockopt() takes exactly 3 arguments (0 given)');
  });

  it('binds Python-level parameters like the interpreter', () => {
    const params = [{ name: 'address' }, { name: 'timeout', default: null }, { name: 'source_address', default: null }];
    expect(() => bindPython('create_connection', params, [], none)).toThrow("create_connection() missing 1 required positional argument: 'address'");
    expect(() => bindPython('create_connection', params, [1n, 2n, 3n, 4n, 5n], none)).toThrow('create_connection() takes from 1 to 3 positional arguments but 5 were given');
    expect(() => bindPython('socket.accept', [], [1n], none, true)).toThrow('socket.accept() takes 1 positional argument but 2 were given');
    expect(() => bindPython('f', params, [1n], new Map([['bogus', 1n]]))).toThrow("f() got an unexpected keyword argument 'bogus'");
    expect(() => bindPython('f', params, [1n], new Map([['address', 1n]]))).toThrow("f() got multiple values for argument 'address'");
    expect(bindPython('f', params, [1n], new Map([['timeout', 2n]])).get('timeout')).toBe(2n);
  });

  it('converts values as CPython does', () => {
    expect(index(true)).toBe(1n);
    expect(() => index('x')).toThrow("'str' object cannot be interpreted as an integer");
    expect(() => index(1.5)).toThrow("'float' object cannot be interpreted as an integer");
    expect(() => bytesLike('text')).toThrow("a bytes-like object is required, not 'str'");
    const ba = new PyBytes(new Uint8Array([1, 2]), true);
    const copy = bytesLike(ba);
    ba.data[0] = 9;
    expect(copy[0]).toBe(1); // a bytearray is copied: later changes do not rewrite what was sent
    expect(timeoutValue(null)).toBeNull();
    expect(timeoutValue(2n)).toBe(2);
    expect(() => timeoutValue(-1)).toThrow('Timeout value out of range');
    expect(() => unpack('x', 2)).toThrow('not enough values to unpack (expected 2, got 1)');
    expect(() => unpack(new PyTuple([1n, 2n, 3n]), 2)).toThrow('too many values to unpack (expected 2)');
    expect(() => unpack(5n, 2)).toThrow('cannot unpack non-iterable int object');
  });
});

describe('addresses', () => {
  it('are shown as Python shows them', () => {
    expect(formatAddr({ family: AF_INET, host: '127.0.0.1', port: 80 })).toBe("('127.0.0.1', 80)");
    expect(formatAddr({ family: AF_INET6, host: '::1', port: 80, flowinfo: 0, scopeId: 0 })).toBe("('::1', 80, 0, 0)");
    expect(formatAddr({ family: AF_UNIX, path: '/tmp/x.sock' })).toBe('/tmp/x.sock');
  });

  it('resolve as getaddrinfo does for one family', async () => {
    expect(await resolveHost('', AF_INET)).toBe('0.0.0.0');
    expect(await resolveHost('', AF_INET6)).toBe('::');
    expect(await resolveHost('<broadcast>', AF_INET)).toBe('255.255.255.255');
    expect(await resolveHost('localhost', AF_INET)).toBe('127.0.0.1');
    await expect(resolveHost('::1', AF_INET)).rejects.toMatchObject({ pyType: 'gaierror', errno: -9 });
    await expect(resolveHost('no-such-host.invalid', AF_INET)).rejects.toMatchObject({ pyType: 'gaierror' });
  });

  it('parse to bytes for comparing with the kernel table', () => {
    expect([...addressBytes('127.0.0.1')]).toEqual([127, 0, 0, 1]);
    expect([...addressBytes('::1')]).toEqual([...Array(15).fill(0), 1]);
    expect([...addressBytes('fe80::1:2')].slice(0, 2)).toEqual([0xfe, 0x80]);
    expect([...addressBytes('::ffff:127.0.0.1')].slice(10)).toEqual([0xff, 0xff, 127, 0, 0, 1]);
    expect(portBusyForBind('127.0.0.1', 0)).toBe(false);
  });
});
