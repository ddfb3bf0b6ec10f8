import { describe, expect, it, vi } from 'vitest';
import { Interpreter, type StepOutcome } from './interpreter';
import { parseProgram } from './parser';
import { PyClass, PyException, PyFunction, PyIntEnum, PyModule, PyObject, tuple, type CallContext, type Kwargs, type PyValue } from './values';

class FakeSocket extends PyObject {
  readonly typeName = 'socket';
  closed = false;
  constructor(readonly fd: number) {
    super();
  }
  repr(): string {
    return `<socket.socket fd=${this.fd}${this.closed ? ' [closed]' : ''}>`;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === 'close') {
      return new PyFunction('close', () => {
        this.closed = true;
        return null;
      });
    }
    if (name === 'fileno') return new PyFunction('fileno', () => BigInt(this.fd));
    return undefined;
  }
}

/** What a fake native call sees, for assertions. */
interface Recorded {
  args: PyValue[];
  kwargs: [string, PyValue][];
}

/** A small `socket`-like module: an IntEnum, a class, sync, async, blocking and failing functions. */
function fakeModule(calls: Recorded[]): PyModule {
  let fd = 3;
  const record = (args: PyValue[], kwargs: Kwargs) => calls.push({ args, kwargs: [...kwargs] });
  return new PyModule(
    'fake',
    new Map<string, PyValue>([
      ['AF_INET', new PyIntEnum('AddressFamily', 'AF_INET', 2n)],
      ['socket', new PyClass('fake.socket', () => new FakeSocket(fd++))],
      ['echo', new PyFunction('echo', (args, kwargs) => (record(args, kwargs), tuple(...args)))],
      [
        'later',
        new PyFunction('later', async (args) => {
          await new Promise((r) => setTimeout(r, 5));
          return args[0] ?? null;
        }),
      ],
      [
        // Honours the signal as the engine's blocking calls do.
        'block',
        new PyFunction('block', (_a, _k, ctx: CallContext) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)))),
      ],
      // Ignores the signal: the interpreter must still end the step.
      ['hang', new PyFunction('hang', () => new Promise<PyValue>(() => undefined))],
      ['refused', new PyFunction('refused', async () => Promise.reject(new PyException('ConnectionRefusedError', '[Errno 111] Connection refused', 111)))],
      [
        'bug',
        new PyFunction('bug', () => {
          throw new RangeError('engine bug');
        }),
      ],
      [
        'say',
        new PyFunction('say', (args, _k, ctx) => {
          ctx.stdout(`said ${String(args.length)}\n`);
          return null;
        }),
      ],
      ['_private', 1n],
      ['__file__', '/usr/lib/python3.11/fake.py'],
    ]),
  );
}

interface Harness {
  interp: Interpreter;
  calls: Recorded[];
  factory: ReturnType<typeof vi.fn>;
  run(source: string, signal?: AbortSignal): Promise<StepOutcome[]>;
}

function harness(): Harness {
  const calls: Recorded[] = [];
  const factory = vi.fn(() => fakeModule(calls));
  const interp = new Interpreter({ modules: { fake: factory } });
  return {
    interp,
    calls,
    factory,
    async run(source, signal = new AbortController().signal) {
      const out: StepOutcome[] = [];
      for (const stmt of parseProgram(source).statements) out.push(await interp.execute(stmt, { signal }));
      return out;
    },
  };
}

const summary = (o: StepOutcome) => (o.ok ? o.value : `${o.error!.type}: ${o.error!.message}`);

describe('steps and outcomes', () => {
  it('produces the spec’s outcome records', async () => {
    const h = harness();
    const outcomes = await h.run("import fake\nx = fake.echo(1, 'a')\nprint(x)\nx[5]\npass");
    expect(outcomes).toEqual([
      { line: 1, source: 'import fake', ok: true, value: 'None', stdout: '' },
      { line: 2, source: "x = fake.echo(1, 'a')", ok: true, value: "(1, 'a')", stdout: '' },
      { line: 3, source: 'print(x)', ok: true, value: 'None', stdout: "(1, 'a')\n" },
      { line: 4, source: 'x[5]', ok: false, error: { type: 'IndexError', errno: null, message: 'tuple index out of range' }, stdout: '' },
      { line: 5, source: 'pass', ok: true, value: 'None', stdout: '' },
    ]);
  });

  it('keeps going after a failing step, leaving its names unbound', async () => {
    const h = harness();
    const out = await h.run('a, b = 1\na\nc = 3\nc');
    expect(out.map(summary)).toEqual(['TypeError: cannot unpack non-iterable int object', "NameError: name 'a' is not defined", '3', '3']);
    expect(h.interp.globals.has('a')).toBe(false);
  });

  it('keeps what a step printed before it raised', async () => {
    const h = harness();
    const [o] = await h.run("(print('partial'), missing)");
    expect(o).toMatchObject({ ok: false, stdout: 'partial\n', error: { type: 'NameError' } });
  });

  it('passes positional and keyword arguments in order', async () => {
    const h = harness();
    await h.run("from fake import echo\necho(1, b'x', flags=0, timeout=None)");
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0].args).toHaveLength(2);
    expect(h.calls[0].kwargs).toEqual([
      ['flags', 0n],
      ['timeout', null],
    ]);
  });

  it('lets native code write to the step’s stdout', async () => {
    const h = harness();
    const [, o] = await h.run('import fake\nfake.say(1, 2)');
    expect(o.stdout).toBe('said 2\n');
  });
});

describe('imports', () => {
  it('creates a module once and binds it under its name or alias', async () => {
    const h = harness();
    const out = await h.run('import fake\nimport fake as f\nf is fake\nfake');
    expect(out.map(summary)).toEqual(['None', 'None', 'True', "<module 'fake' (built-in)>"]);
    expect(h.factory).toHaveBeenCalledTimes(1);
  });

  it('imports nothing until the script does', async () => {
    const h = harness();
    const out = await h.run('fake\nAF_INET');
    expect(out.map(summary)).toEqual(["NameError: name 'fake' is not defined", "NameError: name 'AF_INET' is not defined"]);
    expect(h.factory).not.toHaveBeenCalled();
  });

  it('binds public names for `from m import *`', async () => {
    const h = harness();
    await h.run('from fake import *');
    expect(h.interp.globals.has('AF_INET')).toBe(true);
    expect(h.interp.globals.has('echo')).toBe(true);
    expect(h.interp.globals.has('_private')).toBe(false);
    expect(h.interp.globals.has('__file__')).toBe(false);
  });

  it('raises ImportError and ModuleNotFoundError in CPython’s words', async () => {
    const h = harness();
    const out = await h.run('from fake import echo, nope\necho\nnope\nimport socket\nimport fake.sub\nfrom time import nope');
    expect(out.map(summary)).toEqual([
      "ImportError: cannot import name 'nope' from 'fake' (/usr/lib/python3.11/fake.py)",
      '<built-in function echo>',
      "NameError: name 'nope' is not defined",
      "ModuleNotFoundError: No module named 'socket'",
      "ModuleNotFoundError: No module named 'fake.sub'; 'fake' is not a package",
      "ImportError: cannot import name 'nope' from 'time' (unknown location)",
    ]);
  });

  it('provides time by default and lets the caller replace it', async () => {
    const own = new PyModule('time', new Map([['sleep', new PyFunction('sleep', () => 'mine')]]));
    const interp = new Interpreter({ modules: { time: () => own } });
    const stmts = parseProgram('import time\ntime.sleep(5)').statements;
    const signal = new AbortController().signal;
    await interp.execute(stmts[0], { signal });
    expect((await interp.execute(stmts[1], { signal })).value).toBe("'mine'");
  });
});

describe('objects from modules', () => {
  it('constructs, calls methods and reprs objects', async () => {
    const h = harness();
    const out = await h.run('from fake import socket\ns = socket()\ns.fileno()\ns.close()\ns\ns.nope\nsocket.nope\nlen(s)\ns()\ns == s\na, b = s');
    expect(out.map(summary)).toEqual([
      'None',
      '<socket.socket fd=3>',
      '3',
      'None',
      '<socket.socket fd=3 [closed]>',
      "AttributeError: 'socket' object has no attribute 'nope'",
      "AttributeError: type object 'socket' has no attribute 'nope'",
      "TypeError: object of type 'socket' has no len()",
      "TypeError: 'socket' object is not callable",
      'True',
      'TypeError: cannot unpack non-iterable socket object',
    ]);
  });

  it('treats IntEnum members as ints (results are plain ints)', async () => {
    const h = harness();
    const out = await h.run(
      "from fake import AF_INET\nAF_INET\nstr(AF_INET)\nprint(AF_INET)\nAF_INET + 1\n-AF_INET\n'ab' * AF_INET\nb'xyz'[AF_INET]\n(1, 2, 3)[AF_INET:]\nAF_INET == 2.0\nint(AF_INET)\nhex(AF_INET)\nisinstance(AF_INET, int)\nbytes((AF_INET,))\nmax(AF_INET, 1)\nAF_INET.nope\nAF_INET()\nAF_INET < None",
    );
    expect(out.map(summary)).toEqual([
      'None',
      '<AddressFamily.AF_INET: 2>',
      "'2'",
      'None',
      '3',
      '-2',
      "'abab'",
      '122',
      '(3,)',
      'True',
      '2',
      "'0x2'",
      'True',
      "b'\\x02'",
      '<AddressFamily.AF_INET: 2>',
      "AttributeError: 'AddressFamily' object has no attribute 'nope'",
      "TypeError: 'AddressFamily' object is not callable",
      "TypeError: '<' not supported between instances of 'AddressFamily' and 'NoneType'",
    ]);
    expect(out[3].stdout).toBe('2\n');
  });
});

describe('asynchronous calls, interruption and failures', () => {
  it('awaits native promises', async () => {
    const h = harness();
    const out = await h.run("import fake\nfake.later('done')\n(fake.later(1), fake.later(2))");
    expect(out.map(summary)).toEqual(['None', "'done'", '(1, 2)']);
  });

  it('records an exception a native call rejects with, errno included', async () => {
    const h = harness();
    const [, o] = await h.run('import fake\nfake.refused()');
    expect(o.error).toEqual({ type: 'ConnectionRefusedError', errno: 111, message: '[Errno 111] Connection refused' });
  });

  it('turns a JavaScript error into SystemError instead of crashing', async () => {
    const h = harness();
    const [, o] = await h.run('import fake\nfake.bug()');
    expect(o).toMatchObject({ ok: false, error: { type: 'SystemError', errno: null, message: 'engine bug' } });
  });

  it('ends a blocked step with the abort reason', async () => {
    const h = harness();
    await h.run('import fake');
    const controller = new AbortController();
    const step = h.interp.execute(parseProgram('x = fake.block()').statements[0], { signal: controller.signal });
    setTimeout(() => controller.abort(new PyException('KeyboardInterrupt', '')), 10);
    const o = await step;
    expect(o).toEqual({ line: 1, source: 'x = fake.block()', ok: false, error: { type: 'KeyboardInterrupt', errno: null, message: '' }, stdout: '' });
    expect(h.interp.globals.has('x')).toBe(false);
  });

  it('ends the step even when native code ignores the signal', async () => {
    const h = harness();
    await h.run('import fake');
    const controller = new AbortController();
    const step = h.interp.execute(parseProgram('fake.hang()').statements[0], { signal: controller.signal });
    setTimeout(() => controller.abort(new PyException('StepTimeout', 'statement still running after 0.01s')), 10);
    expect((await step).error).toEqual({ type: 'StepTimeout', errno: null, message: 'statement still running after 0.01s' });
  });

  it('does not start a step whose signal is already aborted', async () => {
    const h = harness();
    const controller = new AbortController();
    controller.abort(new PyException('KeyboardInterrupt', ''));
    const [o] = await h.run("print('no')", controller.signal);
    expect(o).toMatchObject({ ok: false, stdout: '', error: { type: 'KeyboardInterrupt' } });
  });

  it('interrupts time.sleep and clears its timer', async () => {
    vi.useFakeTimers();
    try {
      const h = harness();
      await h.run('import time');
      const controller = new AbortController();
      const step = h.interp.execute(parseProgram('time.sleep(30)').statements[0], { signal: controller.signal });
      await vi.advanceTimersByTimeAsync(1000);
      expect(vi.getTimerCount()).toBe(1);
      controller.abort(new PyException('KeyboardInterrupt', ''));
      const o = await step;
      expect(o.error?.type).toBe('KeyboardInterrupt');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sleeps for the time asked', async () => {
    vi.useFakeTimers();
    try {
      const h = harness();
      await h.run('import time');
      let done = false;
      const step = h.interp.execute(parseProgram('time.sleep(2.5)').statements[0], { signal: new AbortController().signal }).then((o) => {
        done = true;
        return o;
      });
      await vi.advanceTimersByTimeAsync(2400);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(200);
      expect((await step).value).toBe('None');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('names', () => {
  it('lets globals shadow builtins', async () => {
    const h = harness();
    const out = await h.run("len = 5\nlen\nstr('x')");
    expect(out.map(summary)).toEqual(['5', '5', "'x'"]);
  });

  it('says when a CPython builtin is not available rather than NameError', async () => {
    const h = harness();
    const [o] = await h.run('range(3)');
    expect(summary(o)).toBe("NotImplementedError: the built-in 'range' is not available in playground scripts");
  });
});

describe('large scripts', () => {
  it('evaluates very long operator chains without exhausting the stack', async () => {
    const h = harness();
    const [sum, text] = await h.run(`x = ${Array(100000).fill('1').join(' + ')}\ny = ${Array(20000).fill("'ab'").join(' + ')}`);
    expect(sum.value).toBe('100000');
    expect(text.ok).toBe(true);
    expect(h.interp.globals.get('y')).toBe('ab'.repeat(20000));
  });

  it('evaluates deep but accepted nesting', async () => {
    const h = harness();
    const out = await h.run(`${'-'.repeat(999)}1\n${'abs('.repeat(199)}-1${')'.repeat(199)}`);
    expect(out.map(summary)).toEqual(['-1', '1']);
  });
});

