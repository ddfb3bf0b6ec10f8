#!/usr/bin/env node
// The package's `bin`. Rebuilds dist/cli.cjs when any TypeScript source is newer
// than it (a fresh clone, or an edit), then runs it: `npx socket-playground`
// always runs the current sources with no manual build step.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli.cjs');
const SOURCE_DIRS = ['electron', 'shared', 'bench'];

function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

let built = 0;
try {
  built = fs.statSync(bundle).mtimeMs;
} catch {
  built = 0;
}
const newest = Math.max(...SOURCE_DIRS.map((d) => newestSource(path.join(root, d))));
if (built === 0 || newest > built) {
  execFileSync(process.execPath, [path.join(root, 'bin', 'build-cli.mjs')], { stdio: 'inherit', cwd: root });
}
require(bundle);
