// The differential suite itself: each playground script runs under CPython and under the
// playground, and the two outcome streams must agree statement by statement. Used by
// tests/differential.test.ts (scenarios/, examples/) and tests/lessons.test.ts (shared/lessons/);
// the environment variables are described in tests/differential.test.ts.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { beforeAll, describe, test } from 'vitest';
import { compareOutcomes, formatDifferences, parseOutcomes, type Outcome } from './outcomes';
import {
  PLAYGROUND_OVERRIDE,
  PROJECT_ROOT,
  Pool,
  RUN_TIMEOUT_MS,
  cleanUnixPaths,
  pythonVersion,
  runPlayground,
  runProcess,
  runReference,
  type RunResult,
} from './runner';

const CONCURRENCY = Math.max(1, Number(process.env.SP_DIFF_CONCURRENCY || 3));
const ONLY = process.env.SP_DIFF_ONLY || '';
const TEST_TIMEOUT_MS = 3 * RUN_TIMEOUT_MS;

export interface SuiteOptions {
  /**
   * Checks CPython's outcomes before they are compared (e.g. that no statement ran into the
   * step timeout); returns what is wrong with them, or null.
   */
  checkReference?: (outcomes: Outcome[]) => string | null;
}

function tail(text: string, lines = 15): string {
  const all = text.trimEnd().split('\n');
  const shown = all.slice(-lines).map((l) => `    ${l}`);
  return (all.length > lines ? ['    ...'] : []).concat(shown).join('\n');
}

function exitNote(side: string, run: RunResult): string {
  if (run.spawnError) return `${side} could not start: ${run.spawnError}`;
  if (run.timedOut) return `${side} was killed after ${RUN_TIMEOUT_MS / 1000} s`;
  return `${side} exit status ${run.status}`;
}

const BUNDLE = path.join(PROJECT_ROOT, 'dist', 'cli.cjs');
const BUILD_LOCK = path.join(PROJECT_ROOT, 'dist', '.differential-build.lock');
const BUILD_TIMEOUT_MS = 120_000;

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds the CLI bundle once before the scripts run, so that parallel runs do not all rebuild
 * it at the same time. Suites that start side by side (the scenarios and the lessons) take
 * turns through a lock directory, and a suite skips the build when another one finished it
 * while it waited, so that no suite rewrites the bundle under the other's running scripts.
 */
async function buildPlayground(): Promise<RunResult | null> {
  const asked = Date.now();
  mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than any build is left over from a run that was killed.
      if (Date.now() - mtime(BUILD_LOCK) > BUILD_TIMEOUT_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      await delay(100);
    }
  }
  try {
    if (mtime(BUNDLE) >= asked) return null;
    return await runProcess(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'build-cli.mjs')], BUILD_TIMEOUT_MS);
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** Defines a vitest suite named `${name}: CPython X vs playground` with one test per script. */
export function differentialSuite(name: string, allScripts: string[], options: SuiteOptions = {}): void {
  const scripts = allScripts.filter((s) => !ONLY || path.basename(s).includes(ONLY));
  const python = pythonVersion();
  const pool = new Pool(CONCURRENCY);
  let buildProblem: string | null = null;

  describe(`${name}: CPython ${python ?? '(python3 not found)'} vs playground`, () => {
    beforeAll(async () => {
      // The reference is required: a missing python3 fails the suite rather than skipping it.
      if (python === null) throw new Error('python3 (CPython 3.11) is needed as the reference for the differential tests');
      if (python && !python.startsWith('3.11.')) {
        console.warn(`differential tests: the reference is CPython 3.11, ${process.env.SP_PYTHON || 'python3'} is ${python}; messages may differ`);
      }
      if (PLAYGROUND_OVERRIDE) return;
      const build = await buildPlayground();
      if (build && build.status !== 0) {
        buildProblem = `the playground CLI does not build (${exitNote('build', build)}):\n${tail(build.stderr + build.stdout)}`;
      }
    }, 150_000);

    test.concurrent.each(scripts.map((s) => [path.relative(PROJECT_ROOT, s), s] as const))(
      '%s',
      async (_label, script) => {
        if (buildProblem) throw new Error(buildProblem);
        const name = path.basename(script, '.py');
        const { reference, playground } = await pool.run(async () => {
          cleanUnixPaths(name);
          const ref = await runReference(script);
          cleanUnixPaths(name);
          const play = await runPlayground(script);
          cleanUnixPaths(name);
          return { reference: ref, playground: play };
        });

        const expected = parseOutcomes(reference.stdout);
        if (reference.status === null || reference.status > 1 || expected.length === 0) {
          throw new Error(
            `the CPython reference run failed (${exitNote('cpython_ref.py', reference)}):\n${tail(reference.stderr + reference.stdout)}`,
          );
        }
        const wrong = options.checkReference?.(expected);
        if (wrong) throw new Error(`${path.relative(PROJECT_ROOT, script)} under CPython: ${wrong}`);
        const actual = parseOutcomes(playground.stdout);
        const differences = compareOutcomes(expected, actual);
        const statusDiffers = playground.status !== reference.status;
        if (differences.length === 0 && !statusDiffers) return;

        const report: string[] = [];
        const statements = differences.filter((d) => d.line !== null).length;
        report.push(
          `${path.relative(PROJECT_ROOT, script)}: ${statements} of ${expected.length} statements differ from CPython` +
            (statusDiffers ? `; ${exitNote('playground', playground)}, CPython runner ${reference.status}` : ''),
        );
        if (differences.length) report.push(formatDifferences(differences));
        if (playground.stderr.trim()) report.push(`  playground stderr:\n${tail(playground.stderr)}`);
        throw new Error(report.join('\n'));
      },
      TEST_TIMEOUT_MS,
    );
  });
}
