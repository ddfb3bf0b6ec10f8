import { describe, expect, it } from 'vitest';
import { Interpreter } from './interpreter';
import { parseProgram } from './parser';

async function run(source: string) {
  const interp = new Interpreter({ modules: {} });
  const out = [];
  for (const stmt of parseProgram(source).statements) out.push(await interp.execute(stmt, { signal: new AbortController().signal }));
  return out.map((o) => [o.ok ? o.value : `${o.error!.type}: ${o.error!.message}`, o.stdout]);
}

describe('the sys module', () => {
  it('sends print(file=sys.stdout) and sys.stdout.write() to the step output, sys.stderr nowhere', async () => {
    expect(
      await run("import sys\nprint('a', file=sys.stdout)\nprint('b', file=sys.stderr)\nsys.stdout.write('é!')\nsys.stderr.write('x')\nsys.stdout.write(b'x')\nprint(1, file=sys)\nsys.argv"),
    ).toEqual([
      ['None', ''],
      ['None', 'a\n'],
      ['None', ''],
      ['2', 'é!'],
      ['1', ''],
      ["TypeError: string argument expected, got 'bytes'", ''],
      ["AttributeError: module 'sys' has no attribute 'write'", ''],
      ['NotImplementedError: sys.argv is not available in playground scripts', ''],
    ]);
  });
});
