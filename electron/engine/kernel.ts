// What the Linux kernel knows about TCP sockets, read from /proc/net/tcp and
// /proc/net/tcp6. The engine uses it where Node hides the kernel's rules: a bind()
// without SO_REUSEADDR conflicts with any socket still using the port (a
// connection in TIME_WAIT after a server restart, say), as in CPython.
import fs from 'node:fs';
import net from 'node:net';

export const TCP_STATES = [
  '',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
] as const;

export interface KernelTcpEntry {
  /** 4 or 16 bytes, network order. */
  localAddress: Uint8Array;
  localPort: number;
  remoteAddress: Uint8Array;
  remotePort: number;
  state: string;
  sendQueue: number;
  recvQueue: number;
  /** The state as the kernel numbers it (TCP_STATES' index; UDP uses 1 connected, 7 unconnected). */
  stateCode: number;
  /** The socket's inode (socket:[N] in /proc/PID/fd); 0 for one no file refers to (TIME_WAIT, orphans, requests). */
  inode: number;
  /** Datagrams the kernel dropped (the last column of /proc/net/udp); 0 for TCP. */
  drops: number;
}

/** /proc's address: 32-bit words in host (little-endian) order, as hex. */
function parseProcAddress(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let word = 0; word < hex.length / 8; word++) {
    for (let b = 0; b < 4; b++) {
      out[word * 4 + b] = parseInt(hex.slice(word * 8 + (3 - b) * 2, word * 8 + (3 - b) * 2 + 2), 16);
    }
  }
  return out;
}

function parseTable(path: string): KernelTcpEntry[] {
  return readProcNet(path) ?? [];
}

/** One of /proc/net/{tcp,tcp6,udp,udp6}, parsed; null when it cannot be read. */
export function readProcNet(path: string): KernelTcpEntry[] | null {
  const udp = path.includes('/udp');
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  return parseProcNet(text, udp);
}

/** The text of a /proc/net/{tcp,udp}[6] table as entries (the header line is skipped). */
export function parseProcNet(text: string, udp = false): KernelTcpEntry[] {
  const entries: KernelTcpEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const [la, lp] = f[1].split(':');
    const [ra, rp] = f[2].split(':');
    const [tx, rx] = f[4].split(':');
    const stateCode = parseInt(f[3], 16);
    entries.push({
      localAddress: parseProcAddress(la),
      localPort: parseInt(lp, 16),
      remoteAddress: parseProcAddress(ra),
      remotePort: parseInt(rp, 16),
      state: TCP_STATES[stateCode] ?? 'UNKNOWN',
      sendQueue: parseInt(tx, 16),
      recvQueue: parseInt(rx, 16),
      stateCode,
      inode: Number(f[9] ?? 0) || 0,
      // /proc/net/udp*'s 13th column; TCP's columns there mean other things.
      drops: udp ? Number(f[12] ?? 0) || 0 : 0,
    });
  }
  return entries;
}

export function kernelTcpTable(): KernelTcpEntry[] {
  return [...parseTable('/proc/net/tcp'), ...parseTable('/proc/net/tcp6')];
}

/** An IP address as bytes (IPv4 as 4 bytes, IPv6 as 16). */
export function addressBytes(host: string): Uint8Array {
  if (net.isIPv4(host)) return Uint8Array.from(host.split('.').map(Number));
  const [head, tail = ''] = host.includes('::') ? host.split('::') : [host, undefined];
  const parse = (s: string | undefined) => (s ? s.split(':') : []).flatMap((g) => (g.includes('.') ? [...addressBytes(g)].reduce<string[]>((acc, b, i) => (i % 2 ? [...acc.slice(0, -1), acc[acc.length - 1] + b.toString(16).padStart(2, '0')] : [...acc, b.toString(16)]), []) : [g]));
  const h = parse(head);
  const t = parse(tail);
  const groups = host.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g || '0', 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}

const isZero = (a: Uint8Array) => a.every((b) => b === 0);
/** ::ffff:a.b.c.d as its IPv4 bytes, so both tables compare alike. */
export function normalise(a: Uint8Array): Uint8Array {
  if (a.length === 16 && a.subarray(0, 10).every((b) => b === 0) && a[10] === 0xff && a[11] === 0xff) return a.subarray(12);
  return a;
}

/**
 * Whether a bind() to host:port without SO_REUSEADDR conflicts with a socket the
 * kernel still keeps on that port outside the listening ones (TIME_WAIT,
 * ESTABLISHED...). Listening sockets are Node's to report.
 */
export function portBusyForBind(host: string, port: number): boolean {
  if (port === 0) return false;
  const want = normalise(addressBytes(host));
  return kernelTcpTable().some((e) => {
    if (e.localPort !== port || e.state === 'LISTEN' || e.state === 'CLOSE') return false;
    const have = normalise(e.localAddress);
    if (isZero(want) || isZero(have)) return true;
    return have.length === want.length && have.every((b, i) => b === want[i]);
  });
}

/** TCP states past the handshake: the connection is (or was) up. */
const HANDSHAKE_DONE = new Set(['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING']);

/** Whether the kernel has completed this TCP connection's handshake; false where /proc cannot be read. */
export function handshakeDoneInKernel(localHost: string, localPort: number, remoteHost: string, remotePort: number): boolean {
  if (!fs.existsSync('/proc/net/tcp')) return false;
  const l = normalise(addressBytes(localHost));
  const r = normalise(addressBytes(remoteHost));
  const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  return kernelTcpTable().some(
    (e) => e.localPort === localPort && e.remotePort === remotePort && HANDSHAKE_DONE.has(e.state) && same(normalise(e.localAddress), l) && same(normalise(e.remoteAddress), r),
  );
}

/**
 * Whether the kernel still has this TCP connection (in any state but CLOSE). Where
 * /proc cannot be read, it answers yes: the engine then keeps what it knows.
 */
export function connectionInKernel(localHost: string, localPort: number, remoteHost: string, remotePort: number): boolean {
  if (!fs.existsSync('/proc/net/tcp')) return true;
  const l = normalise(addressBytes(localHost));
  const r = normalise(addressBytes(remoteHost));
  const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  return kernelTcpTable().some(
    (e) => e.localPort === localPort && e.remotePort === remotePort && e.state !== 'CLOSE' && e.state !== 'TIME_WAIT' && same(normalise(e.localAddress), l) && same(normalise(e.remoteAddress), r),
  );
}
