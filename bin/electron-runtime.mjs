// Where the Electron runtime is. The `electron` package fetches its binary lazily
// (on first use); npm start lets it, the e2e suite only looks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Seconds a first launch may spend fetching the runtime (a ~100 MB download). */
const DOWNLOAD_TIMEOUT_S = 600;

/** The runtime's executable; fetched first when `download` is set; null where it cannot be had. */
export function electronBinary({ download = false } = {}) {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(dir, 'path.txt');
  const binary = () => {
    if (!fs.existsSync(pathFile)) return null;
    const file = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(file) ? file : null;
  };
  if (!binary() && download) {
    // Quietly, so that a failure reads as one sentence rather than a stack trace.
    console.log('Fetching the Electron runtime (first launch only)…');
    spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: DOWNLOAD_TIMEOUT_S * 1000 });
  }
  return binary();
}
