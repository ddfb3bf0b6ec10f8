// getsockopt()/setsockopt() as Linux answers them: values from the generated
// table of a fresh socket's options, what the script set, and the errno each
// family gives for an unknown level or option.
import fs from 'node:fs';
import type { ErrnoName } from '../../shared/script/errno';
import { errnoName } from '../../shared/script/errno';
import { AF_INET6, AF_UNIX, SOCK_STREAM, type Family, type Kind } from './addresses';
import { osError } from './errors';
import { SOCKOPT_DEFAULTS, type LevelTable } from './sockopt-defaults';

export const SOL_SOCKET = 1;
export const IPPROTO_TCP = 6;
export const SO_REUSEADDR = 2;
export const SO_TYPE = 3;
export const SO_ERROR = 4;
export const SO_BROADCAST = 6;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_KEEPALIVE = 9;
export const SO_REUSEPORT = 15;
export const SO_ACCEPTCONN = 30;
export const SO_PROTOCOL = 38;
export const SO_DOMAIN = 39;
export const TCP_NODELAY = 1;
export const IPPROTO_IPV6 = 41;
export const IPV6_V6ONLY = 26;
/** Linux doubles SO_RCVBUF/SO_SNDBUF values and keeps them above these minimums. */
const MIN_RCVBUF = 2304;
const MIN_SNDBUF = 4608;
/** net.core.[rw]mem_max's default, where /proc cannot be read. */
const DEFAULT_BUFFER_MAX = 212992;
const bufferMax = new Map<string, number>();
/** Linux caps requested buffer sizes at sysctl net.core.rmem_max / wmem_max before doubling them. */
function sysctlMax(file: 'rmem_max' | 'wmem_max'): number {
  let v = bufferMax.get(file);
  if (v === undefined) {
    try {
      v = Number(fs.readFileSync(`/proc/sys/net/core/${file}`, 'utf8').trim()) || DEFAULT_BUFFER_MAX;
    } catch {
      v = DEFAULT_BUFFER_MAX;
    }
    bufferMax.set(file, v);
  }
  return v;
}

/** Options Linux stores as a flag: any non-zero value reads back as 1. */
const BOOLEAN_OPTIONS: Record<number, readonly number[]> = {
  [SOL_SOCKET]: [1, SO_REUSEADDR, 5, SO_BROADCAST, SO_KEEPALIVE, 10, 11, SO_REUSEPORT, 16],
  [IPPROTO_TCP]: [TCP_NODELAY, 3],
  [IPPROTO_IPV6]: [IPV6_V6ONLY],
};
/** Options the kernel reports but does not let anyone set. */
const READ_ONLY: Record<number, readonly number[]> = { [SOL_SOCKET]: [SO_TYPE, SO_ERROR, SO_ACCEPTCONN, SO_PROTOCOL, SO_DOMAIN] };

export const optionKey = (level: number, name: number) => `${level}:${name}`;

/** What a socket tells the option code about itself. */
export interface OptionHost {
  readonly family: Family;
  readonly kind: Kind;
  readonly options: Map<string, number>;
  readonly isListening: boolean;
  /** The socket has a local port (bound, or given one by connect/listen/send). */
  readonly hasPort: boolean;
  /** Takes (and clears) the pending socket error, as SO_ERROR does. */
  takeErrorNumber(): number;
  bufferDefault(key: string): number | undefined;
}

function kindKey(family: Family, kind: Kind): string {
  if (family === AF_UNIX) return kind === SOCK_STREAM ? 'unix_stream' : 'unix_dgram';
  return `${kind === SOCK_STREAM ? 'tcp' : 'udp'}${family === AF_INET6 ? 6 : 4}`;
}

/** The errno for a level the protocol does not know: Unix says EOPNOTSUPP; IPv4 does for reads only; IPv6 says ENOPROTOOPT. */
function unknownLevel(family: Family, op: 'get' | 'set'): ErrnoName {
  if (family === AF_UNIX) return 'EOPNOTSUPP';
  if (family === AF_INET6) return 'ENOPROTOOPT';
  return op === 'get' ? 'EOPNOTSUPP' : 'ENOPROTOOPT';
}

export function levelTable(h: OptionHost, level: number, op: 'get' | 'set'): LevelTable {
  const table = SOCKOPT_DEFAULTS[kindKey(h.family, h.kind)]?.[level];
  if (!table) throw osError(unknownLevel(h.family, op));
  return table;
}

export function getOption(h: OptionHost, level: number, name: number): number {
  const table = levelTable(h, level, 'get');
  const fallback = table[name];
  if (fallback === undefined) throw osError('ENOPROTOOPT');
  if (level === SOL_SOCKET) {
    if (name === SO_ERROR) return h.takeErrorNumber();
    if (name === SO_ACCEPTCONN) return h.isListening ? 1 : 0;
  }
  const key = optionKey(level, name);
  const set = h.options.get(key);
  if (set !== undefined) return set;
  if (level === SOL_SOCKET && (name === SO_RCVBUF || name === SO_SNDBUF)) {
    const live = h.bufferDefault(key);
    if (live !== undefined) return live;
  }
  if (typeof fallback === 'string') {
    const err = errnoName(Number(fallback.slice(1)));
    throw err ? osError(err) : osError('EINVAL');
  }
  return fallback;
}

/** Stores an option's new value; returns the value as the kernel keeps it. */
export function setOption(h: OptionHost, level: number, name: number, value: number): number {
  const table = levelTable(h, level, 'set');
  if (table[name] === undefined || READ_ONLY[level]?.includes(name)) throw osError('ENOPROTOOPT');
  // ipv6_setsockopt(): the family choice cannot change once the socket has a port.
  if (level === IPPROTO_IPV6 && name === IPV6_V6ONLY && h.hasPort) throw osError('EINVAL');
  let stored = value;
  if (BOOLEAN_OPTIONS[level]?.includes(name)) stored = value ? 1 : 0;
  // The kernel reads the size as unsigned: a negative one is huge, so it is capped.
  const size = value < 0 ? Infinity : value;
  if (level === SOL_SOCKET && name === SO_RCVBUF) stored = Math.max(Math.min(size, sysctlMax('rmem_max')) * 2, MIN_RCVBUF);
  if (level === SOL_SOCKET && name === SO_SNDBUF) stored = Math.max(Math.min(size, sysctlMax('wmem_max')) * 2, MIN_SNDBUF);
  h.options.set(optionKey(level, name), stored);
  return stored;
}
