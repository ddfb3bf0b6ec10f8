// For the capture tests: running a script through a session, and reading a
// capture back with tshark (which the tests need: they fail, with a message
// saying so, where it is not installed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProgram } from '../../shared/script/parser';
import type { StepOutcome } from '../../shared/script/interpreter';
import { Session } from '../engine/session';
import { sessionNames, writeChunksToFile } from './export';
import { pcapngBlocks, type CaptureSummary } from './pcapng';
import type { LogSource } from './log-source';

/** Seconds one statement may run in these tests. */
const STEP_TIMEOUT_S = 5;
/** How long one tshark run may take. */
const TSHARK_TIMEOUT_MS = 30_000;

/** Runs each statement of `source` in `session`; every one must succeed unless `allowErrors`. */
export async function runScript(session: Session, source: string, opts: { allowErrors?: boolean } = {}): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const stmt of parseProgram(source).statements) {
    const o = await session.run(stmt, { stepTimeout: STEP_TIMEOUT_S });
    if (!o.ok && !opts.allowErrors) throw new Error(`line ${o.line}: ${o.source}: ${o.error?.type}: ${o.error?.message}`);
    outcomes.push(o);
  }
  return outcomes;
}

/** Waits (bounded) until `cond` holds, a loop turn at a time. */
export async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sp-capture-'));
}

/** Writes the log's capture to `file`; gives what went into it. */
export function writeCapture(log: LogSource, file: string, session?: Session): CaptureSummary {
  let summary: CaptureSummary | undefined;
  writeChunksToFile(file, pcapngBlocks(log, { names: session ? sessionNames(session) : undefined }, (s) => (summary = s)));
  return summary!;
}

/** Runs tshark; throws with a clear message when it is not installed or fails. */
export function tshark(...args: string[]): string {
  const r = spawnSync('tshark', args, { encoding: 'utf8', timeout: TSHARK_TIMEOUT_MS, maxBuffer: 512 * 1024 * 1024 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('tshark is not installed: the capture tests need it (apt-get install tshark; .ci/run installs it)');
  }
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The two directions of TCP stream `index`, as tshark's follow,tcp,raw gives them: node 0 (the first sender) and node 1. */
export function followTcp(file: string, index: number): { node0: string; node1: string; bytes0: Buffer; bytes1: Buffer } {
  const out = tshark('-r', file, '-q', '-z', `follow,tcp,raw,${index}`);
  const lines = out.split('\n');
  let node0 = '';
  let node1 = '';
  let hex0 = '';
  let hex1 = '';
  for (const l of lines) {
    if (l.startsWith('Node 0: ')) node0 = l.slice(8).trim();
    else if (l.startsWith('Node 1: ')) node1 = l.slice(8).trim();
    else if (/^\t[0-9a-f]+$/.test(l)) hex1 += l.trim();
    else if (/^[0-9a-f]+$/.test(l)) hex0 += l;
  }
  return { node0, node1, bytes0: Buffer.from(hex0, 'hex'), bytes1: Buffer.from(hex1, 'hex') };
}

/** Frames tshark flags as a TCP problem (lost, retransmitted, out of order, duplicate ACK...), as text. */
export function tcpProblems(file: string): string {
  return tshark('-r', file, '-Y', 'tcp.analysis.flags && !tcp.analysis.window_update').trim();
}

/** One line per frame with the fields asked for (tab-separated). */
export function fields(file: string, filter: string, ...names: string[]): string[][] {
  const args = ['-r', file, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=|'];
  if (filter) args.push('-Y', filter);
  for (const n of names) args.push('-e', n);
  const out = tshark(...args);
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** The comment field's name in this tshark: frame.comment since 3.6, pkt_comment before. */
export function commentField(): string {
  const fieldsList = tshark('-G', 'fields');
  return /\tframe\.comment\t/.test(fieldsList) ? 'frame.comment' : 'pkt_comment';
}
