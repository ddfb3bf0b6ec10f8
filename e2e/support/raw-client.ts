// A client that is not the page: raw HTTP requests and WebSocket connections with
// whatever Host, Origin and cookie a test wants to forge.
import http from 'node:http';
import WebSocket from 'ws';

/** How long a refused or answered request may take before the test fails. */
const RAW_TIMEOUT_MS = 5_000;

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawGet(port: number, pathAndQuery: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathAndQuery, headers, timeout: RAW_TIMEOUT_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** The session cookie the host gives for its token (what the browser stores). */
export async function sessionCookie(port: number, token: string): Promise<string> {
  const r = await rawGet(port, `/?token=${token}`, { Host: `127.0.0.1:${port}` });
  const cookie = r.headers['set-cookie']?.[0]?.split(';')[0];
  if (r.status !== 303 || !cookie) throw new Error(`no cookie for the token (status ${r.status})`);
  return cookie;
}

/** Tries a WebSocket upgrade; resolves with the socket when accepted, or the HTTP status it was refused with. */
export function openWebSocket(port: number, headers: Record<string, string>): Promise<{ ws: WebSocket } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers, handshakeTimeout: RAW_TIMEOUT_MS });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', (e) => reject(e));
  });
}

/** Sends frames one by one and collects one answer per frame. */
export async function exchange(ws: WebSocket, frames: (string | Buffer)[]): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const frame of frames) {
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${String(frame).slice(0, 80)}`)), RAW_TIMEOUT_MS);
      const onMessage = (data: WebSocket.RawData) => {
        const m = JSON.parse(data.toString()) as { event?: string };
        if (m.event) return; // pushed events are not answers
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(m);
      };
      ws.on('message', onMessage);
    });
    ws.send(frame, { binary: Buffer.isBuffer(frame) });
    answers.push(await answer);
  }
  return answers;
}
