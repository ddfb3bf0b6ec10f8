// The traffic log as JSON lines, and back. The first line is a header (format,
// version, app, the wall-clock time of the log's time 0, retention and totals,
// and the sockets the log speaks of); then one event a line, as the engine made
// it, payloads in base64 (absent, with "dropped": true, where retention dropped
// them). Reading a file back gives an ImportedLog: read-only, with the query
// surface of the engine's EventLog (window, all, at, length, totals).
import fs from 'node:fs';
import readline from 'node:readline';
import { z } from 'zod';
import { LogTotals as LogTotalsSchema, WireEvent } from '../../shared/contract';
import { CLASS_CALL, CLASS_DATA, CLASS_STATE, DIR_IN, DIR_OUT, type EngineEvent, type LogTotals } from '../engine/events';
import { APP_NAME, APP_VERSION, SocketTable, walk, type LogSource, type SocketRecord } from './log-source';

export const LOG_FORMAT = 'socket-playground-log';
export const LOG_FORMAT_VERSION = 1;

const SocketRecordSchema = z.object({
  id: z.number().int(),
  family: z.string().nullable(),
  type: z.string().nullable(),
  names: z.array(z.string()),
  local: z.string().nullable(),
  remote: z.string().nullable(),
  listener: z.number().int().nullable(),
});

const HeaderSchema = z.object({
  format: z.literal(LOG_FORMAT),
  version: z.literal(LOG_FORMAT_VERSION),
  app: z.string(),
  appVersion: z.string(),
  /** Wall-clock time of the log's time 0: ms since the epoch, and the same as ISO 8601. */
  clockStartMs: z.number(),
  clockStart: z.string(),
  exportedAt: z.string(),
  /** The retention budget, and what it kept and dropped (totals). */
  retainPayloadBytes: z.number().int().min(0),
  totals: LogTotalsSchema,
  sockets: z.array(SocketRecordSchema),
});
export type LogHeader = z.infer<typeof HeaderSchema>;

export interface ExportOptions {
  /** Console names of the sockets (socket id to names), for the header and for comments. */
  names?: ReadonlyMap<number, readonly string[]>;
  /** When the export is made (ms since the epoch); now by default. */
  now?: number;
}

/** The console names of sockets, from a log imported with them. */
export function namesOf(log: LogSource): ReadonlyMap<number, readonly string[]> {
  const names = new Map<number, string[]>();
  if (log instanceof ImportedLog) for (const s of log.header.sockets) if (s.names.length) names.set(s.id, s.names);
  return names;
}

export function socketsOf(log: LogSource, names?: ReadonlyMap<number, readonly string[]>, count = log.length): SocketRecord[] {
  const table = new SocketTable(names ?? namesOf(log));
  for (const e of walk(log, count)) table.observe(e);
  return table.list();
}

export function makeHeader(log: LogSource, opts: ExportOptions = {}, count = log.length): LogHeader {
  return {
    format: LOG_FORMAT,
    version: LOG_FORMAT_VERSION,
    app: APP_NAME,
    appVersion: APP_VERSION,
    clockStartMs: log.clockStartMs,
    clockStart: new Date(log.clockStartMs).toISOString(),
    exportedAt: new Date(opts.now ?? Date.now()).toISOString(),
    retainPayloadBytes: log.retainPayloadBytes,
    totals: { ...log.totals },
    sockets: socketsOf(log, opts.names, count),
  };
}

function eventLine(e: EngineEvent): string {
  if (e.kind !== 'data' || !e.payload) return JSON.stringify(e);
  const p = e.payload;
  return JSON.stringify({ ...e, payload: Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('base64') });
}

/** The export, a line at a time (each ends with a newline): nothing holds the whole file. */
export function* jsonlLines(log: LogSource, opts: ExportOptions = {}): Generator<string> {
  // The totals as of now: events recorded while the export runs are not in it.
  const count = log.length;
  const header = makeHeader(log, opts, count);
  yield JSON.stringify(header) + '\n';
  for (const e of walk(log, count)) yield eventLine(e) + '\n';
}

/** A file that is not a log export, or a broken one: the message names the line. */
export class LogImportError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

function issue(error: z.ZodError): string {
  const first = error.issues[0];
  const where = first && first.path.length ? `${first.path.map(String).join('.')}: ` : '';
  return `${where}${first?.message ?? 'invalid'}`;
}

/** A log read back from an export: read-only, queried as the engine's log is. */
export class ImportedLog implements LogSource {
  readonly totals: LogTotals;
  readonly retainPayloadBytes: number;
  readonly clockStartMs: number;

  constructor(
    readonly header: LogHeader,
    private readonly events: readonly EngineEvent[],
  ) {
    this.totals = { ...header.totals };
    this.retainPayloadBytes = header.retainPayloadBytes;
    this.clockStartMs = header.clockStartMs;
  }

  get length(): number {
    return this.events.length;
  }

  /** Events with seq in [fromSeq, fromSeq + count). Sequence numbers start at 1. */
  window(fromSeq: number, count: number): EngineEvent[] {
    const start = Math.max(0, fromSeq - 1);
    return this.events.slice(start, Math.min(this.events.length, start + Math.max(0, count)));
  }

  all(): readonly EngineEvent[] {
    return this.events.slice();
  }

  at(i: number): EngineEvent {
    if (i < 0 || i >= this.events.length) throw new RangeError(`no event at index ${i}`);
    return this.events[i];
  }

  /** As EventLog.classify(): kind | direction << 2 | (socket + 1) << 4, for the log view's filters. */
  classify(i: number): number {
    const e = this.at(i);
    const cls = e.kind === 'call' ? CLASS_CALL : e.kind === 'state' ? CLASS_STATE : CLASS_DATA;
    const dir = e.kind === 'data' ? (e.direction === 'out' ? DIR_OUT : DIR_IN) : 0;
    return cls | (dir << 2) | ((e.socket ?? -1) + 1) << 4;
  }

  /** A read-only log records nothing more: listeners are never called. */
  subscribe(_listener: (e: EngineEvent) => void): () => void {
    return () => undefined;
  }
}

/** Reads an export line by line; finish() checks it is complete and gives the log. */
export class JsonlReader {
  private header: LogHeader | null = null;
  private readonly events: EngineEvent[] = [];
  private lineNo = 0;
  private readonly sums: LogTotals = { events: 0, bytesOut: 0, bytesIn: 0, retainedPayloadBytes: 0, droppedPayloadBytes: 0, droppedPayloadEvents: 0 };

  line(text: string): void {
    const n = ++this.lineNo;
    if (text.trim() === '') throw new LogImportError(n, 'empty line (an export has one JSON object on every line)');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new LogImportError(n, `not JSON (${(e as Error).message})`);
    }
    if (this.header === null) {
      const format = (value as { format?: unknown } | null)?.format;
      if (format !== LOG_FORMAT) throw new LogImportError(n, `not a Socket Playground log export (the first line must be a header with "format": "${LOG_FORMAT}")`);
      const version = (value as { version?: unknown }).version;
      if (version !== LOG_FORMAT_VERSION) throw new LogImportError(n, `log format version ${JSON.stringify(version)}: this app reads version ${LOG_FORMAT_VERSION}`);
      const h = HeaderSchema.safeParse(value);
      if (!h.success) throw new LogImportError(n, `bad header: ${issue(h.error)}`);
      this.header = h.data;
      return;
    }
    this.events.push(this.event(value, n));
  }

  private event(value: unknown, n: number): EngineEvent {
    const parsed = WireEvent.safeParse(value);
    if (!parsed.success) throw new LogImportError(n, `not a log event: ${issue(parsed.error)}`);
    const w = parsed.data;
    const expected = this.events.length + 1;
    if (w.seq !== expected) throw new LogImportError(n, `event seq ${w.seq} where ${expected} was expected (events must be complete and in order)`);
    const t = this.sums;
    t.events++;
    if (w.kind !== 'data') return w as EngineEvent;
    const { payload, payloadOmitted, ...rest } = w;
    if (payloadOmitted) throw new LogImportError(n, 'payloadOmitted has no place in an export: the payload must be there or marked dropped');
    if (w.direction === 'out') t.bytesOut += w.size;
    else t.bytesIn += w.size;
    if (payload === undefined) {
      if (!w.dropped) throw new LogImportError(n, 'a data event without its payload must say "dropped": true');
      t.droppedPayloadBytes += w.size;
      t.droppedPayloadEvents++;
      return rest as EngineEvent;
    }
    if (w.dropped) throw new LogImportError(n, 'a data event cannot both carry its payload and say it was dropped');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.length % 4 !== 0) throw new LogImportError(n, 'payload is not base64');
    const bytes = new Uint8Array(Buffer.from(payload, 'base64'));
    if (bytes.length !== w.size) throw new LogImportError(n, `payload has ${bytes.length} bytes where size says ${w.size}`);
    t.retainedPayloadBytes += w.size;
    // Key order as the engine makes data events: payload before seq and t.
    const { seq, t: time, ...fields } = rest;
    return { ...fields, payload: bytes, seq, t: time } as EngineEvent;
  }

  finish(): ImportedLog {
    const h = this.header;
    if (h === null) throw new LogImportError(Math.max(1, this.lineNo), 'the file is empty: no header');
    const got = this.sums;
    if (got.events !== h.totals.events) {
      throw new LogImportError(this.lineNo, `the file ends after ${got.events} events where the header says ${h.totals.events} (truncated?)`);
    }
    for (const k of Object.keys(got) as Array<keyof LogTotals>) {
      if (got[k] !== h.totals[k]) throw new LogImportError(1, `header totals say ${k} ${h.totals[k]}, the events add up to ${got[k]}`);
    }
    return new ImportedLog(h, this.events);
  }
}

/** Reads an export from text (the whole file). */
export function parseJsonl(text: string): ImportedLog {
  const r = new JsonlReader();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const l of lines) r.line(l);
  return r.finish();
}

/** Reads an export from a file, a line at a time. */
export async function readJsonlFile(file: string): Promise<ImportedLog> {
  const r = new JsonlReader();
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const l of lines) r.line(l);
  } finally {
    lines.close();
    input.destroy();
  }
  return r.finish();
}
