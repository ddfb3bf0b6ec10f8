// A playground server's configuration, as the command line and the Servers panel
// give it: socketserver's four server classes and the built-in handlers. Shared by
// the engine's servers (electron/servers/) and the Python program that does the
// same (program.ts). No Node or DOM here.

export const SERVER_KINDS = ['tcp', 'udp'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const HANDLER_NAMES = ['print', 'echo', 'upper', 'slow-hello', 'discard', 'daytime'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export type ServerClassName = 'TCPServer' | 'ThreadingTCPServer' | 'UDPServer' | 'ThreadingUDPServer';

/** What each handler does with a request (TCP) or a datagram (UDP). */
export const HANDLER_SUMMARIES: Record<HandlerName, string> = {
  print: "recv(1024) once and print it (the tutorial's)",
  echo: 'send back what comes, until the client closes',
  upper: 'each line back upper-cased (StreamRequestHandler)',
  'slow-hello': "recv(1024), wait DELAY seconds, reply b'hello'",
  discard: 'read everything, answer nothing',
  daytime: 'reply time.ctime() and close',
};

/** slow-hello's wait, as in the tutorial's time.sleep(3). */
export const DEFAULT_DELAY_S = 3;
/** Longest delay accepted: a day, far past any lesson, well inside a timer's range. */
export const MAX_DELAY_S = 86_400;
export const DEFAULT_HOST = '127.0.0.1';

// socketserver's own numbers, which the engine's servers and the Python program share.
/** What print, echo, slow-hello and discard pass to recv(). */
export const RECV_SIZE = 1024;
/** TCPServer.request_queue_size: listen()'s backlog. */
export const REQUEST_QUEUE_SIZE = 5;
/** UDPServer.max_packet_size: recvfrom()'s bufsize. */
export const MAX_PACKET_SIZE = 8192;
/** What StreamRequestHandler's rfile (a buffered reader, io.DEFAULT_BUFFER_SIZE) asks the socket for at a time. */
export const READ_BUFFER_SIZE = 8192;

export interface ServerConfig {
  kind: ServerKind;
  threading: boolean;
  handler: HandlerName;
  /** slow-hello's wait in seconds (the other handlers ignore it). */
  delay: number;
  host: string;
  port: number;
}

export function serverClassName(c: Pick<ServerConfig, 'kind' | 'threading'>): ServerClassName {
  return `${c.threading ? 'Threading' : ''}${c.kind === 'tcp' ? 'TCP' : 'UDP'}Server` as ServerClassName;
}

/** An IPv6 literal, which makes the server an AF_INET6 one (socketserver's address_family). */
export function isIpv6Host(host: string): boolean {
  return host.includes(':');
}

export function isHandlerName(s: string): s is HandlerName {
  return (HANDLER_NAMES as readonly string[]).includes(s);
}

/** HOST:PORT, [V6HOST]:PORT, or PORT alone (on DEFAULT_HOST); throws an Error that says what is wrong. */
export function parseBind(text: string): { host: string; port: number } {
  let host = DEFAULT_HOST;
  let portText = text;
  const v6 = /^\[([^\]]*)\]:(.*)$/.exec(text);
  if (v6) {
    host = v6[1];
    portText = v6[2];
  } else if (text.includes(':')) {
    const at = text.lastIndexOf(':');
    host = text.slice(0, at);
    portText = text.slice(at + 1);
    if (host.includes(':')) throw new Error(`write an IPv6 address in brackets: [${host}]:${portText}`);
  }
  if (host === '') throw new Error(`no host in '${text}'`);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new Error(`port must be a number from 0 to 65535, not '${portText}'`);
  return { host, port: Number(portText) };
}

/** A delay in seconds from text; throws an Error that says what is wrong. */
export function parseDelay(text: string): number {
  const d = Number(text);
  if (text.trim() === '' || !Number.isFinite(d) || d < 0 || d > MAX_DELAY_S) throw new Error(`delay must be a number of seconds from 0 to ${MAX_DELAY_S}, not '${text}'`);
  return d;
}

/** A whole configuration with the defaults filled in. */
export function serverConfig(c: Partial<ServerConfig> & Pick<ServerConfig, 'kind' | 'handler'>): ServerConfig {
  return { threading: false, delay: DEFAULT_DELAY_S, host: DEFAULT_HOST, port: 0, ...c };
}

export type ServerStatus = 'serving' | 'stopping' | 'stopped';

/** A running (or ended) server as the app and the command line show it. */
export interface ServerInfo {
  id: number;
  className: ServerClassName;
  config: ServerConfig;
  status: ServerStatus;
  /** server_address (getsockname() after bind) as Python prints it: ('127.0.0.1', 5000). */
  address: string | null;
  /** The engine id of the server's socket (the listening one, or the UDP one). */
  socket: number | null;
  /** Requests taken: connections accepted (TCP) or datagrams read (UDP). */
  requests: number;
  /** Requests whose handler is running now. */
  active: number;
}
