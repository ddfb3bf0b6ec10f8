// How `run` prints a step's outcome: JSON lines as Python's json.dumps writes
// them (what the conformance tools read), or a transcript like the Python REPL.
import type { StepOutcome } from '../../shared/script/interpreter';

type Json = string | number | boolean | null | { [k: string]: Json };

/** json.dumps(..., ensure_ascii=False) layout: ", " and ": " separators, keys in spec order. */
function dumps(v: Json): string {
  if (v !== null && typeof v === 'object') {
    return '{' + Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${dumps(x)}`).join(', ') + '}';
  }
  return JSON.stringify(v);
}

export function formatOutcomeJson(o: StepOutcome): string {
  const record: { [k: string]: Json } = { line: o.line, source: o.source, ok: o.ok };
  if (o.ok) record.value = o.value ?? 'None';
  else record.error = { type: o.error!.type, errno: o.error!.errno, message: o.error!.message };
  record.stdout = o.stdout;
  return dumps(record);
}

/** The statement as typed at the REPL, its printed output, then its value (expressions only) or exception line. */
export function formatOutcomeText(o: StepOutcome, showsValue: boolean): string {
  const lines = o.source.split('\n');
  let out = lines.map((l, i) => (i === 0 ? '>>> ' : '... ') + l).join('\n') + '\n';
  out += o.stdout;
  if (o.ok) {
    if (showsValue && o.value !== undefined && o.value !== 'None') out += o.value + '\n';
  } else {
    const e = o.error!;
    out += e.message ? `${e.type}: ${e.message}\n` : `${e.type}\n`;
  }
  return out;
}
