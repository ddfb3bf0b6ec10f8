// Runs parsed playground statements one step at a time (spec §2/§3): each step's
// outcome is the repr of its value or the exception it raised, plus what it printed.
// The interpreter knows nothing about sockets: modules are supplied by the caller.
import { UNAVAILABLE_BUILTINS, callValue, createBuiltins, typeOf } from './builtins';
import { getAttribute } from './methods';
import { add, compare, getItem, getSlice, isSame, mul, neg, pos, sub, truthy, unpack } from './ops';
import type { Expr, ImportAlias, Statement, StatementNode, Target } from './parser';
import { repr } from './repr';
import { createSysModule } from './sys';
import { createTimeModule } from './time';
import { PyBytes, PyException, PyModule, PyTuple, type CallContext, type PyErrorData, type PyValue } from './values';

export interface StepOutcome {
  /** The statement's first line (1-based). */
  line: number;
  /** The statement's text. */
  source: string;
  ok: boolean;
  /** repr() of the value: the expression's, the assignment's right-hand side, 'None' for import/pass. */
  value?: string;
  error?: PyErrorData;
  /** What the step printed. */
  stdout: string;
}

export interface InterpreterOptions {
  /** Importable modules by name; each factory runs at the first import. `time` and `sys` are built in unless overridden. */
  modules: Record<string, () => PyModule>;
}

export interface ExecuteOptions {
  /** Aborting it interrupts the step; its reason (a PyException) becomes the step's exception. */
  signal: AbortSignal;
}


type BinaryExpr = Extract<Expr, { kind: 'binary' }>;

/** The exception a step raised, in the shape outcomes carry. Non-Python errors become SystemError. */
export function errorData(e: unknown): PyErrorData {
  if (e instanceof PyException) return e.toData();
  if (e instanceof Error) return { type: 'SystemError', errno: null, message: e.message };
  return { type: 'SystemError', errno: null, message: String(e) };
}

const isPromiseLike = (v: unknown): v is PromiseLike<PyValue> =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';

/** The bytes objects of length 1 (by byte value) and 0 (at 256), made at first use. */
const SMALL_BYTES: (PyBytes | undefined)[] = [];

/**
 * A key naming a constant expression's type and value (literals, and tuples of
 * constants, which CPython folds into one constant), or undefined for anything else.
 */
function constantKey(e: Expr): string | undefined {
  switch (e.kind) {
    case 'const': {
      const v = e.value;
      if (typeof v === 'string') return 's' + JSON.stringify(v);
      if (typeof v === 'number') return 'f' + (Object.is(v, -0) ? '-0' : String(v));
      return (v === null ? 'N' : typeof v === 'boolean' ? 'B' : 'i') + String(v);
    }
    case 'bytes':
      return 'b' + Array.from(e.value, (b) => b.toString(16).padStart(2, '0')).join('');
    case 'tuple': {
      const keys: string[] = [];
      for (const item of e.items) {
        const k = constantKey(item);
        if (k === undefined) return undefined;
        keys.push(k);
      }
      return `t(${keys.join(',')})`;
    }
    case 'unary':
      // CPython folds -1 and -1.5 into constants too.
      if (e.op === '-' && e.operand.kind === 'const' && (typeof e.operand.value === 'bigint' || typeof e.operand.value === 'number')) {
        const v = -e.operand.value;
        return typeof v === 'number' ? 'f' + (Object.is(v, -0) ? '-0' : String(v)) : 'i' + String(v);
      }
      return undefined;
    default:
      return undefined;
  }
}

export class Interpreter {
  /** The script's global names. */
  readonly globals = new Map<string, PyValue>();
  /** See heldValues(). */
  private lastValue: PyValue = null;
  private lastAssigned: PyValue = null;
  /** The built-in namespace, searched after the globals. */
  readonly builtins = createBuiltins();
  private readonly factories: Record<string, () => PyModule>;
  /** Imported modules (sys.modules): importing twice gives the same object. */
  private readonly loaded = new Map<string, PyModule>();
  /**
   * The statement's constants by value: CPython compiles each statement to one code
   * object whose equal bytes and tuple constants are one object (`(1, 2) is (1, 2)`).
   */
  private constants = new Map<string, PyValue>();

  constructor(opts: InterpreterOptions) {
    this.factories = { time: createTimeModule, sys: createSysModule, ...opts.modules };
  }

  /** Runs one statement to its outcome; never throws. */
  async execute(stmt: Statement, opts: ExecuteOptions): Promise<StepOutcome> {
    let stdout = '';
    const ctx: CallContext = {
      signal: opts.signal,
      stdout: (text) => {
        stdout += text;
      },
    };
    const base = { line: stmt.line, source: stmt.source };
    this.constants = new Map();
    try {
      if (opts.signal.aborted) throw opts.signal.reason;
      const raw = await this.run(stmt.node, ctx);
      const value = repr(raw);
      // A script runner holds the last value until the next statement succeeds (see heldValues()).
      this.lastValue = raw;
      return { ...base, ok: true, value, stdout };
    } catch (e) {
      return { ...base, ok: false, error: errorData(e), stdout };
    }
  }

  private async run(node: StatementNode, ctx: CallContext): Promise<PyValue> {
    switch (node.kind) {
      case 'expr':
        return this.evaluate(node.expr, ctx);
      case 'assign': {
        const value = await this.evaluate(node.value, ctx);
        this.lastAssigned = value;
        this.assign(node.target, value);
        return value;
      }
      case 'import':
        for (const alias of node.names) this.importName(alias);
        return null;
      case 'importFrom':
        this.importFrom(node.module, node.names);
        return null;
      case 'pass':
        return null;
    }
  }

  /**
   * Values the statement-by-statement runner keeps alive besides the globals, as
   * the reference runner does: the last successful statement's value (until the
   * next one succeeds) and the last assignment's right-hand side. Objects that only
   * these hold are not collected yet (what CPython's reference counting decides).
   */
  heldValues(): PyValue[] {
    return [this.lastValue, this.lastAssigned];
  }

  // -------------------------------------------------------------------------
  // Imports

  private loadModule(name: string): PyModule {
    const cached = this.loaded.get(name);
    if (cached) return cached;
    const factory = Object.prototype.hasOwnProperty.call(this.factories, name) ? this.factories[name] : undefined;
    if (!factory) throw new PyException('ModuleNotFoundError', `No module named '${name}'`);
    const module = factory();
    this.loaded.set(name, module);
    return module;
  }

  /** Dotted names: none of our modules is a package. */
  private loadDotted(dotted: string): PyModule {
    const [top, ...rest] = dotted.split('.');
    const module = this.loadModule(top);
    if (rest.length > 0) throw new PyException('ModuleNotFoundError', `No module named '${dotted}'; '${top}' is not a package`);
    return module;
  }

  private importName(alias: ImportAlias): void {
    const module = this.loadDotted(alias.name);
    this.globals.set(alias.asName ?? alias.name.split('.')[0], module);
  }

  private importFrom(moduleName: string, names: ImportAlias[] | '*'): void {
    const module = this.loadDotted(moduleName);
    if (names === '*') {
      for (const name of module.attrNames()) {
        if (name.startsWith('_')) continue;
        const value = module.getAttr(name);
        if (value !== undefined) this.globals.set(name, value);
      }
      return;
    }
    for (const alias of names) {
      const value = module.getAttr(alias.name);
      if (value === undefined) {
        const file = module.getAttr('__file__');
        const where = typeof file === 'string' ? file : 'unknown location';
        throw new PyException('ImportError', `cannot import name '${alias.name}' from '${module.name}' (${where})`);
      }
      this.globals.set(alias.asName ?? alias.name, value);
    }
  }

  // -------------------------------------------------------------------------
  // Assignment

  private assign(target: Target, value: PyValue): void {
    if (target.kind === 'name') {
      this.globals.set(target.id, value);
      return;
    }
    // Targets are bound left to right, so a nested failure leaves earlier names bound, as in CPython.
    const items = unpack(value, target.items.length);
    target.items.forEach((t, i) => this.assign(t, items[i]));
  }

  // -------------------------------------------------------------------------
  // Expressions

  private lookup(name: string): PyValue {
    if (this.globals.has(name)) return this.globals.get(name)!;
    if (this.builtins.has(name)) return this.builtins.get(name)!;
    if (UNAVAILABLE_BUILTINS.has(name)) {
      throw new PyException('NotImplementedError', `the built-in '${name}' is not available in playground scripts`);
    }
    throw new PyException('NameError', `name '${name}' is not defined`);
  }

  /** Awaits a native call's promise, giving up with signal.reason if the step is interrupted first. */
  private settle(result: PyValue | PromiseLike<PyValue>, signal: AbortSignal): PyValue | Promise<PyValue> {
    if (!isPromiseLike(result)) return result;
    return new Promise<PyValue>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      result.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  /** The statement's one object for a constant bytes or tuple expression. */
  private constant(e: Expr, make: () => PyValue): PyValue {
    const key = constantKey(e);
    if (key === undefined) return make();
    const found = this.constants.get(key);
    if (found !== undefined) return found;
    const value = make();
    this.constants.set(key, value);
    return value;
  }

  private async evaluate(e: Expr, ctx: CallContext): Promise<PyValue> {
    switch (e.kind) {
      case 'const':
        return e.value;
      case 'bytes': {
        // CPython keeps one object for each bytes value of length 0 or 1, whatever the statement.
        if (e.value.length <= 1) {
          const cached = SMALL_BYTES[e.value.length === 0 ? 256 : e.value[0]];
          return cached ?? (SMALL_BYTES[e.value.length === 0 ? 256 : e.value[0]] = new PyBytes(e.value.slice()));
        }
        return this.constant(e, () => new PyBytes(e.value.slice()));
      }
      case 'name':
        return this.lookup(e.id);
      case 'tuple': {
        if (constantKey(e) !== undefined) {
          const items: PyValue[] = [];
          for (const item of e.items) items.push(await this.evaluate(item, ctx));
          return this.constant(e, () => new PyTuple(items));
        }
        const items: PyValue[] = [];
        for (const item of e.items) items.push(await this.evaluate(item, ctx));
        return new PyTuple(items);
      }
      case 'attribute': {
        const obj = await this.evaluate(e.object, ctx);
        // Every object's __class__ is its type (a module attribute of that name aside).
        if (e.name === '__class__' && !(obj instanceof PyModule && obj.attrs.has('__class__'))) return typeOf(obj);
        return getAttribute(obj, e.name);
      }
      case 'call': {
        const func = await this.evaluate(e.func, ctx);
        const args: PyValue[] = [];
        for (const a of e.args) args.push(await this.evaluate(a, ctx));
        const kwargs = new Map<string, PyValue>();
        for (const k of e.keywords) kwargs.set(k.name, await this.evaluate(k.value, ctx));
        return await this.settle(callValue(func, args, kwargs, ctx), ctx.signal);
      }
      case 'subscript': {
        const obj = await this.evaluate(e.object, ctx);
        const index = e.index;
        if (index.kind === 'slice') {
          const bound = async (b: Expr | null) => (b === null ? null : await this.evaluate(b, ctx));
          const lower = await bound(index.lower);
          const upper = await bound(index.upper);
          const step = await bound(index.step);
          return getSlice(obj, lower, upper, step);
        }
        return getItem(obj, await this.evaluate(index, ctx));
      }
      case 'binary': {
        // Left-deep chains (a + b + c ...) can be thousands long: fold them iteratively, left to right.
        const spine: BinaryExpr[] = [];
        let leftmost: Expr = e;
        while (leftmost.kind === 'binary') {
          spine.push(leftmost);
          leftmost = leftmost.left;
        }
        let acc = await this.evaluate(leftmost, ctx);
        for (let i = spine.length - 1; i >= 0; i--) {
          const { op, right } = spine[i];
          const value = await this.evaluate(right, ctx);
          acc = op === '+' ? add(acc, value) : op === '-' ? sub(acc, value) : mul(acc, value);
        }
        return acc;
      }
      case 'unary': {
        const operand = await this.evaluate(e.operand, ctx);
        return e.op === 'not' ? !truthy(operand) : e.op === '-' ? neg(operand) : pos(operand);
      }
      case 'compare': {
        // Chained comparisons: each operand evaluated once, stopping at the first false.
        let left = await this.evaluate(e.left, ctx);
        for (let i = 0; i < e.ops.length; i++) {
          const right = await this.evaluate(e.comparators[i], ctx);
          const op = e.ops[i];
          const result = op === 'is' ? isSame(left, right) : op === 'is not' ? !isSame(left, right) : compare(op, left, right);
          if (!result) return false;
          left = right;
        }
        return true;
      }
      case 'boolop': {
        // `and`/`or` return the deciding operand, not a bool.
        let value: PyValue = null;
        for (const operand of e.values) {
          value = await this.evaluate(operand, ctx);
          if (e.op === 'and' ? !truthy(value) : truthy(value)) return value;
        }
        return value;
      }
    }
  }
}
