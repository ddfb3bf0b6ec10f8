// `npm run dist`: the installer for this platform (AppImage + deb on Linux, NSIS
// on Windows, dmg on macOS) with electron-builder. It needs the Electron runtime
// for this platform; where that cannot be had it says so in one sentence.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-runtime.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const node = (script, args = []) => spawnSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' }).status;

const binary = electronBinary({ download: true });
if (!binary) {
  console.error('Cannot build the installer here: the Electron runtime, which the installer packages, is not installed and could not be downloaded.');
  process.exit(1);
}
for (const step of ['bin/build-cli.mjs', 'renderer/tools/build-if-stale.mjs']) {
  const status = node(step);
  if (status !== 0) process.exit(status ?? 1);
}
// Package the runtime already in node_modules/electron/dist rather than downloading it again.
const electronDist = path.join(root, 'node_modules', 'electron', 'dist');
const status = node('node_modules/electron-builder/cli.js', ['--config', 'electron-builder.yml', '--publish', 'never', `-c.electronDist=${electronDist}`, ...process.argv.slice(2)]);
process.exit(status ?? 1);
