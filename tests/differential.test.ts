// Differential conformance: every playground script in scenarios/ and examples/ runs under
// CPython (tests/reference/cpython_ref.py) and under the playground's CLI
// (`node bin/socket-playground.cjs run SCRIPT --json`), and the two outcome streams must agree
// statement by statement, after normalising only fd numbers and ephemeral ports
// (see tests/differential/outcomes.ts). The suite is tests/differential/suite.ts;
// tests/lessons.test.ts runs the lessons (shared/lessons/) the same way.
//
// Environment:
//   SP_PYTHON                  the reference interpreter (default python3; CPython 3.11 expected)
//   SP_DIFF_CONCURRENCY        scripts run at once (default 3)
//   SP_DIFF_ONLY               run only scripts whose name contains this text
//   SP_DIFF_STEP_TIMEOUT       --step-timeout for both sides, in seconds (default 3)
//   SP_DIFF_RUN_TIMEOUT_MS     hard limit for one side's run (default 60000)
//   SP_PLAYGROUND_CMD          another command for the playground side (checks the harness itself)
import { listScripts } from './differential/runner';
import { differentialSuite } from './differential/suite';

differentialSuite('differential', [...listScripts('scenarios'), ...listScripts('examples')]);
