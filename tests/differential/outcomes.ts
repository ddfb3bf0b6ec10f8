// Outcome streams of playground scripts (one JSON object per top-level statement, see the
// `run` command in the script-language spec) and their comparison.
//
// Two runs of the same script differ in ways that have nothing to do with the implementation:
// file descriptor numbers and ephemeral ports. Those, and nothing else, are normalised before
// outcomes are compared:
//   - `fd=N` anywhere in a text becomes `fd=#`;
//   - the value of a statement that calls fileno() becomes `#` when it is a non-negative integer;
//   - a port of 32768 or more in an address tuple (`('127.0.0.1', 45678)`, IPv6 4-tuples too)
//     becomes EPHEMERAL;
//   - the bare integer value of a statement that calls getsockname()/getpeername() becomes
//     EPHEMERAL when it is 32768 or more (`port = srv.getsockname()[1]`).

export interface OutcomeError {
  type: string;
  errno: number | null;
  message: string;
}

export interface Outcome {
  line: number | null;
  source?: string;
  ok?: boolean;
  value?: string;
  error?: OutcomeError;
  stdout?: string;
  /** Set when a line of output was not a JSON object. */
  unparsable?: string;
}

/** Lowest port Linux hands out for bind(0) and outgoing connections (ip_local_port_range). */
export const EPHEMERAL_PORT_MIN = 32768;

const FD_NUMBER = /fd=\d+/g;
const ADDRESS_PORT = /(\('[^']*', )(\d+)/g;
const FILENO_CALL = /fileno\(\)/;
const ADDRESS_CALL = /sockname|peername/;
const DIGITS = /^\d+$/;

/** Normalises a value, a message or printed output of the statement whose text is `source`. */
export function normalise(text: string | null | undefined, source = ''): string | null {
  if (text === null || text === undefined) return null;
  let out = text.replace(FD_NUMBER, 'fd=#');
  out = out.replace(ADDRESS_PORT, (_m, head: string, port: string) =>
    head + (Number(port) >= EPHEMERAL_PORT_MIN ? 'EPHEMERAL' : port),
  );
  if (DIGITS.test(out)) {
    if (FILENO_CALL.test(source)) return '#';
    if (ADDRESS_CALL.test(source) && Number(out) >= EPHEMERAL_PORT_MIN) return 'EPHEMERAL';
  }
  return out;
}

/** Splits a run's standard output into outcomes; lines that are not JSON objects are kept as such. */
export function parseOutcomes(output: string): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const raw of output.split('\n')) {
    const text = raw.trim();
    if (!text) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      const record = parsed as Outcome;
      outcomes.push({ ...record, line: typeof record.line === 'number' ? record.line : null });
    } catch {
      outcomes.push({ line: null, unparsable: text.length > 200 ? text.slice(0, 200) + '...' : text });
    }
  }
  return outcomes;
}

/** One line of a readable report: what the statement did, normalised. */
export function describeOutcome(outcome: Outcome | undefined, source = outcome?.source ?? ''): string {
  if (!outcome) return '(no outcome)';
  if (outcome.unparsable !== undefined) return `unparsable output: ${outcome.unparsable}`;
  if (outcome.ok) return `ok ${normalise(outcome.value, source)}`;
  const e = outcome.error;
  if (!e) return 'failed, with no error object';
  return `${e.type} errno=${e.errno === null || e.errno === undefined ? 'None' : e.errno} ${JSON.stringify(normalise(e.message, source))}`;
}

function sameOutcome(exp: Outcome, act: Outcome): boolean {
  if (act.unparsable !== undefined) return false;
  const source = exp.source ?? '';
  if (Boolean(exp.ok) !== Boolean(act.ok)) return false;
  if (normalise(exp.stdout ?? '', source) !== normalise(act.stdout ?? '', source)) return false;
  if (exp.ok) return normalise(exp.value, source) === normalise(act.value, source);
  const e = exp.error;
  const a = act.error;
  if (!e || !a) return !e && !a;
  return (
    e.type === a.type &&
    (e.errno ?? null) === (a.errno ?? null) &&
    normalise(e.message, source) === normalise(a.message, source)
  );
}

export interface Difference {
  line: number | null;
  source: string;
  lines: string[];
}

/**
 * Compares the playground's outcomes with CPython's, statement by statement (matched by line).
 * Returns one entry per statement that differs, plus one per outcome the playground printed
 * that CPython has no statement for, and one per line of output that is not JSON.
 */
export function compareOutcomes(expected: Outcome[], actual: Outcome[]): Difference[] {
  const differences: Difference[] = [];
  const byLine = new Map<number, Outcome>();
  for (const a of actual) {
    if (a.line !== null && a.unparsable === undefined && !byLine.has(a.line)) byLine.set(a.line, a);
  }
  const expectedLines = new Set<number>();
  for (const exp of expected) {
    if (exp.line === null) continue;
    expectedLines.add(exp.line);
    const act = byLine.get(exp.line);
    if (act && sameOutcome(exp, act)) continue;
    const source = exp.source ?? '';
    const lines = [`CPython:    ${describeOutcome(exp, source)}`, `playground: ${describeOutcome(act, source)}`];
    const expOut = normalise(exp.stdout ?? '', source);
    const actOut = act ? normalise(act.stdout ?? '', source) : null;
    if (act && expOut !== actOut) {
      lines.push(`stdout: CPython ${JSON.stringify(expOut)}, playground ${JSON.stringify(actOut)}`);
    }
    differences.push({ line: exp.line, source, lines });
  }
  for (const act of actual) {
    if (act.unparsable !== undefined) {
      differences.push({ line: null, source: '', lines: [`playground printed a line that is not an outcome: ${act.unparsable}`] });
    } else if (act.line === null || !expectedLines.has(act.line)) {
      differences.push({
        line: act.line,
        source: act.source ?? '',
        lines: [`playground reported a statement CPython does not have: ${describeOutcome(act)}`],
      });
    }
  }
  return differences;
}

/** Formats differences for a failure message. */
export function formatDifferences(differences: Difference[]): string {
  return differences
    .map((d) => [d.line === null ? '  (other output)' : `  line ${d.line}: ${d.source}`, ...d.lines.map((l) => `    ${l}`)].join('\n'))
    .join('\n');
}
