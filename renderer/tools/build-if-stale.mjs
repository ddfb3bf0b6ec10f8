// `npm run web` runs this first: builds the renderer (vite) when dist/renderer is
// missing or older than any of its sources, so the page served is never stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = path.join(root, 'dist/renderer/index.html');

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of fs.readdirSync(p)) {
    if (name === 'tools' || name === 'node_modules' || /\.test\.tsx?$/.test(name)) continue;
    t = Math.max(t, newest(path.join(p, name)));
  }
  return t;
}

const sources = ['renderer', 'shared/contract', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(root, p)).filter((p) => fs.existsSync(p));
const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
if (builtAt === 0 || sources.some((p) => newest(p) > builtAt)) {
  console.error('Building the user interface (npm run build:renderer)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', '--silent', 'build:renderer'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
