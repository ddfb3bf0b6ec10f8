// End-to-end conformance: every script below runs both in CPython (through
// testdata/reference_runner.py, which applies the spec's step semantics) and in the
// interpreter, and the step outcomes must be identical, messages and reprs included.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Interpreter, type StepOutcome } from './interpreter';
import { parseProgram } from './parser';
import { CASES } from './testdata/conformance-cases';

const RUNNER = fileURLToPath(new URL('./testdata/reference_runner.py', import.meta.url));

function pythonIs311(): boolean {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.version_info[:2] == (3, 11))']).toString().trim() === 'True';
  } catch {
    return false;
  }
}

/** Object addresses differ between runs and implementations. */
const normalise = (o: StepOutcome): StepOutcome => JSON.parse(JSON.stringify(o).replace(/ at 0x[0-9a-f]+/g, ' at 0x?'));

async function runOurs(source: string): Promise<StepOutcome[]> {
  const interp = new Interpreter({ modules: {} });
  const out: StepOutcome[] = [];
  for (const stmt of parseProgram(source).statements) {
    out.push(await interp.execute(stmt, { signal: new AbortController().signal }));
  }
  return out;
}

const hasPython = pythonIs311();

describe.skipIf(!hasPython)('interpreter matches CPython 3.11', () => {
  const names = Object.keys(CASES);
  let expected: StepOutcome[][] = [];

  beforeAll(() => {
    const out = execFileSync('python3', [RUNNER], { input: JSON.stringify(names.map((n) => CASES[n])), maxBuffer: 64 << 20 });
    expected = JSON.parse(out.toString());
  });

  it.each(names)('%s', async (name) => {
    const ours = (await runOurs(CASES[name])).map(normalise);
    const theirs = expected[names.indexOf(name)].map(normalise);
    expect(ours).toEqual(theirs);
  });
});
