// IPv4/IPv6 packets with a TCP or UDP header, as raw IP (no link layer), with
// correct lengths and checksums: what a capture on the loopback interface holds.
import net from 'node:net';
import type { Endpoint } from './log-source';

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
const TCP_HEADER = 20;
const UDP_HEADER = 8;
const DEFAULT_TTL = 64;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

/** Largest TCP payload in one segment: 65,535 bytes of IPv4 packet less both headers. */
export const MAX_SEGMENT_PAYLOAD = 65495;
/** Window scale the synthesized handshakes announce: the 16-bit window then stands for ~1 GiB. */
export const WINDOW_SCALE = 14;
const WINDOW = 0xffff;

/** Addresses already turned into bytes: a capture repeats a few of them many times. */
const addressBytes = new Map<string, Uint8Array>();

function ipBytes(host: string): Uint8Array {
  let b = addressBytes.get(host);
  if (!b) {
    b = parseIp(host);
    if (addressBytes.size < 1024) addressBytes.set(host, b);
  }
  return b;
}

function parseIp(host: string): Uint8Array {
  if (net.isIPv4(host)) return Uint8Array.from(host.split('.').map(Number));
  // Expand :: and an embedded IPv4 tail, then write eight 16-bit groups.
  let text = host.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}

/** One's complement sum of 16-bit words, folded later. */
function sum16(buf: Uint8Array, start: number, end: number, acc = 0): number {
  let s = acc;
  let i = start;
  for (; i + 1 < end; i += 2) s += (buf[i] << 8) | buf[i + 1];
  if (i < end) s += buf[i] << 8;
  return s;
}

function fold(s: number): number {
  let x = s;
  while (x > 0xffff) x = (x & 0xffff) + Math.floor(x / 0x10000);
  return ~x & 0xffff;
}

export interface TcpFields {
  seq: number;
  ack: number;
  flags: number;
  /** SYN segments announce MSS and window scaling. */
  synOptions?: boolean;
}

/** An IP packet from `src` to `dst` carrying a transport header and `payload` (all copied into one buffer). */
function ipPacket(src: Endpoint, dst: Endpoint, proto: number, transport: Uint8Array, payload: Uint8Array): Uint8Array {
  const v6 = src.v6;
  const ipLen = v6 ? IPV6_HEADER : IPV4_HEADER;
  const l4Len = transport.length + payload.length;
  const pkt = new Uint8Array(ipLen + l4Len);
  const view = new DataView(pkt.buffer);
  const s = ipBytes(src.host);
  const d = ipBytes(dst.host);
  if (v6) {
    view.setUint32(0, 0x60000000);
    view.setUint16(4, l4Len);
    pkt[6] = proto;
    pkt[7] = DEFAULT_TTL;
    pkt.set(s, 8);
    pkt.set(d, 24);
  } else {
    pkt[0] = 0x45;
    view.setUint16(2, ipLen + l4Len);
    view.setUint16(6, 0x4000); // don't fragment
    pkt[8] = DEFAULT_TTL;
    pkt[9] = proto;
    pkt.set(s, 12);
    pkt.set(d, 16);
    view.setUint16(10, fold(sum16(pkt, 0, IPV4_HEADER)));
  }
  pkt.set(transport, ipLen);
  pkt.set(payload, ipLen + transport.length);
  // Pseudo-header: addresses, protocol, length; then header and payload.
  let acc = sum16(s, 0, s.length) + sum16(d, 0, d.length) + proto + l4Len;
  acc = sum16(pkt, ipLen, pkt.length, acc);
  const checksumAt = ipLen + (proto === IPPROTO_TCP ? 16 : 6);
  let c = fold(acc);
  if (proto === IPPROTO_UDP && c === 0) c = 0xffff;
  view.setUint16(checksumAt, c);
  return pkt;
}

export function tcpPacket(src: Endpoint, dst: Endpoint, f: TcpFields, payload: Uint8Array): Uint8Array {
  const options = f.synOptions ? [2, 4, MAX_SEGMENT_PAYLOAD >> 8, MAX_SEGMENT_PAYLOAD & 0xff, 1, 3, 3, WINDOW_SCALE] : [];
  const h = new Uint8Array(TCP_HEADER + options.length);
  const v = new DataView(h.buffer);
  v.setUint16(0, src.port);
  v.setUint16(2, dst.port);
  v.setUint32(4, f.seq >>> 0);
  v.setUint32(8, f.flags & TCP_ACK ? f.ack >>> 0 : 0);
  h[12] = (h.length / 4) << 4;
  h[13] = f.flags;
  v.setUint16(14, f.flags & TCP_RST ? 0 : WINDOW);
  h.set(options, TCP_HEADER);
  return ipPacket(src, dst, IPPROTO_TCP, h, payload);
}

export function udpPacket(src: Endpoint, dst: Endpoint, payload: Uint8Array): Uint8Array {
  const h = new Uint8Array(UDP_HEADER);
  const v = new DataView(h.buffer);
  v.setUint16(0, src.port);
  v.setUint16(2, dst.port);
  v.setUint16(4, UDP_HEADER + payload.length);
  return ipPacket(src, dst, IPPROTO_UDP, h, payload);
}
