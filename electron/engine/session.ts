// A playground session: one engine, its `socket` module and an interpreter.
// The CLI's `run`, the app's console and the panels all execute statements here,
// one step at a time, each interruptible and bounded by a step timeout.
import { Interpreter, type StepOutcome } from '../../shared/script/interpreter';
import type { Statement } from '../../shared/script/parser';
import { PyException } from '../../shared/script/values';
import { Engine, type EngineOptions } from './engine';
import { SocketModule } from './pysocket';

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

  dispose(): void {
    for (const c of this.running) c.abort(keyboardInterrupt());
    this.engine.dispose();
  }
}
