// The lessons are playground scripts (shared/lessons/NN-slug.py): each runs under CPython and
// under the playground, and every statement must have the same outcome on both sides, as the
// scenarios do in tests/differential.test.ts (same suite, same environment variables).
// Lessons must also stay quick and deterministic: no statement of theirs may run into the
// step timeout.
import { listScripts } from './differential/runner';
import { differentialSuite } from './differential/suite';

differentialSuite('lessons', listScripts('shared/lessons'), {
  checkReference: (outcomes) => {
    const stuck = outcomes.find((o) => o.error?.type === 'StepTimeout');
    return stuck ? `line ${stuck.line} (${stuck.source}) ran into the step timeout; a lesson must never wait that long` : null;
  },
});
