// `socket-playground serve`: one server in a session of its own, its traffic
// printed as it happens, until Ctrl-C; then a clean stop and a summary.
import { PyException } from '../../shared/script/values';
import type { ServerConfig } from '../../shared/servers/config';
import { Session } from '../engine/session';
import { PlaygroundServer } from './server';
import { outputLines, traceLine } from './trace';

export interface ServeIo {
  out(text: string): void;
  err(text: string): void;
}

export const SERVE_EXIT_INTERRUPTED = 130;
/** The server could not start (address in use, unknown host...) or ended by itself. */
export const SERVE_EXIT_FAILED = 1;

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** Serves until `stop` aborts (Ctrl-C); resolves with the exit status. */
export async function serve(config: ServerConfig, stop: AbortSignal, io: ServeIo): Promise<number> {
  const session = new Session();
  const log = session.engine.log;
  const nameOf = (socket: number | null) => (socket === null ? '-' : (session.engine.get(socket)?.owner?.name ?? `#${socket}`));
  let server: PlaygroundServer;
  try {
    server = await PlaygroundServer.start(session.sockets, config, 1, {
      onEvent: (e, owner) => io.out(traceLine(e, owner.name)),
      onOutput: (text, stream, socket) => io.out(outputLines(log.now(), nameOf(socket), stream, text)),
    });
  } catch (e) {
    const why = e instanceof PyException ? `${e.pyType}: ${e.pyMessage}` : String(e);
    io.err(`socket-playground: cannot serve on ${config.host}:${config.port}: ${why}\n`);
    session.dispose();
    return SERVE_EXIT_FAILED;
  }
  io.out(`${server.className} serving on ${server.info().address} with the ${config.handler} handler (Ctrl-C stops it)\n`);
  const interrupted = new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([interrupted, server.ended]);
  await server.stop();
  const info = server.info();
  const t = log.totals;
  io.out(
    `${server.className} stopped after ${(log.now() / 1e6).toFixed(1)} s: ${plural(info.requests, config.kind === 'tcp' ? 'connection' : 'datagram')}, ` +
      `${plural(t.bytesIn, 'byte')} in, ${plural(t.bytesOut, 'byte')} out, ${plural(log.length, 'event')}\n`,
  );
  session.dispose();
  return stop.aborted ? SERVE_EXIT_INTERRUPTED : SERVE_EXIT_FAILED;
}
