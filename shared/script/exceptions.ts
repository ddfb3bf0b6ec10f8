// The built-in exception classes as values (OSError, TimeoutError, socket.gaierror...):
// their hierarchy, their class attributes, and the instances calling them makes,
// with CPython 3.11's reprs, str() and attributes. Raising still goes through
// PyException (a class name and a message); these are what a script can name,
// compare (`socket.error is OSError`), pass to isinstance()/issubclass() and call.
import { typeError } from './args';
import { repr, str } from './repr';
import { PyBytes, PyClass, PyException, PyObject, PyTuple, asIndex, registerSharedClass, typeName, type Kwargs, type PyValue } from './values';

/** A class's construct() is called on the class (see PyClass): `this` is the exception class. */
function constructThis(this: unknown, args: PyValue[], kwargs: Kwargs): PyValue {
  return constructException(this as PyExceptionClass, args, kwargs);
}

/** `<class 'object'>`, the last entry of every __mro__. */
export const OBJECT_CLASS = new PyClass('object');

/** A built-in exception class, or socket.gaierror / socket.herror. */
export class PyExceptionClass extends PyClass {
  constructor(
    readonly name: string,
    readonly base: PyExceptionClass | null,
    readonly module: 'builtins' | 'socket' = 'builtins',
    /** A second base (ExceptionGroup is a BaseExceptionGroup and an Exception). */
    readonly mixin: PyExceptionClass | null = null,
  ) {
    super(module === 'builtins' ? name : `${module}.${name}`, constructThis);
  }

  /** issubclass(this, other) for another exception class. */
  isSubclassOf(other: PyClass): boolean {
    return this.mro().includes(other);
  }

  /** __mro__: the chain of bases; a mixin comes before the bases the two share. */
  mro(): PyClass[] {
    const out: PyClass[] = [this];
    for (let c = this.base; c; c = c.base) {
      if (this.mixin && c === this.mixin.base) out.push(this.mixin);
      out.push(c);
    }
    out.push(OBJECT_CLASS);
    return out;
  }

  override getAttr(attr: string): PyValue | undefined {
    switch (attr) {
      case '__name__':
      case '__qualname__':
        return this.name;
      case '__module__':
        return this.module;
      case '__base__':
        return this.base ?? OBJECT_CLASS;
      case '__bases__':
        return new PyTuple(this.mixin ? [this.base!, this.mixin] : [this.base ?? OBJECT_CLASS]);
      case '__mro__':
        return new PyTuple(this.mro());
      case 'args':
        return descriptor('getset_descriptor', `<attribute 'args' of 'BaseException' objects>`);
    }
    const owner = definingClass(this, MEMBERS);
    if (owner && MEMBERS[owner.name].includes(attr)) {
      return descriptor('member_descriptor', `<member '${attr}' of '${owner.name}' objects>`);
    }
    return undefined;
  }

  override attrNames(): string[] {
    return ['__name__', '__qualname__', '__module__', '__base__', '__bases__', '__mro__', 'args'];
  }
}

/** Instance attributes CPython declares as members on these classes (OSError.errno is `<member 'errno' of 'OSError' objects>`). */
const MEMBERS: Record<string, string[]> = {
  OSError: ['errno', 'strerror', 'filename', 'filename2', 'characters_written'],
  SystemExit: ['code'],
  StopIteration: ['value'],
  ImportError: ['msg', 'name', 'path'],
  NameError: ['name'],
  AttributeError: ['name', 'obj'],
};

class Descriptor extends PyObject {
  constructor(
    readonly typeName: string,
    private readonly text: string,
  ) {
    super();
  }
  repr(): string {
    return this.text;
  }
}

const descriptors = new Map<string, Descriptor>();
function descriptor(type: string, text: string): Descriptor {
  let d = descriptors.get(text);
  if (!d) descriptors.set(text, (d = new Descriptor(type, text)));
  return d;
}

/** An exception object made by calling an exception class: ValueError('bad'), OSError(111, 'Connection refused'). */
export class PyExceptionInstance extends PyObject {
  constructor(
    readonly pyClass: PyExceptionClass,
    /** self.args */
    readonly args: PyValue[],
    /** Attributes besides args (errno, strerror, filename, code, name...). */
    readonly attrs: ReadonlyMap<string, PyValue> = new Map(),
    /** An OSError made with 2 to 5 arguments, whose str() is `[Errno N] text`. */
    private readonly errnoForm = false,
  ) {
    super();
  }
  get typeName(): string {
    return this.pyClass.name;
  }
  isInstanceOf(cls: PyClass): boolean {
    return this.pyClass.isSubclassOf(cls);
  }
  /** BaseException_repr: `Name(arg)` for one argument, `Name(a, b)` (the args tuple) otherwise. */
  repr(): string {
    return this.args.length === 1 ? `${this.typeName}(${repr(this.args[0])})` : `${this.typeName}${repr(new PyTuple(this.args))}`;
  }
  override str(): string {
    const a = this.attrs;
    if (this.errnoForm) {
      const filename = a.get('filename') ?? null;
      const filename2 = a.get('filename2') ?? null;
      const head = `[Errno ${str(a.get('errno') ?? null)}] ${str(a.get('strerror') ?? null)}`;
      if (filename === null) return head;
      return filename2 === null ? `${head}: ${repr(filename)}` : `${head}: ${repr(filename)} -> ${repr(filename2)}`;
    }
    if (this.isInstanceOf(EXCEPTIONS.UnicodeDecodeError) || this.isInstanceOf(EXCEPTIONS.UnicodeEncodeError)) return unicodeErrorStr(this);
    // KeyError shows its one key as a repr (str(KeyError('k')) is "'k'").
    if (this.args.length === 1) return this.isInstanceOf(EXCEPTIONS.KeyError) ? repr(this.args[0]) : str(this.args[0]);
    return this.args.length === 0 ? '' : str(new PyTuple(this.args));
  }
  override getAttr(attr: string): PyValue | undefined {
    if (attr === 'args') return new PyTuple(this.args);
    return this.attrs.get(attr);
  }
  override attrNames(): string[] {
    return ['args', ...this.attrs.keys()];
  }
}

// ---------------------------------------------------------------------------
// The hierarchy (CPython 3.11, builtins plus the socket module's two)

/** [name, base] in an order where each base comes first. */
const HIERARCHY: [string, string | null][] = [
  ['BaseException', null],
  ['BaseExceptionGroup', 'BaseException'],
  ['GeneratorExit', 'BaseException'],
  ['KeyboardInterrupt', 'BaseException'],
  ['SystemExit', 'BaseException'],
  ['Exception', 'BaseException'],
  ['ArithmeticError', 'Exception'],
  ['FloatingPointError', 'ArithmeticError'],
  ['OverflowError', 'ArithmeticError'],
  ['ZeroDivisionError', 'ArithmeticError'],
  ['AssertionError', 'Exception'],
  ['AttributeError', 'Exception'],
  ['BufferError', 'Exception'],
  ['EOFError', 'Exception'],
  ['ImportError', 'Exception'],
  ['ModuleNotFoundError', 'ImportError'],
  ['LookupError', 'Exception'],
  ['IndexError', 'LookupError'],
  ['KeyError', 'LookupError'],
  ['MemoryError', 'Exception'],
  ['NameError', 'Exception'],
  ['UnboundLocalError', 'NameError'],
  ['OSError', 'Exception'],
  ['BlockingIOError', 'OSError'],
  ['ChildProcessError', 'OSError'],
  ['ConnectionError', 'OSError'],
  ['BrokenPipeError', 'ConnectionError'],
  ['ConnectionAbortedError', 'ConnectionError'],
  ['ConnectionRefusedError', 'ConnectionError'],
  ['ConnectionResetError', 'ConnectionError'],
  ['FileExistsError', 'OSError'],
  ['FileNotFoundError', 'OSError'],
  ['InterruptedError', 'OSError'],
  ['IsADirectoryError', 'OSError'],
  ['NotADirectoryError', 'OSError'],
  ['PermissionError', 'OSError'],
  ['ProcessLookupError', 'OSError'],
  ['TimeoutError', 'OSError'],
  ['ReferenceError', 'Exception'],
  ['RuntimeError', 'Exception'],
  ['NotImplementedError', 'RuntimeError'],
  ['RecursionError', 'RuntimeError'],
  ['StopAsyncIteration', 'Exception'],
  ['StopIteration', 'Exception'],
  ['SyntaxError', 'Exception'],
  ['IndentationError', 'SyntaxError'],
  ['TabError', 'IndentationError'],
  ['SystemError', 'Exception'],
  ['TypeError', 'Exception'],
  ['ValueError', 'Exception'],
  ['UnicodeError', 'ValueError'],
  ['UnicodeDecodeError', 'UnicodeError'],
  ['UnicodeEncodeError', 'UnicodeError'],
  ['UnicodeTranslateError', 'UnicodeError'],
  ['Warning', 'Exception'],
  ['BytesWarning', 'Warning'],
  ['DeprecationWarning', 'Warning'],
  ['EncodingWarning', 'Warning'],
  ['FutureWarning', 'Warning'],
  ['ImportWarning', 'Warning'],
  ['PendingDeprecationWarning', 'Warning'],
  ['ResourceWarning', 'Warning'],
  ['RuntimeWarning', 'Warning'],
  ['SyntaxWarning', 'Warning'],
  ['UnicodeWarning', 'Warning'],
  ['UserWarning', 'Warning'],
];

/** Every built-in exception class by name. */
export const EXCEPTIONS: Record<string, PyExceptionClass> = {};
for (const [name, base] of HIERARCHY) EXCEPTIONS[name] = new PyExceptionClass(name, base === null ? null : EXCEPTIONS[base]);
EXCEPTIONS.ExceptionGroup = new PyExceptionClass('ExceptionGroup', EXCEPTIONS.BaseExceptionGroup, 'builtins', EXCEPTIONS.Exception);

/** socket.gaierror and socket.herror. */
export const SOCKET_EXCEPTIONS = {
  gaierror: new PyExceptionClass('gaierror', EXCEPTIONS.OSError, 'socket'),
  herror: new PyExceptionClass('herror', EXCEPTIONS.OSError, 'socket'),
};

/** Names the builtins module binds to these classes (EnvironmentError and IOError are OSError). */
export const BUILTIN_EXCEPTION_NAMES: [string, PyExceptionClass][] = [
  ...Object.entries(EXCEPTIONS),
  ['EnvironmentError', EXCEPTIONS.OSError],
  ['IOError', EXCEPTIONS.OSError],
];

// `new PyClass('OSError')` (how the socket module makes socket.error) gives these
// very classes, so that `socket.error is OSError` and `socket.timeout is TimeoutError`.
for (const cls of Object.values(EXCEPTIONS)) registerSharedClass(cls);
for (const cls of Object.values(SOCKET_EXCEPTIONS)) registerSharedClass(cls);

/** The exception class named by a raised PyException's type (gaierror is socket.gaierror), if any. */
export function exceptionClass(pyType: string): PyExceptionClass | undefined {
  if (pyType === 'gaierror' || pyType === 'herror') return SOCKET_EXCEPTIONS[pyType];
  return Object.prototype.hasOwnProperty.call(EXCEPTIONS, pyType) ? EXCEPTIONS[pyType] : undefined;
}

// ---------------------------------------------------------------------------
// Construction

/** PEP 3151: OSError(errno, strerror) is an instance of the subclass for that errno. */
const ERRNO_SUBCLASS: Record<number, string> = {
  1: 'PermissionError', 2: 'FileNotFoundError', 3: 'ProcessLookupError', 4: 'InterruptedError',
  10: 'ChildProcessError', 11: 'BlockingIOError', 13: 'PermissionError', 17: 'FileExistsError',
  20: 'NotADirectoryError', 21: 'IsADirectoryError', 32: 'BrokenPipeError', 103: 'ConnectionAbortedError',
  104: 'ConnectionResetError', 108: 'BrokenPipeError', 110: 'TimeoutError', 111: 'ConnectionRefusedError',
  114: 'BlockingIOError', 115: 'BlockingIOError',
};

/** The keyword arguments each class's __init__ accepts (the rest take none), by the class that defines it. */
const KEYWORDS: Record<string, string[]> = {
  ImportError: ['name', 'path'],
  NameError: ['name'],
  AttributeError: ['name', 'obj'],
};

function definingClass(cls: PyExceptionClass, table: Record<string, unknown>): PyExceptionClass | undefined {
  return cls.mro().find((c): c is PyExceptionClass => c instanceof PyExceptionClass && Object.prototype.hasOwnProperty.call(table, c.name));
}

function constructException(cls: PyExceptionClass, args: PyValue[], kwargs: Kwargs): PyValue {
  const is = (name: string) => cls.isSubclassOf(EXCEPTIONS[name]);
  if (is('BaseExceptionGroup') || is('UnicodeTranslateError')) {
    throw new PyException('NotImplementedError', `creating ${cls.name} objects is not available in playground scripts`);
  }
  const attrs = new Map<string, PyValue>();
  const kwOwner = definingClass(cls, KEYWORDS);
  if (kwargs.size > 0) {
    if (!kwOwner) throw typeError(`${cls.name}() takes no keyword arguments`);
    for (const key of kwargs.keys()) {
      if (!KEYWORDS[kwOwner.name].includes(key)) throw typeError(`'${key}' is an invalid keyword argument for ${kwOwner.name}()`);
    }
  }
  if (kwOwner) for (const key of KEYWORDS[kwOwner.name]) attrs.set(key, kwargs.get(key) ?? null);
  let actual = cls;
  let kept = args;
  if (is('OSError')) {
    if (args.length >= 2 && args.length <= 5) {
      if (cls === EXCEPTIONS.OSError) {
        const code = asIndex(args[0]);
        const sub = code !== undefined && code >= -(2n ** 31n) && code < 2n ** 31n ? ERRNO_SUBCLASS[Number(code)] : undefined;
        if (sub) actual = EXCEPTIONS[sub];
      }
      attrs.set('errno', args[0]);
      attrs.set('strerror', args[1]);
      const filename = args.length >= 3 ? args[2] : null;
      attrs.set('filename', filename);
      attrs.set('filename2', args.length === 5 ? args[4] : null);
      if (filename !== null) kept = args.slice(0, 2);
    } else {
      for (const key of ['errno', 'strerror', 'filename', 'filename2']) attrs.set(key, null);
    }
  } else if (is('UnicodeDecodeError') || is('UnicodeEncodeError')) {
    checkUnicodeErrorArgs(is('UnicodeDecodeError'), args);
    const [encoding, object, start, end, reason] = args;
    attrs.set('encoding', encoding);
    attrs.set('object', object);
    attrs.set('start', start);
    attrs.set('end', end);
    attrs.set('reason', reason);
  } else if (is('SystemExit')) {
    attrs.set('code', args.length === 0 ? null : args.length === 1 ? args[0] : new PyTuple(args));
  } else if (is('StopIteration')) {
    attrs.set('value', args.length === 0 ? null : args[0]);
  } else if (is('ImportError')) {
    attrs.set('msg', args.length === 1 ? args[0] : null);
  }
  return new PyExceptionInstance(actual, kept.slice(), attrs, is('OSError') && args.length >= 2 && args.length <= 5);
}

/** UnicodeDecodeError(encoding, object, start, end, reason): PyArg_ParseTuple "UOnnU" (decode) or "UUnnU" (encode). */
function checkUnicodeErrorArgs(decode: boolean, args: PyValue[]): void {
  if (args.length !== 5) throw typeError(`function takes exactly 5 arguments (${args.length} given)`);
  const must = (i: number, ok: boolean, what: string) => {
    if (!ok) throw typeError(`argument ${i + 1} must be ${what}, not ${args[i] === null ? 'None' : typeName(args[i])}`);
  };
  must(0, typeof args[0] === 'string', 'str');
  if (decode) {
    if (!(args[1] instanceof PyBytes)) throw typeError(`a bytes-like object is required, not '${typeName(args[1])}'`);
  } else must(1, typeof args[1] === 'string', 'str');
  for (const i of [2, 3]) {
    if (asIndex(args[i]) === undefined) throw typeError(`'${typeName(args[i])}' object cannot be interpreted as an integer`);
  }
  must(4, typeof args[4] === 'string', 'str');
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** UnicodeDecodeError.__str__ / UnicodeEncodeError.__str__ */
function unicodeErrorStr(e: PyExceptionInstance): string {
  const a = e.attrs;
  const encoding = a.get('encoding') as string;
  const object = a.get('object') as PyValue;
  const reason = a.get('reason') as string;
  const start = Number(asIndex(a.get('start')!));
  const end = Number(asIndex(a.get('end')!));
  if (object instanceof PyBytes) {
    const data = object.data;
    const s = Math.max(0, Math.min(start, data.length - 1));
    const en = Math.max(s + 1, Math.min(end, data.length));
    if (s < data.length && en === s + 1) return `'${encoding}' codec can't decode byte 0x${hex(data[s], 2)} in position ${s}: ${reason}`;
    return `'${encoding}' codec can't decode bytes in position ${s}-${en - 1}: ${reason}`;
  }
  const cps = Array.from(object as string, (c) => c.codePointAt(0)!);
  const s = Math.max(0, Math.min(start, cps.length - 1));
  const en = Math.max(s + 1, Math.min(end, cps.length));
  if (s < cps.length && en === s + 1) {
    const cp = cps[s];
    const esc = cp <= 0xff ? `\\x${hex(cp, 2)}` : cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    return `'${encoding}' codec can't encode character '${esc}' in position ${s}: ${reason}`;
  }
  return `'${encoding}' codec can't encode characters in position ${s}-${en - 1}: ${reason}`;
}
