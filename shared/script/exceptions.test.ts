import { describe, expect, it } from 'vitest';
import { EXCEPTIONS, SOCKET_EXCEPTIONS } from './exceptions';
import { Interpreter } from './interpreter';
import { parseProgram } from './parser';
import { PyClass, PyModule, type PyValue } from './values';

async function run(source: string, modules: Record<string, () => PyModule> = {}) {
  const interp = new Interpreter({ modules });
  const out = [];
  for (const stmt of parseProgram(source).statements) out.push(await interp.execute(stmt, { signal: new AbortController().signal }));
  return out.map((o) => (o.ok ? o.value : `${o.error!.type}: ${o.error!.message}`));
}

describe('built-in exception classes', () => {
  it('are the classes a module makes with new PyClass(name), so socket.error is OSError', async () => {
    expect(new PyClass('OSError')).toBe(EXCEPTIONS.OSError);
    expect(new PyClass('socket.gaierror')).toBe(SOCKET_EXCEPTIONS.gaierror);
    // A class with a constructor of its own is never replaced.
    expect(new PyClass('OSError', () => null)).not.toBe(EXCEPTIONS.OSError);
    const fake = () =>
      new PyModule(
        'socket',
        new Map<string, PyValue>([
          ['error', new PyClass('OSError')],
          ['timeout', new PyClass('TimeoutError')],
        ]),
      );
    expect(await run('import socket\nsocket.error is OSError\nsocket.timeout is TimeoutError\nsocket.timeout is OSError', { socket: fake })).toEqual([
      'None',
      'True',
      'True',
      'False',
    ]);
  });

  it('make exception objects with CPython reprs, str() and attributes', async () => {
    expect(
      await run("e = OSError(111, 'Connection refused')\ne\nstr(e)\ne.errno\ntype(e)\nstr(TimeoutError())\nValueError('a', 1)\nOSError(x=1)"),
    ).toEqual([
      "ConnectionRefusedError(111, 'Connection refused')",
      "ConnectionRefusedError(111, 'Connection refused')",
      "'[Errno 111] Connection refused'",
      '111',
      "<class 'ConnectionRefusedError'>",
      "''",
      "ValueError('a', 1)",
      'TypeError: OSError() takes no keyword arguments',
    ]);
  });

  it('have their hierarchy for issubclass(), isinstance() and __mro__', async () => {
    expect(
      await run('issubclass(TimeoutError, OSError)\nissubclass(OSError, TimeoutError)\nisinstance(OSError(), Exception)\nExceptionGroup.__mro__\nissubclass(5, int)'),
    ).toEqual([
      'True',
      'False',
      'True',
      "(<class 'ExceptionGroup'>, <class 'BaseExceptionGroup'>, <class 'Exception'>, <class 'BaseException'>, <class 'object'>)",
      'TypeError: issubclass() arg 1 must be a class',
    ]);
  });
});
