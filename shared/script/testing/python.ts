// Test support: CPython 3.11 as the reference the script language is checked
// against. Tests only (lint lets this folder use Node).
import { execFileSync } from 'node:child_process';

/** Whether `python3` here is CPython 3.11, the reference the comparisons are written for. */
export const hasPython311 = (() => {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.version_info[:2] == (3, 11))']).toString().trim() === 'True';
  } catch {
    return false;
  }
})();

/** Output a reference run may print: large tables of cases. */
const MAX_PYTHON_OUTPUT = 1 << 27;

/** Runs python3 code that reads JSON on stdin and prints JSON. */
export function python(code: string, input: unknown): unknown {
  return JSON.parse(execFileSync('python3', ['-c', code], { input: JSON.stringify(input), maxBuffer: MAX_PYTHON_OUTPUT }).toString());
}

/** Deterministic pseudo-random numbers (xorshift), so failures reproduce. */
export function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
