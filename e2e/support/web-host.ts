// Browser mode's host as the user starts it (`dist/web.cjs`), on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** How long the host may take to print its address (reading a big log file first included). */
const HOST_START_TIMEOUT_MS = 40_000;

export interface WebHost {
  /** The URL it printed, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Everything it wrote to stderr (an unexpected crash shows here). */
  stderr(): string;
  /** True while the process is alive. */
  running(): boolean;
  stop(): Promise<void>;
}

export async function startWebHost(extraArgs: string[] = []): Promise<WebHost> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['dist/web.cjs', '--no-open', '--port', '0', ...extraArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web host printed no address in ${HOST_START_TIMEOUT_MS} ms: ${out}${err}`)), HOST_START_TIMEOUT_MS);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Socket Playground: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited (${code}): ${err}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    stderr: () => err,
    running: () => !exited,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
