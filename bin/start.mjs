// `npm start`: the desktop app where the Electron runtime is installed; elsewhere it
// says so in one sentence and starts browser mode instead (same UI, same engine).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The `electron` package exports the path of its runtime; it throws when the download is missing.
    const bin = require('electron');
    return typeof bin === 'string' ? bin : null;
  } catch {
    return null;
  }
}

const run = (cmd, args) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(-1));
  });

const electron = electronBinary();
let code = -1;
if (electron) code = await run(electron, [path.join(root, 'dist', 'main.cjs')]);
if (code === -1) {
  console.log('The Electron runtime is not installed on this machine, so Socket Playground starts in browser mode instead.');
  code = await run('npm', ['run', '--silent', 'web', '--', ...process.argv.slice(2)]);
}
process.exit(code);
