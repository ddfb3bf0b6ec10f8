// `npm run web` as a user runs it: the bundled entry in a child process.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from './server';

/** Bounds the child's start-up: building and starting take well under a second here. */
const START_MS = 10_000;

let dir: string;
let entry: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-web-main-'));
  entry = path.join(dir, 'web.cjs');
  // Bundled as bin/build-cli.mjs bundles it, into a scratch folder (dist/ is left alone).
  await build({ entryPoints: [path.join(__dirname, 'main.ts')], outfile: entry, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
}, START_MS);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run web', () => {
  it('prints exactly one line with the URL, serves it, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [entry, '--no-open', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '' } });
    try {
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const deadline = Date.now() + START_MS;
      while (!out.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(out).toMatch(/^Socket Playground: http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}\n$/);
      const url = out.trim().slice('Socket Playground: '.length);
      // The token is swapped for a cookie and the browser sent to the clean URL (fetch keeps no cookies: done by hand).
      const swap = await fetch(url, { redirect: 'manual' });
      expect(swap.status).toBe(303);
      const cookie = swap.headers.get('set-cookie')!.split(';')[0];
      const page = await fetch(new URL(swap.headers.get('location')!, url), { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      const code = new Promise<number | null>((r) => child.once('exit', r));
      child.kill('SIGTERM');
      expect(await code).toBe(0);
      expect(out.split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, START_MS * 2);

  it('refuses a non-loopback host without --allow-remote, and bad options', () => {
    const remote = spawnSync(process.execPath, [entry, '--no-open', '--host', '0.0.0.0'], { encoding: 'utf8', timeout: START_MS });
    expect(remote.status).toBe(2);
    expect(remote.stderr).toContain('--allow-remote');
    expect(remote.stdout).toBe('');
    const bad = spawnSync(process.execPath, [entry, '--port', 'x'], { encoding: 'utf8', timeout: START_MS });
    expect(bad.status).toBe(2);
  });

  it('the server itself refuses a non-loopback host unless allowed', async () => {
    await expect(startWebServer({ host: '0.0.0.0', staticDir: dir })).rejects.toThrow(/allow-remote/);
  });
});
