// Real peers for tests: python3 programs (in the tutorial's style) and nc/socat,
// started as child processes and read line by line. Every peer is killed by
// stopAll(), which tests call in afterEach.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';

/** How long a test waits for a peer's next line before failing. */
const PEER_LINE_TIMEOUT_MS = 10_000;

export interface Peer {
  proc: ChildProcessWithoutNullStreams;
  /** Resolves with the next line the peer prints on stdout. */
  line(): Promise<string>;
  /** Resolves with the exit code once the peer exits. */
  exited: Promise<number | null>;
  stderr(): string;
}

const running = new Set<ChildProcessWithoutNullStreams>();

export function startPeer(cmd: string, args: string[]): Peer {
  const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(proc);
  const queue: string[] = [];
  const waiting: Array<(l: string) => void> = [];
  let err = '';
  proc.stderr.on('data', (d) => (err += d.toString()));
  readline.createInterface({ input: proc.stdout }).on('line', (l) => {
    const w = waiting.shift();
    if (w) w(l);
    else queue.push(l);
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => {
    running.delete(proc);
    resolve(code);
  }));
  return {
    proc,
    exited,
    stderr: () => err,
    line: () =>
      new Promise<string>((resolve, reject) => {
        const q = queue.shift();
        if (q !== undefined) return resolve(q);
        const timer = setTimeout(() => reject(new Error(`peer printed nothing in ${PEER_LINE_TIMEOUT_MS} ms; stderr: ${err}`)), PEER_LINE_TIMEOUT_MS);
        waiting.push((l) => {
          clearTimeout(timer);
          resolve(l);
        });
      }),
  };
}

/** A python3 program given as source text. */
export function startPython(source: string): Peer {
  return startPeer('python3', ['-u', '-c', source]);
}

export function stopAll(): void {
  for (const p of running) p.kill('SIGKILL');
  running.clear();
}
