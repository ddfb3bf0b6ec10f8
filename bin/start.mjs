// `npm start`: the desktop app where the Electron runtime can be had (it is fetched
// on first launch, as the `electron` package does); elsewhere it says why in one
// sentence and starts browser mode instead (same UI, same engine).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-runtime.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** An Electron that exits with an error sooner than this did not start (no display, missing libraries). */
const STARTUP_FAILURE_MS = 15_000;

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(-1));
  });
}

async function main() {
  const args = process.argv.slice(2);
  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const electron = noDisplay ? null : electronBinary({ download: true });
  if (electron) {
    // The bundles (dist/main.cjs, preload.cjs) and the renderer are rebuilt when stale.
    for (const step of ['bin/build-cli.mjs', 'renderer/tools/build-if-stale.mjs']) {
      const status = await run(process.execPath, [path.join(root, step)]);
      if (status !== 0) process.exit(status);
    }
    const startedAt = Date.now();
    const code = await run(electron, [path.join(root, 'dist', 'main.cjs'), ...args]);
    if (code === 0 || Date.now() - startedAt > STARTUP_FAILURE_MS) process.exit(code);
    console.log('The Electron app could not start on this machine, so Socket Playground starts in browser mode instead.');
  } else if (noDisplay) {
    console.log('There is no display for the desktop window here, so Socket Playground starts in browser mode instead.');
  } else {
    console.log('The Electron runtime is not installed and could not be fetched, so Socket Playground starts in browser mode instead.');
  }
  process.exit(await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'web', '--', ...args]));
}

await main();
