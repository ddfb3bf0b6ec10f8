// `npm run bench`: throughput of the engine against raw Node and CPython in the
// same run. TCP: 256 MiB over loopback, sendall() of 64 KiB chunks against a
// recv(65536) loop, through the playground's socket module with the event log on.
// UDP: 1 KiB datagrams per second, engine against raw dgram.
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { PyBytes, PyObject, PyTuple, type CallContext, type PyValue } from '../shared/script/values';
import { Session } from '../electron/engine/session';

const MiB = 1024 * 1024;
/** Total TCP payload per contender (the figure). */
const TCP_TOTAL = Number(process.env.BENCH_TCP_MIB ?? 256) * MiB;
const TCP_CHUNK = 64 * 1024;
/** UDP datagrams per contender and their size. */
const UDP_COUNT = Number(process.env.BENCH_UDP_COUNT ?? 50_000);
const UDP_SIZE = 1024;
/** Rounds per contender; the best round is reported (least disturbed by the machine). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const ctx: CallContext = { signal: new AbortController().signal, stdout: () => {} };

function method(obj: PyValue, name: string) {
  const m = (obj as PyObject).getAttr(name) as PyObject;
  return (...args: PyValue[]) => m.call!(args, new Map(), ctx);
}

async function engineTcp(): Promise<number> {
  const session = new Session();
  let events = 0;
  session.engine.log.subscribe(() => events++); // the event stream is on, as in the app
  const socket = session.sockets.module;
  const ctor = socket.getAttr('socket') as PyObject;
  const srv = await ctor.call!([], new Map(), ctx);
  await method(srv, 'bind')(new PyTuple(['127.0.0.1', 0n]));
  await method(srv, 'listen')(1n);
  const addr = await method(srv, 'getsockname')();
  const cli = await ctor.call!([], new Map(), ctx);
  await method(cli, 'connect')(addr);
  const [conn] = ((await method(srv, 'accept')()) as PyTuple).items;
  const chunk = new PyBytes(new Uint8Array(TCP_CHUNK).fill(0x61));
  const sendall = method(cli, 'sendall');
  const recv = method(conn, 'recv');
  const t0 = performance.now();
  const sender = (async () => {
    for (let sent = 0; sent < TCP_TOTAL; sent += TCP_CHUNK) await sendall(chunk);
  })();
  let got = 0;
  while (got < TCP_TOTAL) got += ((await recv(65536n)) as PyBytes).data.length;
  await sender;
  const seconds = (performance.now() - t0) / 1000;
  if (events === 0) throw new Error('event stream was silent');
  session.dispose();
  return TCP_TOTAL / MiB / seconds;
}

async function rawNodeTcp(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const cli = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => cli.once('connect', r));
  const conn = await accepted;
  const chunk = Buffer.alloc(TCP_CHUNK, 0x61);
  const t0 = performance.now();
  const done = new Promise<void>((resolve) => {
    let got = 0;
    conn.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= TCP_TOTAL) resolve();
    });
  });
  for (let sent = 0; sent < TCP_TOTAL; sent += TCP_CHUNK) {
    if (!cli.write(chunk)) await new Promise<void>((r) => cli.once('drain', r));
  }
  await done;
  const seconds = (performance.now() - t0) / 1000;
  cli.destroy();
  conn.destroy();
  server.close();
  return TCP_TOTAL / MiB / seconds;
}

const PYTHON_TCP = `
import socket, threading, time, sys
total, chunk = int(sys.argv[1]), 65536
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)
cli = socket.create_connection(srv.getsockname()); conn, _ = srv.accept()
data = b'a' * chunk
def send():
    sent = 0
    while sent < total:
        cli.sendall(data); sent += chunk
t0 = time.perf_counter()
th = threading.Thread(target=send); th.start()
got = 0
while got < total:
    got += len(conn.recv(65536))
th.join()
print(total / 1048576 / (time.perf_counter() - t0))
`;

function pythonTcp(): number {
  return Number(execFileSync('python3', ['-c', PYTHON_TCP, String(TCP_TOTAL)]).toString().trim());
}

async function engineUdp(): Promise<{ sent: number; received: number }> {
  const session = new Session();
  session.engine.log.subscribe(() => {});
  const socket = session.sockets.module;
  const ctor = socket.getAttr('socket') as PyObject;
  const dgramKind = socket.getAttr('SOCK_DGRAM')!;
  const r = await ctor.call!([socket.getAttr('AF_INET')!, dgramKind], new Map(), ctx);
  await method(r, 'bind')(new PyTuple(['127.0.0.1', 0n]));
  await method(r, 'setblocking')(false);
  const addr = await method(r, 'getsockname')();
  const w = await ctor.call!([socket.getAttr('AF_INET')!, dgramKind], new Map(), ctx);
  const payload = new PyBytes(new Uint8Array(UDP_SIZE).fill(0x62));
  const sendto = method(w, 'sendto');
  const recvfrom = method(r, 'recvfrom');
  let received = 0;
  const drain = async () => {
    for (;;) {
      try {
        await recvfrom(2048n);
        received++;
      } catch {
        return;
      }
    }
  };
  const t0 = performance.now();
  for (let i = 0; i < UDP_COUNT; i++) {
    await sendto(payload, addr);
    if (i % 64 === 63) await drain();
  }
  const seconds = (performance.now() - t0) / 1000;
  await drain();
  session.dispose();
  return { sent: UDP_COUNT / seconds, received };
}

async function rawNodeUdp(): Promise<{ sent: number; received: number }> {
  const r = dgram.createSocket('udp4');
  await new Promise<void>((res) => r.bind(0, '127.0.0.1', res));
  let received = 0;
  r.on('message', () => received++);
  const w = dgram.createSocket('udp4');
  const port = r.address().port;
  const payload = Buffer.alloc(UDP_SIZE, 0x62);
  const t0 = performance.now();
  for (let i = 0; i < UDP_COUNT; i++) {
    await new Promise<void>((res, rej) => w.send(payload, port, '127.0.0.1', (e) => (e ? rej(e) : res())));
  }
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((res) => setTimeout(res, 50));
  w.close();
  r.close();
  return { sent: UDP_COUNT / seconds, received };
}

async function best<T>(rounds: number, run: () => Promise<T> | T, score: (t: T) => number): Promise<T> {
  let top: T | undefined;
  for (let i = 0; i < rounds; i++) {
    const r = await run();
    if (top === undefined || score(r) > score(top)) top = r;
  }
  return top!;
}

async function main(): Promise<void> {
  const cpu = os.cpus();
  const python = execFileSync('python3', ['--version']).toString().trim();
  console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'} x${cpu.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, ${python}`);
  console.log(`TCP: ${TCP_TOTAL / MiB} MiB over loopback, sendall(64 KiB) vs recv(65536), best of ${ROUNDS}`);
  const eng = await best(ROUNDS, engineTcp, (x) => x);
  const raw = await best(ROUNDS, rawNodeTcp, (x) => x);
  const py = await best(ROUNDS, pythonTcp, (x) => x);
  const row = (name: string, v: number) => console.log(`  ${name.padEnd(28)} ${v.toFixed(0).padStart(7)} MiB/s`);
  row('engine (socket module, log)', eng);
  row('raw Node net', raw);
  row('python3 sockets', py);
  console.log(`  engine / raw Node net        ${(eng / raw).toFixed(2)}x  (target >= 0.80x)`);
  console.log(`  engine / python3             ${(eng / py).toFixed(2)}x`);
  console.log(`UDP: ${UDP_COUNT} datagrams of ${UDP_SIZE} bytes, best of ${ROUNDS}`);
  const eu = await best(ROUNDS, engineUdp, (x) => x.sent);
  const ru = await best(ROUNDS, rawNodeUdp, (x) => x.sent);
  console.log(`  engine sendto                ${eu.sent.toFixed(0).padStart(8)} datagrams/s (${eu.received} of ${UDP_COUNT} received)`);
  console.log(`  raw Node dgram send          ${ru.sent.toFixed(0).padStart(8)} datagrams/s (${ru.received} of ${UDP_COUNT} received)`);
  console.log(`  engine / raw Node dgram      ${(eu.sent / ru.sent).toFixed(2)}x`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
