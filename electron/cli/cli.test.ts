// The command line as users run it: `socket-playground run SCRIPT`, through the
// package's bin, with real sockets. Exit codes, both output formats, the step
// timeout, refusal before anything runs, and Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonlFile } from '../capture/jsonl';
import { followTcp } from '../capture/testing';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'socket-playground.cjs');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-cli-'));
  // Build once up front so that the runs below do not race to rebuild the bundle.
  spawnSync(process.execPath, [bin, '--version'], { cwd: root });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a script with --json and sends Ctrl-C once its fourth outcome is printed (the fifth statement blocks). */
async function interruptAfterFourth(p: string, ...extra: string[]) {
  const child = spawn(process.execPath, [bin, 'run', p, '--json', ...extra], { cwd: root });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d.toString();
    // The fourth outcome (listen) is printed: accept() is now blocked.
    if (out.split('\n').length === 5) child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out };
}

const records = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l));

describe('socket-playground', () => {
  it('prints help with --help and exits 0', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('socket-playground run SCRIPT [--json] [--step-timeout SECONDS]');
    expect(r.stdout).toContain('[--log FILE.jsonl] [--pcap FILE.pcapng]');
    expect(r.stdout).toMatch(/--log FILE +At the end of the run/);
    expect(r.stdout).toMatch(/--pcap FILE +At the end of the run/);
  });

  it('refuses unknown commands and options with exit 2', () => {
    expect(run('frobnicate').code).toBe(2);
    const r = run('run', 'x.py', '--bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --bogus');
  });

  it('runs a script and prints one JSON object per statement, in json.dumps layout', () => {
    const p = script(
      'ok.py',
      "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\nprint('bound', s.getsockname()[0])\ns.close()\n",
    );
    const r = run('run', p, '--json');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('{"line": 1, "source": "import socket", "ok": true, "value": "None", "stdout": ""}');
    expect(records(r.stdout)[3]).toEqual({ line: 4, source: "print('bound', s.getsockname()[0])", ok: true, value: 'None', stdout: 'bound 127.0.0.1\n' });
  });

  it('exits 1 when a statement raised, and goes on after it', () => {
    const p = script('raises.py', "import socket\nc = socket.socket()\nc.connect(('127.0.0.1', 1))\nc.close()\nc\n");
    const r = run('run', p, '--json');
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out[2]).toMatchObject({ ok: false, error: { type: 'ConnectionRefusedError', errno: 111, message: '[Errno 111] Connection refused' } });
    expect(out[4].value).toMatch(/^<socket\.socket \[closed\] fd=-1, family=2, type=1, proto=0>$/);
  });

  it('prints a REPL-like transcript without --json', () => {
    const p = script('text.py', "x = b'ab' * 2\nx\nlen(x) + 1\nundefined_name\n");
    const r = run('run', p);
    expect(r.stdout).toBe(">>> x = b'ab' * 2\n>>> x\nb'abab'\n>>> len(x) + 1\n5\n>>> undefined_name\nNameError: name 'undefined_name' is not defined\n");
  });

  it('refuses a script outside the subset before anything runs, with exit 2', () => {
    const p = script('loop.py', "import socket\ns = socket.socket()\nwhile True:\n    pass\n");
    const r = run('run', p, '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/loop\.py:3:1: SyntaxError: while loops are not supported in playground scripts/);
    const out = records(r.stdout);
    expect(out).toHaveLength(1); // nothing ran: only the refusal
    expect(out[0]).toMatchObject({ line: 3, ok: false, error: { type: 'SyntaxError' } });
  });

  it('says so when the script cannot be read', () => {
    const r = run('run', path.join(dir, 'missing.py'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read');
  });

  it('ends a statement past --step-timeout with StepTimeout and runs the next one', () => {
    const p = script('stuck.py', "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(1)\ns.accept()\n1 + 1\n");
    const started = Date.now();
    const r = run('run', p, '--json', '--step-timeout', '0.3');
    expect(Date.now() - started).toBeLessThan(10_000);
    const out = records(r.stdout);
    expect(out[4]).toMatchObject({ ok: false, error: { type: 'StepTimeout', errno: null, message: 'statement still running after 0.3s' } });
    expect(out[5]).toMatchObject({ ok: true, value: '2' });
    expect(r.code).toBe(1);
  });

  it('writes the traffic log (--log) and a capture (--pcap) at the end of the run', async () => {
    const p = script(
      'export.py',
      "import socket\nsrv = socket.socket()\nsrv.bind(('127.0.0.1', 0))\nsrv.listen(1)\nc = socket.create_connection(srv.getsockname())\nconn, addr = srv.accept()\nc.sendall(b'ping')\nconn.recv(100)\nconn.sendall(b'pong')\nc.recv(100)\n",
    );
    const log = path.join(dir, 'out.jsonl');
    const pcap = path.join(dir, 'out.pcapng');
    const r = run('run', p, '--json', '--log', log, `--pcap=${pcap}`);
    expect(r.code).toBe(0);
    expect(records(r.stdout)).toHaveLength(10);
    expect(r.stderr).toMatch(new RegExp(`wrote ${log.replace(/[.]/g, '\\.')}: traffic log, \\d+ events\n`));
    expect(r.stderr).toContain(`wrote ${pcap}: capture, `);
    expect(r.stderr).toContain('(1 TCP connection, 0 UDP datagrams)');
    const back = await readJsonlFile(log);
    expect(back.header.sockets.map((s) => s.names[0]).sort()).toEqual(['c', 'conn', 'srv']);
    expect(back.totals.bytesOut).toBe(8);
    const f = followTcp(pcap, 0);
    expect([f.bytes0.toString(), f.bytes1.toString()]).toEqual(['ping', 'pong']);
  });

  it('says in one line when --log or --pcap cannot be written, with exit 2, before running anything', () => {
    const p = script('never.py', "print('ran')\n");
    const r = run('run', p, '--log', path.join(dir, 'missing-dir', 'x.jsonl'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^socket-playground: cannot write --log file .*missing-dir\/x\.jsonl: ENOENT: no such file or directory[^\n]*\n$/);
    const q = run('run', p, '--pcap', dir);
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/^socket-playground: cannot write --pcap file .*: EISDIR[^\n]*\n$/);
    expect(run('run', p, '--log').stderr).toContain('--log needs a value');
  });

  it('turns Ctrl-C into KeyboardInterrupt for the blocked statement and ends the run', async () => {
    const p = script('blocked.py', "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(1)\ns.accept()\nprint('not reached')\n");
    const { code, out } = await interruptAfterFourth(p);
    expect(code).toBe(130);
    const rec = records(out);
    expect(rec).toHaveLength(5);
    expect(rec[4]).toMatchObject({ source: 's.accept()', ok: false, error: { type: 'KeyboardInterrupt', errno: null, message: '' } });
  });

  it('writes --log and --pcap after Ctrl-C too', async () => {
    const p = script('blocked2.py', "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(1)\ns.accept()\n");
    const log = path.join(dir, 'int.jsonl');
    const pcap = path.join(dir, 'int.pcapng');
    const { code } = await interruptAfterFourth(p, '--log', log, '--pcap', pcap);
    expect(code).toBe(130);
    const back = await readJsonlFile(log);
    const ends = back.all().filter((e) => e.kind === 'call' && e.phase === 'end');
    expect(ends[ends.length - 1]).toMatchObject({ method: 'accept', ok: false, error: { type: 'KeyboardInterrupt' } });
    expect(fs.readFileSync(pcap).subarray(0, 4).toString('hex')).toBe('0a0d0d0a');
  });
});
