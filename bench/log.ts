// `npm run bench` (third part): the traffic log at scale.
//  - Events per second into the engine's log (a million small ones), beside the
//    naive reference: the same events as objects pushed onto an array.
//  - In Chromium, on a log of a million events: frame time while scrolling (smooth
//    and jumping), how long filters and a search take to answer, the page's JS heap.
//  - Frame time while a flood of 10,000 events a second arrives and the view follows.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, quantile } from './chromium';
import { EventLog, type EngineEvent } from '../electron/engine/events';
import { startWebServer } from '../electron/web/server';

const EVENTS = Number(process.env.BENCH_LOG_EVENTS ?? 1_000_000);
const INTO_LOG_TARGET_S = 2;
const SCROLL_FRAME_P95_TARGET_MS = 20;
const HEAP_TARGET_MB = 200;
const FLOOD_FRAME_P95_TARGET_MS = 33;
/** How long each scroll pattern runs, in ms. */
const SCROLL_MS = 4000;
/** The flood: events per second and how long. */
const FLOOD_RATE = 10_000;
const FLOOD_SECONDS = 5;



const PAYLOAD = new TextEncoder().encode('GET / HTTP/1.1\r\n');

/** A session's worth of small events: a sendall, its bytes, its end, the reply's bytes, in turn. */
function fill(log: EventLog, count: number): void {
  for (let i = 0; i < count; i += 4) {
    const socket = (i >> 2) % 3 === 0 ? 1 : 2;
    const t = log.now();
    const seq = log.callStart(socket, 'sendall', "c.sendall(b'GET / HTTP/1.1\\r\\n')", t);
    log.data(socket, 'out', PAYLOAD);
    log.callOk(seq, "c.sendall(b'GET / HTTP/1.1\\r\\n')", 'None', 5, log.now());
    log.data(socket === 1 ? 2 : 1, 'in', PAYLOAD);
  }
}

/** The reference: the same events kept the obvious way, as objects in an array. */
function fillNaive(count: number): EngineEvent[] {
  const out: EngineEvent[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i += 4) {
    const socket = (i >> 2) % 3 === 0 ? 1 : 2;
    const t = Math.round((performance.now() - t0) * 1000);
    out.push({ kind: 'call', phase: 'start', socket, method: 'sendall', call: "c.sendall(b'GET / HTTP/1.1\\r\\n')", seq: i + 1, t });
    out.push({ kind: 'data', socket, direction: 'out', size: PAYLOAD.length, payload: PAYLOAD, seq: i + 2, t });
    out.push({ kind: 'call', phase: 'end', socket, method: 'sendall', call: "c.sendall(b'GET / HTTP/1.1\\r\\n')", ok: true, result: 'None', elapsed: 5, seq: i + 3, t });
    out.push({ kind: 'data', socket: socket === 1 ? 2 : 1, direction: 'in', size: PAYLOAD.length, payload: PAYLOAD, seq: i + 4, t });
  }
  return out;
}

function intoLog(): void {
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const log = new EventLog();
  fill(log, EVENTS);
  const engineS = (performance.now() - t0) / 1000;
  const engineHeap = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  const t1 = performance.now();
  const naive = fillNaive(EVENTS);
  const naiveS = (performance.now() - t1) / 1000;
  const naiveHeap = (process.memoryUsage().heapUsed - heap0) / 2 ** 20 - engineHeap;
  console.log(`Into the log: ${EVENTS} small events (calls and 16-byte payloads)`);
  console.log(`  engine log                    ${engineS.toFixed(2)} s, ${(EVENTS / engineS / 1e6).toFixed(2)} M events/s, ~${engineHeap.toFixed(0)} MiB of JS heap (target < ${INTO_LOG_TARGET_S} s)`);
  console.log(`  objects in an array           ${naiveS.toFixed(2)} s, ${(EVENTS / naiveS / 1e6).toFixed(2)} M events/s, ~${naiveHeap.toFixed(0)} MiB of JS heap (reference)`);
  if (naive.length !== EVENTS || log.length !== EVENTS) throw new Error('wrong event count');
}

/**
 * Page code (kept as text: this file is type-checked for Node, not the DOM).
 * Scrolls the log for `ms`, smoothly or jumping to random rows, or only watches
 * ('idle'); resolves with the frame times.
 */
const FRAMES_IN_PAGE = `({ mode, ms }) => new Promise((resolve) => {
  const el = document.querySelector('[data-testid="log-scroller"]');
  const frames = [];
  let last = 0;
  let k = 0;
  const start = performance.now();
  const step = (t) => {
    if (last) frames.push(t - last);
    last = t;
    if (t - start > ms) return resolve(frames);
    k++;
    if (mode === 'smooth') el.scrollTop += 60;
    else if (mode === 'jump' && k % 10 === 0) el.scrollTop = Math.random() * (el.scrollHeight - el.clientHeight);
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

function frames(page: Page, mode: 'smooth' | 'jump' | 'idle', ms: number): Promise<number[]> {
  return page.evaluate(`(${FRAMES_IN_PAGE})(${JSON.stringify({ mode, ms })})`) as Promise<number[]>;
}

async function timeUntil(page: Page, action: () => Promise<unknown>, text: RegExp): Promise<number> {
  const t0 = performance.now();
  await action();
  await page.getByTestId('log-counts').filter({ hasText: text }).waitFor({ timeout: 60_000 });
  return performance.now() - t0;
}

async function inChromium(root: string, executablePath: string): Promise<void> {
  const server = await startWebServer({ staticDir: path.join(root, 'dist/renderer'), port: 0 });
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  try {
    fill(server.session.engine.log, EVENTS);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('log-counts').filter({ hasText: `${EVENTS} events` }).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="log-row"]').first().waitFor();
    console.log(`A log of ${EVENTS} events in Chromium ${browser.version()} (browser mode, 1440x900)`);
    const smooth = await frames(page, 'smooth', SCROLL_MS);
    const jump = await frames(page, 'jump', SCROLL_MS);
    console.log(`  scrolling, 60 px a frame       frame time p50 ${quantile(smooth, 0.5).toFixed(1)} ms, p95 ${quantile(smooth, 0.95).toFixed(1)} ms over ${smooth.length} frames (target p95 < ${SCROLL_FRAME_P95_TARGET_MS} ms)`);
    console.log(`  jumping to random rows         frame time p50 ${quantile(jump, 0.5).toFixed(1)} ms, p95 ${quantile(jump, 0.95).toFixed(1)} ms over ${jump.length} frames`);
    const kindMs = await timeUntil(page, () => page.getByTestId('log-filter-data').click(), new RegExp(`^${EVENTS / 2} of ${EVENTS} events$`));
    const dirMs = await timeUntil(page, () => page.getByTestId('log-filter-direction').selectOption('in'), new RegExp(`^${EVENTS / 4} of ${EVENTS} events$`));
    await page.getByTestId('log-filter-direction').selectOption('');
    await page.getByTestId('log-filter-data').click();
    const searchMs = await timeUntil(page, () => page.getByTestId('log-search').fill('HTTP/1.1'), new RegExp(`^${EVENTS} of ${EVENTS} events$`));
    console.log(`  filter by kind answered in     ${kindMs.toFixed(0)} ms; by direction ${dirMs.toFixed(0)} ms; text search through every call and payload ${searchMs.toFixed(0)} ms`);
    await page.getByTestId('log-search').fill('');
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    console.log(`  page JS heap                   ${(heap.usedSize / 2 ** 20).toFixed(1)} MiB used, ${(heap.totalSize / 2 ** 20).toFixed(1)} MiB allocated (target < ${HEAP_TARGET_MB} MB)`);

    // The flood: FLOOD_RATE events a second into the same log while the view follows the end.
    await page.evaluate(`(() => { const el = document.querySelector('[data-testid="log-scroller"]'); el.scrollTop = el.scrollHeight; })()`);
    const log = server.session.engine.log;
    const framesP = frames(page, 'idle', FLOOD_SECONDS * 1000);
    const t0 = performance.now();
    let offered = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = (performance.now() - t0) / 1000;
        if (elapsed >= FLOOD_SECONDS) return resolve();
        const due = Math.floor(elapsed * FLOOD_RATE) - offered;
        for (let i = 0; i < due; i++) log.data(1, i % 2 ? 'in' : 'out', PAYLOAD);
        offered += due;
        setTimeout(tick, 1);
      };
      tick();
    });
    const flood = await framesP;
    console.log(`  flood of ${FLOOD_RATE} events/s, following  frame time p50 ${quantile(flood, 0.5).toFixed(1)} ms, p95 ${quantile(flood, 0.95).toFixed(1)} ms over ${flood.length} frames (target p95 < ${FLOOD_FRAME_P95_TARGET_MS} ms)`);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  const cpu = os.cpus();
  console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'} x${cpu.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${os.loadavg()[0].toFixed(2)}`);
  intoLog();
  const root = path.resolve(__dirname, '..');
  const executablePath = chromiumPath();
  if (!executablePath) {
    console.log('Log in Chromium: skipped, no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH).');
    return;
  }
  const built = spawnSync(process.execPath, [path.join(root, 'renderer/tools/build-if-stale.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the renderer failed');
  await inChromium(root, executablePath);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
