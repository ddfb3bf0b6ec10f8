// The built-in request handlers, written as socketserver's handle() methods are:
// every socket call goes through the playground's socket module, so the log shows
// `conn.recv(1024)`, `conn.sendall(b'hello')`... as the Python program makes them
// (shared/servers/program.ts writes that program; the two must stay alike).
import { PyBytes, type PyValue } from '../../shared/script/values';
import { READ_BUFFER_SIZE, RECV_SIZE, type HandlerName } from '../../shared/servers/config';
import type { PySocket } from '../engine/pysocket';

/** What a handler can do: call socket methods, print, sleep. */
export interface HandlerHost {
  /** slow-hello's wait, in seconds. */
  readonly delay: number;
  /** Calls a method of a socket object, logged as the script's calls are. */
  call(sock: PySocket, method: string, ...args: PyValue[]): Promise<PyValue>;
  /** print(*values), as Python writes it. */
  print(...values: PyValue[]): void;
  /** time.sleep(seconds), ended early when the server stops. */
  sleep(seconds: number): Promise<void>;
}

/** handle() of a stream server: the accepted socket (self.request) and the client's address. */
export type StreamHandler = (h: HandlerHost, request: PySocket, clientAddress: PyValue) => Promise<void>;
/** handle() of a datagram server: self.request is (data, the server's socket). */
export type DatagramHandler = (h: HandlerHost, data: PyBytes, sock: PySocket, clientAddress: PyValue) => Promise<void>;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LF = 0x0a;
const LOWER_A = 0x61;
const LOWER_Z = 0x7a;
const CASE_OFFSET = 0x20;

const two = (n: number) => String(n).padStart(2, '0');

/** time.ctime(): 'Sun Jun  5 23:21:05 1993', local time (asctime's "%.3s %.3s%3d %.2d:%.2d:%.2d %d"). */
export function ctime(d: Date): string {
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]}${String(d.getDate()).padStart(3, ' ')} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}

/** bytes.upper(): ASCII letters only, as Python's bytes do. */
export function upperBytes(b: Uint8Array): Uint8Array {
  return b.map((c) => (c >= LOWER_A && c <= LOWER_Z ? c - CASE_OFFSET : c));
}

const ascii = (s: string) => new PyBytes(new TextEncoder().encode(s));
const daytime = () => ascii(ctime(new Date()) + '\r\n');
const HELLO = ascii('hello');

function recvd(v: PyValue): PyBytes {
  return v as PyBytes;
}

/**
 * StreamRequestHandler's rfile.readline(): a buffered reader over the socket,
 * asking it for READ_BUFFER_SIZE bytes at a time; a line ends after b'\n', or
 * at EOF (then b'' once nothing is left).
 */
class LineReader {
  private buf = new Uint8Array(0);
  private eof = false;

  constructor(
    private readonly h: HandlerHost,
    private readonly sock: PySocket,
  ) {}

  async readline(): Promise<Uint8Array> {
    for (;;) {
      const nl = this.buf.indexOf(LF);
      if (nl >= 0 || this.eof) {
        const end = nl >= 0 ? nl + 1 : this.buf.length;
        const line = this.buf.slice(0, end);
        this.buf = this.buf.slice(end);
        return line;
      }
      const chunk = recvd(await this.h.call(this.sock, 'recv', BigInt(READ_BUFFER_SIZE))).data;
      if (chunk.length === 0) this.eof = true;
      const joined = new Uint8Array(this.buf.length + chunk.length);
      joined.set(this.buf);
      joined.set(chunk, this.buf.length);
      this.buf = joined;
    }
  }
}

const RECV = BigInt(RECV_SIZE);

export const STREAM_HANDLERS: Record<HandlerName, StreamHandler> = {
  async print(h, request, clientAddress) {
    h.print('connection from:', clientAddress);
    h.print(await h.call(request, 'recv', RECV));
  },
  async echo(h, request) {
    for (;;) {
      const data = recvd(await h.call(request, 'recv', RECV));
      if (data.data.length === 0) break;
      await h.call(request, 'sendall', data);
    }
  },
  async upper(h, request) {
    const rfile = new LineReader(h, request);
    for (;;) {
      const line = await rfile.readline();
      if (line.length === 0) break;
      // wfile.write(): StreamRequestHandler's unbuffered writer calls sendall().
      await h.call(request, 'sendall', new PyBytes(upperBytes(line)));
    }
  },
  async 'slow-hello'(h, request, clientAddress) {
    h.print('connection from:', clientAddress);
    h.print(await h.call(request, 'recv', RECV));
    await h.sleep(h.delay);
    await h.call(request, 'sendall', HELLO);
  },
  async discard(h, request) {
    while (recvd(await h.call(request, 'recv', RECV)).data.length > 0) {
      // Nothing is kept and nothing is answered.
    }
  },
  async daytime(h, request) {
    await h.call(request, 'sendall', daytime());
  },
};

export const DATAGRAM_HANDLERS: Record<HandlerName, DatagramHandler> = {
  async print(h, data, _sock, clientAddress) {
    h.print('datagram from:', clientAddress);
    h.print(data);
  },
  async echo(h, data, sock, clientAddress) {
    await h.call(sock, 'sendto', data, clientAddress);
  },
  async upper(h, data, sock, clientAddress) {
    await h.call(sock, 'sendto', new PyBytes(upperBytes(data.data)), clientAddress);
  },
  async 'slow-hello'(h, data, sock, clientAddress) {
    h.print('datagram from:', clientAddress);
    h.print(data);
    await h.sleep(h.delay);
    await h.call(sock, 'sendto', HELLO, clientAddress);
  },
  async discard() {
    // The datagram was read by the server (recvfrom); nothing is sent back.
  },
  async daytime(h, _data, sock, clientAddress) {
    await h.call(sock, 'sendto', daytime(), clientAddress);
  },
};
