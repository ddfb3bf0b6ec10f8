// `npm run bench`: throughput of the engine against raw Node and CPython in the
// same run. TCP: 256 MiB over loopback, sendall() of 64 KiB chunks against a
// recv(65536) loop, through the playground's socket module with the event log on.
// UDP: 1 KiB datagrams per second, engine against raw dgram.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { PyBytes, PyObject, PyTuple, type CallContext, type PyValue } from '../shared/script/values';
import { Session } from '../electron/engine/session';

const MiB = 1024 * 1024;
/** Total TCP payload per contender (the figure). */
const TCP_TOTAL = Number(process.env.BENCH_TCP_MIB ?? 256) * MiB;
const TCP_CHUNK = 64 * 1024;
/** UDP datagrams per contender and their size. */
const UDP_COUNT = Number(process.env.BENCH_UDP_COUNT ?? 50_000);
const UDP_SIZE = 1024;
/** Datagrams sent between two turns of the receiver. */
const UDP_BATCH = 64;
/**
 * Unmeasured rounds per contender before the measured ones. Throughput is measured
 * once the JIT has settled, as benchmark harnesses do (JMH warms up 5 times): the
 * engine's larger code takes about three rounds of 256 MiB to be compiled, where
 * Node's own stream code comes warm. The first (cold) round is printed as well.
 */
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP ?? 3);
/** Measured rounds per contender, after the warm-up; contenders alternate so load drift hits all alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

const ctx: CallContext = { signal: new AbortController().signal, stdout: () => {} };

function method(obj: PyValue, name: string) {
  const m = (obj as PyObject).getAttr(name) as PyObject;
  return (...args: PyValue[]) => m.call!(args, new Map(), ctx);
}

async function engineTcp(retain?: number): Promise<number> {
  const session = new Session(retain !== undefined ? { retainPayloadBytes: retain } : process.env.BENCH_RETAIN ? { retainPayloadBytes: Number(process.env.BENCH_RETAIN) } : {});
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

/**
 * CPython's side: one python3 process, started before anything is measured, that runs
 * a round for each total it reads on stdin and answers with MiB/s. Starting python3 for
 * each round (execFileSync) forked this process each time, and fork() leaves every page
 * of the parent copy-on-write: the next round, the engine's (rounds alternate engine,
 * raw, python3), then took a page fault for each page it wrote, some 25,000 (a third of
 * its CPU time), which the raw round after it no longer paid. The python3 round itself
 * is the same: new sockets, a sender thread, a recv() loop.
 */
const PYTHON_TCP = `
import socket, threading, time, sys
def run(total):
    chunk = 65536
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
    rate = total / 1048576 / (time.perf_counter() - t0)
    conn.close(); cli.close(); srv.close()
    return rate
for line in sys.stdin:
    print(run(int(line)), flush=True)
`;

let python: { child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string> } | null = null;

/** Starts the python3 process of pythonTcp(); main() does it before the first round. */
function startPython(): void {
  const child = spawn('python3', ['-c', PYTHON_TCP]);
  child.stdin.on('error', () => {});
  python = { child, lines: readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]() };
}

async function pythonTcp(): Promise<number> {
  if (!python) startPython();
  python!.child.stdin.write(`${TCP_TOTAL}\n`);
  const line = await python!.lines.next();
  if (line.done) throw new Error('python3 exited');
  return Number(line.value.trim());
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
    if (i % UDP_BATCH === UDP_BATCH - 1) await drain();
  }
  await drain();
  const seconds = (performance.now() - t0) / 1000;
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
    // Let the receiver read, as the engine's side does with its recvfrom() loop.
    if (i % UDP_BATCH === UDP_BATCH - 1) await new Promise((res) => setImmediate(res));
  }
  for (let quiet = 0; received < UDP_COUNT && quiet < 50; quiet++) await new Promise((res) => setImmediate(res));
  const seconds = (performance.now() - t0) / 1000;
  w.close();
  r.close();
  return { sent: UDP_COUNT / seconds, received };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The ratio a / b round by round (contender a's round i against b's, run next to
 * each other), and their median: on a machine whose speed drifts from second to
 * second (a shared VM), a slow stretch hits both rounds of a pair, where the
 * ratio of the two medians took one contender's good rounds against the other's bad ones.
 */
function pairedRatios(a: number[], b: number[]): { median: number; all: string } {
  const ratios = a.map((x, i) => x / b[i]);
  return { median: median(ratios), all: ratios.map((r) => r.toFixed(2)).join(' ') };
}

/** CPU time (all of it, and the kernel's share) and page faults of each round, by contender (the BENCH_ONLY comparisons). */
const roundCosts: Record<string, { cpuMs: number[]; kernelMs: number[]; faults: number[] }> = {};

function cpuCounted(name: string, run: () => Promise<number>): () => Promise<number> {
  const costs: { cpuMs: number[]; kernelMs: number[]; faults: number[] } = { cpuMs: [], kernelMs: [], faults: [] };
  roundCosts[name] = costs;
  return async () => {
    const f0 = process.resourceUsage().minorPageFault;
    const c0 = process.cpuUsage();
    const r = await run();
    const c = process.cpuUsage(c0);
    costs.faults.push(process.resourceUsage().minorPageFault - f0);
    costs.cpuMs.push((c.user + c.system) / 1000);
    costs.kernelMs.push(c.system / 1000);
    return r;
  };
}

function cpuSummary(name: string): string {
  const c = roundCosts[name];
  return `median CPU ${median(c.cpuMs).toFixed(0)} ms a round (${median(c.kernelMs).toFixed(0)} ms in the kernel), ${median(c.faults)} page faults`;
}

/** The first round of each contender (cold), from the rounds() that ran. */
const coldRounds: Record<string, number> = {};

/** Runs each contender WARMUP_ROUNDS times to warm up, then ROUNDS times in turn, each round in a rotated order; returns every measured round. */
async function rounds(contenders: Record<string, () => Promise<number> | number>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const name of Object.keys(contenders)) out[name] = [];
  for (let i = 0; i < WARMUP_ROUNDS; i++) {
    for (const [name, run] of Object.entries(contenders)) {
      const r = await run();
      if (i === 0) coldRounds[name] = r;
    }
  }
  // Each measured round starts with the next contender: in a fixed order, one contender always
  // ran right after the same other (the engine after python3's process), which tilted the medians.
  const entries = Object.entries(contenders);
  for (let i = 0; i < ROUNDS; i++) {
    for (let k = 0; k < entries.length; k++) {
      const [name, run] = entries[(i + k) % entries.length];
      out[name].push(await run());
    }
  }
  return out;
}

async function main(): Promise<void> {
  const cpu = os.cpus();
  const pythonVersion = execFileSync('python3', ['--version']).toString().trim();
  console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'} x${cpu.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, ${pythonVersion}, load ${os.loadavg()[0].toFixed(2)}`);
  // Profiling and quick comparisons (BENCH_ROUNDS rounds each, no warm-up for engine/raw):
  // `BENCH_ONLY=engine node --cpu-prof dist/bench.cjs`, the same with `raw` to compare profiles,
  // `BENCH_ONLY=tcp` for the TCP side by side alone (rounds as in the full run, with CPU time per round),
  // `BENCH_ONLY=retention` for what keeping payloads costs (the engine with and without, beside raw).
  if (process.env.BENCH_ONLY === 'engine' || process.env.BENCH_ONLY === 'raw') {
    const run = process.env.BENCH_ONLY === 'engine' ? engineTcp : rawNodeTcp;
    for (let i = 0; i < Number(process.env.BENCH_ROUNDS ?? 1); i++) console.log(`  ${process.env.BENCH_ONLY}: ${(await run()).toFixed(0)} MiB/s`);
    return;
  }
  if (process.env.BENCH_ONLY === 'retention') {
    const t = await rounds({ engine: cpuCounted('engine', () => engineTcp()), 'engine, no payloads kept': cpuCounted('engine, no payloads kept', () => engineTcp(0)), raw: cpuCounted('raw', rawNodeTcp) });
    for (const name of Object.keys(t)) console.log(`  ${name.padEnd(26)} median ${median(t[name]).toFixed(0)} MiB/s; ${cpuSummary(name)}`);
    return;
  }
  if (process.env.BENCH_ONLY === 'tcp') {
    const t = await rounds({ engine: cpuCounted('engine', engineTcp), raw: cpuCounted('raw', rawNodeTcp) });
    for (const name of ['engine', 'raw']) console.log(`  ${name.padEnd(6)} ${t[name].map((x) => x.toFixed(0)).join(' ')} MiB/s; ${cpuSummary(name)}`);
    const r = pairedRatios(t.engine, t.raw);
    console.log(`  engine / raw ${r.median.toFixed(2)}x (median of the rounds' ratios); rounds: ${r.all}`);
    return;
  }
  startPython(); // before any round: see PYTHON_TCP
  console.log(`TCP: ${TCP_TOTAL / MiB} MiB over loopback, sendall(64 KiB) vs recv(65536); median and best of ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up rounds`);
  const tcp = await rounds({ engine: engineTcp, raw: rawNodeTcp, python: pythonTcp });
  const row = (name: string, xs: number[]) => console.log(`  ${name.padEnd(30)} ${median(xs).toFixed(0).padStart(6)} MiB/s (best ${Math.max(...xs).toFixed(0)})`);
  row('engine (socket module + log)', tcp.engine);
  row('raw Node net', tcp.raw);
  row('python3 sockets', tcp.python);
  const vsRaw = pairedRatios(tcp.engine, tcp.raw);
  const vsPython = pairedRatios(tcp.engine, tcp.python);
  console.log(`  engine / raw Node net          ${vsRaw.median.toFixed(2)}x (median of the rounds' ratios; target >= 0.80x; ratio of the medians ${(median(tcp.engine) / median(tcp.raw)).toFixed(2)}x); rounds: ${vsRaw.all}`);
  console.log(`  engine / python3               ${vsPython.median.toFixed(2)}x; rounds: ${vsPython.all}`);
  console.log(`  first round, cold JIT          engine ${coldRounds.engine.toFixed(0)}, raw ${coldRounds.raw.toFixed(0)}, python3 ${coldRounds.python.toFixed(0)} MiB/s (${(coldRounds.engine / coldRounds.raw).toFixed(2)}x)`);
  console.log(`UDP: ${UDP_COUNT} datagrams of ${UDP_SIZE} bytes, delivered per second; median of ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up rounds`);
  const lost: Record<string, number> = { engine: 0, raw: 0 };
  const counted = (name: string, run: () => Promise<{ sent: number; received: number }>) => async () => {
    const r = await run();
    lost[name] = Math.max(lost[name], UDP_COUNT - r.received);
    return (r.sent * r.received) / UDP_COUNT;
  };
  const udp = await rounds({ engine: counted('engine', engineUdp), raw: counted('raw', rawNodeUdp) });
  console.log(`  engine sendto/recvfrom         ${median(udp.engine).toFixed(0).padStart(8)} datagrams/s (at most ${lost.engine} lost in a round)`);
  console.log(`  raw Node dgram                 ${median(udp.raw).toFixed(0).padStart(8)} datagrams/s (at most ${lost.raw} lost in a round)`);
  const udpRatio = pairedRatios(udp.engine, udp.raw);
  console.log(`  engine / raw Node dgram        ${udpRatio.median.toFixed(2)}x; rounds: ${udpRatio.all}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
