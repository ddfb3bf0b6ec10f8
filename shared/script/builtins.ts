// The built-in namespace of playground scripts: print, len, repr, str, int, bytes,
// bytearray and a few cheap extras, plus the type objects (int, str, ...) that
// type() returns and isinstance() accepts. Messages follow CPython 3.11.
import {
  checkPositional,
  clinic,
  exactlyOne,
  indexArg,
  strArg,
  typeError,
  valueError,
} from './args';
import { decode, encode } from './codecs';
import { BUILTIN_EXCEPTION_NAMES, OBJECT_CLASS, PyExceptionClass, PyExceptionInstance } from './exceptions';
import {
  BYTES_METHODS,
  FLOAT_METHODS,
  INT_METHODS,
  STR_METHODS,
  TUPLE_METHODS,
  attributeError,
  checkUnimplemented,
  fromHex,
  intFromBytes,
  type Method,
} from './methods';
import { parseFloatLiteral, parseIntLiteral } from './numbers';
import { compare, intToFloat, iterate, length, MAX_SEQUENCE_LENGTH, SSIZE_MAX, truthy } from './ops';
import { repr, str } from './repr';
import { PyStream } from './sys';
import {
  PyBytes,
  PyClass,
  PyEnumClass,
  PyException,
  PyFunction,
  PyModule,
  PyObject,
  PyTuple,
  asIndex,
  fakeAddress,
  typeName,
  type CallContext,
  type Kwargs,
  type NativeImpl,
  type PyValue,
} from './values';

// ---------------------------------------------------------------------------
// Calling

/** Calls a value as Python does: "'int' object is not callable" for non-callables. */
export function callValue(f: PyValue, args: PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue | Promise<PyValue> {
  if (f instanceof PyObject && f.call) return f.call(args, kwargs, ctx);
  if (f instanceof PyEnumClass) return enumCall(f, args, kwargs);
  if (f instanceof PyClass) throw typeError(`cannot create '${f.qualifiedName}' instances`);
  throw typeError(`'${typeName(f)}' object is not callable`);
}

/** EnumType.__call__ with one value: the member with that value (AddressFamily(2) is AF_INET). */
function enumCall(cls: PyEnumClass, args: PyValue[], kwargs: Kwargs): PyValue {
  const given = [...args];
  for (const [key, value] of kwargs) {
    if (key !== 'value' || given.length > 0) throw typeError(`EnumType.__call__() got an unexpected keyword argument '${key}'`);
    given.push(value);
  }
  if (given.length === 0) throw typeError("EnumType.__call__() missing 1 required positional argument: 'value'");
  if (given.length > 1) throw new PyException('NotImplementedError', 'creating enum classes is not available in playground scripts');
  const value = given[0];
  // The first member with an equal value (2.0 and True count, as dict lookups do); aliases come later.
  const key = typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : asIndex(value);
  if (key !== undefined) {
    for (const member of cls.members.values()) if (member.value === key) return member;
  }
  throw valueError(`${repr(value)} is not a valid ${cls.qualifiedName.split('.').pop()}`);
}

// ---------------------------------------------------------------------------
// Type objects

/** An unbound method of a built-in type, as `str.upper`: `<method 'upper' of 'str' objects>`. */
class MethodDescriptor extends PyFunction {
  override readonly typeName = 'method_descriptor';
  constructor(owner: string, name: string, method: Method<never>, accepts: (v: PyValue) => unknown) {
    super(
      name,
      (args, kwargs, ctx) => {
        if (args.length === 0) throw typeError(`unbound method ${owner}.${name}() needs an argument`);
        const self = args[0];
        const converted = accepts(self);
        if (converted === undefined) {
          throw typeError(`descriptor '${name}' for '${owner}' objects doesn't apply to a '${typeName(self)}' object`);
        }
        return (method as Method<unknown>)(converted, args.slice(1), kwargs, ctx);
      },
      `<method '${name}' of '${owner}' objects>`,
    );
  }
}

interface BuiltinTypeSpec {
  /** Whether a value is an instance (subclasses included: bool is an int). */
  isInstance: (v: PyValue) => boolean;
  construct?: NativeImpl;
  /** Methods reachable unbound through the class (str.upper). */
  methods?: Record<string, Method<never>>;
  /** Converts an instance to what its methods receive, undefined if not an instance. */
  self?: (v: PyValue) => unknown;
  /** Class-level attributes (int.from_bytes, bytes.fromhex). */
  classAttrs?: Record<string, PyValue>;
}

/** A built-in class such as int or bytes: callable, usable with isinstance(), with class attributes. */
export class BuiltinType extends PyClass {
  private readonly descriptors = new Map<string, MethodDescriptor>();
  constructor(
    readonly name: string,
    private readonly spec: BuiltinTypeSpec,
  ) {
    super(name, spec.construct);
  }
  isInstance(v: PyValue): boolean {
    return this.spec.isInstance(v);
  }
  override getAttr(name: string): PyValue | undefined {
    const cls = this.spec.classAttrs;
    if (cls && Object.prototype.hasOwnProperty.call(cls, name)) return cls[name];
    const methods = this.spec.methods;
    if (methods && Object.prototype.hasOwnProperty.call(methods, name)) {
      let d = this.descriptors.get(name);
      if (!d) {
        d = new MethodDescriptor(this.name, name, methods[name], this.spec.self ?? ((v) => (this.isInstance(v) ? v : undefined)));
        this.descriptors.set(name, d);
      }
      return d;
    }
    const own = super.getAttr(name);
    if (own !== undefined) return own;
    checkUnimplemented(this.name, name);
    return undefined;
  }
  override attrNames(): string[] {
    return [...Object.keys(this.spec.classAttrs ?? {}), ...Object.keys(this.spec.methods ?? {})];
  }
}

/** A class method such as int.from_bytes: `<built-in method from_bytes of type object at 0x...>`. */
function classMethod(name: string, impl: NativeImpl): PyFunction {
  return new PyFunction(name, impl, `<built-in method ${name} of type object at ${fakeAddress()}>`);
}

// --- int ---

function intConstruct(args: PyValue[], kwargs: Kwargs): PyValue {
  const [x, baseArg] = clinic('int', { params: ['x', 'base'], positionalOnly: 1 }, args, kwargs);
  if (x === undefined) {
    if (baseArg !== undefined) throw typeError('int() missing string argument');
    return 0n;
  }
  if (baseArg !== undefined) {
    const base = indexArg(baseArg);
    if (base !== 0n && (base < 2n || base > 36n)) throw valueError('int() base must be >= 2 and <= 36, or 0');
    if (typeof x !== 'string' && !(x instanceof PyBytes)) throw typeError("int() can't convert non-string with explicit base");
    return parseIntLiteral(x, Number(base));
  }
  if (typeof x === 'string' || x instanceof PyBytes) return parseIntLiteral(x, 10);
  if (typeof x === 'number') {
    if (Number.isNaN(x)) throw valueError('cannot convert float NaN to integer');
    if (!Number.isFinite(x)) throw new PyException('OverflowError', 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(x));
  }
  const i = asIndex(x);
  if (i !== undefined) return i;
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(x)}'`);
}

// --- float ---

function floatConstruct(args: PyValue[], kwargs: Kwargs): PyValue {
  checkPositional('float', 'float', 0, 1, args, kwargs);
  if (args.length === 0) return 0;
  const x = args[0];
  if (typeof x === 'number') return x;
  if (typeof x === 'string' || x instanceof PyBytes) return parseFloatLiteral(x);
  const i = asIndex(x);
  if (i !== undefined) return intToFloat(i);
  throw typeError(`float() argument must be a string or a real number, not '${typeName(x)}'`);
}

// --- str ---

function strConstruct(args: PyValue[], kwargs: Kwargs): PyValue {
  const [object, encoding, errors] = clinic('str', { params: ['object', 'encoding', 'errors'] }, args, kwargs);
  const enc = encoding === undefined ? undefined : strArg('str', 'encoding', encoding);
  const err = errors === undefined ? undefined : strArg('str', 'errors', errors);
  if (object === undefined) return '';
  if (enc === undefined && err === undefined) return str(object);
  if (typeof object === 'string') throw typeError('decoding str is not supported');
  if (!(object instanceof PyBytes)) throw typeError(`decoding to str: need a bytes-like object, ${typeName(object)} found`);
  return decode(object.data, enc ?? 'utf-8', err ?? 'strict');
}

// --- bytes / bytearray ---

function bytesConstruct(mutable: boolean): NativeImpl {
  const name = mutable ? 'bytearray' : 'bytes';
  return (args, kwargs) => {
    const [source, encoding, errors] = clinic(name, { params: ['source', 'encoding', 'errors'] }, args, kwargs);
    const enc = encoding === undefined ? undefined : strArg(name, 'encoding', encoding);
    const err = errors === undefined ? undefined : strArg(name, 'errors', errors);
    const make = (data: Uint8Array) => new PyBytes(data, mutable);
    if (typeof source === 'string') {
      if (enc === undefined) throw typeError('string argument without an encoding');
      return make(encode(source, enc, err ?? 'strict'));
    }
    if (enc !== undefined) throw typeError('encoding without a string argument');
    if (err !== undefined) throw typeError('errors without a string argument');
    if (source === undefined) return make(new Uint8Array(0));
    const count = asIndex(source);
    if (count !== undefined) {
      if (count < 0n) throw valueError('negative count');
      if (count > SSIZE_MAX) throw new PyException('OverflowError', "cannot fit 'int' into an index-sized integer");
      if (count > BigInt(MAX_SEQUENCE_LENGTH)) throw new PyException('MemoryError', '');
      return make(new Uint8Array(Number(count)));
    }
    // bytes(b) of a bytes object is that object, as in CPython.
    if (source instanceof PyBytes) return !mutable && !source.mutable ? source : make(source.data.slice());
    if (source instanceof PyTuple) {
      const rangeMessage = mutable ? 'byte must be in range(0, 256)' : 'bytes must be in range(0, 256)';
      return make(
        Uint8Array.from(source.items, (item) => {
          const i = indexArg(item);
          if (i < 0n || i > 255n) throw valueError(rangeMessage);
          return Number(i);
        }),
      );
    }
    throw typeError(`cannot convert '${typeName(source)}' object to ${name}`);
  };
}

// --- tuple, bool, type ---

function tupleConstruct(args: PyValue[], kwargs: Kwargs): PyValue {
  checkPositional('tuple', 'tuple', 0, 1, args, kwargs);
  if (args.length === 0) return new PyTuple([]);
  if (args[0] instanceof PyTuple) return args[0];
  const items = iterate(args[0]);
  if (items === undefined) throw typeError(`'${typeName(args[0])}' object is not iterable`);
  return new PyTuple(items);
}

function boolConstruct(args: PyValue[], kwargs: Kwargs): PyValue {
  checkPositional('bool', 'bool', 0, 1, args, kwargs);
  return args.length === 0 ? false : truthy(args[0]);
}

function typeConstruct(args: PyValue[], kwargs: Kwargs): PyValue {
  if (args.length === 3 && kwargs.size === 0) {
    throw new PyException('NotImplementedError', 'type() with three arguments (creating a class) is not available in playground scripts');
  }
  if (args.length !== 1 || kwargs.size > 0) throw typeError('type() takes 1 or 3 arguments');
  return typeOf(args[0]);
}

export const INT_TYPE = new BuiltinType('int', {
  isInstance: (v) => asIndex(v) !== undefined,
  construct: intConstruct,
  methods: INT_METHODS as Record<string, Method<never>>,
  self: (v) => asIndex(v),
  classAttrs: {
    from_bytes: classMethod('from_bytes', (args, kwargs) => intFromBytes(args, kwargs)),
  },
});
export const BOOL_TYPE = new BuiltinType('bool', {
  isInstance: (v) => typeof v === 'boolean',
  construct: boolConstruct,
  methods: INT_METHODS as Record<string, Method<never>>,
  self: (v) => (typeof v === 'boolean' ? (v ? 1n : 0n) : undefined),
});
export const FLOAT_TYPE = new BuiltinType('float', {
  isInstance: (v) => typeof v === 'number',
  construct: floatConstruct,
  methods: FLOAT_METHODS as Record<string, Method<never>>,
});
export const STR_TYPE = new BuiltinType('str', {
  isInstance: (v) => typeof v === 'string',
  construct: strConstruct,
  methods: STR_METHODS as Record<string, Method<never>>,
});
export const BYTES_TYPE = new BuiltinType('bytes', {
  isInstance: (v) => v instanceof PyBytes && !v.mutable,
  construct: bytesConstruct(false),
  methods: BYTES_METHODS as Record<string, Method<never>>,
  classAttrs: { fromhex: classMethod('fromhex', (args, kwargs) => fromHex('bytes', args, kwargs)) },
});
export const BYTEARRAY_TYPE = new BuiltinType('bytearray', {
  isInstance: (v) => v instanceof PyBytes && v.mutable,
  construct: bytesConstruct(true),
  methods: BYTES_METHODS as Record<string, Method<never>>,
  classAttrs: { fromhex: classMethod('fromhex', (args, kwargs) => fromHex('bytearray', args, kwargs)) },
});
export const TUPLE_TYPE = new BuiltinType('tuple', {
  isInstance: (v) => v instanceof PyTuple,
  construct: tupleConstruct,
  methods: TUPLE_METHODS as Record<string, Method<never>>,
});
export const NONE_TYPE = new BuiltinType('NoneType', {
  isInstance: (v) => v === null,
  construct: (args, kwargs) => {
    if (args.length > 0 || kwargs.size > 0) throw typeError('NoneType takes no arguments');
    return null;
  },
});
export const TYPE_TYPE = new BuiltinType('type', { isInstance: (v) => v instanceof PyClass, construct: typeConstruct });
const FUNCTION_TYPE = new BuiltinType('builtin_function_or_method', {
  isInstance: (v) => v instanceof PyFunction && v.typeName === 'builtin_function_or_method',
});
const MODULE_TYPE = new BuiltinType('module', { isInstance: (v) => v instanceof PyModule });

const BUILTIN_TYPES = [BOOL_TYPE, INT_TYPE, FLOAT_TYPE, STR_TYPE, BYTES_TYPE, BYTEARRAY_TYPE, TUPLE_TYPE, NONE_TYPE, TYPE_TYPE, FUNCTION_TYPE, MODULE_TYPE];

/** Objects may name their class (e.g. a socket's socket.socket) through a `pyClass` property. */
interface HasPyClass {
  pyClass?: unknown;
}

const otherTypes = new Map<string, PyClass>();

/** type(v). */
export function typeOf(v: PyValue): PyClass {
  if (v instanceof PyObject) {
    const declared = (v as HasPyClass).pyClass;
    if (declared instanceof PyClass) return declared;
  }
  const name = typeName(v);
  const builtin = BUILTIN_TYPES.find((t) => t.name === name);
  if (builtin && builtin.isInstance(v)) return builtin;
  let cls = otherTypes.get(name);
  if (!cls) {
    cls = new PyClass(name);
    otherTypes.set(name, cls);
  }
  return cls;
}

/** isinstance(v, cls) for one class. */
function isInstanceOf(v: PyValue, cls: PyClass): boolean {
  if (cls === OBJECT_CLASS) return true;
  if (v instanceof PyExceptionInstance) return v.isInstanceOf(cls);
  if (cls instanceof PyExceptionClass) return false;
  if (cls instanceof BuiltinType) return cls.isInstance(v);
  if (typeOf(v) === cls) return true;
  // Without a declared pyClass, an object is taken to be an instance of a class with its type's name.
  const short = cls.qualifiedName.split('.').pop();
  return v instanceof PyObject && !(v as HasPyClass).pyClass && short === v.typeName;
}

/** issubclass(sub, cls) for one class. */
function isSubclassOf(sub: PyClass, cls: PyClass): boolean {
  if (sub === cls || cls === OBJECT_CLASS) return true;
  if (sub instanceof PyExceptionClass) return sub.isSubclassOf(cls);
  // bool and the IntEnum / IntFlag classes (AddressFamily...) are ints.
  if (cls === INT_TYPE) return sub === BOOL_TYPE || sub instanceof PyEnumClass;
  return false;
}

function isSubclassCheck(sub: PyClass, spec: PyValue): boolean {
  if (spec instanceof PyClass) return isSubclassOf(sub, spec);
  if (spec instanceof PyTuple) {
    for (const item of spec.items) if (isSubclassCheck(sub, item)) return true;
    return false;
  }
  throw typeError('issubclass() arg 2 must be a class, a tuple of classes, or a union');
}

function issubclass(args: PyValue[], kwargs: Kwargs): PyValue {
  checkPositional('issubclass', 'issubclass', 2, 2, args, kwargs);
  const sub = args[0];
  if (!(sub instanceof PyClass)) throw typeError('issubclass() arg 1 must be a class');
  return isSubclassCheck(sub, args[1]);
}

function isInstanceCheck(v: PyValue, spec: PyValue): boolean {
  if (spec instanceof PyClass) return isInstanceOf(v, spec);
  if (spec instanceof PyTuple) {
    for (const item of spec.items) if (isInstanceCheck(v, item)) return true;
    return false;
  }
  throw typeError('isinstance() arg 2 must be a type, a tuple of types, or a union');
}

// ---------------------------------------------------------------------------
// Functions

function print(args: PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  let sep = ' ';
  let end = '\n';
  let stream: PyStream | null = null;
  for (const [key, value] of kwargs) {
    switch (key) {
      case 'sep':
      case 'end':
        if (value !== null && typeof value !== 'string') throw typeError(`${key} must be None or a string, not ${typeName(value)}`);
        if (value !== null) {
          if (key === 'sep') sep = value;
          else end = value;
        }
        break;
      case 'file':
        // The streams of the sys module are the only files a playground script has.
        if (value instanceof PyStream) stream = value;
        else if (value !== null) throw attributeError(value, 'write');
        break;
      case 'flush':
        break;
      default:
        throw typeError(`'${key}' is an invalid keyword argument for print()`);
    }
  }
  const text = args.map(str).join(sep) + end;
  if (stream) stream.emit(text, ctx);
  else ctx.stdout(text);
  return null;
}

function len(args: PyValue[], kwargs: Kwargs): PyValue {
  const v = exactlyOne('len', args, kwargs);
  const n = length(v);
  if (n === undefined) throw typeError(`object of type '${typeName(v)}' has no len()`);
  return BigInt(n);
}

function ord(args: PyValue[], kwargs: Kwargs): PyValue {
  const c = exactlyOne('ord', args, kwargs);
  if (typeof c === 'string') {
    const chars = Array.from(c);
    if (chars.length !== 1) throw typeError(`ord() expected a character, but string of length ${chars.length} found`);
    return BigInt(c.codePointAt(0)!);
  }
  if (c instanceof PyBytes) {
    if (c.data.length !== 1) throw typeError(`ord() expected a character, but string of length ${c.data.length} found`);
    return BigInt(c.data[0]);
  }
  throw typeError(`ord() expected string of length 1, but ${typeName(c)} found`);
}

const C_INT_MAX = 2n ** 31n - 1n;
const C_INT_MIN = -(2n ** 31n);
const MAX_CODE_POINT = 0x10ffff;

function chr(args: PyValue[], kwargs: Kwargs): PyValue {
  const i = indexArg(exactlyOne('chr', args, kwargs));
  if (i > C_INT_MAX || i < C_INT_MIN) throw new PyException('OverflowError', 'Python int too large to convert to C int');
  if (i < 0n || i > BigInt(MAX_CODE_POINT)) throw valueError('chr() arg not in range(0x110000)');
  return String.fromCodePoint(Number(i));
}

function radixFormatter(name: string, radix: number, prefix: string): NativeImpl {
  return (args, kwargs) => {
    const i = indexArg(exactlyOne(name, args, kwargs));
    return (i < 0n ? '-' : '') + prefix + (i < 0n ? -i : i).toString(radix);
  };
}

function abs(args: PyValue[], kwargs: Kwargs): PyValue {
  const x = exactlyOne('abs', args, kwargs);
  if (typeof x === 'number') return Math.abs(x);
  const i = asIndex(x);
  if (i === undefined) throw typeError(`bad operand type for abs(): '${typeName(x)}'`);
  return i < 0n ? -i : i;
}

function minMax(name: 'min' | 'max'): NativeImpl {
  const op = name === 'min' ? '<' : '>';
  return async (args, kwargs, ctx) => {
    let key: PyValue = null;
    let dflt: PyValue | undefined;
    for (const [k, v] of kwargs) {
      if (k === 'key') key = v;
      else if (k === 'default') dflt = v;
      else throw typeError(`'${k}' is an invalid keyword argument for ${name}()`);
    }
    if (args.length === 0) throw typeError(`${name} expected at least 1 argument, got 0`);
    let items: PyValue[];
    if (args.length === 1) {
      const it = iterate(args[0]);
      if (it === undefined) throw typeError(`'${typeName(args[0])}' object is not iterable`);
      items = it;
    } else {
      if (dflt !== undefined) throw typeError(`Cannot specify a default for ${name}() with multiple positional arguments`);
      items = args;
    }
    if (items.length === 0) {
      if (dflt !== undefined) return dflt;
      throw valueError(`${name}() arg is an empty sequence`);
    }
    let best = items[0];
    let bestKey = key === null ? best : await callValue(key, [best], new Map(), ctx);
    for (const item of items.slice(1)) {
      const k = key === null ? item : await callValue(key, [item], new Map(), ctx);
      if (compare(op, k, bestKey)) {
        best = item;
        bestKey = k;
      }
    }
    return best;
  };
}

function isinstance(args: PyValue[], kwargs: Kwargs): PyValue {
  checkPositional('isinstance', 'isinstance', 2, 2, args, kwargs);
  return isInstanceCheck(args[0], args[1]);
}

const fn = (name: string, impl: NativeImpl) => new PyFunction(name, impl);

/** The built-in namespace: looked up after the script's globals. */
export function createBuiltins(): Map<string, PyValue> {
  return new Map<string, PyValue>([
    ['print', fn('print', print)],
    ['len', fn('len', len)],
    ['repr', fn('repr', (args, kwargs) => repr(exactlyOne('repr', args, kwargs)))],
    ['str', STR_TYPE],
    ['int', INT_TYPE],
    ['float', FLOAT_TYPE],
    ['bool', BOOL_TYPE],
    ['bytes', BYTES_TYPE],
    ['bytearray', BYTEARRAY_TYPE],
    ['tuple', TUPLE_TYPE],
    ['type', TYPE_TYPE],
    ['isinstance', fn('isinstance', isinstance)],
    ['issubclass', fn('issubclass', issubclass)],
    ['ord', fn('ord', ord)],
    ['chr', fn('chr', chr)],
    ['hex', fn('hex', radixFormatter('hex', 16, '0x'))],
    ['oct', fn('oct', radixFormatter('oct', 8, '0o'))],
    ['bin', fn('bin', radixFormatter('bin', 2, '0b'))],
    ['abs', fn('abs', abs)],
    ['min', fn('min', minMax('min'))],
    ['max', fn('max', minMax('max'))],
    ...BUILTIN_EXCEPTION_NAMES,
  ]);
}

/**
 * Names CPython 3.11's builtins module has that playground scripts lack: using one
 * raises NotImplementedError saying so, rather than a NameError CPython would not raise.
 */
export const UNAVAILABLE_BUILTINS = new Set([
  'Ellipsis', 'NotImplemented', 'aiter', 'all', 'anext', 'any', 'ascii', 'breakpoint', 'callable', 'classmethod',
  'compile', 'complex', 'copyright', 'credits', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval', 'exec',
  'exit', 'filter', 'format', 'frozenset', 'getattr', 'globals', 'hasattr', 'hash', 'help', 'id', 'input', 'iter',
  'license', 'list', 'locals', 'map', 'memoryview', 'next', 'object', 'open', 'pow', 'property', 'quit', 'range',
  'reversed', 'round', 'set', 'setattr', 'slice', 'sorted', 'staticmethod', 'sum', 'super', 'vars', 'zip',
]);

