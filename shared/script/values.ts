// Runtime values of the playground's Python subset.
//
// Python values map onto JavaScript as follows, so most values need no wrapper:
//   None -> null, bool -> boolean, int -> bigint (Python ints are unbounded),
//   float -> number, str -> string (Python semantics: indexing and len by code point),
//   bytes / bytearray -> PyBytes, tuple -> PyTuple, anything else -> a PyObject subclass.
// This module is shared by the interpreter (shared/) and the engine's socket module
// (electron/engine/), so it has no Node, Electron or DOM dependency.

export type PyValue = null | boolean | bigint | number | string | PyBytes | PyTuple | PyObject;

/** bytes (immutable) or bytearray (mutable). */
export class PyBytes {
  constructor(
    readonly data: Uint8Array,
    readonly mutable = false,
  ) {}
  get typeName(): string {
    return this.mutable ? 'bytearray' : 'bytes';
  }
}

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** What a call receives besides its arguments. */
export interface CallContext {
  /** Aborted when the step is interrupted (KeyboardInterrupt) or runs past the step timeout. */
  readonly signal: AbortSignal;
  /** Appends to the step's captured standard output. */
  stdout(text: string): void;
}

export type Kwargs = ReadonlyMap<string, PyValue>;
export type NativeImpl = (args: PyValue[], kwargs: Kwargs, ctx: CallContext) => PyValue | Promise<PyValue>;

/** Base of every object that is not a plain data value. */
export abstract class PyObject {
  /** type(x).__name__ */
  abstract readonly typeName: string;
  abstract repr(): string;
  /** str(x); defaults to repr(x) as in Python. */
  str(): string {
    return this.repr();
  }
  /** Attribute lookup; undefined means AttributeError. */
  getAttr(_name: string): PyValue | undefined {
    return undefined;
  }
  /** Attribute names, for `from module import *` and completion. */
  attrNames(): string[] {
    return [];
  }
  /** Present on callable objects. */
  call?(args: PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue | Promise<PyValue>;
  /** Present on int-like objects (IntEnum members): their value as an int. */
  intValue?(): bigint;
}

/** A built-in function, such as print or socket.create_connection. */
export class PyFunction extends PyObject {
  readonly typeName: string = 'builtin_function_or_method';
  constructor(
    readonly name: string,
    readonly impl: NativeImpl,
    private readonly reprText = `<built-in function ${name}>`,
    /** For a bound method: the object it is bound to, which it keeps alive. */
    readonly boundTo?: PyObject,
  ) {
    super();
  }
  repr(): string {
    return this.reprText;
  }
  override getAttr(attr: string): PyValue | undefined {
    return attr === '__name__' ? this.name : undefined;
  }
  override call(args: PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue | Promise<PyValue> {
    return this.impl(args, kwargs, ctx);
  }
}

let fakeAddressCounter = 0x7f3a1c000000;
/** A made-up object address for reprs such as `<built-in method recv of socket object at 0x...>`. */
export function fakeAddress(): string {
  fakeAddressCounter += 0x70;
  return '0x' + fakeAddressCounter.toString(16);
}

export class PyModule extends PyObject {
  readonly typeName = 'module';
  constructor(
    readonly name: string,
    readonly attrs: Map<string, PyValue>,
    private readonly reprText = `<module '${name}' (built-in)>`,
  ) {
    super();
  }
  repr(): string {
    return this.reprText;
  }
  override getAttr(name: string): PyValue | undefined {
    return this.attrs.get(name) ?? (name === '__name__' ? this.name : undefined);
  }
  override attrNames(): string[] {
    return [...this.attrs.keys()];
  }
}

/**
 * What calling a class that constructs does: one function for all of them. A class
 * made anew with each session (socket.socket) otherwise gave every session's
 * calls a function of their own, and code compiled for the calls of one session
 * was thrown away at the first call of the next.
 */
function callConstruct(this: PyClass, args: PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue | Promise<PyValue> {
  return this.construct!(args, kwargs, ctx);
}

/** Classes that exist once per process, by qualified name: the built-in exceptions (see exceptions.ts). */
const sharedClasses = new Map<string, PyClass>();

/** Makes `new PyClass(cls.qualifiedName)` (with no constructor) give `cls` itself. */
export function registerSharedClass(cls: PyClass): void {
  sharedClasses.set(cls.qualifiedName, cls);
}

/** A class object, such as socket.socket or OSError; calling it constructs an instance. */
export class PyClass extends PyObject {
  readonly typeName = 'type';
  constructor(
    readonly qualifiedName: string,
    readonly construct?: NativeImpl,
  ) {
    super();
    // The socket module makes socket.error as `new PyClass('OSError')`: that is the
    // built-in OSError itself, so that `socket.error is OSError`, as in CPython.
    const shared = construct ? undefined : sharedClasses.get(qualifiedName);
    if (shared) return shared;
    if (construct) this.call = callConstruct;
  }
  repr(): string {
    return `<class '${this.qualifiedName}'>`;
  }
  /** cls.__name__ and cls.__qualname__. */
  override getAttr(name: string): PyValue | undefined {
    if (name === '__name__' || name === '__qualname__') return this.qualifiedName.split('.').pop()!;
    return undefined;
  }
}

/** An enum class (AddressFamily, SocketKind, MsgFlag): Python shows it as `<enum 'Name'>` or `<flag 'Name'>`. */
export class PyEnumClass extends PyClass {
  constructor(
    qualifiedName: string,
    /** 'flag' for IntFlag classes (MsgFlag), which Python shows as `<flag 'MsgFlag'>`. */
    private readonly kind: 'enum' | 'flag' = 'enum',
  ) {
    super(qualifiedName);
  }
  /** The members by name, so that `AddressFamily.AF_INET` is the same member as `socket.AF_INET`. */
  readonly members = new Map<string, PyIntEnum>();
  override repr(): string {
    return `<${this.kind} '${this.qualifiedName}'>`;
  }
  override getAttr(name: string): PyValue | undefined {
    return this.members.get(name) ?? super.getAttr(name);
  }
}

/** A member of an IntEnum or IntFlag (AddressFamily.AF_INET, MsgFlag.MSG_PEEK): an int with a name. */
export class PyIntEnum extends PyObject {
  constructor(
    readonly typeName: string,
    readonly memberName: string,
    readonly value: bigint,
    /** The enum class, for type(): `<enum 'AddressFamily'>`. */
    readonly pyClass?: PyClass,
  ) {
    super();
    if (pyClass instanceof PyEnumClass) pyClass.members.set(memberName, this);
  }
  /** Enum's own attributes; int's methods are found by getAttribute(). */
  override getAttr(name: string): PyValue | undefined {
    if (name === 'name') return this.memberName;
    if (name === 'value') return this.value;
    return undefined;
  }
  repr(): string {
    return `<${this.typeName}.${this.memberName}: ${this.value}>`;
  }
  /** Python 3.11: IntEnum's str() is the int's. */
  override str(): string {
    return this.value.toString();
  }
  override intValue(): bigint {
    return this.value;
  }
}

/**
 * A Python exception crossing our code as a JS throw. `pyType` is the class name
 * (ConnectionRefusedError), `errno` the integer errno or null, `pyMessage` is str(exc).
 */
export class PyException extends Error {
  constructor(
    readonly pyType: string,
    readonly pyMessage: string,
    readonly errno: number | null = null,
  ) {
    super(`${pyType}: ${pyMessage}`);
    this.name = pyType;
  }
  /** The shape that crosses process and IPC boundaries. */
  toData(): PyErrorData {
    return { type: this.pyType, errno: this.errno, message: this.pyMessage };
  }
}

export interface PyErrorData {
  type: string;
  errno: number | null;
  message: string;
}

export const isInt = (v: PyValue): v is bigint => typeof v === 'bigint';
export const isStr = (v: PyValue): v is string => typeof v === 'string';
export const isBytes = (v: PyValue): v is PyBytes => v instanceof PyBytes;
export const isTuple = (v: PyValue): v is PyTuple => v instanceof PyTuple;

/** type(v).__name__ for any value. */
export function typeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'str';
  }
  if (v instanceof PyBytes) return v.typeName;
  if (v instanceof PyTuple) return 'tuple';
  return v.typeName;
}

/** The int value of an int, bool or int-like enum member, else undefined (what Python's __index__ accepts). */
export function asIndex(v: PyValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (v instanceof PyObject && v.intValue) return v.intValue();
  return undefined;
}

export function tuple(...items: PyValue[]): PyTuple {
  return new PyTuple(items);
}

export function bytesOf(data: Uint8Array): PyBytes {
  return new PyBytes(data, false);
}
