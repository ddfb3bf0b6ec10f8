import { describe, expect, it } from 'vitest';
import { addressExpression, bytesLiteral, dataExpression, freshName, isAssignment, newSocketStatement, parseEscapes, parseHex, pyStr } from './statements';

describe('bytes literals', () => {
  it('match Python repr', () => {
    expect(bytesLiteral(new TextEncoder().encode('hello\n'))).toBe("b'hello\\n'");
    expect(bytesLiteral(Uint8Array.from([0, 0x7f, 0xff, 0x5c]))).toBe("b'\\x00\\x7f\\xff\\\\'");
    expect(bytesLiteral(new TextEncoder().encode("it's"))).toBe('b"it\'s"');
    expect(bytesLiteral(new TextEncoder().encode(`'"`))).toBe(`b'\\'"'`);
    expect(bytesLiteral(new Uint8Array())).toBe("b''");
  });
  it('str repr picks quotes like Python', () => {
    expect(pyStr('a')).toBe("'a'");
    expect(pyStr("it's")).toBe('"it\'s"');
    expect(pyStr('你好\n')).toBe("'你好\\n'");
  });
});

describe('data expressions', () => {
  it('ASCII text becomes a bytes literal whatever the encoding', () => {
    expect(dataExpression('GET / HTTP/1.0\r\n', 'text', 'gbk')).toEqual({ ok: true, code: "b'GET / HTTP/1.0\\r\\n'" });
  });
  it('non-ASCII text becomes an encode() call', () => {
    expect(dataExpression('你好', 'text', 'gbk')).toEqual({ ok: true, code: "'你好'.encode('gbk')" });
    expect(dataExpression('你好', 'text', 'utf-8')).toEqual({ ok: true, code: "'你好'.encode('utf-8')" });
    expect(dataExpression('café', 'text', 'latin-1')).toEqual({ ok: true, code: "'café'.encode('latin-1')" });
  });
  it('refuses text Latin-1 cannot encode', () => {
    const r = dataExpression('你', 'text', 'latin-1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ key: 'err.latin1', params: { char: '你' } });
  });
  it('hex accepts spaces, colons and 0x, and validates', () => {
    expect(dataExpression('48 65 6c:6C 0x6f', 'hex', 'utf-8')).toEqual({ ok: true, code: "b'Hello'" });
    expect(parseHex('')).toEqual({ ok: true, bytes: new Uint8Array() });
    expect(parseHex('4g')).toEqual({ ok: false, error: { key: 'err.hexDigit', params: { char: 'g', pos: 2 } } });
    expect(parseHex('abc')).toEqual({ ok: false, error: { key: 'err.hexOdd', params: { count: 3 } } });
  });
  it('Python escapes are parsed and re-emitted canonically', () => {
    expect(dataExpression('a\\x00\\n\\\'', 'escapes', 'utf-8')).toEqual({ ok: true, code: 'b"a\\x00\\n\'"' });
    expect(parseEscapes('\\q')).toEqual({ ok: false, error: { key: 'err.escape', params: { text: '\\q', pos: 1 } } });
    expect(parseEscapes('\\x4')).toMatchObject({ ok: false, error: { key: 'err.escape' } });
    expect(parseEscapes('é')).toMatchObject({ ok: false, error: { key: 'err.nonAscii', params: { pos: 1 } } });
  });
});

describe('addresses', () => {
  it('builds tuples and paths', () => {
    expect(addressExpression('AF_INET', '127.0.0.1', '5000', '')).toEqual({ ok: true, code: "('127.0.0.1', 5000)" });
    expect(addressExpression('AF_INET6', '::1', ' 80 ', '')).toEqual({ ok: true, code: "('::1', 80)" });
    expect(addressExpression('AF_INET', '', '0', '')).toEqual({ ok: true, code: "('', 0)" });
    expect(addressExpression('AF_UNIX', '', '', '/tmp/a.sock')).toEqual({ ok: true, code: "'/tmp/a.sock'" });
  });
  it('refuses bad ports, hosts and empty paths', () => {
    expect(addressExpression('AF_INET', 'x', '65536', '')).toMatchObject({ ok: false, error: { key: 'err.port' } });
    expect(addressExpression('AF_INET', 'x', '-1', '')).toMatchObject({ ok: false, error: { key: 'err.port' } });
    expect(addressExpression('AF_INET', "a'b", '1', '')).toMatchObject({ ok: false, error: { key: 'err.host' } });
    expect(addressExpression('AF_UNIX', '', '', '')).toMatchObject({ ok: false, error: { key: 'err.path' } });
  });
});

describe('statements', () => {
  it('new socket and fresh names', () => {
    expect(newSocketStatement('s1', 'AF_INET', 'SOCK_STREAM')).toBe('s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)');
    expect(freshName('s', [], true)).toBe('s1');
    expect(freshName('s', ['s1', 's2'], true)).toBe('s3');
    expect(freshName('conn', [])).toBe('conn');
    expect(freshName('conn', ['conn'])).toBe('conn2');
  });
  it('tells assignments from expressions', () => {
    expect(isAssignment('s = socket.socket()')).toBe(true);
    expect(isAssignment('conn, addr = s.accept()')).toBe(true);
    expect(isAssignment('import socket')).toBe(true);
    expect(isAssignment('s.recv(1024)')).toBe(false);
    expect(isAssignment("s.recv(1024) == b'='")).toBe(false);
    expect(isAssignment('f(x=1)')).toBe(false);
    expect(isAssignment('a <= b')).toBe(false);
  });
});
