// The Python 3 program that does what a playground server does: the handler
// class, the socketserver server class and serve_forever(). The Servers panel
// shows it and python3 runs it (program.test.ts checks both). A pure function:
// no Node or DOM here.
import { strRepr } from '../script/repr';
import { RECV_SIZE, isIpv6Host, serverClassName, type HandlerName, type ServerConfig, type ServerKind } from './config';

/** The handler class's name in the program: echo -> EchoHandler, slow-hello -> SlowHelloHandler. */
export function handlerClassName(h: HandlerName): string {
  return h.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('') + 'Handler';
}

interface HandlerSource {
  /** socketserver's base class for it. */
  base: 'BaseRequestHandler' | 'StreamRequestHandler';
  /** The body of handle(), one line each, indented from handle()'s level. */
  body: string[];
  usesTime?: boolean;
}

function handlerSource(kind: ServerKind, h: HandlerName, delay: number): HandlerSource {
  const base = 'BaseRequestHandler';
  const sleep = `time.sleep(${delay})`;
  const now = "time.ctime().encode() + b'\\r\\n'";
  if (kind === 'udp') {
    // UDPServer: self.request is (data, the server's socket); one datagram a request.
    const reply = (what: string) => `sock.sendto(${what}, self.client_address)`;
    const take = 'data, sock = self.request';
    switch (h) {
      case 'print':
        return { base, body: [take, "print('datagram from:', self.client_address)", 'print(data)'] };
      case 'echo':
        return { base, body: [take, reply('data')] };
      case 'upper':
        return { base, body: [take, reply('data.upper()')] };
      case 'slow-hello':
        return { base, usesTime: true, body: [take, "print('datagram from:', self.client_address)", 'print(data)', sleep, reply("b'hello'")] };
      case 'discard':
        return { base, body: [`${take}  # and nothing is sent back`] };
      case 'daytime':
        return { base, usesTime: true, body: [take, reply(now)] };
    }
  }
  switch (h) {
    case 'print':
      return { base, body: ["print('connection from:', self.client_address)", `print(self.request.recv(${RECV_SIZE}))`] };
    case 'echo':
      return { base, body: ['while True:', `    data = self.request.recv(${RECV_SIZE})`, '    if not data:', '        break', '    self.request.sendall(data)'] };
    case 'upper':
      // rfile and wfile: the socket through a buffered reader and a writer (StreamRequestHandler).
      return { base: 'StreamRequestHandler', body: ['while True:', '    line = self.rfile.readline()', '    if not line:', '        break', '    self.wfile.write(line.upper())'] };
    case 'slow-hello':
      return {
        base,
        usesTime: true,
        body: ["print('connection from:', self.client_address)", `print(self.request.recv(${RECV_SIZE}))`, sleep, "self.request.sendall(b'hello')"],
      };
    case 'discard':
      return { base, body: [`while self.request.recv(${RECV_SIZE}):`, '    pass'] };
    case 'daytime':
      return { base, usesTime: true, body: [`self.request.sendall(${now})`] };
  }
}

/**
 * The program: run with python3, it serves as the playground's server does, prints
 * the address it listens on (`serving on ('127.0.0.1', 5000)`), and ends on Ctrl-C.
 * socketserver's server_close() (the with statement) closes the socket and, for the
 * threading servers, waits for the requests still being handled.
 */
export function pythonProgram(c: ServerConfig): string {
  const cls = serverClassName(c);
  const handler = handlerClassName(c.handler);
  const src = handlerSource(c.kind, c.handler, c.delay);
  const v6 = isIpv6Host(c.host);
  const lines = [
    '#!/usr/bin/env python3',
    `# ${cls} with the playground's '${c.handler}' handler, written with Python's socketserver module.`,
    ...(v6 ? ['import socket'] : []),
    'import socketserver',
    ...(src.usesTime ? ['import time'] : []),
    '',
    '',
    `class ${handler}(socketserver.${src.base}):`,
    '    def handle(self):',
    ...src.body.map((l) => '        ' + l),
    '',
    '',
  ];
  let serverExpr = `socketserver.${cls}`;
  if (v6) {
    // socketserver's servers are AF_INET unless a subclass says otherwise.
    lines.push(`class Server(socketserver.${cls}):`, '    address_family = socket.AF_INET6', '', '');
    serverExpr = 'Server';
  }
  lines.push(
    "if __name__ == '__main__':",
    `    with ${serverExpr}((${strRepr(c.host)}, ${c.port}), ${handler}) as server:`,
    "        print('serving on', server.server_address, flush=True)",
    '        try:',
    '            server.serve_forever()',
    '        except KeyboardInterrupt:',
    '            pass',
    '',
  );
  return lines.join('\n');
}
