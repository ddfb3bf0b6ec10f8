// The Python programs of every server configuration: python3 compiles each one,
// and they say what the tutorial says (handler class, server class, serve_forever()).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HANDLER_NAMES, SERVER_KINDS, parseBind, parseDelay, serverConfig, type ServerConfig } from './config';
import { handlerClassName, pythonProgram } from './program';

const CONFIGS: ServerConfig[] = [];
for (const kind of SERVER_KINDS) {
  for (const threading of [false, true]) {
    for (const handler of HANDLER_NAMES) CONFIGS.push(serverConfig({ kind, threading, handler }));
  }
}
CONFIGS.push(serverConfig({ kind: 'tcp', handler: 'echo', host: '::1', port: 8080 }), serverConfig({ kind: 'udp', handler: 'slow-hello', delay: 0.25, host: "it's", port: 1 }));

describe('pythonProgram', () => {
  it('gives programs python3 compiles, for every server class and handler', () => {
    // One python3 for all: compile() each program given on stdin as a JSON list.
    const check = "import json, sys\nfor i, src in enumerate(json.load(sys.stdin)):\n    compile(src, f'program{i}.py', 'exec')\nprint('ok', i + 1)";
    const r = spawnSync('python3', ['-c', check], { input: JSON.stringify(CONFIGS.map(pythonProgram)), encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`ok ${CONFIGS.length}\n`);
  });

  it('writes the tutorial\'s shape: a handler class, the server class, serve_forever()', () => {
    const p = pythonProgram(serverConfig({ kind: 'tcp', threading: true, handler: 'slow-hello' }));
    expect(p).toContain('class SlowHelloHandler(socketserver.BaseRequestHandler):');
    expect(p).toContain("        print('connection from:', self.client_address)\n        print(self.request.recv(1024))\n        time.sleep(3)\n        self.request.sendall(b'hello')\n");
    expect(p).toContain("    with socketserver.ThreadingTCPServer(('127.0.0.1', 0), SlowHelloHandler) as server:");
    expect(p).toContain('            server.serve_forever()');
    const upper = pythonProgram(serverConfig({ kind: 'tcp', handler: 'upper' }));
    expect(upper).toContain('class UpperHandler(socketserver.StreamRequestHandler):');
    expect(upper).toContain('line = self.rfile.readline()');
    const udp = pythonProgram(serverConfig({ kind: 'udp', handler: 'echo', host: '::1' }));
    expect(udp).toContain('data, sock = self.request\n        sock.sendto(data, self.client_address)');
    expect(udp).toContain('class Server(socketserver.UDPServer):\n    address_family = socket.AF_INET6');
  });

  it('names handler classes in CamelCase', () => {
    expect(HANDLER_NAMES.map(handlerClassName)).toEqual(['PrintHandler', 'EchoHandler', 'UpperHandler', 'SlowHelloHandler', 'DiscardHandler', 'DaytimeHandler']);
  });
});

describe('parseBind and parseDelay', () => {
  it('reads HOST:PORT, [V6]:PORT and PORT', () => {
    expect(parseBind('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseBind('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseBind('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(parseBind('5000')).toEqual({ host: '127.0.0.1', port: 5000 });
  });

  it('says what is wrong', () => {
    expect(() => parseBind('h:70000')).toThrow("port must be a number from 0 to 65535, not '70000'");
    expect(() => parseBind('h:')).toThrow("port must be a number from 0 to 65535, not ''");
    expect(() => parseBind(':80')).toThrow("no host in ':80'");
    expect(() => parseBind('::1:80')).toThrow('write an IPv6 address in brackets: [::1]:80');
    expect(parseDelay('0.5')).toBe(0.5);
    expect(() => parseDelay('-1')).toThrow("delay must be a number of seconds from 0 to 86400, not '-1'");
    expect(() => parseDelay('soon')).toThrow('not \'soon\'');
  });
});
