// Builds what the targets run (the Node/Electron bundles and the renderer) when
// stale, and says once why the electron target is skipped where it is.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../bin/electron-runtime.mjs';

export default function globalSetup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const step of ['bin/build-cli.mjs', 'renderer/tools/build-if-stale.mjs']) {
    const r = spawnSync(process.execPath, [path.join(root, step)], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${step} failed (exit ${r.status})`);
  }
  if (electronBinary() === null) {
    console.log('electron target: skipped, the Electron runtime is not installed on this machine (run `npx install-electron` where it can be downloaded).');
  }
}
