// Test helpers for the servers: python3 clients that follow a plan (send, read,
// shut down...) and report what they got and when, and a bounded wait for a
// condition. The clients are peers of electron/engine/testing/peers.ts (stopAll()
// kills them).
import { afterEach, beforeEach } from 'vitest';
import { Session } from '../engine/session';
import { startPeer, stopAll } from '../engine/testing/peers';
import { ServerSet } from './server';

/** A test's session and its servers; what the handlers print is gathered in `output`. */
export interface ServerBed {
  session: Session;
  servers: ServerSet;
  output: string;
}

/** A fresh ServerBed for each test of the file; its servers are stopped, its session disposed and the python3 peers killed after each. */
export function serverBed(): ServerBed {
  const bed = {} as ServerBed;
  beforeEach(() => {
    bed.session = new Session();
    bed.output = '';
    bed.servers = new ServerSet(bed.session.sockets, { onOutput: (text) => (bed.output += text) });
  });
  afterEach(async () => {
    await bed.servers.stopAll();
    bed.session.dispose();
    stopAll();
  });
  return bed;
}

/** One step of a client: bytes are given as latin-1 text (one character a byte). */
export type ClientStep =
  | { send: string }
  /** Read until this many bytes have come (or EOF). */
  | { recv: number }
  /** shutdown(SHUT_WR): the server's recv() gets b''. */
  | { shut: true }
  /** Read until EOF. */
  | { readall: true }
  /** Close with SO_LINGER 0: the server gets a reset. */
  | { reset: true }
  /** UDP: one datagram to the server, */
  | { sendto: string }
  /** and one back (5 s at most). */
  | { recvfrom: true };

export interface ClientReport {
  /** time.time() before connecting, after connecting, at the end. */
  start: number;
  connected: number;
  end: number;
  /** What each recv / readall / recvfrom step got, as latin-1 text. */
  replies: string[];
}

const CLIENT = String.raw`
import json, socket, struct, sys, time
kind, host, port, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
family = socket.AF_INET6 if ':' in host else socket.AF_INET
start = time.time()
if kind == 'tcp':
    s = socket.create_connection((host, port))
else:
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.settimeout(5)
connected = time.time()
replies = []
for step in steps:
    if 'send' in step:
        s.sendall(step['send'].encode('latin-1'))
    elif 'recv' in step:
        got = b''
        while len(got) < step['recv']:
            d = s.recv(step['recv'] - len(got))
            if not d:
                break
            got += d
        replies.append(got.decode('latin-1'))
    elif 'shut' in step:
        s.shutdown(socket.SHUT_WR)
    elif 'readall' in step:
        got = b''
        while True:
            d = s.recv(65536)
            if not d:
                break
            got += d
        replies.append(got.decode('latin-1'))
    elif 'reset' in step:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        s.close()
    elif 'sendto' in step:
        s.sendto(step['sendto'].encode('latin-1'), (host, port))
    elif 'recvfrom' in step:
        replies.append(s.recvfrom(65536)[0].decode('latin-1'))
s.close()
print(json.dumps({'start': start, 'connected': connected, 'end': time.time(), 'replies': replies}))
`;

/** Runs a python3 client against HOST:PORT; resolves with its report once it exits. */
export async function pythonClient(kind: 'tcp' | 'udp', host: string, port: number, steps: ClientStep[]): Promise<ClientReport> {
  const peer = startPeer('python3', ['-u', '-c', CLIENT, kind, host, String(port), JSON.stringify(steps)]);
  const line = await peer.line();
  await peer.exited;
  try {
    return JSON.parse(line) as ClientReport;
  } catch {
    throw new Error(`client printed ${line}; stderr: ${peer.stderr()}`);
  }
}

/** Waits until `cond()` holds, looking again every few milliseconds; fails after `timeoutMs`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
