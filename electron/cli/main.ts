// `socket-playground`: the command line. `run SCRIPT` executes a playground
// script against real sockets, one statement at a time, and prints each outcome
// (see ../shared/spec/script-language.md, §3). `serve` runs one of socketserver's
// servers on the engine's sockets until Ctrl-C (electron/servers/).
import fs from 'node:fs';
import { parseProgram, ScriptSyntaxError } from '../../shared/script/parser';
import type { StepOutcome } from '../../shared/script/interpreter';
import { DEFAULT_STEP_TIMEOUT_S, Session, keyboardInterrupt } from '../engine/session';
import { sessionNames, writeChunksToFile } from '../capture/export';
import { jsonlLines } from '../capture/jsonl';
import { pcapngBlocks, type CaptureSummary } from '../capture/pcapng';
import { formatOutcomeJson, formatOutcomeText } from './format';
import { DEFAULT_DELAY_S, HANDLER_NAMES, HANDLER_SUMMARIES, SERVER_KINDS, isHandlerName, parseBind, parseDelay, serverConfig, type ServerConfig } from '../../shared/servers/config';
import { pythonProgram } from '../../shared/servers/program';
import { serve } from '../servers/serve';

const HELP = `Socket Playground: Python socket semantics on real sockets.

Usage:
  socket-playground run SCRIPT [--json] [--step-timeout SECONDS] [--retain-bytes N]
                         [--log FILE.jsonl] [--pcap FILE.pcapng]
  socket-playground serve tcp|udp [--threading] --handler NAME [--delay S]
                         [--bind HOST:PORT] [--python]
  socket-playground --help | --version

Commands:
  run SCRIPT   Run a playground script (a Python 3 file using the socket module)
               one statement at a time against real sockets, printing each
               statement's outcome as it ends.
  serve        Run a socketserver server (TCPServer, ThreadingTCPServer,
               UDPServer, ThreadingUDPServer) on the playground's sockets until
               Ctrl-C: prints the address it listens on, then every call, state
               change and chunk of bytes as it happens (time, socket, what, a
               short preview), and a summary at the end.

Options of run:
  --json                One JSON object per statement: line, source, ok,
                        value or error {type, errno, message}, stdout.
  --step-timeout S      End a statement still running after S seconds with
                        StepTimeout and go on (default ${DEFAULT_STEP_TIMEOUT_S}).
  --retain-bytes N      Payload bytes the traffic log keeps (default 64 MiB).
  --log FILE            At the end of the run (also after Ctrl-C), write the
                        whole traffic log as JSON lines: a header, then every
                        event with its payload in base64 (the app opens it).
  --pcap FILE           At the end of the run, write the traffic as a pcapng
                        capture for Wireshark/tshark: IPv4/IPv6 packets with
                        TCP or UDP headers synthesized from the log, a comment
                        on each naming the call that caused it. Unix sockets
                        are left out (counted on stderr); payloads the log did
                        not retain are written as zero bytes and marked.

Options of serve:
  tcp | udp             A stream server (TCPServer) or a datagram one (UDPServer).
  --threading           ThreadingTCPServer / ThreadingUDPServer: each request
                        is handled as a task of its own, so clients are served
                        at once. Without it one request at a time: the next
                        client waits in the accept queue.
  --handler NAME        What each request gets:
${HANDLER_NAMES.map((h) => `    ${h.padEnd(11)} ${HANDLER_SUMMARIES[h]}`).join('\n')}
  --delay S             slow-hello's wait in seconds (default ${DEFAULT_DELAY_S}).
  --bind HOST:PORT      Where to listen (default 127.0.0.1:0, a free port);
                        [::1]:PORT for IPv6.
  --python              Print the equivalent Python 3 program (handler class,
                        server class, serve_forever()) and exit.

  -h, --help            Show this help.
  --version             Show the version.

Exit status of run: 0 when every statement succeeded, 1 when any raised, 2 when
the script was refused (syntax, unsupported construct, unreadable file) or a
--log or --pcap file could not be written.
Ctrl-C interrupts the running statement with KeyboardInterrupt and ends the run.
Exit status of serve: 130 after Ctrl-C, 1 when the server could not start
(address in use...), 2 for bad arguments.
`;

const EXIT_OK = 0;
const EXIT_RAISED = 1;
const EXIT_REFUSED = 2;
const EXIT_INTERRUPTED = 130;

interface RunArgs {
  script: string;
  json: boolean;
  stepTimeout: number;
  retainBytes?: number;
  log?: string;
  pcap?: string;
}

class UsageError extends Error {}

function parseRunArgs(argv: string[]): RunArgs {
  let script: string | undefined;
  let json = false;
  let stepTimeout = DEFAULT_STEP_TIMEOUT_S;
  let retainBytes: number | undefined;
  let log: string | undefined;
  let pcap: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--step-timeout' || a.startsWith('--step-timeout=')) {
      stepTimeout = Number(value('--step-timeout'));
      if (!Number.isFinite(stepTimeout) || stepTimeout <= 0) throw new UsageError('--step-timeout must be a positive number of seconds');
    } else if (a === '--retain-bytes' || a.startsWith('--retain-bytes=')) {
      retainBytes = Number(value('--retain-bytes'));
      if (!Number.isInteger(retainBytes) || retainBytes < 0) throw new UsageError('--retain-bytes must be a whole number of bytes');
    } else if (a === '--log' || a.startsWith('--log=')) log = value('--log');
    else if (a === '--pcap' || a.startsWith('--pcap=')) pcap = value('--pcap');
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (script === undefined) script = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (script === undefined) throw new UsageError('run needs a SCRIPT');
  if (log !== undefined && log === pcap) throw new UsageError('--log and --pcap name the same file');
  return { script, json, stepTimeout, retainBytes, log, pcap };
}

interface ServeArgs {
  config: ServerConfig;
  python: boolean;
}

/** Runs `read`, turning the Error it throws into a usage error. */
function checked<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseServeArgs(argv: string[]): ServeArgs {
  let kind: ServerConfig['kind'] | undefined;
  let threading = false;
  let handler: string | undefined;
  let delay: number | undefined;
  let bind = { host: '127.0.0.1', port: 0 };
  let python = false;
  const rest = [...argv];
  while (rest.length) {
    const arg = rest.shift()!;
    // --name=value or --name value.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const given = eq < 0 ? undefined : arg.slice(eq + 1);
    const value = (): string => {
      const v = given ?? rest.shift();
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--threading':
        threading = true;
        break;
      case '--python':
        python = true;
        break;
      case '--handler':
        handler = value();
        break;
      case '--delay': {
        const text = value();
        delay = checked(() => parseDelay(text));
        break;
      }
      case '--bind': {
        const text = value();
        bind = checked(() => parseBind(text));
        break;
      }
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        if (kind !== undefined) throw new UsageError(`unexpected argument ${arg}`);
        if (!(SERVER_KINDS as readonly string[]).includes(arg)) throw new UsageError(`takes tcp or udp, not '${arg}'`);
        kind = arg as ServerConfig['kind'];
    }
  }
  if (kind === undefined) throw new UsageError('needs tcp or udp');
  if (handler === undefined) throw new UsageError(`needs --handler NAME (${HANDLER_NAMES.join(', ')})`);
  if (!isHandlerName(handler)) throw new UsageError(`unknown handler '${handler}' (${HANDLER_NAMES.join(', ')})`);
  if (delay !== undefined && handler !== 'slow-hello') throw new UsageError('--delay goes with --handler slow-hello');
  return { config: serverConfig({ kind, threading, handler, ...(delay !== undefined ? { delay } : {}), ...bind }), python };
}

async function serveCommand(args: ServeArgs): Promise<number> {
  if (args.python) {
    process.stdout.write(pythonProgram(args.config));
    return EXIT_OK;
  }
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.on('SIGINT', onSigint);
  try {
    return await serve(args.config, interrupt.signal, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The export files, checked before the run (so a bad path fails at once): created empty, filled at the end. */
function prepareExports(args: RunArgs): boolean {
  for (const [flag, file] of [['--log', args.log], ['--pcap', args.pcap]] as const) {
    if (file === undefined) continue;
    try {
      fs.closeSync(fs.openSync(file, 'w'));
    } catch (e) {
      process.stderr.write(`socket-playground: cannot write ${flag} file ${file}: ${(e as Error).message}\n`);
      return false;
    }
  }
  return true;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Writes --log and --pcap from the session's log; false (said on stderr) when a file cannot be written. */
function writeExports(args: RunArgs, session: Session): boolean {
  const log = session.engine.log;
  const names = sessionNames(session);
  let ok = true;
  const write = (flag: string, file: string, chunks: Iterable<string | Uint8Array>, says: () => string) => {
    try {
      writeChunksToFile(file, chunks);
      process.stderr.write(`socket-playground: wrote ${file}: ${says()}\n`);
    } catch (e) {
      process.stderr.write(`socket-playground: cannot write ${flag} file ${file}: ${(e as Error).message}\n`);
      ok = false;
    }
  };
  if (args.log !== undefined) {
    const t = log.totals;
    const dropped = t.droppedPayloadEvents ? `; ${plural(t.droppedPayloadEvents, 'payload')} (${t.droppedPayloadBytes} bytes) not retained, marked dropped` : '';
    write('--log', args.log, jsonlLines(log, { names }), () => `traffic log, ${plural(log.length, 'event')}${dropped}`);
  }
  if (args.pcap !== undefined) {
    let s: CaptureSummary | undefined;
    write('--pcap', args.pcap, pcapngBlocks(log, { names }, (summary) => (s = summary)), () => {
      const notes = [`${plural(s!.packets, 'packet')} (${plural(s!.tcpConnections, 'TCP connection')}, ${plural(s!.udpDatagrams, 'UDP datagram')})`];
      if (s!.unixSockets) notes.push(`${plural(s!.unixSockets, 'Unix socket')} left out (IP packets cannot carry them)`);
      if (s!.zeroFilledEvents) notes.push(`${plural(s!.zeroFilledEvents, 'payload')} not retained by the log, written as zero bytes`);
      if (s!.unplacedDataEvents) notes.push(`${plural(s!.unplacedDataEvents, 'data event')} on no known connection left out`);
      return `capture, ${notes.join('; ')}`;
    });
  }
  return ok;
}

async function run(args: RunArgs): Promise<number> {
  let source: string;
  try {
    source = fs.readFileSync(args.script, 'utf8');
  } catch (e) {
    process.stderr.write(`socket-playground: cannot read ${args.script}: ${(e as Error).message}\n`);
    return EXIT_REFUSED;
  }
  let program;
  try {
    program = parseProgram(source);
  } catch (e) {
    if (e instanceof ScriptSyntaxError) {
      process.stderr.write(`${args.script}:${e.line}:${e.col}: ${e.pyType}: ${e.message}\n`);
      if (args.json) {
        process.stdout.write(formatOutcomeJson({ line: e.line, source: '', ok: false, error: { type: e.pyType, errno: null, message: e.message }, stdout: '' }) + '\n');
      }
      return EXIT_REFUSED;
    }
    throw e;
  }
  if (!prepareExports(args)) return EXIT_REFUSED;
  const session = new Session({ retainPayloadBytes: args.retainBytes });
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort(keyboardInterrupt());
  process.on('SIGINT', onSigint);
  let failed = false;
  let code = EXIT_OK;
  try {
    for (const stmt of program.statements) {
      const outcome: StepOutcome = await session.run(stmt, { stepTimeout: args.stepTimeout, signal: interrupt.signal });
      process.stdout.write(args.json ? formatOutcomeJson(outcome) + '\n' : formatOutcomeText(outcome, stmt.node.kind === 'expr'));
      if (!outcome.ok) failed = true;
      if (interrupt.signal.aborted) {
        code = EXIT_INTERRUPTED;
        break;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
    session.dispose();
  }
  // After dispose: the sockets the script left open are closed, as at the end of a Python program.
  if (!writeExports(args, session)) return EXIT_REFUSED;
  if (code !== EXIT_OK) return code;
  return failed ? EXIT_RAISED : EXIT_OK;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? EXIT_REFUSED : EXIT_OK;
  }
  if (command === '--version') {
    process.stdout.write('socket-playground 0.1.0\n');
    return EXIT_OK;
  }
  try {
    if (command === 'run') {
      if (rest.includes('-h') || rest.includes('--help')) {
        process.stdout.write(HELP);
        return EXIT_OK;
      }
      return await run(parseRunArgs(rest));
    }
    if (command === 'serve') {
      if (rest.includes('-h') || rest.includes('--help')) {
        process.stdout.write(HELP);
        return EXIT_OK;
      }
      return await serveCommand(parseServeArgs(rest));
    }
    throw new UsageError(`unknown command '${command}'`);
  } catch (e) {
    if (e instanceof UsageError && command === 'serve') {
      // One line: what is wrong, and where to read more.
      process.stderr.write(`socket-playground serve: ${e.message} (see socket-playground serve --help)\n`);
      return EXIT_REFUSED;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`socket-playground: ${e.message}\nTry 'socket-playground --help'.\n`);
      return EXIT_REFUSED;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`socket-playground: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(EXIT_REFUSED + 1);
  },
);
