// A small `sys` module for playground scripts: stdout and stderr (so that
// `print(..., file=sys.stderr)` and `sys.stdout.write(...)` work), and a few
// constants. sys.stdout is the step's captured output, which under the reference
// runner (statement by statement, output captured) is an io.StringIO; sys.stderr
// is not captured, as standard error is not part of a step's outcome.
import { fakeAddress, PyException, PyFunction, PyModule, PyObject, typeName, type CallContext, type Kwargs, type PyValue } from './values';
import { noArgs, typeError } from './args';
import { codePointLength } from './unicode';

/** One of the script's standard output streams. */
export class PyStream extends PyObject {
  readonly typeName: string;
  private readonly address = fakeAddress();
  constructor(readonly which: 'stdout' | 'stderr') {
    super();
    this.typeName = which === 'stdout' ? '_io.StringIO' : '_io.TextIOWrapper';
  }
  repr(): string {
    return this.which === 'stdout'
      ? `<_io.StringIO object at ${this.address}>`
      : "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>";
  }
  /** Writes text where this stream goes: the step's output for stdout, nowhere for stderr. */
  emit(text: string, ctx: CallContext): void {
    if (this.which === 'stdout') ctx.stdout(text);
  }
  private get className(): string {
    return this.which === 'stdout' ? 'StringIO' : 'TextIOWrapper';
  }
  override getAttr(name: string): PyValue | undefined {
    const label = `<built-in method ${name} of ${this.typeName} object at ${this.address}>`;
    switch (name) {
      case 'write':
        return new PyFunction('write', (args, kwargs, ctx) => this.write(args, kwargs, ctx), label, this);
      case 'flush':
        return new PyFunction(
          'flush',
          (args, kwargs) => {
            noArgs(this.which === 'stdout' ? '_IOBase.flush' : 'TextIOWrapper.flush', args, kwargs);
            return null;
          },
          label,
          this,
        );
    }
    if (this.which === 'stderr') {
      if (name === 'name') return '<stderr>';
      if (name === 'mode') return 'w';
      if (name === 'encoding') return 'utf-8';
    }
    if (name === 'closed') return false;
    return undefined;
  }
  private write(args: PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
    if (kwargs.size > 0) throw typeError(`${this.className}.write() takes no keyword arguments`);
    if (args.length !== 1) throw typeError(`${this.className}.write() takes exactly one argument (${args.length} given)`);
    const text = args[0];
    if (typeof text !== 'string') {
      throw typeError(this.which === 'stdout' ? `string argument expected, got '${typeName(text)}'` : `write() argument must be str, not ${typeName(text)}`);
    }
    this.emit(text, ctx);
    return BigInt(codePointLength(text));
  }
}

/** Attributes of CPython's sys module that playground scripts do not have. */
const UNIMPLEMENTED = new Set([
  'abiflags', 'addaudithook', 'api_version', 'argv', 'audit', 'base_exec_prefix', 'base_prefix', 'breakpointhook',
  'builtin_module_names', 'call_tracing', 'copyright', 'displayhook', 'dont_write_bytecode', 'exc_info', 'excepthook',
  'exception', 'exec_prefix', 'executable', 'exit', 'flags', 'float_info', 'float_repr_style', 'get_asyncgen_hooks',
  'get_coroutine_origin_tracking_depth', 'get_int_max_str_digits', 'getallocatedblocks', 'getdefaultencoding',
  'getdlopenflags', 'getfilesystemencodeerrors', 'getfilesystemencoding', 'getprofile', 'getrecursionlimit',
  'getrefcount', 'getsizeof', 'getswitchinterval', 'gettrace', 'hash_info', 'hexversion', 'implementation', 'int_info',
  'intern', 'is_finalizing', 'maxunicode', 'meta_path', 'modules', 'orig_argv', 'path', 'path_hooks',
  'path_importer_cache', 'platlibdir', 'prefix', 'pycache_prefix', 'set_asyncgen_hooks',
  'set_coroutine_origin_tracking_depth', 'set_int_max_str_digits', 'setdlopenflags', 'setprofile', 'setrecursionlimit',
  'setswitchinterval', 'settrace', 'stdin', 'stdlib_module_names', 'thread_info', 'unraisablehook', 'version',
  'version_info', 'warnoptions',
]);

class SysModule extends PyModule {
  override getAttr(name: string): PyValue | undefined {
    if (UNIMPLEMENTED.has(name)) throw new PyException('NotImplementedError', `sys.${name} is not available in playground scripts`);
    return super.getAttr(name);
  }
}

/** A fresh `sys` module (the interpreter imports it once per session). */
export function createSysModule(): PyModule {
  const stdout = new PyStream('stdout');
  const stderr = new PyStream('stderr');
  return new SysModule(
    'sys',
    new Map<string, PyValue>([
      ['stdout', stdout],
      ['stderr', stderr],
      ['byteorder', 'little'],
      ['maxsize', 2n ** 63n - 1n],
      ['platform', 'linux'],
    ]),
    "<module 'sys' (built-in)>",
  );
}
