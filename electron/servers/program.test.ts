// The playground's servers and the Python programs that say what they do
// (shared/servers/program.ts): python3 runs the program, and the same python3
// clients get the same replies from it as from the playground's server; the
// handlers print the same lines.
import { describe, expect, it } from 'vitest';
import { serverConfig, type ServerConfig } from '../../shared/servers/config';
import { pythonProgram } from '../../shared/servers/program';
import { startPeer, type Peer } from '../engine/testing/peers';
import { pythonClient, serverBed, type ClientStep } from './testing';

const HOST = '127.0.0.1';
const SERVING = /^serving on \('127\.0\.0\.1', (\d+)\)$/;
/** Client ports differ from run to run. */
const portless = (text: string) => text.replace(/\('127\.0\.0\.1', \d+\)/g, "('127.0.0.1', PORT)");

const bed = serverBed();

async function startPython(c: ServerConfig): Promise<{ peer: Peer; port: number }> {
  const peer = startPeer('python3', ['-u', '-c', pythonProgram(c)]);
  const first = await peer.line();
  const m = SERVING.exec(first);
  if (!m) throw new Error(`python3 printed ${first}; stderr: ${peer.stderr()}`);
  return { peer, port: Number(m[1]) };
}

/** Runs each client (one after the other) against python3's server, then against ours; returns both sets of replies and printed lines. */
async function both(c: ServerConfig, clients: ClientStep[][], printedLines: number) {
  const py = await startPython(c);
  const pyReplies = [];
  for (const steps of clients) pyReplies.push((await pythonClient(c.kind, HOST, py.port, steps)).replies);
  const pyPrinted = [];
  for (let i = 0; i < printedLines; i++) pyPrinted.push(await py.peer.line());
  py.peer.proc.kill('SIGINT');
  // KeyboardInterrupt ends serve_forever(); the with statement closes the server: exit 0.
  expect(await py.peer.exited).toBe(0);
  const ours = await bed.servers.start(c);
  const ourReplies = [];
  for (const steps of clients) ourReplies.push((await pythonClient(c.kind, HOST, ours.port, steps)).replies);
  return { python: { replies: pyReplies, printed: portless(pyPrinted.map((l) => l + '\n').join('')) }, ours: { replies: ourReplies, printed: portless(bed.output) } };
}

describe('the Python program of a server does what the server does', () => {
  it('TCPServer, echo', async () => {
    const r = await both(serverConfig({ kind: 'tcp', handler: 'echo' }), [[{ send: 'ping' }, { recv: 4 }, { send: 'pong\n' }, { shut: true }, { readall: true }]], 0);
    expect(r.python.replies).toEqual([['ping', 'pong\n']]);
    expect(r.ours).toEqual(r.python);
  });

  it('TCPServer and ThreadingTCPServer, slow-hello', async () => {
    for (const threading of [false, true]) {
      bed.output = '';
      const r = await both(serverConfig({ kind: 'tcp', threading, handler: 'slow-hello', delay: 0.2 }), [[{ send: 'hi' }, { readall: true }]], 2);
      expect(r.python).toEqual({ replies: [['hello']], printed: "connection from: ('127.0.0.1', PORT)\nb'hi'\n" });
      expect(r.ours).toEqual(r.python);
      await bed.servers.stopAll();
    }
  });

  it('TCPServer, upper and print', async () => {
    const upper = await both(serverConfig({ kind: 'tcp', handler: 'upper' }), [[{ send: 'one\ntw' }, { recv: 4 }, { send: 'o\nthree' }, { shut: true }, { readall: true }]], 0);
    expect(upper.python.replies).toEqual([['ONE\n', 'TWO\nTHREE']]);
    expect(upper.ours).toEqual(upper.python);
    const print = await both(serverConfig({ kind: 'tcp', handler: 'print' }), [[{ send: 'tutorial' }, { readall: true }]], 2);
    expect(print.python.printed).toBe("connection from: ('127.0.0.1', PORT)\nb'tutorial'\n");
    expect(print.ours).toEqual(print.python);
  });

  it('UDPServer, echo and slow-hello', async () => {
    const echo = await both(serverConfig({ kind: 'udp', handler: 'echo' }), [[{ sendto: 'a' }, { recvfrom: true }, { sendto: 'bc' }, { recvfrom: true }]], 0);
    expect(echo.python.replies).toEqual([['a', 'bc']]);
    expect(echo.ours).toEqual(echo.python);
    const slow = await both(serverConfig({ kind: 'udp', threading: true, handler: 'slow-hello', delay: 0.2 }), [[{ sendto: 'hi' }, { recvfrom: true }]], 2);
    expect(slow.python).toEqual({ replies: [['hello']], printed: "datagram from: ('127.0.0.1', PORT)\nb'hi'\n" });
    expect(slow.ours).toEqual(slow.python);
  });
});
