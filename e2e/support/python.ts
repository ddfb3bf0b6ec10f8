// python3 as the real peer on the other end of the sockets the UI drives.
import { spawn, type ChildProcess } from 'node:child_process';

/** A peer never outlives its test: it is killed after this long. */
const PEER_TIMEOUT_MS = 20_000;

export interface PythonPeer {
  /** Resolves with stdout once the script exits 0; rejects with stderr otherwise. */
  done: Promise<string>;
  /** Resolves when the script has printed a line matching `re`. */
  waitForLine(re: RegExp): Promise<string>;
  kill(): void;
}

export function runPython(source: string, args: string[] = []): PythonPeer {
  const child: ChildProcess = spawn('python3', ['-u', '-c', source, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => w.re.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), PEER_TIMEOUT_MS);
  const done = new Promise<string>((resolve, reject) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`python3 peer failed (${code ?? signal}):\n${err}${out}`));
    });
  });
  done.catch(() => {});
  return {
    done,
    waitForLine: (re) =>
      new Promise<string>((resolve, reject) => {
        const line = out.split('\n').find((l) => re.test(l));
        if (line !== undefined) return resolve(line);
        waiters.push({ re, resolve });
        done.then(() => reject(new Error(`python3 peer exited without printing ${re}:\n${out}`)), reject);
      }),
    kill: () => child.kill('SIGKILL'),
  };
}
