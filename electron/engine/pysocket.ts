// The playground's `socket` module: CPython's socket API (argument checking,
// return values, reprs, exceptions) on top of the engine's sockets. Every method
// call is recorded in the event log with its arguments and outcome.
import fs from 'node:fs';
import os from 'node:os';
import { intToDecimal, repr } from '../../shared/script/repr';
import {
  PyBytes,
  PyClass,
  PyException,
  PyFunction,
  PyEnumClass,
  PyIntEnum,
  PyModule,
  PyObject,
  PyTuple,
  fakeAddress,
  typeName,
  type CallContext,
  type Kwargs,
  type NativeImpl,
  type PyValue,
} from '../../shared/script/values';
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, formatAddr, resolve, resolveAll, resolveHost, type Family, type Kind, type SockAddr } from './addresses';
import { asInt, asLong, between, bindPython, bytesLike, cInt, ssize, exactlyOne, index, noArgs, timeoutValue, unpack, type PyParam } from './args';
import type { Engine } from './engine';
import type { EventLog } from './events';
import { osError } from './errors';
import { gaiError } from '../../shared/script/errno';
import { IPPROTO_IPV6, IPV6_V6ONLY, SOL_SOCKET, SO_ERROR, SO_REUSEADDR, SO_REUSEPORT } from './sockopts';
import { CALL_RESULT_PREVIEW, type EngineSocket, settle } from './socket';

/** Bytes of a payload shown in a call's text; the whole payload is in the data events. (previewRepr() spells out each of them.) */
const BYTES_PREVIEW = 32;
/** The bytes besides non-printable ones that a bytes repr() escapes or quotes around (see previewRepr()). */
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
/** Tuples nest this deep at most before the walk for references stops (scripts build shallow ones). */
const MAX_REFERENCE_DEPTH = 64;
/** listen() without a backlog: min(SOMAXCONN, 128), as CPython does. */
const DEFAULT_LISTEN_BACKLOG = 128;
/** sun_path's size on Linux. */
const UNIX_PATH_MAX = 108;
/** CPython's SOCK_TIMEOUT_ERR: what connect_ex() returns when its timeout passes. */
const EWOULDBLOCK = 11;
/** getsockopt(level, name, buflen): CPython refuses buffers outside 1..1024. */
const MAX_SOCKOPT_BUFLEN = 1024;

const FAMILY_NAMES: Record<number, string> = { [AF_UNIX]: 'AF_UNIX', [AF_INET]: 'AF_INET', [AF_INET6]: 'AF_INET6' };
const KIND_NAMES: Record<number, string> = { [SOCK_STREAM]: 'SOCK_STREAM', [SOCK_DGRAM]: 'SOCK_DGRAM' };
const ADDRESS_FAMILY = new PyEnumClass('AddressFamily');
const SOCKET_KIND = new PyEnumClass('SocketKind');
const MSG_FLAG = new PyEnumClass('MsgFlag', 'flag');
const FAMILIES = new Map<number, PyIntEnum>(Object.entries(FAMILY_NAMES).map(([v, n]) => [Number(v), new PyIntEnum('AddressFamily', n, BigInt(v), ADDRESS_FAMILY)]));
const KINDS = new Map<number, PyIntEnum>(Object.entries(KIND_NAMES).map(([v, n]) => [Number(v), new PyIntEnum('SocketKind', n, BigInt(v), SOCKET_KIND)]));
const MSG_FLAGS = { MSG_PEEK: 2, MSG_DONTWAIT: 64, MSG_WAITALL: 256, MSG_NOSIGNAL: 16384 };

/** The plain-int constants of the spec, with Linux's values. */
const INT_CONSTANTS: Record<string, number> = {
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_TYPE: 3,
  SO_ERROR: 4,
  SO_BROADCAST: 6,
  SO_SNDBUF: 7,
  SO_RCVBUF: 8,
  SO_KEEPALIVE: 9,
  SO_REUSEPORT: 15,
  IPPROTO_TCP: 6,
  IPPROTO_UDP: 17,
  TCP_NODELAY: 1,
  SHUT_RD: 0,
  SHUT_WR: 1,
  SHUT_RDWR: 2,
  SOMAXCONN: 4096,
  // More of Linux's option names and values, as CPython's module has them (getsockopt()
  // answers them from the kernel's defaults; setsockopt() records them).
  SO_DEBUG: 1,
  SO_DONTROUTE: 5,
  SO_OOBINLINE: 10,
  SO_PRIORITY: 12,
  SO_LINGER: 13,
  SO_PASSCRED: 16,
  SO_PEERCRED: 17,
  SO_RCVLOWAT: 18,
  SO_SNDLOWAT: 19,
  SO_RCVTIMEO: 20,
  SO_SNDTIMEO: 21,
  SO_BINDTODEVICE: 25,
  SO_ACCEPTCONN: 30,
  SO_MARK: 36,
  SO_PROTOCOL: 38,
  SO_DOMAIN: 39,
  SO_INCOMING_CPU: 49,
  SOL_IP: 0,
  SOL_TCP: 6,
  SOL_UDP: 17,
  IPPROTO_IP: 0,
  IPPROTO_ICMP: 1,
  IPPROTO_IPV6: 41,
  IPPROTO_RAW: 255,
  IP_TOS: 1,
  IP_TTL: 2,
  IP_HDRINCL: 3,
  IP_RECVTOS: 13,
  IP_MULTICAST_TTL: 33,
  IP_MULTICAST_LOOP: 34,
  IPV6_UNICAST_HOPS: 16,
  IPV6_MULTICAST_HOPS: 18,
  IPV6_MULTICAST_LOOP: 19,
  IPV6_V6ONLY: 26,
  TCP_MAXSEG: 2,
  TCP_CORK: 3,
  TCP_KEEPIDLE: 4,
  TCP_KEEPINTVL: 5,
  TCP_KEEPCNT: 6,
  TCP_SYNCNT: 7,
  TCP_LINGER2: 8,
  TCP_DEFER_ACCEPT: 9,
  TCP_WINDOW_CLAMP: 10,
  TCP_INFO: 11,
  TCP_QUICKACK: 12,
  TCP_CONGESTION: 13,
  TCP_USER_TIMEOUT: 18,
  TCP_FASTOPEN: 23,
  TCP_NOTSENT_LOWAT: 25,
  INADDR_ANY: 0,
  INADDR_LOOPBACK: 0x7f000001,
  INADDR_BROADCAST: 0xffffffff,
  INADDR_NONE: 0xffffffff,
};

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

export const familyValue = (f: number): PyValue => FAMILIES.get(f) ?? BigInt(f);
export const kindValue = (k: number): PyValue => KINDS.get(k) ?? BigInt(k);

/** The Python value of an address: ('127.0.0.1', 5000), ('::1', 5000, 0, 0) or a path. */
export function addressValue(a: SockAddr): PyValue {
  if (a.family === AF_UNIX) return a.path;
  if (a.family === AF_INET) return new PyTuple([a.host, BigInt(a.port)]);
  return new PyTuple([a.host, BigInt(a.port), BigInt(a.flowinfo), BigInt(a.scopeId)]);
}

function hostArg(v: PyValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof PyBytes) return new TextDecoder('latin1').decode(v.data);
  throw new PyException('TypeError', `str, bytes or bytearray expected, not ${typeName(v)}`);
}

function portArg(v: PyValue, caller: string): number {
  const p = index(v);
  if (p < -2147483648n || p > 2147483647n) throw new PyException('OverflowError', p > 0n ? 'signed integer is greater than maximum' : 'signed integer is less than minimum');
  if (p < 0n || p > 65535n) throw new PyException('OverflowError', `${caller}(): port must be 0-65535.`);
  return Number(p);
}

/** /etc/services, read once: "name/proto" (names and aliases) -> port. */
let services: Map<string, number> | null = null;

function serviceByName(name: string, proto: 'tcp' | 'udp'): number | undefined {
  if (!services) {
    services = new Map();
    let text = '';
    try {
      text = fs.readFileSync('/etc/services', 'latin1');
    } catch {
      // No services database: only numeric ports resolve.
    }
    for (const line of text.split('\n')) {
      const fields = line.replace(/#.*/, '').trim().split(/\s+/);
      const m = /^(\d+)\/(\w+)$/.exec(fields[1] ?? '');
      if (!m) continue;
      for (const n of [fields[0], ...fields.slice(2)]) {
        const key = `${n}/${m[2]}`;
        if (!services.has(key)) services.set(key, Number(m[1]));
      }
    }
  }
  return services.get(`${name}/${proto}`);
}

const C_SPACE = /^[ \t\n\v\f\r]*/;

/**
 * The port getaddrinfo() makes of a service, as CPython passes it (an exact int as
 * its decimal text, a str, bytes, None) and glibc reads it: strtoul() in base 10 when
 * the whole text is a number (kept as a C int: negative ones are looked up as names,
 * others cut to 16 bits), else a name from the services database.
 */
export function servicePort(v: PyValue, proto: 'tcp' | 'udp'): number {
  let text: string | null;
  if (typeof v === 'bigint') {
    if (v > 9223372036854775807n || v < -9223372036854775808n) throw new PyException('OverflowError', 'Python int too large to convert to C long');
    text = intToDecimal(v);
  } else if (typeof v === 'string') text = v;
  else if (v instanceof PyBytes) text = new TextDecoder('latin1').decode(v.data);
  else if (v === null) text = null;
  else throw new PyException('OSError', 'Int or String expected', null);
  if (text === null) return 0;
  const m = /^([+-]?)(\d*)$/.exec(text.replace(C_SPACE, ''));
  if (m && (m[2] !== '' || text === '')) {
    // strtoul(): a leading '-' negates in unsigned arithmetic; too large saturates.
    let n = m[2] === '' ? 0n : BigInt(m[2]);
    if (n > 18446744073709551615n) n = 18446744073709551615n;
    else if (m[1] === '-') n = BigInt.asUintN(64, -n);
    const num = BigInt.asIntN(32, n);
    if (num >= 0n) return Number(num & 0xffffn);
  }
  const port = serviceByName(text, proto);
  if (port === undefined) throw gaiError('EAI_SERVICE');
  return port;
}

/** getsockaddrarg(): the address argument of bind/connect/sendto for this family, resolved. */
export async function addressArg(family: Family, v: PyValue, caller: string): Promise<SockAddr> {
  if (family === AF_UNIX) {
    let path: Uint8Array;
    if (typeof v === 'string') path = new TextEncoder().encode(v);
    else if (v instanceof PyBytes) path = v.data;
    else throw new PyException('TypeError', `a bytes-like object is required, not '${typeName(v)}'`);
    if (path.length > UNIX_PATH_MAX) throw new PyException('OSError', 'AF_UNIX path too long');
    return { family: AF_UNIX, path: new TextDecoder().decode(path) };
  }
  const name = family === AF_INET ? 'AF_INET' : 'AF_INET6';
  if (!(v instanceof PyTuple)) throw new PyException('TypeError', `${caller}(): ${name} address must be tuple, not ${typeName(v)}`);
  const items = v.items;
  if (family === AF_INET) {
    if (items.length !== 2) throw new PyException('TypeError', 'AF_INET address must be a pair (host, port)');
    const host = hostArg(items[0]);
    const port = portArg(items[1], caller);
    return resolve({ family: AF_INET, host, port });
  }
  if (items.length < 2 || items.length > 4) throw new PyException('TypeError', 'AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])');
  const host = hostArg(items[0]);
  const port = portArg(items[1], caller);
  const flowinfo = items.length > 2 ? Number(index(items[2])) : 0;
  const scopeId = items.length > 3 ? Number(index(items[3])) : 0;
  if (flowinfo < 0 || flowinfo > 0xfffff) throw new PyException('OverflowError', `${caller}(): flowinfo must be 0-1048575.`);
  return resolve({ family: AF_INET6, host, port, flowinfo, scopeId });
}

function preview(text: string): string {
  return text.length > CALL_RESULT_PREVIEW ? text.slice(0, CALL_RESULT_PREVIEW) + '…' : text;
}

/** repr() of the first BYTES_PREVIEW bytes of a longer bytes value. */
function previewRepr(v: PyBytes): string {
  const d = v.data;
  for (let i = 0; i < BYTES_PREVIEW; i++) {
    const c = d[i];
    // Anything but printable ASCII, a single quote or a backslash changes the quoting or needs an escape.
    if (c < 0x20 || c >= 0x7f || c === SINGLE_QUOTE || c === BACKSLASH) return repr(new PyBytes(d.subarray(0, BYTES_PREVIEW), v.mutable));
  }
  // Printable ASCII without ' or \ reads as itself between single quotes. One call with every
  // code as an argument builds the text at once (a decoder or a loop of concatenations costs more).
  const text = String.fromCharCode(
    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15],
    d[16], d[17], d[18], d[19], d[20], d[21], d[22], d[23], d[24], d[25], d[26], d[27], d[28], d[29], d[30], d[31],
  );
  return v.mutable ? `bytearray(b'${text}')` : `b'${text}'`;
}

/** The log's text of a bytes value longer than BYTES_PREVIEW: its beginning and its size. */
function longBytesText(v: PyBytes): string {
  return `${previewRepr(v)}… (${v.data.length} bytes)`;
}

/** repr() for the log, without building the whole text of a large bytes value. */
function shortRepr(v: PyValue): string {
  if (v instanceof PyBytes && v.data.length > BYTES_PREVIEW) return longBytesText(v);
  if (v instanceof PyTuple) {
    // A loop, not map().join(): the array map() makes changed its shape from one session to the next.
    const items = v.items;
    let text = '(';
    for (let i = 0; i < items.length; i++) text += (i > 0 ? ', ' : '') + shortRepr(items[i]);
    return preview(text + (items.length === 1 ? ',)' : ')'));
  }
  return preview(repr(v));
}

/**
 * shortRepr() for the values that calls moving bytes take and give: ints, bytes,
 * None. Its own function, so that the code V8 compiles for a transfer's calls
 * never meets the tuples and sockets of bind(), accept()... (each new session
 * made it meet them again, and throw the compiled code away).
 */
function ioRepr(v: PyValue): string {
  if (v instanceof PyBytes && v.data.length > BYTES_PREVIEW) return longBytesText(v);
  if (typeof v === 'bigint') return preview(intToDecimal(v));
  if (v === null) return 'None';
  return shortRepr(v);
}

/** The text of a call for the log, e.g. "recv(1024)": every argument's (shortened) repr. */
function callText(method: string, args: PyValue[], kwargs: Kwargs): string {
  // The common case, one positional argument (recv(n), sendall(data)), without the loop.
  if (args.length === 1 && kwargs.size === 0) return preview(method + '(' + shortRepr(args[0]) + ')');
  let argText = '';
  let sep = '';
  // Indexed: for...of allocates an iterator per call.
  for (let i = 0; i < args.length; i++) {
    argText += sep + shortRepr(args[i]);
    sep = ', ';
  }
  if (kwargs.size) {
    for (const [k, v] of kwargs) {
      argText += `${sep}${k}=${shortRepr(v)}`;
      sep = ', ';
    }
  }
  return preview(`${method}(${argText})`);
}

/** callText() for the calls of IO_METHODS (see ioRepr()). */
function ioCallText(method: string, args: PyValue[], kwargs: Kwargs): string {
  if (kwargs.size !== 0) return callText(method, args, kwargs);
  let text = method + '(';
  for (let i = 0; i < args.length; i++) text += (i > 0 ? ', ' : '') + ioRepr(args[i]);
  return preview(text + ')');
}

/** Methods whose result carries received bytes: their events say how many (the stream view's recv boundaries). */
const RECEIVING_METHODS = new Set(['recv', 'recvfrom']);

function bytesReceived(method: string, value: PyValue): number | undefined {
  if (!RECEIVING_METHODS.has(method)) return undefined;
  if (value instanceof PyBytes) return value.data.length;
  if (value instanceof PyTuple && value.items[0] instanceof PyBytes) return value.items[0].data.length;
  return undefined;
}

/** Records the successful end of the call that started as `startSeq` at `started`, and passes its result on. */
function callOk(log: EventLog, startSeq: number, call: string, started: number, value: PyValue, method: string): PyValue {
  let result: string;
  try {
    result = shortRepr(value);
  } catch (e) {
    // A result whose repr() raises ends the call with that exception, recorded like any other.
    throw callFailed(log, startSeq, call, started, e);
  }
  // One clock reading stamps the event and measures the call.
  const t = log.now();
  log.callOk(startSeq, call, result, t - started, t, bytesReceived(method, value));
  return value;
}

/**
 * The texts of a socket's last transfer call and last result, reused while they
 * repeat: recv(65536) after recv(65536), sendall() of one bytes object, another
 * 64 KiB that starts with the same bytes. The log then gets the very string it
 * stored last (putText() shares it at the cost of a pointer comparison), and a
 * call builds no text. Measured with `BENCH_ONLY=tcp npm run bench`: user CPU per
 * 64 MiB moved went from about 16-18 ms to 14-16 ms (raw Node `net`: about 7).
 */
class IoTextCache {
  method = '';
  arg: PyValue | undefined = undefined;
  call = '';
  /** The last long bytes result: its size, kind, first BYTES_PREVIEW bytes, and text. */
  bytesLength = -1;
  bytesMutable = false;
  readonly bytesHead = new Uint8Array(BYTES_PREVIEW);
  bytesText = '';
  /** The last int result (send() counts) and its text. */
  int: bigint = -1n;
  intText = '';
}

/** ioCallText() through the socket's cache: a call with the argument of the last one has its text. */
function cachedIoCallText(cache: IoTextCache, method: string, args: PyValue[], kwargs: Kwargs): string {
  if (args.length !== 1 || kwargs.size !== 0) return ioCallText(method, args, kwargs);
  const arg = args[0];
  // A bytearray can change between two calls; ints and bytes cannot.
  if (arg === cache.arg && method === cache.method && !(arg instanceof PyBytes && arg.mutable)) return cache.call;
  const text = ioCallText(method, args, kwargs);
  cache.method = method;
  cache.arg = arg;
  cache.call = text;
  return text;
}

/** ioRepr() of a call's result through the socket's cache. */
function cachedIoRepr(cache: IoTextCache, v: PyValue): string {
  if (v instanceof PyBytes && v.data.length > BYTES_PREVIEW) {
    const d = v.data;
    const head = cache.bytesHead;
    if (d.length === cache.bytesLength && v.mutable === cache.bytesMutable) {
      let same = true;
      for (let i = 0; i < BYTES_PREVIEW; i++) {
        if (d[i] !== head[i]) {
          same = false;
          break;
        }
      }
      if (same) return cache.bytesText;
    }
    const text = longBytesText(v);
    cache.bytesLength = d.length;
    cache.bytesMutable = v.mutable;
    head.set(d.subarray(0, BYTES_PREVIEW));
    cache.bytesText = text;
    return text;
  }
  if (typeof v === 'bigint') {
    if (v !== cache.int) {
      cache.int = v;
      cache.intText = ioRepr(v);
    }
    return cache.intText;
  }
  return ioRepr(v);
}

/** callOk() for the calls of IO_METHODS (see ioRepr()). */
function ioCallOk(log: EventLog, startSeq: number, call: string, started: number, value: PyValue, method: string, cache: IoTextCache): PyValue {
  let result: string;
  try {
    result = cachedIoRepr(cache, value);
  } catch (e) {
    throw callFailed(log, startSeq, call, started, e);
  }
  const t = log.now();
  log.callOk(startSeq, call, result, t - started, t, bytesReceived(method, value));
  return value;
}

/** Records the end with an exception of the call that started as `startSeq`; gives the exception back to be rethrown. */
function callFailed(log: EventLog, startSeq: number, call: string, started: number, e: unknown): unknown {
  const error = e instanceof PyException ? e.toData() : { type: 'SystemError', errno: null, message: String(e) };
  const t = log.now();
  log.callFailed(startSeq, call, error, t - started, t);
  return e;
}

// Continuations of calls that had to wait, made once rather than per call.
const receivedBytes = (data: Uint8Array): PyValue => new PyBytes(data);
const none = (): PyValue => null;

type Method = (self: PySocket, args: PyValue[], kwargs: Kwargs, ctx: CallContext) => PyValue | Promise<PyValue>;

/** A socket object as Python sees it: `<socket.socket fd=3, family=2, type=1, proto=0, ...>`. */
export class PySocket extends PyObject {
  readonly typeName = 'socket';
  private readonly address = fakeAddress();
  /** The texts of this socket's last transfer call (see IoTextCache). */
  readonly ioTexts = new IoTextCache();

  constructor(
    readonly module: SocketModule,
    readonly sock: EngineSocket,
  ) {
    super();
  }

  /** type(s) is socket.socket, as the interpreter's type() and isinstance() read it. */
  get pyClass(): PyClass {
    return this.module.socketClass;
  }

  repr(): string {
    const s = this.sock;
    let text = `<socket.socket${s.closed ? ' [closed]' : ''} fd=${s.fd}, family=${s.family}, type=${s.kind}, proto=${s.proto}`;
    if (!s.closed) {
      try {
        const laddr = addressValue(s.getsockname());
        if (laddr !== '') text += `, laddr=${typeof laddr === 'string' ? laddr : repr(laddr)}`;
      } catch {
        // CPython leaves out what getsockname() cannot tell.
      }
      try {
        const raddr = addressValue(s.getpeername());
        if (raddr !== '') text += `, raddr=${typeof raddr === 'string' ? raddr : repr(raddr)}`;
      } catch {
        // Not connected: no raddr.
      }
    }
    return text + '>';
  }

  override getAttr(name: string): PyValue | undefined {
    if (name === 'family') return familyValue(this.sock.family);
    if (name === 'type') return kindValue(this.sock.kind);
    if (name === 'proto') return BigInt(this.sock.proto);
    // The C type's read-only member: gettimeout()'s value, even after close().
    if (name === 'timeout') return this.sock.timeout;
    const m = METHODS[name];
    if (!m) return undefined;
    const pythonLevel = name === 'accept' || name === 'close';
    const text = pythonLevel ? `<bound method socket.${name} of ${this.repr()}>` : `<built-in method ${name} of socket object at ${this.address}>`;
    if (IO_METHODS.has(name)) return new PyFunction(name, (args, kwargs, ctx) => this.module.loggedIo(this, name, args, kwargs, ctx, m), text, this);
    const impl: NativeImpl = (args, kwargs, ctx) => m(this, args, kwargs, ctx);
    return new PyFunction(name, (args, kwargs, ctx) => this.module.logged(this, name, args, kwargs, ctx, impl), text, this);
  }

  override attrNames(): string[] {
    return ['family', 'type', 'proto', 'timeout', ...Object.keys(METHODS)];
  }
}

/**
 * The methods that move bytes: the calls a transfer makes over and over. They are
 * logged by loggedIo(), apart from the calls that set a connection up.
 */
const IO_METHODS = new Set(['recv', 'recvfrom', 'send', 'sendall', 'sendto']);

const METHODS: Record<string, Method> = {
  async accept(self, args, kwargs, ctx) {
    bindPython('socket.accept', [], args, kwargs, true);
    const child = await self.sock.accept({ signal: ctx.signal, flags: 0 });
    const obj = self.module.wrap(child);
    return new PyTuple([obj, addressValue(child.getpeername())]);
  },
  async bind(self, args, kwargs) {
    const a = exactlyOne('socket.bind', args, kwargs);
    const addr = await addressArg(self.sock.family, a, 'bind');
    await self.sock.bind(addr);
    return null;
  },
  close(self, args, kwargs) {
    bindPython('socket.close', [], args, kwargs, true);
    self.sock.close();
    return null;
  },
  async connect(self, args, kwargs, ctx) {
    const a = exactlyOne('socket.connect', args, kwargs);
    const addr = await addressArg(self.sock.family, a, 'connect');
    await self.sock.connect(addr, { signal: ctx.signal, flags: 0 });
    return null;
  },
  async connect_ex(self, args, kwargs, ctx) {
    const a = exactlyOne('socket.connect_ex', args, kwargs);
    const addr = await addressArg(self.sock.family, a, 'connect_ex');
    try {
      await self.sock.connect(addr, { signal: ctx.signal, flags: 0 });
      return 0n;
    } catch (e) {
      if (e instanceof PyException && e.pyType === 'TimeoutError') return BigInt(EWOULDBLOCK);
      if (e instanceof PyException && e.errno !== null && e.pyType !== 'gaierror') return BigInt(e.errno);
      throw e;
    }
  },
  fileno(self, args, kwargs) {
    noArgs('socket.fileno', args, kwargs);
    return BigInt(self.sock.fd);
  },
  getpeername(self, args, kwargs) {
    noArgs('socket.getpeername', args, kwargs);
    return addressValue(self.sock.getpeername());
  },
  getsockname(self, args, kwargs) {
    noArgs('socket.getsockname', args, kwargs);
    return addressValue(self.sock.getsockname());
  },
  getsockopt(self, args, kwargs) {
    between('getsockopt', 2, 3, args, kwargs, 'socket.getsockopt');
    const level = cInt(args[0]);
    const name = cInt(args[1]);
    // buflen 0 reads the option as an int, like no buflen at all.
    if (args.length === 3 && cInt(args[2]) !== 0) {
      const buflen = cInt(args[2]);
      if (buflen < 0 || buflen > MAX_SOCKOPT_BUFLEN) throw new PyException('OSError', 'getsockopt buflen out of range');
      const value = self.sock.getsockopt(level, name);
      // Linux copies min(buflen, sizeof(int)) bytes of the int.
      const out = new Uint8Array(4);
      new DataView(out.buffer).setInt32(0, value, true);
      return new PyBytes(buflen >= 4 ? out : out.slice(0, buflen));
    }
    // SO_ERROR reports what loopback has already delivered (a refusal, a reset): let it surface first.
    if (level === SOL_SOCKET && name === SO_ERROR) return settle().then(() => BigInt(self.sock.getsockopt(level, name)));
    return BigInt(self.sock.getsockopt(level, name));
  },
  setsockopt(self, args, kwargs) {
    // CPython tries setsockopt(level, name, int), then (level, name, None, optlen), then
    // (level, name, buffer): the last form's parse gives the error.
    if (kwargs.size === 0 && args.length === 4 && args[2] === null) {
      const level = cInt(args[0]);
      cInt(args[1]);
      const optlen = Number(BigInt.asUintN(32, index(args[3])));
      self.sock.checkOption(level, 'set');
      // A NULL value: Linux refuses a length under an int, and cannot read from NULL otherwise.
      throw osError(optlen < 4 ? 'EINVAL' : 'EFAULT');
    }
    between('setsockopt', 3, 3, args, kwargs, 'socket.setsockopt');
    const level = cInt(args[0]);
    const name = cInt(args[1]);
    const v = args[2];
    let value: number;
    const isInt = typeof v === 'bigint' || typeof v === 'boolean' || v instanceof PyIntEnum;
    if (isInt && index(v) >= -2147483648n && index(v) <= 2147483647n) value = cInt(v);
    else if (v instanceof PyBytes) {
      if (v.data.length < 4) {
        self.sock.getsockname(); // a closed socket reports EBADF first
        throw osError('EINVAL');
      }
      value = new DataView(v.data.buffer, v.data.byteOffset, v.data.byteLength).getInt32(0, true);
    } else throw new PyException('TypeError', `a bytes-like object is required, not '${typeName(v)}'`);
    self.sock.setsockopt(level, name, value);
    return null;
  },
  getblocking(self, args, kwargs) {
    noArgs('socket.getblocking', args, kwargs);
    return self.sock.timeout !== 0;
  },
  setblocking(self, args, kwargs) {
    const flag = asLong(exactlyOne('socket.setblocking', args, kwargs));
    self.sock.settimeout(flag ? null : 0);
    if (self.sock.closed) throw osError('EBADF');
    return null;
  },
  gettimeout(self, args, kwargs) {
    noArgs('socket.gettimeout', args, kwargs);
    return self.sock.timeout;
  },
  settimeout(self, args, kwargs) {
    const t = timeoutValue(exactlyOne('socket.settimeout', args, kwargs));
    self.sock.settimeout(t);
    if (self.sock.closed) throw osError('EBADF');
    return null;
  },
  async listen(self, args, kwargs) {
    between('listen', 0, 1, args, kwargs, 'socket.listen');
    let backlog = args.length ? cInt(args[0]) : DEFAULT_LISTEN_BACKLOG;
    if (backlog < 0) backlog = 0;
    await self.sock.listen(backlog);
    return null;
  },
  recv(self, args, kwargs, ctx) {
    between('recv', 1, 2, args, kwargs, 'socket.recv');
    const bufsize = ssize(args[0]);
    const flags = args.length > 1 ? cInt(args[1]) : 0;
    if (bufsize < 0) throw new PyException('ValueError', 'negative buffersize in recv');
    // CPython answers recv(0) with b'' without asking the socket anything.
    if (bufsize === 0) return new PyBytes(new Uint8Array(0));
    return self.sock.recvOrWait(bufsize, { signal: ctx.signal, flags }, receivedBytes);
  },
  async recvfrom(self, args, kwargs, ctx) {
    between('recvfrom', 1, 2, args, kwargs, 'socket.recvfrom');
    const bufsize = ssize(args[0]);
    const flags = args.length > 1 ? cInt(args[1]) : 0;
    if (bufsize < 0) throw new PyException('ValueError', 'negative buffersize in recvfrom');
    const r = await self.sock.recv(bufsize, { signal: ctx.signal, flags });
    return new PyTuple([new PyBytes(r.data), r.from ? addressValue(r.from) : null]);
  },
  send(self, args, kwargs, ctx) {
    between('send', 1, 2, args, kwargs, 'socket.send');
    const data = bytesLike(args[0]);
    const flags = args.length > 1 ? cInt(args[1]) : 0;
    const n = self.sock.sendOrWait(data, { signal: ctx.signal, flags }, false);
    return n instanceof Promise ? n.then(BigInt) : BigInt(n);
  },
  sendall(self, args, kwargs, ctx) {
    between('sendall', 1, 2, args, kwargs, 'socket.sendall');
    const data = bytesLike(args[0]);
    const flags = args.length > 1 ? cInt(args[1]) : 0;
    const n = self.sock.sendOrWait(data, { signal: ctx.signal, flags }, true);
    return n instanceof Promise ? n.then(none) : null;
  },
  async sendto(self, args, kwargs, ctx) {
    if (kwargs.size) throw new PyException('TypeError', 'socket.sendto() takes no keyword arguments');
    if (args.length !== 2 && args.length !== 3) throw new PyException('TypeError', `sendto() takes 2 or 3 arguments (${args.length} given)`);
    const data = bytesLike(args[0]);
    const flags = args.length === 3 ? cInt(args[1]) : 0;
    const addr = await addressArg(self.sock.family, args[args.length - 1], 'sendto');
    return BigInt(await self.sock.sendto(data, addr, { signal: ctx.signal, flags }));
  },
  shutdown(self, args, kwargs) {
    const how = asInt(exactlyOne('socket.shutdown', args, kwargs));
    self.sock.shutdown(how);
    return null;
  },
};

const SOCKET_PARAMS: PyParam[] = [
  { name: 'family', default: -1n },
  { name: 'type', default: -1n },
  { name: 'proto', default: -1n },
  { name: 'fileno', default: null },
];

/** What socket(family, type, proto) accepts on Linux, as errno names. */
function checkSocketArgs(family: number, kind: number, proto: number): void {
  if (family !== AF_INET && family !== AF_INET6 && family !== AF_UNIX) throw osError('EAFNOSUPPORT');
  if (kind !== SOCK_STREAM && kind !== SOCK_DGRAM) throw osError('EINVAL');
  if (proto === 0) return;
  const ok = family !== AF_UNIX && ((kind === SOCK_STREAM && proto === IPPROTO_TCP) || (kind === SOCK_DGRAM && proto === IPPROTO_UDP));
  if (!ok) throw osError('EPROTONOSUPPORT');
}

/** One `socket` module per engine (per console session or `run`). */
export class SocketModule {
  readonly module: PyModule;
  readonly socketClass: PyClass;
  private readonly wrappers = new WeakMap<EngineSocket, PySocket>();
  /** Sockets the script has held as objects: the ones collect() may close. */
  private readonly scriptSockets = new Set<EngineSocket>();

  constructor(readonly engine: Engine) {
    const attrs = new Map<string, PyValue>();
    const socketClass = new PyClass('socket.socket', (args, kwargs) => this.newSocket(args, kwargs));
    this.socketClass = socketClass;
    attrs.set('socket', socketClass);
    attrs.set('SocketType', socketClass);
    for (const f of FAMILIES.values()) attrs.set(f.memberName, f);
    for (const k of KINDS.values()) attrs.set(k.memberName, k);
    for (const [n, v] of Object.entries(MSG_FLAGS)) attrs.set(n, new PyIntEnum('MsgFlag', n, BigInt(v), MSG_FLAG));
    for (const [n, v] of Object.entries(INT_CONSTANTS)) attrs.set(n, BigInt(v));
    attrs.set('has_ipv6', true);
    attrs.set('AddressFamily', ADDRESS_FAMILY);
    attrs.set('SocketKind', SOCKET_KIND);
    attrs.set('MsgFlag', MSG_FLAG);
    attrs.set('error', new PyClass('OSError'));
    attrs.set('timeout', new PyClass('TimeoutError'));
    attrs.set('gaierror', new PyClass('socket.gaierror'));
    attrs.set('herror', new PyClass('socket.herror'));
    const fn = (name: string, impl: (args: PyValue[], kwargs: Kwargs, ctx: CallContext) => PyValue | Promise<PyValue>, text?: string) =>
      attrs.set(name, new PyFunction(name, (args, kwargs, ctx) => this.logged(null, name, args, kwargs, ctx, impl), text));
    fn('create_connection', (a, k, c) => this.createConnection(a, k, c), `<function create_connection at ${fakeAddress()}>`);
    fn('create_server', (a, k) => this.createServer(a, k), `<function create_server at ${fakeAddress()}>`);
    fn('gethostbyname', async (args, kwargs) => {
      between('gethostbyname', 1, 1, args, kwargs);
      const name = args[0];
      if (typeof name !== 'string' && !(name instanceof PyBytes)) {
        throw new PyException('TypeError', `gethostbyname() argument 1 must be str, bytes or bytearray, not ${typeName(name)}`);
      }
      return resolveHost(hostArg(name), AF_INET);
    });
    fn('gethostname', (args, kwargs) => {
      noArgs('_socket.gethostname', args, kwargs);
      return os.hostname();
    });
    fn('getdefaulttimeout', (args, kwargs) => {
      noArgs('_socket.getdefaulttimeout', args, kwargs);
      return this.engine.defaultTimeout;
    });
    fn('setdefaulttimeout', (args, kwargs) => {
      this.engine.defaultTimeout = timeoutValue(exactlyOne('_socket.setdefaulttimeout', args, kwargs));
      return null;
    });
    this.module = new PyModule('socket', attrs, `<module 'socket' from '/usr/lib/python3.11/socket.py'>`);
  }

  wrap(sock: EngineSocket): PySocket {
    let w = this.wrappers.get(sock);
    if (!w) {
      w = new PySocket(this, sock);
      this.wrappers.set(sock, w);
      this.scriptSockets.add(sock);
    }
    return w;
  }

  /**
   * Closes the script's sockets that nothing refers to any more, as CPython's
   * reference counting does the moment a socket object is dropped (a name bound
   * to another value, an expression's value thrown away): the peer then sees the
   * FIN, or a reset when bytes were left unread. `roots` are what the script can
   * still reach; sockets with a call in progress are in use by it.
   */
  collect(roots: Iterable<PyValue>): void {
    const live = new Set<EngineSocket>();
    const visit = (v: PyValue | undefined, depth: number): void => {
      if (depth > MAX_REFERENCE_DEPTH) return;
      if (v instanceof PySocket) live.add(v.sock);
      else if (v instanceof PyTuple) for (const item of v.items) visit(item, depth + 1);
      else if (v instanceof PyFunction && v.boundTo) visit(v.boundTo, depth + 1);
    };
    for (const v of roots) visit(v, 0);
    for (const sock of this.scriptSockets) {
      if (sock.closed) this.scriptSockets.delete(sock);
      else if (!live.has(sock) && !sock.pendingCall && !sock.owner) { // Servers: a server's sockets are its own, not the script's
        this.scriptSockets.delete(sock);
        sock.close('no references left: closed as CPython does when a socket object is dropped');
      }
    }
  }

  /**
   * Runs a call and records it: start, then end with its result or exception. A call
   * that completes without waiting is recorded and returned at once (no promise):
   * callers await either way.
   */
  logged(self: PySocket | null, method: string, args: PyValue[], kwargs: Kwargs, ctx: CallContext, impl: NativeImpl): PyValue | Promise<PyValue> {
    const log = this.engine.log;
    const call = callText(method, args, kwargs);
    const started = log.now();
    const startSeq = log.callStart(self ? self.sock.id : null, method, call, started);
    let value: PyValue | Promise<PyValue>;
    try {
      value = impl(args, kwargs, ctx);
    } catch (e) {
      throw callFailed(log, startSeq, call, started, e);
    }
    if (!(value instanceof Promise)) return callOk(log, startSeq, call, started, value, method);
    return value.then(
      (v) => callOk(log, startSeq, call, started, v, method),
      (e: unknown) => {
        throw callFailed(log, startSeq, call, started, e);
      },
    );
  }

  /**
   * logged() for IO_METHODS. A function of its own, with texts of its own
   * (ioCallText(), ioCallOk()): the code V8 compiles for the calls of a transfer
   * then never meets what bind(), connect() or accept() pass and return. Sharing
   * one function with them, every new session's set-up calls threw that code
   * away (a branch or a type it had not seen), in the middle of the transfer.
   */
  loggedIo(self: PySocket, method: string, args: PyValue[], kwargs: Kwargs, ctx: CallContext, m: Method): PyValue | Promise<PyValue> {
    const log = this.engine.log;
    const texts = self.ioTexts;
    const call = cachedIoCallText(texts, method, args, kwargs);
    const started = log.now();
    const startSeq = log.callStart(self.sock.id, method, call, started);
    let value: PyValue | Promise<PyValue>;
    try {
      value = m(self, args, kwargs, ctx);
    } catch (e) {
      throw callFailed(log, startSeq, call, started, e);
    }
    if (!(value instanceof Promise)) return ioCallOk(log, startSeq, call, started, value, method, texts);
    return value.then(
      (v) => ioCallOk(log, startSeq, call, started, v, method, texts),
      (e: unknown) => {
        throw callFailed(log, startSeq, call, started, e);
      },
    );
  }

  private newSocket(args: PyValue[], kwargs: Kwargs): PyValue {
    const b = bindPython('socket.__init__', SOCKET_PARAMS, args, kwargs, true);
    let family = asInt(b.get('family')!);
    let kind = asInt(b.get('type')!);
    let proto = asInt(b.get('proto')!);
    const fileno = b.get('fileno')!;
    if (fileno !== null) {
      // An fd the engine did not open is never a socket it can wrap.
      if (typeof fileno === 'number') throw new PyException('TypeError', "'float' object cannot be interpreted as an integer");
      if (index(fileno) < 0n) throw new PyException('ValueError', 'negative file descriptor');
      throw new PyException('OSError', '[Errno 9] Bad file descriptor', 9);
    }
    if (family === -1) family = AF_INET;
    if (kind === -1) kind = SOCK_STREAM;
    if (proto === -1) proto = 0;
    return this.open(family, kind, proto);
  }

  private open(family: number, kind: number, proto: number): PySocket {
    checkSocketArgs(family, kind, proto);
    return this.wrap(this.engine.createSocket(family as Family, kind as Kind, proto));
  }

  private async createConnection(args: PyValue[], kwargs: Kwargs, ctx: CallContext): Promise<PyValue> {
    const GLOBAL_DEFAULT = Symbol('default');
    const b = bindPython(
      'create_connection',
      [{ name: 'address' }, { name: 'timeout', default: 'GLOBAL_DEFAULT' }, { name: 'source_address', default: null }, { name: 'all_errors', default: false, keywordOnly: true }],
      args,
      kwargs,
    );
    const timeoutArg = kwargs.has('timeout') || args.length > 1 ? b.get('timeout')! : GLOBAL_DEFAULT;
    const [hostV, portV] = unpack(b.get('address')!, 2);
    const host = hostV === null ? 'localhost' : hostArg(hostV);
    const port = BigInt(servicePort(portV, 'tcp'));
    const candidates = await resolveAll(host);
    let last: unknown = null;
    for (const c of candidates) {
      const s = this.open(c.family, SOCK_STREAM, IPPROTO_TCP);
      try {
        if (timeoutArg !== GLOBAL_DEFAULT) s.sock.settimeout(timeoutValue(timeoutArg as PyValue));
        const source = b.get('source_address')!;
        if (source !== null && source !== false) await s.sock.bind(await addressArg(c.family, source, 'bind'));
        const target = await addressArg(c.family, c.family === AF_INET ? new PyTuple([c.address, port]) : new PyTuple([c.address, port, 0n, 0n]), 'connect');
        await s.sock.connect(target, { signal: ctx.signal, flags: 0 });
        return s;
      } catch (e) {
        last = e;
        s.sock.close();
        if (e instanceof PyException && (e.pyType === 'KeyboardInterrupt' || e.pyType === 'StepTimeout')) throw e;
      }
    }
    if (last) throw last;
    throw new PyException('OSError', 'getaddrinfo returns an empty list');
  }

  private async createServer(args: PyValue[], kwargs: Kwargs): Promise<PyValue> {
    const b = bindPython(
      'create_server',
      [
        { name: 'address' },
        { name: 'family', default: FAMILIES.get(AF_INET)!, keywordOnly: true },
        { name: 'backlog', default: null, keywordOnly: true },
        { name: 'reuse_port', default: false, keywordOnly: true },
        { name: 'dualstack_ipv6', default: false, keywordOnly: true },
      ],
      args,
      kwargs,
    );
    const family = cInt(b.get('family')!);
    const dualstack = b.get('dualstack_ipv6');
    if (dualstack && dualstack !== 0n && family !== AF_INET6) throw new PyException('ValueError', 'dualstack_ipv6 requires AF_INET6 family');
    const s = this.open(family, SOCK_STREAM, 0);
    try {
      s.sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1); // as create_server() sets it on POSIX
      const reusePort = b.get('reuse_port');
      if (reusePort && reusePort !== 0n) s.sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
      if (family === AF_INET6) s.sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, dualstack ? 0 : 1);
      const address = b.get('address')!;
      try {
        await s.sock.bind(await addressArg(s.sock.family, address, 'bind'));
      } catch (e) {
        if (e instanceof PyException && e.errno !== null) {
          const strerror = e.pyMessage.replace(/^\[Errno -?\d+\] /, '');
          throw new PyException(errnoClass(e), `[Errno ${e.errno}] ${strerror} (while attempting to bind on address ${repr(address)})`, e.errno);
        }
        throw e;
      }
      const backlog = b.get('backlog')!;
      await s.sock.listen(backlog === null ? DEFAULT_LISTEN_BACKLOG : Math.max(cInt(backlog), 0));
      return s;
    } catch (e) {
      s.sock.close();
      throw e;
    }
  }
}

/** OSError(errno, msg) picks its subclass from errno; gaierror's negative codes stay OSError. */
function errnoClass(e: PyException): string {
  return e.pyType === 'gaierror' || e.pyType === 'herror' ? 'OSError' : e.pyType;
}

export function describeSocket(s: EngineSocket): string {
  const parts = [`fd=${s.fd}`, FAMILY_NAMES[s.family] ?? String(s.family), KIND_NAMES[s.kind] ?? String(s.kind), s.state];
  if (s.local) parts.push(`laddr=${formatAddr(s.local)}`);
  if (s.remote) parts.push(`raddr=${formatAddr(s.remote)}`);
  return parts.join(' ');
}
