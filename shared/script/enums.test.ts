import { describe, expect, it } from 'vitest';
import { Interpreter } from './interpreter';
import { parseProgram } from './parser';
import { PyEnumClass, PyIntEnum, PyModule, type PyValue } from './values';

function fakeSocket(): PyModule {
  const family = new PyEnumClass('AddressFamily');
  const attrs = new Map<string, PyValue>([['AddressFamily', family]]);
  for (const [name, v] of [['AF_UNIX', 1n], ['AF_INET', 2n], ['AF_INET6', 10n]] as const) attrs.set(name, new PyIntEnum('AddressFamily', name, v, family));
  return new PyModule('socket', attrs);
}

async function run(source: string) {
  const interp = new Interpreter({ modules: { socket: fakeSocket } });
  const out = [];
  for (const stmt of parseProgram(source).statements) out.push(await interp.execute(stmt, { signal: new AbortController().signal }));
  return out.map((o) => (o.ok ? o.value : `${o.error!.type}: ${o.error!.message}`));
}

describe('enum classes', () => {
  it('give their member for a value when called, and for a name when subscripted', async () => {
    expect(
      await run(
        "import socket\nsocket.AddressFamily(2) is socket.AF_INET\nsocket.AddressFamily(value=10.0)\nsocket.AddressFamily(True)\nsocket.AddressFamily('AF_INET')\nsocket.AddressFamily()\nsocket.AddressFamily['AF_UNIX']\nsocket.AddressFamily[2]\nsocket.AddressFamily[1:]\nsocket[0]\nint[0]",
      ),
    ).toEqual([
      'None',
      'True',
      '<AddressFamily.AF_INET6: 10>',
      '<AddressFamily.AF_UNIX: 1>',
      "ValueError: 'AF_INET' is not a valid AddressFamily",
      "TypeError: EnumType.__call__() missing 1 required positional argument: 'value'",
      '<AddressFamily.AF_UNIX: 1>',
      'KeyError: 2',
      "TypeError: unhashable type: 'slice'",
      "TypeError: 'module' object is not subscriptable",
      "TypeError: type 'int' is not subscriptable",
    ]);
  });
});
