// The command line as users run it: `socket-playground run SCRIPT`, through the
// package's bin, with real sockets. Exit codes, both output formats, the step
// timeout, refusal before anything runs, and Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readJsonlFile } from '../capture/jsonl';
import { followTcp } from '../capture/testing';
import { stopAll } from '../engine/testing/peers';
import { pythonClient, until } from '../servers/testing';
import { pythonProgram } from '../../shared/servers/program';
import { serverConfig } from '../../shared/servers/config';

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

/** `serve ARGS` as a child: its output so far, the port it printed, its exit. */
function startServe(...args: string[]) {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { cwd: root });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d.toString()));
  child.stderr.on('data', (d) => (out.stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const port = async () => {
    await until(() => /serving on \('127\.0\.0\.1', \d+\)/.test(out.stdout) || child.exitCode !== null, 'the serving line', 20_000);
    const m = /serving on \('127\.0\.0\.1', (\d+)\)/.exec(out.stdout);
    if (!m) throw new Error(`serve printed no address: ${out.stdout}${out.stderr}`);
    return Number(m[1]);
  };
  const interrupt = async () => {
    child.kill('SIGINT');
    return exit;
  };
  return { child, out, port, interrupt, exit };
}

/** The printed traffic lines: [time, socket, kind, text]. */
function trafficLines(stdout: string): Array<[number, string, string, string]> {
  const rows: Array<[number, string, string, string]> = [];
  for (const l of stdout.split('\n')) {
    const m = /^ *(\d+\.\d{6})  (\S+) +(\S+) +(.*)$/.exec(l);
    if (m) rows.push([Number(m[1]), m[2], m[3], m[4]]);
  }
  return rows;
}

describe('socket-playground serve', () => {
  afterEach(() => stopAll());

  it('documents serve in --help', () => {
    const r = run('serve', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('socket-playground serve tcp|udp [--threading] --handler NAME [--delay S]');
    expect(r.stdout).toMatch(/--bind HOST:PORT +Where to listen \(default 127\.0\.0\.1:0/);
    for (const h of ['print', 'echo', 'upper', 'slow-hello', 'discard', 'daytime']) expect(r.stdout).toMatch(new RegExp(`^    ${h} +\\S`, 'm'));
  });

  it('refuses bad arguments in one line, with exit 2', () => {
    const cases: Array<[string[], string]> = [
      [[], 'needs tcp or udp'],
      [['sctp', '--handler', 'echo'], "takes tcp or udp, not 'sctp'"],
      [['tcp'], 'needs --handler NAME (print, echo, upper, slow-hello, discard, daytime)'],
      [['tcp', '--handler', 'reverse'], "unknown handler 'reverse'"],
      [['tcp', '--handler', 'echo', '--delay', '1'], '--delay goes with --handler slow-hello'],
      [['tcp', '--handler', 'slow-hello', '--delay', 'soon'], "delay must be a number of seconds from 0 to 86400, not 'soon'"],
      [['udp', '--handler', 'echo', '--bind', '127.0.0.1:http'], "port must be a number from 0 to 65535, not 'http'"],
      [['udp', '--handler', 'echo', '--bind'], '--bind needs a value'],
      [['tcp', '--handler', 'echo', '--fork'], 'unknown option --fork'],
    ];
    for (const [args, message] of cases) {
      const r = run('serve', ...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
      expect(r.stderr).toContain(`socket-playground serve: ${message}`);
    }
  });

  it('prints the equivalent Python program with --python', () => {
    const r = run('serve', 'tcp', '--threading', '--handler', 'slow-hello', '--delay', '1', '--bind', '127.0.0.1:12345', '--python');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(pythonProgram(serverConfig({ kind: 'tcp', threading: true, handler: 'slow-hello', delay: 1, port: 12345 })));
  });

  it('says in one line, with exit 1, when the address is in use', async () => {
    const first = startServe('tcp', '--handler', 'echo');
    const port = await first.port();
    const r = run('serve', 'tcp', '--handler', 'echo', '--bind', `127.0.0.1:${port}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`socket-playground: cannot serve on 127.0.0.1:${port}: OSError: [Errno 98] Address already in use\n`);
    expect(await first.interrupt()).toBe(130);
  });

  for (const threading of [false, true]) {
    const name = threading ? 'ThreadingTCPServer' : 'TCPServer';
    it(`${name}, slow-hello --delay 1, two concurrent python3 clients: ${threading ? 'about 1 s, both at once' : 'about 2 s, the second queued'}; Ctrl-C ends it with 130`, async () => {
      const s = startServe('tcp', ...(threading ? ['--threading'] : []), '--handler', 'slow-hello', '--delay', '1');
      const port = await s.port();
      expect(s.out.stdout).toContain(`${name} serving on ('127.0.0.1', ${port}) with the slow-hello handler`);
      const reports = await Promise.all([0, 1].map(() => pythonClient('tcp', '127.0.0.1', port, [{ send: 'hi' }, { readall: true }])));
      expect(reports.map((r) => r.replies)).toEqual([['hello'], ['hello']]);
      const span = Math.max(...reports.map((r) => r.end)) - Math.min(...reports.map((r) => r.start));
      if (threading) expect(span).toBeLessThan(1.8);
      else expect(span).toBeGreaterThanOrEqual(1.95);
      expect(span).toBeGreaterThanOrEqual(0.95);
      expect(span).toBeLessThan(3.5);
      await until(() => s.out.stdout.includes('conn2.close() -> None'), 'the second connection closed');
      const rows = trafficLines(s.out.stdout);
      const at = (socket: string, kind: string, text: string) => rows.find((r) => r[1] === socket && r[2] === kind && r[3].startsWith(text))?.[0] ?? NaN;
      // The traffic as it happened: the calls by socket name, the bytes with a preview.
      expect(rows.some((r) => r[1] === 'srv' && r[2] === 'call' && r[3] === 'srv.accept()')).toBe(true);
      expect(rows.some((r) => r[1] === 'conn1' && r[2] === 'data' && r[3] === "<- 2 bytes b'hi'")).toBe(true);
      expect(rows.some((r) => r[1] === 'conn2' && r[2] === 'data' && r[3] === "-> 5 bytes b'hello'")).toBe(true);
      expect(rows.some((r) => r[1] === 'conn1' && r[2] === 'print' && r[3] === "b'hi'")).toBe(true);
      if (threading) expect(at('conn2', 'state', 'accepted')).toBeLessThan(at('conn1', 'state', 'closed'));
      else {
        // The second waited in the accept queue until the first was closed.
        expect(at('conn2', 'state', 'queued')).toBeLessThan(at('conn1', 'state', 'closed'));
        expect(at('conn2', 'state', 'accepted')).toBeGreaterThan(at('conn1', 'state', 'closed'));
      }
      expect(await s.interrupt()).toBe(130);
      expect(s.out.stdout).toMatch(new RegExp(`\n${name} stopped after [\\d.]+ s: 2 connections, 4 bytes in, 10 bytes out, \\d+ events\n$`));
      expect(s.out.stderr).toBe('');
    });
  }

  it('UDPServer echo with two clients; Ctrl-C while idle', async () => {
    const s = startServe('udp', '--handler', 'echo', '--bind', '127.0.0.1:0');
    const port = await s.port();
    const steps = (who: string) => [{ sendto: `${who}1` }, { recvfrom: true as const }, { sendto: `${who}2` }, { recvfrom: true as const }];
    const [a, b] = await Promise.all([pythonClient('udp', '127.0.0.1', port, steps('a')), pythonClient('udp', '127.0.0.1', port, steps('b'))]);
    expect([a.replies, b.replies]).toEqual([['a1', 'a2'], ['b1', 'b2']]);
    await until(() => trafficLines(s.out.stdout).filter((r) => r[2] === 'return' && r[3].startsWith('srv.sendto(')).length === 4, 'four replies sent');
    expect(trafficLines(s.out.stdout).some((r) => r[1] === 'srv' && r[2] === 'data' && /^<- 2 bytes from \('127\.0\.0\.1', \d+\) b'a1'$/.test(r[3]))).toBe(true);
    expect(await s.interrupt()).toBe(130);
    expect(s.out.stdout).toMatch(/UDPServer stopped after [\d.]+ s: 4 datagrams, 8 bytes in, 8 bytes out, \d+ events\n$/);
  });

  it('Ctrl-C while a handler waits in recv(): the connection is shut down and closed', async () => {
    const s = startServe('tcp', '--handler', 'upper');
    const port = await s.port();
    const client = pythonClient('tcp', '127.0.0.1', port, [{ send: 'half a line' }, { readall: true }]);
    await until(() => s.out.stdout.includes("<- 11 bytes b'half a line'"), 'the bytes to arrive');
    expect(await s.interrupt()).toBe(130);
    expect((await client).replies).toEqual(['']);
    expect(s.out.stdout).toMatch(/conn1 +raise +conn1\.recv\(8192\) -> KeyboardInterrupt/);
    expect(s.out.stdout).toMatch(/conn1 +return +conn1\.close\(\) -> None/);
  });
});

