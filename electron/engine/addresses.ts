// Socket addresses as the engine keeps them, name resolution with getaddrinfo's
// outcomes, and the tuples Python shows for them.
import dns from 'node:dns';
import net from 'node:net';
import os from 'node:os';
import { gaiError } from '../../shared/script/errno';
import { toPyException } from './errors';

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export type Family = typeof AF_UNIX | typeof AF_INET | typeof AF_INET6;

export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export type Kind = typeof SOCK_STREAM | typeof SOCK_DGRAM;

/** A resolved address. IPv6 carries flowinfo and scope id as Python's 4-tuples do. */
export type SockAddr =
  | { family: typeof AF_INET; host: string; port: number }
  | { family: typeof AF_INET6; host: string; port: number; flowinfo: number; scopeId: number }
  | { family: typeof AF_UNIX; path: string };

/** An address as the user gave it, before name resolution. */
export type AddrRequest =
  | { family: typeof AF_INET | typeof AF_INET6; host: string; port: number; flowinfo?: number; scopeId?: number }
  | { family: typeof AF_UNIX; path: string };

export function anyAddress(family: Family): SockAddr {
  if (family === AF_INET) return { family, host: '0.0.0.0', port: 0 };
  if (family === AF_INET6) return { family, host: '::', port: 0, flowinfo: 0, scopeId: 0 };
  return { family, path: '' };
}

/**
 * Where a connect() to this address goes: Linux's ip_route_connect() sends a
 * connection to the wildcard address to the loopback address, and the peer's
 * name is then 127.0.0.1 (or ::1).
 */
export function connectTarget(addr: SockAddr): SockAddr {
  if (addr.family === AF_INET && addr.host === '0.0.0.0') return { ...addr, host: '127.0.0.1' };
  if (addr.family === AF_INET6 && addr.host === '::') return { ...addr, host: '::1' };
  return addr;
}

/** The interfaces' names, for a scope written as a name ('fe80::1%lo'). */
function interfaceExists(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(os.networkInterfaces(), name);
}

/**
 * glibc's getaddrinfo() for an IPv6 literal with a scope ("addr%scope"): a number is
 * accepted for any address, an interface name only for link-local and multicast
 * link- or node-local ones. The scope itself is dropped: CPython takes the scope id
 * from the address tuple. Returns the address, or null when this is no such literal.
 */
function scopedLiteral(host: string): { address: string; valid: boolean } | null {
  const at = host.indexOf('%');
  if (at < 0) return null;
  const address = host.slice(0, at);
  const scope = host.slice(at + 1);
  if (net.isIPv6(address) === false) return null;
  if (/^\d+$/.test(scope) && Number(scope) <= 0xffffffff) return { address, valid: true };
  const first = address.toLowerCase();
  const linkLocal = /^fe[89ab][0-9a-f]?:/.test(first) || /^ff[0-9a-f][12]:/.test(first);
  return { address, valid: scope !== '' && linkLocal && interfaceExists(scope) };
}

/** getaddrinfo() for one family, as CPython's setipaddr() does it. */
export async function resolveHost(host: string, family: typeof AF_INET | typeof AF_INET6): Promise<string> {
  if (host === '') return family === AF_INET ? '0.0.0.0' : '::';
  if (host === '<broadcast>' && family === AF_INET) return '255.255.255.255';
  const scoped = scopedLiteral(host);
  if (scoped) {
    // The family is checked before the scope.
    if (family !== AF_INET6) throw gaiError('EAI_ADDRFAMILY');
    if (!scoped.valid) throw gaiError('EAI_NONAME');
    return scoped.address;
  }
  const literal = net.isIP(host);
  if (literal === 4) {
    if (family === AF_INET) return host;
    throw gaiError('EAI_ADDRFAMILY');
  }
  if (literal === 6) {
    if (family === AF_INET6) return host;
    throw gaiError('EAI_ADDRFAMILY');
  }
  try {
    const r = await dns.promises.lookup(host, { family: family === AF_INET ? 4 : 6, verbatim: true });
    return r.address;
  } catch (err) {
    throw toPyException(err);
  }
}

/** getaddrinfo(host, port, 0, SOCK_STREAM) in the system's order: what create_connection() tries. */
export async function resolveAll(host: string): Promise<Array<{ family: Family; address: string }>> {
  if (host === '') return [{ family: AF_INET, address: '127.0.0.1' }];
  try {
    const all = await dns.promises.lookup(host, { all: true, verbatim: true });
    return all.map((r) => ({ family: r.family === 6 ? AF_INET6 : AF_INET, address: r.address }));
  } catch (err) {
    throw toPyException(err);
  }
}

export async function resolve(req: AddrRequest): Promise<SockAddr> {
  if (req.family === AF_UNIX) return req;
  const host = await resolveHost(req.host, req.family);
  if (req.family === AF_INET) return { family: AF_INET, host, port: req.port };
  return { family: AF_INET6, host, port: req.port, flowinfo: req.flowinfo ?? 0, scopeId: req.scopeId ?? 0 };
}

/** An address from Node (net or dgram), in the socket's family. */
export function fromNode(family: Family, address: string | undefined, port: number | undefined): SockAddr {
  if (family === AF_UNIX) return { family, path: address ?? '' };
  if (family === AF_INET6) return { family, host: address ?? '::', port: port ?? 0, flowinfo: 0, scopeId: 0 };
  return { family: AF_INET, host: address ?? '0.0.0.0', port: port ?? 0 };
}

/** The connect target, for comparing with the addresses bound in the engine. */
export function sameEndpoint(bound: SockAddr, target: SockAddr): boolean {
  if (bound.family === AF_UNIX || target.family === AF_UNIX) {
    return bound.family === AF_UNIX && target.family === AF_UNIX && bound.path === target.path;
  }
  if (bound.port !== target.port) return false;
  const wildcard = bound.host === '0.0.0.0' || bound.host === '::';
  return wildcard || bound.host === target.host;
}

/** Python's text for an address: ('127.0.0.1', 5000), ('::1', 5000, 0, 0), or the path. */
export function formatAddr(a: SockAddr): string {
  if (a.family === AF_UNIX) return a.path;
  if (a.family === AF_INET) return `('${a.host}', ${a.port})`;
  return `('${a.host}', ${a.port}, ${a.flowinfo}, ${a.scopeId})`;
}
