// Browser mode's host over real HTTP and WebSocket connections on loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, ServerMessage, type Response } from '../../shared/contract';
import { COOKIE_NAME, startWebServer, type WebServer } from './server';
import type { EngineEvent } from '../engine/events';
import { parseJsonl } from '../capture/jsonl';
import { followTcp, runScript } from '../capture/testing';

/** Bounds every wait in this file: a hang fails fast instead of eating the suite's time. */
const WAIT_MS = 5000;
/** Malformed messages the fuzz test sends: thousands, yet a second or two on loopback. */
const FUZZ_MESSAGES = 3000;
/** Longest fuzzed string: big, but under the protocol's message limit so each gets an answer. */
const FUZZ_MAX_STRING = 200_000;

let server: WebServer;
let staticDir: string;
let base: string;

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-web-'));
  fs.writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
  server = await startWebServer({ port: 0, staticDir, stepTimeout: 5 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

const cookie = () => `${COOKIE_NAME}=${server.token}`;

/** A WebSocket client collecting answers by id; resolves once open. */
async function connect(headers: Record<string, string> = {}, origin = base) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers: { Cookie: cookie(), ...headers }, origin });
  const answers: Response[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    const m = ServerMessage.parse(JSON.parse(data.toString()));
    if ('ok' in m) {
      answers.push(m);
      for (const w of waiters.splice(0)) w();
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const waitFor = async (pred: () => boolean) => {
    const deadline = Date.now() + WAIT_MS;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for answers');
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  let next = 1_000_000;
  const request = async (method: string, params: unknown = {}) => {
    const id = next++;
    ws.send(JSON.stringify({ id, method, params }));
    await waitFor(() => answers.some((a) => a.id === id));
    return answers.find((a) => a.id === id)!;
  };
  return { ws, answers, waitFor, request };
}

async function refusedUpgrade(headers: Record<string, string>, origin?: string, query = ''): Promise<number> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers, ...(origin ? { origin } : {}) });
  return new Promise<number>((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => reject(new Error('upgrade accepted')));
    ws.once('error', () => resolve(-1));
  });
}

describe('http', () => {
  it('refuses the page without the token, swaps the token for a strict cookie, then serves', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    const swap = await fetch(`${base}/?token=${server.token}`, { redirect: 'manual' });
    expect(swap.status).toBe(303);
    expect(swap.headers.get('location')).toBe('/');
    const setCookie = swap.headers.get('set-cookie')!;
    expect(setCookie).toContain(`${COOKIE_NAME}=${server.token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${base}/`, { headers: { Cookie: cookie() } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('not built yet');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const js = await fetch(`${base}/app.js`, { headers: { Cookie: cookie() } });
    expect(await js.text()).toBe('console.log(1)');
    expect((await fetch(`${base}/app.js`)).status).toBe(401);
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`, { headers: { Cookie: cookie() } })).status).toBe(404);
  });

  it('refuses a forged Host and a foreign Origin', async () => {
    // fetch() will not forge Host: a raw request does.
    const http = await import('node:http');
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: server.port, path: '/', headers: { Cookie: cookie(), ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status({ Host: `evil.example:${server.port}` })).toBe(403);
    expect(await status({ Host: `127.0.0.1:${server.port}`, Origin: 'http://evil.example' })).toBe(403);
    expect(await status({ Host: `localhost:${server.port}` })).toBe(200);
    expect((await fetch(`${base}/`, { method: 'POST', headers: { Cookie: cookie() } })).status).toBe(405);
  });
});

describe('websocket', () => {
  it('refuses upgrades without the token, with a forged Host or a foreign Origin', async () => {
    expect(await refusedUpgrade({}, base)).toBe(401);
    expect(await refusedUpgrade({ Cookie: `${COOKIE_NAME}=nope` }, base)).toBe(401);
    expect(await refusedUpgrade({ Cookie: cookie() }, 'http://evil.example')).toBe(403);
    expect(await refusedUpgrade({ Cookie: cookie() })).toBe(403); // no Origin at all
    expect(await refusedUpgrade({ Cookie: cookie(), Host: `evil.example:${server.port}` }, base)).toBe(403);
  });

  it('answers requests and pushes event batches', async () => {
    const c = await connect();
    const pushed: unknown[] = [];
    c.ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if ('event' in m) pushed.push(m);
    });
    expect(await c.request('hello', { version: PROTOCOL_VERSION })).toMatchObject({ ok: true, result: { version: PROTOCOL_VERSION } });
    const run = await c.request('run', { source: "import socket\nu = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nu.bind(('127.0.0.1', 0))" });
    expect(run).toMatchObject({ ok: true });
    const list = await c.request('listSockets');
    expect(list).toMatchObject({ ok: true, result: { sockets: [{ names: ['u'], kind: 'SOCK_DGRAM', state: 'bound' }] } });
    await c.waitFor(() => pushed.some((m) => (m as { event: string }).event === 'socketsChanged'));
    expect(pushed.some((m) => (m as { event: string }).event === 'batch')).toBe(true);
    await c.request('run', { source: 'u.close()' });
    c.ws.close();
  });

  it('answers malformed and forged messages with errors and keeps serving', async () => {
    const c = await connect();
    c.ws.send('not json');
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    c.ws.send(JSON.stringify({ id: 1, method: 'nope', params: {} }));
    c.ws.send(JSON.stringify({ id: 2, method: 'run', params: { source: 42 } }));
    // Prototype pollution attempt: an own "__proto__" key, as JSON.parse makes it.
    c.ws.send('{"id": 3, "method": "run", "params": {"source": "x = 1"}, "__proto__": {"admin": true}}');
    await c.waitFor(() => c.answers.length >= 5);
    expect(c.answers.every((a) => !a.ok)).toBe(true);
    expect(c.answers.find((a) => a.id === 1)).toMatchObject({ error: { type: 'UnknownMethod' } });
    expect(await c.request('run', { source: 'y = 2\ny' })).toMatchObject({ ok: true, result: { outcomes: [{ ok: true }, { ok: true, value: '2' }] } });
    c.ws.close();
  });

  it('fuzz: every malformed message gets an error answer, and a valid request works afterwards', async () => {
    const c = await connect();
    // A small deterministic PRNG (mulberry32): failures reproduce.
    let seed = 0x5eed;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const randString = (max: number) => {
      const n = Math.floor(rand() * max);
      let s = '';
      for (let i = 0; i < Math.min(n, 64); i++) s += String.fromCharCode(Math.floor(rand() * 0xd7ff));
      return n > 64 ? s + 'x'.repeat(n - 64) : s;
    };
    const randValue = (depth = 0): unknown => {
      const k = Math.floor(rand() * (depth > 2 ? 5 : 7));
      if (k === 0) return null;
      if (k === 1) return rand() < 0.5;
      if (k === 2) return pick([0, -1, 1.5, 2 ** 53, -(2 ** 60), 1e308]);
      if (k === 3) return randString(rand() < 0.05 ? FUZZ_MAX_STRING : 40);
      if (k === 4) return pick(['hello', 'run', 'listSockets', 'logWindow', '__proto__', 'constructor']);
      if (k === 5) return Array.from({ length: Math.floor(rand() * 4) }, () => randValue(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(['id', 'method', 'params', 'source', 'fromSeq', 'count', 'version', randString(8)]), randValue(depth + 1)]));
    };
    const methods = ['hello', 'run', 'interrupt', 'listSockets', 'logWindow', 'logTotals', 'logPayload', 'unknown', '', 'toString', '__proto__'];
    const frames: Array<string | Buffer> = [];
    for (let i = 0; i < FUZZ_MESSAGES; i++) {
      const shape = Math.floor(rand() * 6);
      if (shape === 0) frames.push(JSON.stringify(randValue()));
      else if (shape === 1) frames.push(randString(200)); // mostly not JSON at all
      else if (shape === 2) frames.push(Buffer.from(randString(100)));
      // Right envelope, wrong params: each method's params get random values (never a valid run).
      else if (shape === 3) frames.push(JSON.stringify({ id: i, method: pick(methods.filter((m) => m !== 'run')), params: { [pick(['fromSeq', 'count', 'version', 'seq', 'x'])]: randValue() } }));
      else if (shape === 4) frames.push(JSON.stringify({ id: pick([i, -1, 1.5, 'x', null]), method: pick(methods), params: randValue(), extra: rand() < 0.5 ? 1 : undefined }));
      else frames.push(JSON.stringify({ id: i, method: randString(70), params: {} }));
    }
    const valid = new Set<number>();
    let sent = 0;
    for (const f of frames) {
      c.ws.send(f, { binary: typeof f !== 'string' });
      sent++;
      // Keep within the in-flight limit: an answer per message is what is checked, not flow control.
      if (sent % 50 === 0) await c.waitFor(() => c.answers.length >= sent - 10);
    }
    await c.waitFor(() => c.answers.length >= sent);
    expect(c.answers.length).toBe(sent);
    for (const a of c.answers) {
      if (a.ok) valid.add(a.id); // a random message may be valid by chance (listSockets with {}): allowed
      else expect(typeof a.error.type).toBe('string');
    }
    expect(valid.size).toBeLessThan(sent / 10);
    expect(await c.request('run', { source: 'z = 40 + 2\nz' })).toMatchObject({ ok: true, result: { outcomes: [{ ok: true }, { value: '42' }] } });
    c.ws.close();
  }, 20_000);
});

describe('downloads of the traffic log and the capture', () => {
  const plain = (events: readonly EngineEvent[]) => events.map((e) => (e.kind === 'data' && e.payload ? { ...e, payload: new Uint8Array(e.payload) } : e));
  const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ';

  it('streams the whole log as JSON lines and the capture as pcapng, as attachments named with the time', async () => {
    await runScript(
      server.session,
      "import socket\nxs = socket.socket()\nxs.bind(('127.0.0.1', 0))\nxs.listen(1)\nxc = socket.create_connection(xs.getsockname())\nxconn, xaddr = xs.accept()\nxc.sendall(b'q' * 300000)\nxconn.sendall(b'done')\nxc.recv(4)\n",
    );
    const log = await fetch(`${base}/export/log.jsonl`, { headers: { Cookie: cookie() } });
    expect(log.status).toBe(200);
    expect(log.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(log.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="socket-playground-log-${stamp}\\.jsonl"$`));
    expect(log.headers.get('cache-control')).toBe('no-store');
    expect(log.headers.get('content-length')).toBeNull(); // streamed, not built whole
    const back = parseJsonl(await log.text());
    expect(plain(back.all())).toEqual(plain(server.session.engine.log.window(1, back.length)));
    expect(back.header.sockets.find((s) => s.names.includes('xconn'))).toMatchObject({ family: 'AF_INET', type: 'SOCK_STREAM' });

    const cap = await fetch(`${base}/export/capture.pcapng`, { headers: { Cookie: cookie() } });
    expect(cap.status).toBe(200);
    expect(cap.headers.get('content-type')).toBe('application/x-pcapng');
    expect(cap.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="socket-playground-capture-${stamp}\\.pcapng"$`));
    const file = path.join(staticDir, 'download.pcapng');
    fs.writeFileSync(file, Buffer.from(await cap.arrayBuffer()));
    const f = followTcp(file, 0);
    expect(f.bytes0.equals(Buffer.alloc(300000, 'q'))).toBe(true);
    expect(f.bytes1.toString()).toBe('done');
    await runScript(server.session, 'xc.close()\nxconn.close()\nxs.close()\n');
  });

  it('keeps the same guard as every request: token cookie, Host, Origin', async () => {
    const http = await import('node:http');
    const status = (p: string, headers: Record<string, string>, method = 'GET') =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: server.port, path: p, method, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    for (const p of ['/export/log.jsonl', '/export/capture.pcapng']) {
      expect(await status(p, {})).toBe(401);
      expect(await status(p, { Cookie: `${COOKIE_NAME}=wrong` })).toBe(401);
      expect(await status(p, { Cookie: cookie(), Host: `evil.example:${server.port}` })).toBe(403);
      expect(await status(p, { Cookie: cookie(), Origin: 'http://evil.example' })).toBe(403);
      expect(await status(p, { Cookie: cookie() }, 'POST')).toBe(405);
      expect(await status(p, { Cookie: cookie() }, 'HEAD')).toBe(200);
      expect(await status(p, { Cookie: cookie(), Origin: base })).toBe(200);
    }
    // The token in the query is swapped for the cookie, never a way to download directly.
    expect(await status(`/export/log.jsonl?token=${server.token}`, {})).toBe(303);
    expect(await status('/export/other.txt', { Cookie: cookie() })).toBe(404);
  });
});

describe('opening a saved log (upload)', () => {
  it('takes an export from our own page only, refuses a bad file with the line, then shows it in every view', async () => {
    await runScript(server.session, "import socket\nus = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nus.bind(('127.0.0.1', 0))\nus.sendto(b'saved', us.getsockname())\nus.recvfrom(10)\n");
    const saved = await (await fetch(`${base}/export/log.jsonl`, { headers: { Cookie: cookie() } })).text();
    const post = (body: string, headers: Record<string, string>) => fetch(`${base}/import?name=../../etc/saved.jsonl`, { method: 'POST', body, headers });
    // No Origin (a form or a script elsewhere), a foreign Origin, no cookie: refused, nothing changes.
    expect((await post(saved, { Cookie: cookie() })).status).toBe(403);
    expect((await post(saved, { Cookie: cookie(), Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(saved, { Origin: base })).status).toBe(401);
    expect(server.adapter.viewedLog.log).toBe(server.session.engine.log);
    const bad = await post('{"format": "something else"}\n', { Cookie: cookie(), Origin: base });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^line 1: not a Socket Playground log export/);
    const ok = await post(saved, { Cookie: cookie(), Origin: base });
    expect(ok.status).toBe(200);
    // The name is only a name: its directories are dropped.
    expect(await ok.json()).toMatchObject({ ok: true, file: 'saved.jsonl', events: saved.trimEnd().split('\n').length - 1 });
    const shown = server.adapter.viewedLog.log;
    expect(shown).not.toBe(server.session.engine.log);
    expect(shown.length).toBe(saved.trimEnd().split('\n').length - 1);
    server.adapter.viewLive();
    await runScript(server.session, 'us.close()\n');
  });
});
