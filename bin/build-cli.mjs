// Bundles the Node entry points (CLI, bench, browser mode) and the Electron
// main process and preload into dist/ with esbuild.
// Runs on `npm install` (prepare) and again from bin/socket-playground.cjs
// whenever a source file is newer than the bundle, so nothing is built by hand.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export const entryPoints = {
  cli: 'electron/cli/main.ts',
  bench: 'bench/main.ts',
  'bench-app': 'bench/app.ts',
  'bench-log': 'bench/log.ts',
  web: 'electron/web/main.ts',
  // The desktop app: Electron's main process and the window's sandboxed preload.
  main: 'electron/main.ts',
  preload: 'electron/preload.ts',
};

const result = await build({
  absWorkingDir: root,
  // Written below, each file whole: CLI runs started together (a conformance check)
  // may each rebuild, and none must load a bundle another is halfway through writing.
  write: false,
  entryPoints,
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['electron', 'unix-dgram', 'playwright-core'],
  logLevel: 'warning',
  // datagram.ts reads import.meta.url only where __filename is missing (ESM test runs).
  logOverride: { 'empty-import-meta': 'silent' },
});
for (const file of result.outputFiles) {
  fs.mkdirSync(path.dirname(file.path), { recursive: true });
  const partial = `${file.path}.${process.pid}.partial`;
  fs.writeFileSync(partial, file.contents);
  fs.renameSync(partial, file.path);
}
