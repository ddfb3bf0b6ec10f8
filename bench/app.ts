// `npm run bench` (second part): the app's own figures, measured in Chromium
// against the real browser-mode host and engine.
//  - Round trip of a trivial call (listSockets) page -> host -> page over the
//    WebSocket, p50 and p99, beside a bare WebSocket echo from the same browser.
//  - A flood: scripts that move datagrams as fast as the engine runs them, sent
//    by a second client while the UI shows everything; events per second that
//    reach the page, how many were skipped instead, and the UI's frame time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, quantile } from './chromium';
import NodeWebSocket, { WebSocketServer } from 'ws';
import { startWebServer, type WebServer } from '../electron/web/server';

/** Sequential round trips per contender, after WARMUP_CALLS unmeasured ones. */
const RTT_CALLS = Number(process.env.BENCH_RTT_CALLS ?? 2000);
const WARMUP_CALLS = 200;
/** Flood: runs in flight at once (each on its own sockets, as console inputs run side by side)... */
const FLOOD_RUNS = Number(process.env.BENCH_FLOOD_RUNS ?? 2);
/** ...each repeated this many times with SEND_RECV_PAIRS send/recv pairs (six events a pair; the source stays under the contract's 256 KiB). */
const FLOOD_REPEATS = Number(process.env.BENCH_FLOOD_REPEATS ?? 6);
const SEND_RECV_PAIRS = 5000;
/** Frame-time targets from the issue. */
const FRAME_P95_TARGET_MS = 33;
/** Offered-load rounds: rates (events/s) and how long each lasts. */
const OFFERED_RATES = [100_000, 200_000, 400_000];
const OFFERED_SECONDS = 3;
/** How long the page may take to catch up after a flood. */
const DRAIN_TIMEOUT_MS = 60_000;
const EVENTS_PER_S_TARGET = 100_000;
const RTT_P50_TARGET_MS = 1;



/** Runs in the page before its own scripts: counts what arrives on WebSockets and records frame times. */
const PAGE_PROBE = `(() => {
  const probe = { events: 0, skipped: 0, firstAt: 0, lastAt: 0, frames: [], recording: false };
  globalThis.__probe = probe;
  const Native = WebSocket;
  globalThis.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string' || !e.data.startsWith('{"event":"batch"')) return;
        const now = performance.now();
        if (!probe.firstAt) probe.firstAt = now;
        probe.lastAt = now;
        // Counted without a second JSON.parse, so the probe costs the page little: one "seq" per event, skipped ranges by their count.
        probe.events += (e.data.match(/"seq":/g) || []).length;
        for (const m of e.data.matchAll(/"kind":"skipped"[^}]*?"events":(\\d+)/g)) probe.skipped += Number(m[1]);
      });
    }
  };
  let last = 0;
  const tick = (t) => {
    if (probe.recording && last) probe.frames.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** Sequential request/response round trips from the page; returns milliseconds per call. */
async function roundTrips(page: Page, url: string, request: string, calls: number, warmup: number): Promise<number[]> {
  return page.evaluate(
    async ({ url, request, calls, warmup }) => {
      const ws = new WebSocket(url);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error(`cannot open ${url}`));
      });
      const times: number[] = [];
      let resolveNext: (() => void) | null = null;
      ws.onmessage = (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('{"event"')) return; // pushed events are not answers
        resolveNext?.();
      };
      for (let i = 0; i < calls + warmup; i++) {
        const t0 = performance.now();
        await new Promise<void>((resolve) => {
          resolveNext = resolve;
          ws.send(request.replace('"id":0', `"id":${i + 1}`));
        });
        if (i >= warmup) times.push(performance.now() - t0);
      }
      ws.close();
      return times;
    },
    { url, request, calls, warmup },
  );
}

function floodScript(run: number, pairs: number): string {
  const a = `fa${run}`;
  const b = `fb${run}`;
  const lines = [
    'import socket',
    `${a} = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)`,
    `${a}.bind(('127.0.0.1', 0))`,
    `${b} = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)`,
    `${b}.connect(${a}.getsockname())`,
  ];
  for (let i = 0; i < pairs; i++) lines.push(`${b}.send(b'0123456789abcdef')`, `${a}.recv(64)`);
  lines.push(`${a}.close()`, `${b}.close()`);
  return lines.join('\n');
}

/** A second client (not the page) that drives the flood through the same contract. */
async function driver(server: WebServer): Promise<NodeWebSocket> {
  const origin = `http://127.0.0.1:${server.port}`;
  const res = await fetch(`${origin}/?token=${server.token}`, { redirect: 'manual' });
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const ws = new NodeWebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers: { Cookie: cookie, Origin: origin } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

async function flood(page: Page, server: WebServer): Promise<void> {
  const ws = await driver(server);
  let nextId = 1;
  const pending = new Map<number, (r: { ok: boolean; result?: { outcomes: { ok: boolean }[] } }) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { id?: number; event?: string };
    if (m.id !== undefined && pending.has(m.id)) pending.get(m.id)!(m as never);
  });
  const run = (source: string) =>
    new Promise<{ ok: boolean; result?: { outcomes: { ok: boolean }[] } }>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method: 'run', params: { source, stepTimeout: null } }));
    });
  const eventsBefore = server.session.engine.log.totals.events;
  await startRecording(page);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: FLOOD_RUNS }, async (_, r) => {
      for (let k = 0; k < FLOOD_REPEATS; k++) {
        const reply = await run(floodScript(r, SEND_RECV_PAIRS));
        if (!reply.ok || reply.result!.outcomes.some((o) => !o.ok)) throw new Error(`a flood script failed: ${JSON.stringify(reply).slice(0, 300)}`);
      }
    }),
  );
  const engineSeconds = (performance.now() - t0) / 1000;
  const produced = server.session.engine.log.totals.events - eventsBefore;
  const p = await drained(page, produced);
  ws.close();
  const seconds = (p.lastAt - p.firstAt) / 1000;
  const perS = p.events / seconds;
  console.log(`Flood: ${FLOOD_RUNS} scripts side by side, ${FLOOD_RUNS * FLOOD_REPEATS * SEND_RECV_PAIRS * 2} statements moving 16-byte datagrams, the UI (Chromium) showing the log`);
  console.log(`  engine produced               ${produced} events in ${engineSeconds.toFixed(2)} s (${(produced / engineSeconds).toFixed(0)} events/s)`);
  console.log(`  delivered to the page         ${p.events} events in ${seconds.toFixed(2)} s: ${perS.toFixed(0)} events/s (target >= ${EVENTS_PER_S_TARGET})`);
  console.log(`  marked skipped (watermarks)   ${p.skipped} events`);
  console.log(`  UI frame time                 p50 ${quantile(p.frames, 0.5).toFixed(1)} ms, p95 ${quantile(p.frames, 0.95).toFixed(1)} ms, max ${Math.max(...p.frames).toFixed(1)} ms over ${p.frames.length} frames (target p95 < ${FRAME_P95_TARGET_MS} ms)`);
}

/** Pipeline capacity: events offered straight into the engine's log at a fixed rate (the log, adapter, WebSocket and UI are the real ones; only the source is not a script, which cannot produce this many). */
async function offeredFlood(page: Page, server: WebServer, ratePerS: number): Promise<void> {
  const log = server.session.engine.log;
  const payload = new TextEncoder().encode('0123456789abcdef');
  await startRecording(page);
  const t0 = performance.now();
  let offered = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - t0) / 1000;
      if (elapsed >= OFFERED_SECONDS) return resolve();
      const due = Math.floor(elapsed * ratePerS) - offered;
      for (let i = 0; i < due; i++) log.data(1, i % 2 ? 'in' : 'out', payload);
      offered += due;
      setImmediate(tick);
    };
    tick();
  });
  const p = await drained(page, offered);
  const seconds = (p.lastAt - p.firstAt) / 1000;
  console.log(
    `  offered ${String(ratePerS).padStart(7)} events/s for ${OFFERED_SECONDS} s: delivered ${(p.events / seconds).toFixed(0).padStart(7)} events/s, skipped ${String(p.skipped).padStart(7)}, frame time p95 ${quantile(p.frames, 0.95).toFixed(1)} ms (max ${Math.max(...p.frames).toFixed(1)})`,
  );
}

async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const p = (globalThis as unknown as { __probe: { events: number; skipped: number; firstAt: number; lastAt: number; frames: number[]; recording: boolean } }).__probe;
    Object.assign(p, { events: 0, skipped: 0, firstAt: 0, lastAt: 0, frames: [], recording: true });
  });
}

/** Waits until the page has every one of `expected` events (delivered or marked skipped), then stops recording. */
async function drained(page: Page, expected: number) {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let p = await readProbe(page);
  while (p.events + p.skipped < expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    p = await readProbe(page);
  }
  await page.evaluate(() => ((globalThis as unknown as { __probe: { recording: boolean } }).__probe.recording = false));
  const final = await readProbe(page);
  if (final.events + final.skipped < expected) console.log(`  (only ${final.events + final.skipped} of ${expected} events reached the page)`);
  return final;
}

async function readProbe(page: Page) {
  return page.evaluate(() => {
    const p = (globalThis as unknown as { __probe: { events: number; skipped: number; firstAt: number; lastAt: number; frames: number[] } }).__probe;
    return { events: p.events, skipped: p.skipped, firstAt: p.firstAt, lastAt: p.lastAt, frames: p.frames };
  });
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const executablePath = chromiumPath();
  if (!executablePath) {
    console.log('App benchmark: skipped, no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH).');
    return;
  }
  const built = spawnSync(process.execPath, [path.join(root, 'renderer/tools/build-if-stale.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the renderer failed');
  const server = await startWebServer({ staticDir: path.join(root, 'dist/renderer'), port: 0 });
  const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  echo.on('connection', (ws) => ws.on('message', (d) => ws.send(d.toString().replace('"method":"listSockets"', '"ok":true'))));
  await new Promise((r) => echo.once('listening', r));
  const echoPort = (echo.address() as { port: number }).port;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const chromeVersion = browser.version();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.addInitScript({ content: PAGE_PROBE });
    await page.goto(server.url);
    await page.getByTestId('new-socket').waitFor();
    console.log(`App (browser mode in Chromium ${chromeVersion}; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)})`);

    const request = JSON.stringify({ id: 0, method: 'listSockets', params: {} }).replace('"id":0', '"id":0');
    const app = await roundTrips(page, `ws://127.0.0.1:${server.port}/ws`, request, RTT_CALLS, WARMUP_CALLS);
    const bare = await (async () => {
      const blank = await context.newPage();
      try {
        return await roundTrips(blank, `ws://127.0.0.1:${echoPort}/`, request, RTT_CALLS, WARMUP_CALLS);
      } finally {
        await blank.close();
      }
    })();
    console.log(`Round trip of a trivial call (listSockets), page -> host -> page over the WebSocket, ${RTT_CALLS} calls`);
    console.log(`  app (contract + adapter)      p50 ${quantile(app, 0.5).toFixed(3)} ms, p99 ${quantile(app, 0.99).toFixed(3)} ms (target p50 < ${RTT_P50_TARGET_MS} ms)`);
    console.log(`  bare WebSocket echo           p50 ${quantile(bare, 0.5).toFixed(3)} ms, p99 ${quantile(bare, 0.99).toFixed(3)} ms (reference, same browser)`);

    await flood(page, server);
    console.log('Pipeline capacity: events offered into the engine log at a fixed rate, through the adapter and WebSocket to the UI');
    // BENCH_PAGE_PROFILE=FILE.cpuprofile records the page's main thread during these rounds (open it in Chrome DevTools).
    const profileFile = process.env.BENCH_PAGE_PROFILE;
    const cdp = profileFile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    for (const rate of OFFERED_RATES) await offeredFlood(page, server, rate);
    if (cdp && profileFile) fs.writeFileSync(profileFile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  } finally {
    await browser.close();
    echo.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
