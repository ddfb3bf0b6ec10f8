// Runs a playground script on both sides of the differential test: under CPython with our
// reference runner (tests/reference/cpython_ref.py) and under the playground's CLI
// (`node bin/socket-playground.cjs run SCRIPT --json`).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root (tests/differential/ is two levels down). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REFERENCE_RUNNER = path.join(PROJECT_ROOT, 'tests', 'reference', 'cpython_ref.py');
export const PLAYGROUND_BIN = path.join(PROJECT_ROOT, 'bin', 'socket-playground.cjs');

/** The Python that gives the expected outcomes (CPython 3.11 per the spec); SP_PYTHON overrides. */
export const PYTHON = process.env.SP_PYTHON || 'python3';
/** Per-statement limit passed to both sides; no scenario needs more than half a second per step. */
export const STEP_TIMEOUT_SECONDS = Number(process.env.SP_DIFF_STEP_TIMEOUT || 3);
/** Hard limit for one side's whole run, after which its process is killed. */
export const RUN_TIMEOUT_MS = Number(process.env.SP_DIFF_RUN_TIMEOUT_MS || 60_000);

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit status, or null when the process was killed (see `timedOut`) or could not start. */
  status: number | null;
  timedOut: boolean;
  /** Set when the process could not be started at all. */
  spawnError?: string;
}

/** Runs a command to completion with a hard time limit, collecting its output. */
export function runProcess(command: string, args: string[], timeoutMs = RUN_TIMEOUT_MS): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PYTHONIOENCODING: 'utf-8', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const finish = (status: number | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        status: timedOut ? null : status,
        timedOut,
        ...(spawnError ? { spawnError } : {}),
      });
    };
    child.on('error', (e) => finish(null, e.message));
    child.on('close', (code) => finish(code));
  });
}

/**
 * Removes the Unix socket files a scenario may have left behind. Scenarios name their paths
 * /tmp/sp-conf-<scenario>-*.sock, so each one cleans only its own and scenarios can run in parallel
 * (and ../shared/conformance/check, which clears /tmp/sp-conf-* before each run, cleans them too).
 */
export function cleanUnixPaths(scenario: string): void {
  const prefix = `sp-conf-${scenario}-`;
  let names: string[];
  try {
    names = readdirSync('/tmp');
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix)) rmSync(path.join('/tmp', name), { force: true, recursive: true });
  }
}

export function runReference(script: string): Promise<RunResult> {
  return runProcess(PYTHON, [REFERENCE_RUNNER, script, '--step-timeout', String(STEP_TIMEOUT_SECONDS)]);
}

/**
 * SP_PLAYGROUND_CMD replaces the playground side with another command (split on spaces; the
 * script and the flags are appended), e.g. to check the harness itself against the reference.
 */
export const PLAYGROUND_OVERRIDE = process.env.SP_PLAYGROUND_CMD || '';

export function runPlayground(script: string): Promise<RunResult> {
  if (PLAYGROUND_OVERRIDE) {
    const [command, ...args] = PLAYGROUND_OVERRIDE.split(' ').filter(Boolean);
    return runProcess(command, [...args, script, '--json', '--step-timeout', String(STEP_TIMEOUT_SECONDS)]);
  }
  return runProcess(process.execPath, [
    PLAYGROUND_BIN,
    'run',
    script,
    '--json',
    '--step-timeout',
    String(STEP_TIMEOUT_SECONDS),
  ]);
}

/** The reference Python's version ("3.11.7"), or null when it cannot be run. */
export function pythonVersion(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return r.stdout.trim();
}

/** A counting semaphore: at most `limit` of the functions given to `run` are in flight at once. */
export class Pool {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/** Lists the playground scripts (*.py) of a folder of the project, sorted by name. */
export function listScripts(folder: string): string[] {
  const dir = path.join(PROJECT_ROOT, folder);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.py'))
    .sort()
    .map((n) => path.join(dir, n));
}
