// The socket methods the method panel offers (every one the spec lists), their
// argument fields and defaults, and the statement each call is.
import type { SocketInfo } from '../shared/contract';
import { addressExpression, dataExpression, freshName, numberExpression, type Built, type DataFormat, type Encoding } from './statements';

export type Field = 'address' | 'data' | 'bufsize' | 'backlog' | 'flags' | 'how' | 'seconds' | 'flag' | 'level' | 'option' | 'value';

export interface MethodSpec {
  name: string;
  fields: Field[];
}

export const METHOD_SPECS: MethodSpec[] = [
  { name: 'bind', fields: ['address'] },
  { name: 'listen', fields: ['backlog'] },
  { name: 'accept', fields: [] },
  { name: 'connect', fields: ['address'] },
  { name: 'connect_ex', fields: ['address'] },
  { name: 'send', fields: ['data'] },
  { name: 'sendall', fields: ['data'] },
  { name: 'sendto', fields: ['data', 'address'] },
  { name: 'recv', fields: ['bufsize'] },
  { name: 'recvfrom', fields: ['bufsize'] },
  { name: 'shutdown', fields: ['how'] },
  { name: 'close', fields: [] },
  { name: 'settimeout', fields: ['seconds'] },
  { name: 'setblocking', fields: ['flag'] },
  { name: 'getsockname', fields: [] },
  { name: 'getpeername', fields: [] },
  { name: 'fileno', fields: [] },
  { name: 'getsockopt', fields: ['level', 'option'] },
  { name: 'setsockopt', fields: ['level', 'option', 'value'] },
  { name: 'gettimeout', fields: [] },
  { name: 'getblocking', fields: [] },
];

export interface FieldValues {
  host: string;
  port: string;
  path: string;
  data: string;
  format: DataFormat;
  encoding: Encoding;
  bufsize: string;
  backlog: string;
  how: 'SHUT_RD' | 'SHUT_WR' | 'SHUT_RDWR';
  seconds: string;
  flag: 'True' | 'False';
  level: 'SOL_SOCKET' | 'IPPROTO_TCP';
  option: string;
  value: string;
}

/** Parses an address as Python prints it: ('127.0.0.1', 5000), ('::1', 5000, 0, 0) or '/path'. */
export function parseAddress(text: string | null): { host: string; port: string; path: string } | null {
  if (!text) return null;
  const m = /^\('([^']*)', (\d+)/.exec(text);
  if (m) return { host: m[1], port: m[2], path: '' };
  const p = /^'(.*)'$/.exec(text);
  if (p) return { host: '', port: '', path: p[1] };
  return null;
}

/** Defaults for a socket: loopback and port 5000, or the address of a listener of the same family to connect to. */
export function defaultValues(method: string, s: SocketInfo, all: SocketInfo[]): FieldValues {
  const v6 = s.family.includes('INET6');
  const unix = s.family.includes('UNIX');
  let host = v6 ? '::1' : '127.0.0.1';
  let port = '5000';
  let path = '/tmp/playground.sock';
  if (method === 'connect' || method === 'connect_ex' || method === 'sendto') {
    const wantStream = method !== 'sendto';
    const target = all.find(
      (o) => o.id !== s.id && !o.closed && o.family === s.family && o.kind.includes('STREAM') === wantStream && (wantStream ? o.state === 'listening' : o.laddr !== null),
    );
    const a = parseAddress(target?.laddr ?? null);
    if (a) ({ host, port, path } = unix ? { host, port, path: a.path } : { host: a.host === '0.0.0.0' ? '127.0.0.1' : a.host, port: a.port, path });
  }
  return {
    host,
    port,
    path,
    data: 'hello\n',
    format: 'text',
    encoding: 'utf-8',
    bufsize: '1024',
    backlog: '5',
    how: 'SHUT_WR',
    seconds: '5',
    flag: 'False',
    level: 'SOL_SOCKET',
    option: 'SO_REUSEADDR',
    value: '1',
  };
}

/** The name a panel uses for a socket in statements (its first console name). */
export function socketName(s: SocketInfo): string | null {
  return s.names[0] ?? null;
}

/** The statement one call is, e.g. `conn, addr = srv.accept()` or `c.send(b'hello\n')`. */
export function methodStatement(method: string, s: SocketInfo, v: FieldValues, takenNames: Iterable<string>): Built {
  const name = socketName(s);
  if (!name) return { ok: false, error: { key: 'err.noName' } };
  const family = s.family.replace(/^AddressFamily\./, '');
  const args: string[] = [];
  const push = (b: Built): Built | null => {
    if (!b.ok) return b;
    args.push(b.code);
    return null;
  };
  const spec = METHOD_SPECS.find((m) => m.name === method);
  for (const f of spec?.fields ?? []) {
    let bad: Built | null = null;
    if (f === 'address') bad = push(addressExpression(family, v.host, v.port, v.path));
    else if (f === 'data') bad = push(dataExpression(v.data, v.format, v.encoding));
    else if (f === 'bufsize') bad = push(numberExpression(v.bufsize));
    else if (f === 'backlog') {
      if (v.backlog.trim() !== '') bad = push(numberExpression(v.backlog));
    } else if (f === 'how') args.push(`socket.${v.how}`);
    else if (f === 'seconds') bad = v.seconds.trim() === '' ? push({ ok: true, code: 'None' }) : push(numberExpression(v.seconds, true));
    else if (f === 'flag') args.push(v.flag);
    else if (f === 'level') args.push(`socket.${v.level}`);
    else if (f === 'option') args.push(`socket.${v.option}`);
    else if (f === 'value') bad = push(numberExpression(v.value));
    if (bad) return bad;
  }
  const call = `${name}.${method}(${args.join(', ')})`;
  if (method === 'accept') {
    const taken = [...takenNames];
    const conn = freshName('conn', taken);
    const addr = freshName('addr', [...taken, conn]);
    return { ok: true, code: `${conn}, ${addr} = ${call}` };
  }
  return { ok: true, code: call };
}

export const SOCKOPTS: Record<FieldValues['level'], string[]> = {
  SOL_SOCKET: ['SO_REUSEADDR', 'SO_REUSEPORT', 'SO_BROADCAST', 'SO_KEEPALIVE', 'SO_RCVBUF', 'SO_SNDBUF', 'SO_TYPE', 'SO_ERROR'],
  IPPROTO_TCP: ['TCP_NODELAY'],
};
