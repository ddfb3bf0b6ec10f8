import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseProgram, ScriptSyntaxError, type Expr, type Statement } from './parser';

/** The error parseProgram throws for `source` (fails the test if it parses). */
function refusal(source: string): ScriptSyntaxError {
  try {
    parseProgram(source);
  } catch (e) {
    if (e instanceof ScriptSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a ScriptSyntaxError for ${JSON.stringify(source)}`);
}

const only = (source: string): Statement => {
  const { statements } = parseProgram(source);
  expect(statements).toHaveLength(1);
  return statements[0];
};

const exprOf = (source: string): Expr => {
  const node = only(source).node;
  if (node.kind !== 'expr') throw new Error(`not an expression statement: ${source}`);
  return node.expr;
};

describe('accepted statements', () => {
  it('parses the spec examples', () => {
    const program = parseProgram(
      [
        'import socket',
        'import time',
        'from socket import *',
        'from socket import AF_INET, SOCK_STREAM',
        's = socket.socket()',
        'conn, addr = s.accept()',
        '(data, addr) = u.recvfrom(512)',
        'conn.recv(1024)',
        "data[:5]",
        "data[-2:]",
        "addr[1]",
        'pass',
      ].join('\n'),
    );
    expect(program.statements.map((s) => s.node.kind)).toEqual([
      'import', 'import', 'importFrom', 'importFrom', 'assign', 'assign', 'assign', 'expr', 'expr', 'expr', 'expr', 'pass',
    ]);
  });

  it('builds imports with aliases', () => {
    expect(only('import socket as so, time').node).toEqual({
      kind: 'import',
      names: [
        { name: 'socket', asName: 'so' },
        { name: 'time', asName: null },
      ],
    });
    expect(only('from socket import (AF_INET as A,\n  SOCK_STREAM,)').node).toEqual({
      kind: 'importFrom',
      module: 'socket',
      names: [
        { name: 'AF_INET', asName: 'A' },
        { name: 'SOCK_STREAM', asName: null },
      ],
    });
    expect(only('from socket import *').node).toEqual({ kind: 'importFrom', module: 'socket', names: '*' });
  });

  it('builds assignment targets, nested tuples included', () => {
    const node = only('a, (b, c) = x').node;
    expect(node.kind).toBe('assign');
    if (node.kind !== 'assign') return;
    expect(node.target).toMatchObject({
      kind: 'tuple',
      items: [
        { kind: 'name', id: 'a' },
        { kind: 'tuple', items: [{ kind: 'name', id: 'b' }, { kind: 'name', id: 'c' }] },
      ],
    });
    expect(node.value).toMatchObject({ kind: 'name', id: 'x' });
  });

  it('reads number literals', () => {
    const values = ['0x1F', '0o17', '0b101', '1_000', '00', '1.5', '1.', '.5', '1e3', '1_0.5e-1_0', '12345678901234567890123'].map(
      (src) => (exprOf(src) as { value: unknown }).value,
    );
    expect(values).toEqual([31n, 15n, 5n, 1000n, 0n, 1.5, 1, 0.5, 1000, 10.5e-10, 12345678901234567890123n]);
  });

  it('reads string and bytes literals with escapes, prefixes and concatenation', () => {
    const value = (src: string) => (exprOf(src) as { value: unknown }).value;
    expect(value("'a\\'b' \"c\\\"d\" 'e\\\\f'")).toBe('a\'bc"de\\f');
    expect(value("'\\n\\r\\t\\0\\x41\\101\\u00e9\\U0001F600\\a\\q'")).toBe('\n\r\t\0AAé😀\x07\\q');
    expect(value("r'\\n\\x'")).toBe('\\n\\x');
    expect(value("'''a\nb'''")).toBe('a\nb');
    expect(value("'a\\\nb'")).toBe('ab');
    expect(value("U'x'")).toBe('x');
    expect(Array.from(value("b'\\x00\\xff\\n' B'\\u' rb'\\x'") as Uint8Array)).toEqual([0, 255, 10, 0x5c, 0x75, 0x5c, 0x78]);
    expect(Array.from(value("b'\\777'") as Uint8Array)).toEqual([0xff]);
  });

  it('builds operators with Python precedence', () => {
    expect(exprOf('-a * b + c')).toMatchObject({
      kind: 'binary',
      op: '+',
      left: { kind: 'binary', op: '*', left: { kind: 'unary', op: '-' } },
      right: { kind: 'name', id: 'c' },
    });
    expect(exprOf('not a == b and c or d')).toMatchObject({
      kind: 'boolop',
      op: 'or',
      values: [{ kind: 'boolop', op: 'and', values: [{ kind: 'unary', op: 'not', operand: { kind: 'compare' } }, {}] }, {}],
    });
    expect(exprOf('a < b <= c is not None')).toMatchObject({ kind: 'compare', ops: ['<', '<=', 'is not'] });
  });

  it('builds calls, attributes, subscripts and slices', () => {
    expect(exprOf("s.sendto(b'x', ('h', 1), flags=0,)")).toMatchObject({
      kind: 'call',
      func: { kind: 'attribute', name: 'sendto', object: { kind: 'name', id: 's' } },
      args: [{ kind: 'bytes' }, { kind: 'tuple', items: [{ kind: 'const', value: 'h' }, { kind: 'const', value: 1n }] }],
      keywords: [{ name: 'flags', value: { kind: 'const', value: 0n } }],
    });
    expect(exprOf('d[1:-1:2]')).toMatchObject({ kind: 'subscript', index: { kind: 'slice', lower: { value: 1n }, upper: { kind: 'unary' }, step: { value: 2n } } });
    expect(exprOf('d[::]')).toMatchObject({ index: { kind: 'slice', lower: null, upper: null, step: null } });
    expect(exprOf('d[1, 2]')).toMatchObject({ index: { kind: 'tuple' } });
  });

  it('accepts the tuple forms', () => {
    expect(exprOf('()')).toMatchObject({ kind: 'tuple', items: [] });
    expect(exprOf('(1,)')).toMatchObject({ kind: 'tuple', items: [{ value: 1n }] });
    expect(exprOf('1, 2,')).toMatchObject({ kind: 'tuple', items: [{}, {}] });
    expect(exprOf('(1)')).toMatchObject({ kind: 'const', value: 1n });
  });
});

describe('statement positions and source text', () => {
  it('gives each statement its first and last line and exact text', () => {
    const src = "x = 1  # set x\r\n\r\n# comment only\n   \nprint(x,\n      'y')   # trailing\nz = '''a\nb'''\n";
    const { statements } = parseProgram(src);
    expect(statements.map(({ line, endLine, col, source }) => ({ line, endLine, col, source }))).toEqual([
      { line: 1, endLine: 1, col: 1, source: 'x = 1' },
      { line: 5, endLine: 6, col: 1, source: "print(x,\n      'y')" },
      { line: 7, endLine: 8, col: 1, source: "z = '''a\nb'''" },
    ]);
  });

  it('ignores a byte-order mark and blank or comment-only indented lines', () => {
    const { statements } = parseProgram('\ufeffx = 1\n    # indented comment\n\t\ny = 2');
    expect(statements.map((s) => s.source)).toEqual(['x = 1', 'y = 2']);
  });

  it('keeps comments inside a bracketed statement, as ast.get_source_segment does', () => {
    expect(only('t = (1,  # one\n     2)').source).toBe('t = (1,  # one\n     2)');
  });

  it('parses an empty script', () => {
    expect(parseProgram('').statements).toEqual([]);
    expect(parseProgram('\n# nothing\n').statements).toEqual([]);
  });
});

describe('constructs outside the subset are refused with their line and column', () => {
  const REFUSED: [string, number, number, string][] = [
    ['while x:\n    pass', 1, 1, 'while loops'],
    ['for i in y:\n    pass', 1, 1, 'for loops'],
    ['x = 1\nif x: y', 2, 1, 'if statements'],
    ['def f():\n    pass', 1, 1, 'function definitions'],
    ['class A:\n    pass', 1, 1, 'class definitions'],
    ['try:\n    pass\nexcept:\n    pass', 1, 1, 'try statements'],
    ["with open('f') as f:\n    pass", 1, 1, 'with statements'],
    ['del x', 1, 1, 'del statements'],
    ['global x', 1, 1, 'global declarations'],
    ['assert x', 1, 1, 'assert statements'],
    ['raise ValueError', 1, 1, 'raise statements'],
    ['@dec\ndef f(): pass', 1, 1, 'decorators'],
    ['match x:\n    case 1:\n        pass', 1, 1, 'match statements'],
    ['x = lambda: 1', 1, 5, 'lambda expressions'],
    ['x = [1, 2]', 1, 5, 'list literals'],
    ['x = [i for i in y]', 1, 5, 'list comprehensions'],
    ['x = {}', 1, 5, 'dict literals'],
    ['x = {1: 2}', 1, 5, 'dict literals'],
    ['x = {1, 2}', 1, 5, 'set literals'],
    ['x = {i for i in y}', 1, 5, 'dict and set comprehensions'],
    ['x = (i for i in y)', 1, 6, 'generator expressions'],
    ['f(i for i in y)', 1, 3, 'generator expressions'],
    ["x = f'a{b}'", 1, 5, 'f-strings'],
    ['x += 1', 1, 3, "augmented assignments ('+=')"],
    ['x = 1; y = 2', 1, 6, "multiple statements on one line (';')"],
    ['x = 1 + \\\n  2', 1, 9, 'backslash line continuations'],
    ['x: int = 1', 1, 1, 'variable annotations'],
    ['(x := 1)', 1, 4, "assignment expressions (':=')"],
    ['a, *b = c', 1, 4, 'starred expressions'],
    ['x = a if b else c', 1, 5, 'conditional expressions'],
    ['x = 1j', 1, 5, 'complex numbers'],
    ['a = b = 1', 1, 7, 'chained assignments'],
    ['a.b = 1', 1, 1, 'attribute assignments'],
    ['a[0] = 1', 1, 1, 'item assignments'],
    ['from . import x', 1, 6, 'relative imports'],
    ["x = '\\N{BULLET}'", 1, 5, '\\N{...} escapes'],
    ['x = a[1:2, 3]', 1, 7, 'extended slices'],
    ['s.recv(1024)[0:1:2]\nwhile 1: pass', 2, 1, 'while loops'],
  ];
  it.each(REFUSED)('%j', (source, line, col, what) => {
    const e = refusal(source);
    expect(e.message).toBe(`${what} are not supported in playground scripts`);
    expect([e.line, e.col]).toEqual([line, col]);
  });

  const REFUSED_SINGULAR: [string, number, number, string][] = [
    ['f(*args)', 1, 3, "argument unpacking ('*')"],
    ['f(**kw)', 1, 3, "keyword argument unpacking ('**')"],
    ...['/', '//', '%', '**', '@', '&', '|', '^', '<<', '>>'].map(
      (op): [string, number, number, string] => [`x = a ${op} b`, 1, 7, `the '${op}' operator`],
    ),
    ['x = ~1', 1, 5, "the '~' operator"],
    ['x = 1 in y', 1, 7, "the 'in' operator"],
    ['x = 1 not in y', 1, 7, "the 'not in' operator"],
    ['x = ...', 1, 5, "the Ellipsis literal ('...')"],
  ];
  it.each(REFUSED_SINGULAR)('%j', (source, line, col, what) => {
    const e = refusal(source);
    expect(e.message).toBe(`${what} is not supported in playground scripts`);
    expect([e.line, e.col]).toEqual([line, col]);
  });

  it('refuses nesting deep enough to exhaust the stack, as CPython’s compiler does', () => {
    const e = refusal(`x = ${'-'.repeat(1001)}1`);
    expect([e.pyType, e.message]).toEqual(['RecursionError', 'maximum recursion depth exceeded during compilation']);
    expect(() => parseProgram(`x = ${Array(100000).fill('1').join('+')}`)).not.toThrow();
  });

  it('refuses before anything runs: a later refusal fails the whole parse', () => {
    expect(() => parseProgram('import socket\ns = socket.socket()\nwhile True: pass')).toThrow(ScriptSyntaxError);
  });
});

/** Genuine syntax errors: our message, line and column must be CPython's. */
const GENUINE_ERRORS = [
  "x = 'abc", 'x = "abc', "x = '''abc\n\n", "x = (1,\n2", "x = (1]", "x = 1)", "x = ]", '  x = 1', '\tx = 1', 'x = 1\n  y = 2', 'x = 1abc',
  'x = 012', 'x = 09', 'x = 0x', 'x = 0xg', 'x = 1_', 'x = 1__0', 'x = 1e', 'x = 1e+', 'x = 1.real', 'x = 5.__class__', 'x = 0b102', 'x = 0o8',
  "x = b'caf\u00e9'", "x = '\\x4'", "x = b'\\x4'", "x = '\\x'", "x = '\\u12'", "x = '\\U00110000'", "x = 'a' b'b'", "x = f'{a}' b''",
  "print 'x'", 'print x, y', "exec 'x'", 'x = $', 'x = ?', 'x = 1 +', 'x = 1 \\ 2', 'x = 1 ! 2', 'x = 1 <> 2', 'f(a=1, a=2)', 'f(1=2)', 'f(a.b=2)',
  '1 = x', 'f() = 1', 'True = 1', 'None = 1', 'a, 1 = x', 'a, f() = x', 'a + 1 = x', 'a < b = 1', 'a and b = 1', '-a = 1', 'not a = 1', "'s' = 1",
  'x = ((((', 'import', 'from socket import', 'from socket import a,', 'else:', 'x = (yield)', 'x = (,)', 'x = f(,)', 'x = a[]', "x = 'a' + \n 1",
  'x = not', 'x = -', 'x = a is not', "x = ur'a'", "x = bu'a'", "x = 'abc' 'def", 'x = """abc', '€ = 1', 'x = a..b', 'x = {', 'x = }', 'x = 0x1for',
  "x = 'a\\\n", 'x = (1,\n2]', 'x = (1\n', 'x = (', 'x = [\n1,\n2', "x = 'abc\ny'", 'break', 'continue', 'return 1', 'nonlocal x', 'await x',
  "x = ''''", "x = '''a'''b'", 'x = (1,)\n)', 'x = \u00a0 1', 'x = 1\u00a0', 'x = a\u200b', 'x = 1\ny = 2\nz = (', 'x = (1 2)', 'x = f(a b)',
  'x = a.', 'x = a[1', 'import a.', 'x = 1 2', "x = 'a' 1", 'x y', 'x = 1\n\n   \n  z', 'x = ' + '('.repeat(201) + ')'.repeat(201),
];

/** Where we knowingly differ from CPython's position (the message is still CPython's). */
const KNOWN_POSITION_DIFFERENCES = new Set(['x = a not b', 'f(a=1, 2)']);

function cpythonSyntaxErrors(sources: string[]): ([string, string, number, number] | null)[] {
  const code = [
    'import json, sys, warnings',
    "warnings.simplefilter('ignore')",
    'out = []',
    'for c in json.load(sys.stdin):',
    '    try:',
    "        compile(c, '<s>', 'exec'); out.append(None)",
    '    except SyntaxError as e:',
    '        out.append([type(e).__name__, e.msg, e.lineno, e.offset])',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', code], { input: JSON.stringify(sources) }).toString());
}

const hasPython = (() => {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.version_info[:2] == (3, 11))']).toString().trim() === 'True';
  } catch {
    return false;
  }
})();

describe.skipIf(!hasPython)('genuine syntax errors match CPython 3.11', () => {
  const expected = hasPython ? cpythonSyntaxErrors(GENUINE_ERRORS) : [];
  it.each(GENUINE_ERRORS.map((source, i) => [source, i] as const))('%j', (source, i) => {
    const py = expected[i];
    expect(py).not.toBeNull();
    const e = refusal(source);
    expect(e.pyType).toBe(py![0]);
    expect(e.message).toBe(py![1]);
    expect(e.line).toBe(py![2]);
    if (!KNOWN_POSITION_DIFFERENCES.has(source)) expect(e.col).toBe(py![3]);
  });

  it('points at the first NUL byte, where CPython gives no position', () => {
    const e = refusal("x = 1\ny = 'a\0b'");
    expect([e.message, e.line, e.col]).toEqual(['source code string cannot contain null bytes', 2, 7]);
  });
});
