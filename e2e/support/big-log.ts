// Writes an exported log (JSON lines, the format of electron/capture/jsonl.ts) with
// `count` events, for tests that need a log far larger than a test could make with
// real traffic: calls and 16-byte payloads on two sockets, `c` and `conn`, in turn.
import fs from 'node:fs';

const PAYLOAD = Buffer.from('GET / HTTP/1.1\r\n');

export function writeBigLog(file: string, count: number): void {
  if (count % 4 !== 0) throw new Error('count must be a multiple of 4');
  const fd = fs.openSync(file, 'w');
  try {
    const half = (count / 4) * PAYLOAD.length;
    const header = {
      format: 'socket-playground-log',
      version: 1,
      app: 'socket-playground',
      appVersion: 'test',
      clockStartMs: Date.UTC(2026, 0, 2, 3, 4, 5),
      clockStart: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)).toISOString(),
      exportedAt: new Date().toISOString(),
      retainPayloadBytes: 64 * 1024 * 1024,
      totals: { events: count, bytesOut: half, bytesIn: half, retainedPayloadBytes: 2 * half, droppedPayloadBytes: 0, droppedPayloadEvents: 0 },
      sockets: [
        { id: 1, family: 'AF_INET', type: 'SOCK_STREAM', names: ['c'], local: "('127.0.0.1', 40000)", remote: "('127.0.0.1', 5000)", listener: null },
        { id: 2, family: 'AF_INET', type: 'SOCK_STREAM', names: ['conn'], local: "('127.0.0.1', 5000)", remote: "('127.0.0.1', 40000)", listener: null },
      ],
    };
    const payload = PAYLOAD.toString('base64');
    let chunk = JSON.stringify(header) + '\n';
    for (let i = 0; i < count; i += 4) {
      const t = i * 10;
      const n = i / 4;
      const call = `c.sendall(b'GET / HTTP/1.1\\\\r\\\\n') #${n}`;
      chunk +=
        `{"kind":"call","phase":"start","socket":1,"method":"sendall","call":${JSON.stringify(call)},"seq":${i + 1},"t":${t}}\n` +
        `{"kind":"data","socket":1,"direction":"out","size":16,"payload":"${payload}","seq":${i + 2},"t":${t + 1}}\n` +
        `{"kind":"call","phase":"end","socket":1,"method":"sendall","call":${JSON.stringify(call)},"ok":true,"result":"None","elapsed":2,"seq":${i + 3},"t":${t + 2}}\n` +
        `{"kind":"data","socket":2,"direction":"in","size":16,"payload":"${payload}","seq":${i + 4},"t":${t + 3}}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}
