// Browser mode's host: serves the built renderer and speaks the IPC contract over
// a WebSocket, on loopback by default. Any local web page can reach 127.0.0.1, so
// nothing is served without the launch's random token (swapped for an HttpOnly
// SameSite=Strict cookie on the first page load), the Host header must name this
// server (DNS rebinding) and the Origin, when sent, must be this server's; the
// WebSocket upgrade needs all three. No CORS headers: other origins get nothing.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { WebSocketServer, type WebSocket } from 'ws';
import { ERR_PROTOCOL, MAX_MESSAGE_BYTES, type Response } from '../../shared/contract';
import { Session } from '../engine/session';
import { Adapter, type SenderInfo } from '../ipc/adapter';
import { streamChunks } from '../capture/export';
import { jsonlLines, JsonlReader, LogImportError, namesOf } from '../capture/jsonl';
import { fileStamp } from '../capture/log-source';
import { pcapngBlocks } from '../capture/pcapng';

/** The cookie holding the token after the first page load. */
export const COOKIE_NAME = 'sp_token';
/** How long an idle HTTP connection is kept (Node's default, 5 s, races clients that keep theirs about as long). */
const KEEP_ALIVE_MS = 65_000;
/** Random bytes in a token: 128 bits, beyond guessing through a local port. */
const TOKEN_BYTES = 16;
/** Unsent bytes a WebSocket may hold before event batches wait: about a second of a fast link, bounded memory. */
export const WS_SEND_HIGH_WATER = 4 * 1024 * 1024;
/** Requests a connection may have in flight: a renderer needs a handful; more is a flood to refuse. */
export const MAX_INFLIGHT_PER_CONNECTION = 64;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface WebServerOptions {
  /** 0: any free port. */
  port?: number;
  host?: string;
  /** Listening on a non-loopback host needs this, explicitly. */
  allowRemote?: boolean;
  /** Where the built renderer is (dist/renderer). */
  staticDir: string;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
  /** Seconds a statement may run (the session's default otherwise). */
  stepTimeout?: number | null;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly session: Session;
  readonly adapter: Adapter;
  readonly origins: readonly string[];
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function sameSecret(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: http.IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE_NAME) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Socket Playground</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Socket Playground</h1>
<p>The user interface is not built yet. Build it with <code>npm run build:renderer</code> and reload this page.</p>
<p>The engine is running: this server already speaks the protocol on its WebSocket.</p>
</body></html>
`;

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host) && !opts.allowRemote) {
    throw new Error(`refusing to listen on ${host}: it is not a loopback address (pass --allow-remote to do it anyway)`);
  }
  const token = opts.token ?? randomBytes(TOKEN_BYTES).toString('hex');
  const session = new Session();
  const server = http.createServer();
  // Idle keep-alive connections stay open longer than a client's pool keeps them, so a
  // client never reuses one the server is closing at that moment (an ECONNRESET).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const hosts = new Set([`${hostInUrl}:${port}`]);
  if (isLoopback(host)) for (const h of ['127.0.0.1', 'localhost', '[::1]']) hosts.add(`${h}:${port}`);
  const origins = [...hosts].map((h) => `http://${h}`);
  const adapter = new Adapter(session, { allowedOrigins: origins, stepTimeout: opts.stepTimeout });
  const staticDir = path.resolve(opts.staticDir);

  /** Host names this server; Origin, when present, is this server. */
  const trustedHeaders = (req: http.IncomingMessage, requireOrigin: boolean): boolean => {
    if (!req.headers.host || !hosts.has(req.headers.host.toLowerCase())) return false;
    const origin = req.headers.origin;
    if (origin === undefined) return !requireOrigin;
    return origins.includes(origin.toLowerCase());
  };

  const deny = (res: http.ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text + '\n');
  };

  server.on('request', (req, res) => {
    // Every response: no sniffing, no referrer (the first URL carries the token), no framing.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    if (!trustedHeaders(req, false)) return deny(res, 403, 'Forbidden: unexpected Host or Origin.');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === IMPORT_PATH) {
      // An upload changes what the page shows: only our own page may send it (Origin required), with the cookie.
      if (!trustedHeaders(req, true)) return deny(res, 403, 'Forbidden: unexpected Host or Origin.');
      if (!sameSecret(cookieToken(req), token)) return deny(res, 401, 'Unauthorized: open the URL the server printed (it carries the token).');
      return void receiveImport(req, res, adapter, url.searchParams.get('name'));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!sameSecret(queryToken, token)) return deny(res, 401, 'Unauthorized: wrong token. Use the URL the server printed.');
      // Swap the token for a cookie and drop it from the address bar (and from history).
      url.searchParams.delete('token');
      res.writeHead(303, {
        'Set-Cookie': `${COOKIE_NAME}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      return res.end();
    }
    if (!sameSecret(cookieToken(req), token)) return deny(res, 401, 'Unauthorized: open the URL the server printed (it carries the token).');
    if (url.pathname.startsWith('/export/')) return serveExport(url.pathname, adapter, req, res);
    serveStatic(staticDir, url.pathname, req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const authed = sameSecret(cookieToken(req), token) || sameSecret(url.searchParams.get('token'), token);
    if (!trustedHeaders(req, true) || !authed) {
      socket.end(`HTTP/1.1 ${authed ? 403 : 401} ${authed ? 'Forbidden' : 'Unauthorized'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const sender: SenderInfo = { transport: 'websocket', origin: req.headers.origin!.toLowerCase(), authenticated: true };
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, adapter, sender));
  });

  return {
    url: `http://${hostInUrl}:${port}/?token=${token}`,
    port,
    token,
    session,
    adapter,
    origins,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      adapter.dispose();
      session.dispose();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function serveConnection(ws: WebSocket, adapter: Adapter, sender: SenderInfo): void {
  const send = (m: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };
  const unsubscribe = adapter.subscribe({ send, ready: () => ws.bufferedAmount < WS_SEND_HIGH_WATER });
  let inflight = 0;
  const protocolError = (message: string): Response => ({ id: null, ok: false, error: { type: ERR_PROTOCOL, errno: null, message } });
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send(protocolError('binary frames are not part of the protocol: send JSON text'));
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return send(protocolError('the message is not JSON'));
    }
    if (inflight >= MAX_INFLIGHT_PER_CONNECTION) {
      const id = (message as { id?: unknown } | null)?.id;
      return send({ ...protocolError(`more than ${MAX_INFLIGHT_PER_CONNECTION} requests in flight`), id: typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null });
    }
    inflight++;
    void adapter.handle(message, sender).then((r) => {
      inflight--;
      send(r);
    });
  });
  ws.on('close', unsubscribe);
  ws.on('error', () => ws.terminate());
}

/** The downloads: the traffic log as JSON lines, the capture as pcapng. */
const EXPORTS: Record<string, { type: string; name: string; ext: string }> = {
  '/export/log.jsonl': { type: 'application/x-ndjson; charset=utf-8', name: 'socket-playground-log', ext: 'jsonl' },
  '/export/capture.pcapng': { type: 'application/x-pcapng', name: 'socket-playground-capture', ext: 'pcapng' },
};

/** Where the page uploads an exported log to view it offline. */
const IMPORT_PATH = '/import';
/** Largest log file an upload may bring: a few million events. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;
/** Longest file name kept for display. */
const MAX_NAME_CHARS = 200;

/** Reads an uploaded export line by line; on success every view shows it (offline). Answers JSON. */
async function receiveImport(req: http.IncomingMessage, res: http.ServerResponse, adapter: Adapter, name: string | null): Promise<void> {
  const answer = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const reader = new JsonlReader();
  let received = 0;
  let rest = '';
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of req) {
      received += (chunk as Buffer).length;
      if (received > MAX_IMPORT_BYTES) return answer(413, { ok: false, error: `the file is larger than ${MAX_IMPORT_BYTES} bytes` });
      const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = lines.pop()!;
      for (const l of lines) reader.line(l.endsWith('\r') ? l.slice(0, -1) : l);
    }
    rest += decoder.end();
    if (rest !== '') reader.line(rest);
    const log = reader.finish();
    const file = path.basename(name ?? 'log.jsonl').slice(0, MAX_NAME_CHARS);
    adapter.viewLog(log, file, namesOf(log));
    answer(200, { ok: true, file, events: log.length });
  } catch (e) {
    if (!res.headersSent) answer(e instanceof LogImportError ? 422 : 400, { ok: false, error: e instanceof Error ? e.message : String(e) });
    req.resume();
  }
}

/** Streams an export of the log the views show, a line or a packet at a time, as a download named with the time. */
function serveExport(pathname: string, adapter: Adapter, req: http.IncomingMessage, res: http.ServerResponse): void {
  const what = EXPORTS[pathname];
  if (!what) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found.\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': what.type,
    'Content-Disposition': `attachment; filename="${what.name}-${fileStamp(Date.now())}.${what.ext}"`,
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const { log, names } = adapter.viewedLog;
  const opts = { names };
  const chunks = pathname === '/export/log.jsonl' ? jsonlLines(log, opts) : pcapngBlocks(log, opts);
  streamChunks(res, chunks).catch(() => res.destroy());
}

function serveStatic(root: string, pathname: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  const inside = file === root || file.startsWith(root + path.sep);
  const wantsPage = rel === '/' || rel === '/index.html';
  const target = wantsPage ? path.join(root, 'index.html') : file;
  // The page may load only this server's scripts, styles and WebSocket.
  const csp = `default-src 'self'; connect-src 'self' ws://${req.headers.host}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`;
  if (!inside || !fs.existsSync(target) || !fs.statSync(target).isFile()) {
    if (wantsPage) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : PLACEHOLDER);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found.\n');
    return;
  }
  const type = CONTENT_TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': csp, 'Cache-Control': 'no-cache' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(target).pipe(res);
}
