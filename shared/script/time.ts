// The `time` module of playground scripts: sleep() (interruptible through the
// step's AbortSignal) and the clocks. Messages follow CPython 3.11.
import { exactlyOne, noArgs, typeError } from './args';
import { PyException, PyFunction, PyModule, asIndex, typeName, type CallContext, type PyValue } from './values';

const NS_PER_S = 1_000_000_000n;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** Seconds beyond which a float sleep length overflows CPython's nanosecond clock type. */
const FLOAT_SECONDS_LIMIT = 2 ** 63 / 1e9;
/** setTimeout() fires at once for delays above 2**31-1 ms, so long sleeps are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Seconds from a sleep() argument, with CPython's conversion errors (_PyTime_FromSecondsObject). */
function sleepSeconds(v: PyValue): number {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw new PyException('ValueError', 'Invalid value NaN (not a number)');
    if (!(v >= -FLOAT_SECONDS_LIMIT && v < FLOAT_SECONDS_LIMIT)) {
      throw new PyException('OverflowError', 'timestamp out of range for platform time_t');
    }
    if (v < 0) throw new PyException('ValueError', 'sleep length must be non-negative');
    return v;
  }
  const i = asIndex(v);
  if (i === undefined) throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  const ns = i * NS_PER_S;
  if (ns > INT64_MAX || ns < INT64_MIN) throw new PyException('OverflowError', 'timestamp too large to convert to C _PyTime_t');
  if (i < 0n) throw new PyException('ValueError', 'sleep length must be non-negative');
  return Number(i);
}

/** Resolves after `ms`, or rejects with signal.reason as soon as the signal aborts (clearing the timer). */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const wait = (remaining: number) => {
      const chunk = Math.min(remaining, MAX_TIMER_MS);
      timer = setTimeout(() => {
        if (remaining - chunk > 0) wait(remaining - chunk);
        else {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }
      }, chunk);
    };
    wait(ms);
  });
}

async function sleep(args: PyValue[], kwargs: ReadonlyMap<string, PyValue>, ctx: CallContext): Promise<PyValue> {
  const seconds = sleepSeconds(exactlyOne('time.sleep', args, kwargs));
  await abortableDelay(seconds * 1000, ctx.signal);
  return null;
}

const clock = (name: string, read: () => PyValue) =>
  new PyFunction(name, (args, kwargs) => {
    noArgs(`time.${name}`, args, kwargs);
    return read();
  });

const nowMs = () => Date.now();
const monotonicMs = () => performance.now();
const msToNs = (ms: number) => BigInt(Math.round(ms * 1e6));

/** Attributes of CPython's time module that the playground does not provide. */
const UNIMPLEMENTED = new Set([
  'altzone', 'asctime', 'clock_getres', 'clock_gettime', 'clock_gettime_ns', 'clock_settime', 'clock_settime_ns',
  'ctime', 'daylight', 'get_clock_info', 'gmtime', 'localtime', 'mktime', 'process_time', 'process_time_ns',
  'pthread_getcpuclockid', 'strftime', 'strptime', 'struct_time', 'thread_time', 'thread_time_ns', 'timezone',
  'tzname', 'tzset',
]);

class TimeModule extends PyModule {
  override getAttr(name: string): PyValue | undefined {
    if (UNIMPLEMENTED.has(name)) throw new PyException('NotImplementedError', `time.${name} is not available in playground scripts`);
    return super.getAttr(name);
  }
}

/** A fresh `time` module (the interpreter imports it once per session). */
export function createTimeModule(): PyModule {
  return new TimeModule(
    'time',
    new Map<string, PyValue>([
      ['sleep', new PyFunction('sleep', sleep)],
      ['time', clock('time', () => nowMs() / 1000)],
      ['time_ns', clock('time_ns', () => msToNs(nowMs()))],
      ['monotonic', clock('monotonic', () => monotonicMs() / 1000)],
      ['monotonic_ns', clock('monotonic_ns', () => msToNs(monotonicMs()))],
      ['perf_counter', clock('perf_counter', () => monotonicMs() / 1000)],
      ['perf_counter_ns', clock('perf_counter_ns', () => msToNs(monotonicMs()))],
    ]),
  );
}
