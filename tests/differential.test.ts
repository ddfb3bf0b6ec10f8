// Differential conformance: every playground script in scenarios/ and examples/ runs under
// CPython (tests/reference/cpython_ref.py) and under the playground's CLI
// (`node bin/socket-playground.cjs run SCRIPT --json`), and the two outcome streams must agree
// statement by statement, after normalising only fd numbers and ephemeral ports
// (see tests/differential/outcomes.ts).
//
// Environment:
//   SP_PYTHON                  the reference interpreter (default python3; CPython 3.11 expected)
//   SP_DIFF_CONCURRENCY        scripts run at once (default 3)
//   SP_DIFF_ONLY               run only scripts whose name contains this text
//   SP_DIFF_STEP_TIMEOUT       --step-timeout for both sides, in seconds (default 3)
//   SP_DIFF_RUN_TIMEOUT_MS     hard limit for one side's run (default 60000)
//   SP_PLAYGROUND_CMD          another command for the playground side (checks the harness itself)
import path from 'node:path';
import { beforeAll, describe, test } from 'vitest';
import { compareOutcomes, formatDifferences, parseOutcomes } from './differential/outcomes';
import {
  PLAYGROUND_OVERRIDE,
  PROJECT_ROOT,
  Pool,
  RUN_TIMEOUT_MS,
  cleanUnixPaths,
  listScripts,
  pythonVersion,
  runPlayground,
  runProcess,
  runReference,
  type RunResult,
} from './differential/runner';

const CONCURRENCY = Math.max(1, Number(process.env.SP_DIFF_CONCURRENCY || 3));
const ONLY = process.env.SP_DIFF_ONLY || '';
const TEST_TIMEOUT_MS = 3 * RUN_TIMEOUT_MS;

const scripts = [...listScripts('scenarios'), ...listScripts('examples')].filter(
  (s) => !ONLY || path.basename(s).includes(ONLY),
);
const python = pythonVersion();
const pool = new Pool(CONCURRENCY);
let buildProblem: string | null = null;

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

describe(`differential: CPython ${python ?? '(python3 not found)'} vs playground`, () => {
  beforeAll(async () => {
    // The reference is required: a missing python3 fails the suite rather than skipping it.
    if (python === null) throw new Error('python3 (CPython 3.11) is needed as the reference for the differential tests');
    if (python && !python.startsWith('3.11.')) {
      console.warn(`differential tests: the reference is CPython 3.11, ${process.env.SP_PYTHON || 'python3'} is ${python}; messages may differ`);
    }
    if (PLAYGROUND_OVERRIDE) return;
    // Build the CLI bundle once, so that parallel runs do not all rebuild it at the same time.
    const build = await runProcess(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'build-cli.mjs')], 120_000);
    if (build.status !== 0) {
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
