// `npm run web`: browser mode. Starts the host on loopback, prints the one line
// with the launch URL, and opens the default browser when there is a display.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { namesOf, readJsonlFile } from '../capture/jsonl';
import { parseArgs } from 'node:util';
import { isLoopback, startWebServer } from './server';

const USAGE = 'usage: npm run web -- [--port N] [--host HOST [--allow-remote]] [--no-open] [--open-log FILE.jsonl]';

function openBrowser(url: string): void {
  const platform = process.platform;
  // Linux without a display (containers, SSH) has no browser to open: the printed URL is enough.
  if (platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const [cmd, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    // A missing opener is not an error: the URL is printed already.
    child.on('error', () => {});
    child.unref();
  } catch {
    // Same: never fail over the browser.
  }
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'allow-remote': { type: 'boolean', default: false },
        'no-open': { type: 'boolean', default: false },
        'open-log': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535\n${USAGE}`);
    process.exit(2);
  }
  const host = values.host;
  if (!isLoopback(host)) {
    if (!values['allow-remote']) {
      console.error(`${host} is not a loopback address: anyone who can reach it could drive real sockets on this machine. Pass --allow-remote to listen there anyway.`);
      process.exit(2);
    }
    console.error(`warning: listening on ${host}, reachable from other machines; only the token protects the session.`);
  }
  // An exported log to look at offline, read before anything listens (a bad file is a clear error, exit 2).
  let opened: Awaited<ReturnType<typeof readJsonlFile>> | null = null;
  const logFile = values['open-log'];
  if (logFile !== undefined) {
    try {
      opened = await readJsonlFile(logFile);
    } catch (e) {
      console.error(`cannot open ${logFile}: ${(e as Error).message}`);
      process.exit(2);
    }
  }
  // The bundle lives in dist/; the built renderer beside it in dist/renderer.
  const staticDir = path.join(__dirname, 'renderer');
  const server = await startWebServer({ port, host, allowRemote: values['allow-remote'], staticDir });
  if (opened && logFile !== undefined) server.adapter.viewLog(opened, path.basename(logFile), namesOf(opened));
  console.log(`Socket Playground: ${server.url}`);
  if (!values['no-open']) openBrowser(server.url);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`Socket Playground: ${(e as Error).message}`);
  process.exit(1);
});
