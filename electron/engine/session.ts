// A playground session: one engine, its `socket` module and an interpreter.
// The CLI's `run`, the app's console and the panels all execute statements here,
// one step at a time, each interruptible and bounded by a step timeout.
import { Interpreter, type StepOutcome } from '../../shared/script/interpreter';
import type { Statement } from '../../shared/script/parser';
import { PyBytes, PyException, PyTuple } from '../../shared/script/values';
import { AF_INET, SOCK_STREAM } from './addresses';
import { Engine, type EngineOptions } from './engine';
import { SocketModule } from './pysocket';
import { Wait } from './socket';

/** The spec's default for `run --step-timeout`. */
export const DEFAULT_STEP_TIMEOUT_S = 10;

export function keyboardInterrupt(): PyException {
  return new PyException('KeyboardInterrupt', '');
}

export function stepTimeout(seconds: number): PyException {
  return new PyException('StepTimeout', `statement still running after ${seconds}s`);
}

export interface StepOptions {
  /** Seconds before the step ends with StepTimeout; null for no limit. */
  stepTimeout?: number | null;
  /** Aborting it interrupts the step (its reason becomes the step's exception). */
  signal?: AbortSignal;
}

/**
 * One object of each kind a session makes as it moves bytes, made with the first
 * session and kept for the life of the process. V8 forgets an object shape (its
 * hidden class) once no object has it any more, and throws away all the code
 * compiled for it: a session made after the previous one had been collected (the
 * bench's rounds, with other work in between; a new console) ran its transfer on
 * code compiled all over again. These keep every shape known.
 */
let shapeKeepers: unknown[] | null = null;

function keepShapes(): void {
  shapeKeepers = [];
  const session = new Session({ retainPayloadBytes: 0 });
  const sock = session.engine.createSocket(AF_INET, SOCK_STREAM, 0);
  // A wait that never ends, on a socket that never connects: no timer, no listener.
  shapeKeepers.push(session, session.sockets.wrap(sock), new Wait(sock, 'recv', null, undefined, null, () => null), new PyBytes(new Uint8Array(0)), new PyTuple([]));
}

export class Session {
  readonly engine: Engine;
  readonly sockets: SocketModule;
  readonly interpreter: Interpreter;
  /** Steps running now: several at once in the app, where one may block while others go on. */
  private readonly running = new Set<AbortController>();

  constructor(opts: EngineOptions = {}) {
    this.engine = new Engine(opts);
    this.sockets = new SocketModule(this.engine);
    this.interpreter = new Interpreter({ modules: { socket: () => this.sockets.module } });
    if (!shapeKeepers) keepShapes();
  }

  /** Runs one statement to its outcome; never throws. */
  async run(stmt: Statement, opts: StepOptions = {}): Promise<StepOutcome> {
    const controller = new AbortController();
    this.running.add(controller);
    const onOuterAbort = () => controller.abort(opts.signal!.reason);
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const limit = opts.stepTimeout === undefined ? DEFAULT_STEP_TIMEOUT_S : opts.stepTimeout;
    const timer = limit === null ? undefined : setTimeout(() => controller.abort(stepTimeout(limit)), limit * 1000);
    try {
      return await this.interpreter.execute(stmt, { signal: controller.signal });
    } finally {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onOuterAbort);
      this.running.delete(controller);
      // Steps still running hold references we cannot see: collect only when none is.
      if (this.running.size === 0) this.sockets.collect([...this.interpreter.globals.values(), ...this.interpreter.heldValues()]);
    }
  }

  /**
   * Interrupts running steps with KeyboardInterrupt: every one, or only the one
   * blocked in a call on socket `socketId` (the Interrupt button on that socket,
   * which must not stop what waits on the others). Returns whether any was.
   */
  interrupt(socketId?: number): boolean {
    let targets = [...this.running];
    if (socketId !== undefined) {
      const signal = this.engine.get(socketId)?.pendingCall?.signal;
      targets = targets.filter((c) => signal !== undefined && c.signal === signal);
    }
    for (const c of targets) c.abort(keyboardInterrupt());
    return targets.length > 0;
  }

  /** How many steps are running (blocked ones included). */
  get runningSteps(): number {
    return this.running.size;
  }

  /**
   * A fresh start in the same session (a script's Restart): running steps are
   * interrupted, every socket is closed, the names are forgotten. The log goes on,
   * so what happened before stays readable.
   */
  reset(): void {
    for (const c of this.running) c.abort(keyboardInterrupt());
    this.engine.dispose();
    this.engine.forgetClosed();
    this.interpreter.globals.clear();
  }

  dispose(): void {
    for (const c of this.running) c.abort(keyboardInterrupt());
    this.engine.dispose();
  }
}
