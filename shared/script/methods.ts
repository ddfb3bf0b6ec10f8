// Methods of the built-in value types (str, bytes, bytearray, int, bool, float, tuple)
// and attribute lookup on any value, with CPython 3.11's reprs and error messages.
import {
  adjustIndices,
  bytesLikeArg,
  checkPositional,
  clinic,
  clinicTypeName,
  exactlyOne,
  indexArg,
  noArgs,
  parseTuple,
  sliceBoundArg,
  strArg,
  typeError,
  valueError,
} from './args';
import { decode, encode } from './codecs';
import { eq, isSame, iterate, MAX_SEQUENCE_LENGTH, truthy } from './ops';
import { codePointLength, decimalValue, isDigit, isPrintable, isSpace } from './unicode';
import {
  PyBytes,
  PyClass,
  PyEnumClass,
  PyException,
  PyFunction,
  PyModule,
  PyIntEnum,
  PyObject,
  PyTuple,
  asIndex,
  fakeAddress,
  typeName,
  type CallContext,
  type Kwargs,
  type PyValue,
} from './values';

/** A method implementation, receiving its bound object. */
export type Method<T> = (self: T, args: PyValue[], kwargs: Kwargs, ctx: CallContext) => PyValue | Promise<PyValue>;

// ---------------------------------------------------------------------------
// Sequences of code points / bytes: one implementation of find, count, replace...

type Units = ArrayLike<number>;

const strUnits = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0)!);

/** Builds a string from code points in chunks (spreading huge arrays overflows the stack). */
function unitsToStr(units: Units): string {
  const CHUNK = 0x4000;
  let out = '';
  for (let i = 0; i < units.length; i += CHUNK) {
    out += String.fromCodePoint(...Array.prototype.slice.call(units, i, i + CHUNK));
  }
  return out;
}

function matchesAt(hay: Units, needle: Units, at: number): boolean {
  for (let j = 0; j < needle.length; j++) if (hay[at + j] !== needle[j]) return false;
  return true;
}

/** str.find / rfind semantics on units; -1 when absent. */
function findUnits(hay: Units, needle: Units, start: number | null, end: number | null, reverse: boolean): number {
  const [s, e] = adjustIndices(start, end, hay.length);
  if (e - s < needle.length) return -1;
  if (needle.length === 0) return reverse ? e : s;
  if (reverse) {
    for (let i = e - needle.length; i >= s; i--) if (matchesAt(hay, needle, i)) return i;
  } else {
    for (let i = s; i + needle.length <= e; i++) if (matchesAt(hay, needle, i)) return i;
  }
  return -1;
}

function countUnits(hay: Units, needle: Units, start: number | null, end: number | null): number {
  const [s, e] = adjustIndices(start, end, hay.length);
  if (e - s < needle.length) return 0;
  if (needle.length === 0) return e - s + 1;
  let n = 0;
  for (let i = s; i + needle.length <= e; ) {
    if (matchesAt(hay, needle, i)) {
      n++;
      i += needle.length;
    } else i++;
  }
  return n;
}

/** tailmatch(): startswith (direction -1) / endswith (+1) within [start, end). */
function tailMatch(hay: Units, needle: Units, start: number | null, end: number | null, atEnd: boolean): boolean {
  const [s, e] = adjustIndices(start, end, hay.length);
  if (e - needle.length < s) return false;
  if (needle.length === 0) return true;
  return matchesAt(hay, needle, atEnd ? e - needle.length : s);
}

function replaceUnits(hay: Units, old: Units, rep: Units, count: number): number[] {
  const out: number[] = [];
  const limit = count < 0 ? Infinity : count;
  let done = 0;
  const push = (u: Units) => {
    for (let k = 0; k < u.length; k++) out.push(u[k]);
  };
  if (old.length === 0) {
    // An empty pattern matches before every unit and at the end.
    for (let i = 0; i <= hay.length; i++) {
      if (done < limit) {
        push(rep);
        done++;
      }
      if (i < hay.length) out.push(hay[i]);
      if (out.length > MAX_SEQUENCE_LENGTH) throw new PyException('MemoryError', '');
    }
    return out;
  }
  let i = 0;
  while (i < hay.length) {
    if (done < limit && i + old.length <= hay.length && matchesAt(hay, old, i)) {
      push(rep);
      done++;
      i += old.length;
    } else out.push(hay[i++]);
    if (out.length > MAX_SEQUENCE_LENGTH) throw new PyException('MemoryError', '');
  }
  return out;
}

function stripUnits(hay: Units, strip: (u: number) => boolean, left: boolean, right: boolean): [number, number] {
  let s = 0;
  let e = hay.length;
  if (left) while (s < e && strip(hay[s])) s++;
  if (right) while (e > s && strip(hay[e - 1])) e--;
  return [s, e];
}

// ---------------------------------------------------------------------------
// str

const STRIP_KIND = { strip: [true, true], lstrip: [true, false], rstrip: [false, true] } as const;

function strStrip(kind: keyof typeof STRIP_KIND): Method<string> {
  return (self, args, kwargs) => {
    checkPositional(kind, `str.${kind}`, 0, 1, args, kwargs);
    const chars = args[0] ?? null;
    if (chars !== null && typeof chars !== 'string') throw typeError(`${kind} arg must be None or str`);
    const set = chars === null ? null : new Set(strUnits(chars));
    const units = strUnits(self);
    const [s, e] = stripUnits(units, set ? (u) => set.has(u) : isSpace, STRIP_KIND[kind][0], STRIP_KIND[kind][1]);
    return unitsToStr(units.slice(s, e));
  };
}

function strTailMatch(name: 'startswith' | 'endswith'): Method<string> {
  return (self, args, kwargs) => {
    parseTuple(name, `str.${name}`, 1, 3, args, kwargs);
    const start = sliceBoundArg(args[1]);
    const end = sliceBoundArg(args[2]);
    const hay = strUnits(self);
    const prefix = args[0];
    if (prefix instanceof PyTuple) {
      for (const item of prefix.items) {
        if (typeof item !== 'string') throw typeError(`tuple for ${name} must only contain str, not ${typeName(item)}`);
        if (tailMatch(hay, strUnits(item), start, end, name === 'endswith')) return true;
      }
      return false;
    }
    if (typeof prefix !== 'string') throw typeError(`${name} first arg must be str or a tuple of str, not ${typeName(prefix)}`);
    return tailMatch(hay, strUnits(prefix), start, end, name === 'endswith');
  };
}

type FindKind = 'find' | 'rfind' | 'index' | 'rindex' | 'count';

function strFind(kind: FindKind): Method<string> {
  return (self, args, kwargs) => {
    parseTuple(kind, `str.${kind}`, 1, 3, args, kwargs);
    const sub = args[0];
    if (typeof sub !== 'string') throw typeError(`must be str, not ${typeName(sub)}`);
    const start = sliceBoundArg(args[1]);
    const end = sliceBoundArg(args[2]);
    if (kind === 'count') return BigInt(countUnits(strUnits(self), strUnits(sub), start, end));
    const i = findUnits(strUnits(self), strUnits(sub), start, end, kind.startsWith('r'));
    if (i < 0 && (kind === 'index' || kind === 'rindex')) throw valueError('substring not found');
    return BigInt(i);
  };
}

function strPredicate(name: string, test: (cp: number) => boolean): Method<string> {
  return (self, args, kwargs) => {
    noArgs(`str.${name}`, args, kwargs);
    if (self.length === 0) return name === 'isascii' || name === 'isprintable';
    for (const ch of self) if (!test(ch.codePointAt(0)!)) return false;
    return true;
  };
}

function strAffix(name: 'removeprefix' | 'removesuffix'): Method<string> {
  return (self, args, kwargs) => {
    const affix = exactlyOne(`str.${name}`, args, kwargs);
    if (typeof affix !== 'string') throw typeError(`${name}() argument must be str, not ${clinicTypeName(affix)}`);
    if (affix === '') return self;
    if (name === 'removeprefix') return self.startsWith(affix) ? self.slice(affix.length) : self;
    return self.endsWith(affix) ? self.slice(0, self.length - affix.length) : self;
  };
}

// --- padding and partition, shared by str and bytes ---

const SSIZE_MAX_BIG = 2n ** 63n - 1n;

/** A width argument (Py_ssize_t): OverflowError past 64 bits. */
function widthArg(v: PyValue): number {
  const i = indexArg(v);
  if (i > SSIZE_MAX_BIG || i < -SSIZE_MAX_BIG - 1n) throw new PyException('OverflowError', 'Python int too large to convert to C ssize_t');
  return Number(i);
}

type PadKind = 'ljust' | 'rjust' | 'center';

/** CPython's pad(): the fill goes right, left, or both (the odd one left when width and margin are odd). */
function padUnits(units: number[], width: number, fill: number, kind: PadKind): number[] {
  const margin = width - units.length;
  if (margin <= 0) return units;
  if (width > MAX_SEQUENCE_LENGTH) throw new PyException('MemoryError', '');
  const left = kind === 'ljust' ? 0 : kind === 'rjust' ? margin : Math.floor(margin / 2) + (margin & width & 1);
  return [...new Array<number>(left).fill(fill), ...units, ...new Array<number>(margin - left).fill(fill)];
}

/** zfill(): zeros after a leading sign. */
function zfillUnits(units: number[], width: number): number[] {
  const margin = width - units.length;
  if (margin <= 0) return units;
  if (width > MAX_SEQUENCE_LENGTH) throw new PyException('MemoryError', '');
  const out = [...new Array<number>(margin).fill(0x30), ...units];
  if (units.length > 0 && (units[0] === 0x2b || units[0] === 0x2d)) {
    out[0] = units[0];
    out[margin] = 0x30;
  }
  return out;
}

function partitionUnits(hay: number[], sep: number[], reverse: boolean): [number[], number[], number[]] | undefined {
  if (sep.length === 0) throw valueError('empty separator');
  const i = findUnits(hay, sep, null, null, reverse);
  if (i < 0) return undefined;
  return [hay.slice(0, i), sep, hay.slice(i + sep.length)];
}

function strPad(kind: PadKind): Method<string> {
  return (self, args, kwargs) => {
    checkPositional(kind, `str.${kind}`, 1, 2, args, kwargs);
    const width = widthArg(args[0]);
    let fill = 0x20;
    if (args.length > 1) {
      const f = args[1];
      if (typeof f !== 'string') throw typeError(`The fill character must be a unicode character, not ${typeName(f)}`);
      if (codePointLength(f) !== 1) throw typeError('The fill character must be exactly one character long');
      fill = f.codePointAt(0)!;
    }
    return unitsToStr(padUnits(strUnits(self), width, fill, kind));
  };
}

function strPartition(reverse: boolean): Method<string> {
  return (self, args, kwargs) => {
    const sep = exactlyOne(`str.${reverse ? 'rpartition' : 'partition'}`, args, kwargs);
    if (typeof sep !== 'string') throw typeError(`must be str, not ${typeName(sep)}`);
    const parts = partitionUnits(strUnits(self), strUnits(sep), reverse);
    if (!parts) return reverse ? new PyTuple(['', '', self]) : new PyTuple([self, '', '']);
    return new PyTuple([unitsToStr(parts[0]), sep, unitsToStr(parts[2])]);
  };
}

export const STR_METHODS: Record<string, Method<string>> = {
  ljust: strPad('ljust'),
  rjust: strPad('rjust'),
  center: strPad('center'),
  zfill(self, args, kwargs) {
    const width = widthArg(exactlyOne('str.zfill', args, kwargs));
    return unitsToStr(zfillUnits(strUnits(self), width));
  },
  partition: strPartition(false),
  rpartition: strPartition(true),
  encode(self, args, kwargs) {
    const [encoding, errors] = clinic('encode', { params: ['encoding', 'errors'] }, args, kwargs);
    const enc = encoding === undefined ? 'utf-8' : strArg('encode', 'encoding', encoding);
    const err = errors === undefined ? 'strict' : strArg('encode', 'errors', errors);
    return new PyBytes(encode(self, enc, err));
  },
  upper(self, args, kwargs) {
    noArgs('str.upper', args, kwargs);
    return self.toUpperCase();
  },
  lower(self, args, kwargs) {
    noArgs('str.lower', args, kwargs);
    return self.toLowerCase();
  },
  strip: strStrip('strip'),
  lstrip: strStrip('lstrip'),
  rstrip: strStrip('rstrip'),
  startswith: strTailMatch('startswith'),
  endswith: strTailMatch('endswith'),
  find: strFind('find'),
  rfind: strFind('rfind'),
  index: strFind('index'),
  rindex: strFind('rindex'),
  count: strFind('count'),
  replace(self, args, kwargs) {
    checkPositional('replace', 'str.replace', 2, 3, args, kwargs);
    const [old, rep] = args;
    if (typeof old !== 'string') throw typeError(`replace() argument 1 must be str, not ${clinicTypeName(old)}`);
    if (typeof rep !== 'string') throw typeError(`replace() argument 2 must be str, not ${clinicTypeName(rep)}`);
    const count = args.length > 2 ? indexArg(args[2]) : -1n;
    const n = count < 0n ? -1 : count > BigInt(MAX_SEQUENCE_LENGTH) ? MAX_SEQUENCE_LENGTH : Number(count);
    return unitsToStr(replaceUnits(strUnits(self), strUnits(old), strUnits(rep), n));
  },
  join(self, args, kwargs) {
    const iterable = exactlyOne('str.join', args, kwargs);
    const items = iterate(iterable);
    if (items === undefined) throw typeError('can only join an iterable');
    items.forEach((item, i) => {
      if (typeof item !== 'string') throw typeError(`sequence item ${i}: expected str instance, ${typeName(item)} found`);
    });
    return (items as string[]).join(self);
  },
  isdigit: strPredicate('isdigit', isDigit),
  isdecimal: strPredicate('isdecimal', (cp) => decimalValue(cp) >= 0),
  isspace: strPredicate('isspace', isSpace),
  isascii: strPredicate('isascii', (cp) => cp < 0x80),
  isprintable: strPredicate('isprintable', isPrintable),
  removeprefix: strAffix('removeprefix'),
  removesuffix: strAffix('removesuffix'),
};

// ---------------------------------------------------------------------------
// bytes and bytearray

const ASCII_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);
const isAsciiUpper = (b: number) => b >= 0x41 && b <= 0x5a;
const isAsciiLower = (b: number) => b >= 0x61 && b <= 0x7a;
const isAsciiDigit = (b: number) => b >= 0x30 && b <= 0x39;
const ASCII_CASE_OFFSET = 0x20;

/** A result of the same type as the receiver (bytearray methods return bytearrays). */
const like = (self: PyBytes, data: Uint8Array) => new PyBytes(data, self.mutable);

function bytesStrip(kind: keyof typeof STRIP_KIND): Method<PyBytes> {
  return (self, args, kwargs) => {
    checkPositional(kind, `${self.typeName}.${kind}`, 0, 1, args, kwargs);
    const chars = args[0] ?? null;
    const set = chars === null ? ASCII_WHITESPACE : new Set(bytesLikeArg(chars));
    const [s, e] = stripUnits(self.data, (b) => set.has(b), STRIP_KIND[kind][0], STRIP_KIND[kind][1]);
    return like(self, self.data.slice(s, e));
  };
}

function bytesTailMatch(name: 'startswith' | 'endswith'): Method<PyBytes> {
  return (self, args, kwargs) => {
    parseTuple(name, `${self.typeName}.${name}`, 1, 3, args, kwargs);
    const start = sliceBoundArg(args[1]);
    const end = sliceBoundArg(args[2]);
    const prefix = args[0];
    if (prefix instanceof PyTuple) {
      for (const item of prefix.items) {
        if (tailMatch(self.data, bytesLikeArg(item), start, end, name === 'endswith')) return true;
      }
      return false;
    }
    if (!(prefix instanceof PyBytes)) {
      throw typeError(`${name} first arg must be bytes or a tuple of bytes, not ${typeName(prefix)}`);
    }
    return tailMatch(self.data, prefix.data, start, end, name === 'endswith');
  };
}

/** The needle of bytes.find() and friends: bytes-like, or an int taken as one byte. */
function byteNeedle(v: PyValue): Uint8Array {
  if (v instanceof PyBytes) return v.data;
  const i = asIndex(v);
  if (i === undefined) throw typeError(`argument should be integer or bytes-like object, not '${typeName(v)}'`);
  if (i < 0n || i > 255n) throw valueError('byte must be in range(0, 256)');
  return Uint8Array.of(Number(i));
}

function bytesFind(kind: FindKind): Method<PyBytes> {
  return (self, args, kwargs) => {
    parseTuple(kind, `${self.typeName}.${kind}`, 1, 3, args, kwargs);
    const needle = byteNeedle(args[0]);
    const start = sliceBoundArg(args[1]);
    const end = sliceBoundArg(args[2]);
    if (kind === 'count') return BigInt(countUnits(self.data, needle, start, end));
    const i = findUnits(self.data, needle, start, end, kind.startsWith('r'));
    if (i < 0 && (kind === 'index' || kind === 'rindex')) throw valueError('subsection not found');
    return BigInt(i);
  };
}

function bytesCase(name: 'upper' | 'lower'): Method<PyBytes> {
  return (self, args, kwargs) => {
    noArgs(`${self.typeName}.${name}`, args, kwargs);
    const out = self.data.map((b) =>
      name === 'upper' && isAsciiLower(b) ? b - ASCII_CASE_OFFSET : name === 'lower' && isAsciiUpper(b) ? b + ASCII_CASE_OFFSET : b,
    );
    return like(self, out);
  };
}

function bytesPredicate(name: string, test: (b: number) => boolean, emptyResult = false): Method<PyBytes> {
  return (self, args, kwargs) => {
    noArgs(`${self.typeName}.${name}`, args, kwargs);
    if (self.data.length === 0) return emptyResult;
    return self.data.every(test);
  };
}

/** bytes.isupper/islower: at least one cased byte, and none of the other case. */
function bytesCasePredicate(name: 'isupper' | 'islower'): Method<PyBytes> {
  return (self, args, kwargs) => {
    noArgs(`${self.typeName}.${name}`, args, kwargs);
    const [want, other] = name === 'isupper' ? [isAsciiUpper, isAsciiLower] : [isAsciiLower, isAsciiUpper];
    return self.data.some(want) && !self.data.some(other);
  };
}

function bytesAffix(name: 'removeprefix' | 'removesuffix'): Method<PyBytes> {
  return (self, args, kwargs) => {
    const affix = bytesLikeArg(exactlyOne(`${self.typeName}.${name}`, args, kwargs));
    const n = affix.length;
    const d = self.data;
    if (name === 'removeprefix') return like(self, n && tailMatch(d, affix, null, null, false) ? d.slice(n) : d.slice());
    return like(self, n && tailMatch(d, affix, null, null, true) ? d.slice(0, d.length - n) : d.slice());
  };
}

function hexString(data: Uint8Array, sep: string | null, perSep: number): string {
  const hex = Array.from(data, (b) => b.toString(16).padStart(2, '0'));
  if (sep === null || perSep === 0 || data.length === 0) return hex.join('');
  const size = Math.abs(perSep);
  const groups: string[] = [];
  if (perSep > 0) {
    // Groups counted from the right: the first group may be short.
    const first = data.length % size || size;
    groups.push(hex.slice(0, first).join(''));
    for (let i = first; i < hex.length; i += size) groups.push(hex.slice(i, i + size).join(''));
  } else {
    for (let i = 0; i < hex.length; i += size) groups.push(hex.slice(i, i + size).join(''));
  }
  return groups.join(sep);
}

/** bytes.hex()'s sep argument. */
function hexSeparator(sep: PyValue): string {
  if (typeof sep === 'string') {
    if (codePointLength(sep) !== 1) throw valueError('sep must be length 1.');
    if (sep.charCodeAt(0) >= 0x80) throw valueError('sep must be ASCII.');
    return sep;
  }
  if (sep instanceof PyBytes) {
    if (sep.data.length !== 1) throw valueError('sep must be length 1.');
    if (sep.data[0] >= 0x80) throw valueError('sep must be ASCII.');
    return String.fromCharCode(sep.data[0]);
  }
  throw typeError(`object of type '${typeName(sep)}' has no len()`);
}

/** A C int argument (bytes.hex's bytes_per_sep): OverflowError outside 32 bits, as CPython's converter. */
function cIntArg(v: PyValue): number {
  const i = indexArg(v);
  if (i > 2n ** 31n - 1n || i < -(2n ** 31n)) throw new PyException('OverflowError', 'Python int too large to convert to C int');
  return Number(i);
}

function bytesPad(kind: PadKind): Method<PyBytes> {
  return (self, args, kwargs) => {
    checkPositional(kind, `${self.typeName}.${kind}`, 1, 2, args, kwargs);
    const width = widthArg(args[0]);
    let fill = 0x20;
    if (args.length > 1) {
      const f = args[1];
      if (!(f instanceof PyBytes) || f.data.length !== 1) throw typeError(`${kind}() argument 2 must be a byte string of length 1, not ${typeName(f)}`);
      fill = f.data[0];
    }
    return like(self, Uint8Array.from(padUnits(Array.from(self.data), width, fill, kind)));
  };
}

function bytesPartition(reverse: boolean): Method<PyBytes> {
  return (self, args, kwargs) => {
    const sepArg = exactlyOne(`${self.typeName}.${reverse ? 'rpartition' : 'partition'}`, args, kwargs);
    const sep = bytesLikeArg(sepArg);
    const empty = () => like(self, new Uint8Array(0));
    const parts = partitionUnits(Array.from(self.data), Array.from(sep), reverse);
    // A bytes object's missing parts are the object itself and b''; a bytearray's are copies.
    const whole = self.mutable ? like(self, self.data.slice()) : self;
    if (!parts) return reverse ? new PyTuple([empty(), empty(), whole]) : new PyTuple([whole, empty(), empty()]);
    // The separator part is the argument itself for bytes (b'abc'.partition(bytearray(b'b'))[1] is a bytearray).
    const sepPart = self.mutable ? like(self, sep.slice()) : sepArg;
    return new PyTuple([like(self, Uint8Array.from(parts[0])), sepPart, like(self, Uint8Array.from(parts[2]))]);
  };
}

export const BYTES_METHODS: Record<string, Method<PyBytes>> = {
  ljust: bytesPad('ljust'),
  rjust: bytesPad('rjust'),
  center: bytesPad('center'),
  zfill(self, args, kwargs) {
    const width = widthArg(exactlyOne(`${self.typeName}.zfill`, args, kwargs));
    return like(self, Uint8Array.from(zfillUnits(Array.from(self.data), width)));
  },
  partition: bytesPartition(false),
  rpartition: bytesPartition(true),
  decode(self, args, kwargs) {
    const [encoding, errors] = clinic('decode', { params: ['encoding', 'errors'] }, args, kwargs);
    const enc = encoding === undefined ? 'utf-8' : strArg('decode', 'encoding', encoding);
    const err = errors === undefined ? 'strict' : strArg('decode', 'errors', errors);
    return decode(self.data, enc, err);
  },
  upper: bytesCase('upper'),
  lower: bytesCase('lower'),
  hex(self, args, kwargs) {
    const [sep, perSep] = clinic('hex', { params: ['sep', 'bytes_per_sep'] }, args, kwargs);
    const group = perSep === undefined ? 1 : cIntArg(perSep);
    return hexString(self.data, sep === undefined ? null : hexSeparator(sep), group);
  },
  strip: bytesStrip('strip'),
  lstrip: bytesStrip('lstrip'),
  rstrip: bytesStrip('rstrip'),
  startswith: bytesTailMatch('startswith'),
  endswith: bytesTailMatch('endswith'),
  find: bytesFind('find'),
  rfind: bytesFind('rfind'),
  index: bytesFind('index'),
  rindex: bytesFind('rindex'),
  count: bytesFind('count'),
  replace(self, args, kwargs) {
    checkPositional('replace', `${self.typeName}.replace`, 2, 3, args, kwargs);
    const old = bytesLikeArg(args[0]);
    const rep = bytesLikeArg(args[1]);
    const count = args.length > 2 ? indexArg(args[2]) : -1n;
    const n = count < 0n ? -1 : count > BigInt(MAX_SEQUENCE_LENGTH) ? MAX_SEQUENCE_LENGTH : Number(count);
    return like(self, Uint8Array.from(replaceUnits(self.data, old, rep, n)));
  },
  join(self, args, kwargs) {
    const iterable = exactlyOne(`${self.typeName}.join`, args, kwargs);
    const items = iterate(iterable);
    if (items === undefined) throw typeError('can only join an iterable');
    const parts = items.map((item, i) => {
      if (!(item instanceof PyBytes)) throw typeError(`sequence item ${i}: expected a bytes-like object, ${typeName(item)} found`);
      return item.data;
    });
    const total = parts.reduce((n, p) => n + p.length, 0) + Math.max(0, parts.length - 1) * self.data.length;
    const out = new Uint8Array(total);
    let at = 0;
    parts.forEach((p, i) => {
      if (i > 0) {
        out.set(self.data, at);
        at += self.data.length;
      }
      out.set(p, at);
      at += p.length;
    });
    return like(self, out);
  },
  isdigit: bytesPredicate('isdigit', isAsciiDigit),
  isalpha: bytesPredicate('isalpha', (b) => isAsciiUpper(b) || isAsciiLower(b)),
  isalnum: bytesPredicate('isalnum', (b) => isAsciiUpper(b) || isAsciiLower(b) || isAsciiDigit(b)),
  isspace: bytesPredicate('isspace', (b) => ASCII_WHITESPACE.has(b)),
  isascii: bytesPredicate('isascii', (b) => b < 0x80, true),
  isupper: bytesCasePredicate('isupper'),
  islower: bytesCasePredicate('islower'),
  removeprefix: bytesAffix('removeprefix'),
  removesuffix: bytesAffix('removesuffix'),
};

/** bytes.fromhex(string) / bytearray.fromhex(string). */
export function fromHex(typeLabel: 'bytes' | 'bytearray', args: PyValue[], kwargs: Kwargs): PyBytes {
  const s = exactlyOne(`${typeLabel}.fromhex`, args, kwargs);
  if (typeof s !== 'string') throw typeError(`fromhex() argument must be str, not ${clinicTypeName(s)}`);
  const out: number[] = [];
  const chars = Array.from(s);
  const hexValue = (c: string | undefined) => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);
  for (let i = 0; i < chars.length; ) {
    // Whitespace is allowed only between bytes, never inside one.
    if (isSpace(chars[i].codePointAt(0)!)) {
      i++;
      continue;
    }
    const hi = hexValue(chars[i]);
    if (hi < 0) throw valueError(`non-hexadecimal number found in fromhex() arg at position ${i}`);
    const lo = hexValue(chars[i + 1]);
    if (lo < 0) throw valueError(`non-hexadecimal number found in fromhex() arg at position ${i + 1}`);
    out.push(hi * 16 + lo);
    i += 2;
  }
  return new PyBytes(Uint8Array.from(out), typeLabel === 'bytearray');
}

// ---------------------------------------------------------------------------
// int (and bool, which inherits its methods)

const BYTE_ORDERS = new Set(['little', 'big']);

function byteOrderArg(fn: string, v: PyValue | undefined): 'little' | 'big' {
  if (v === undefined) return 'big';
  const order = strArg(fn, 'byteorder', v);
  if (!BYTE_ORDERS.has(order)) throw valueError("byteorder must be either 'little' or 'big'");
  return order as 'little' | 'big';
}

/** int.to_bytes(length=1, byteorder='big', *, signed=False) */
function intToBytes(n: bigint, args: PyValue[], kwargs: Kwargs): PyBytes {
  const [lengthArg, orderArg, signedArg] = clinic('to_bytes', { params: ['length', 'byteorder', 'signed'], keywordOnly: 1 }, args, kwargs);
  const length = lengthArg === undefined ? 1n : indexArg(lengthArg);
  if (length < 0n) throw valueError('length argument must be non-negative');
  const order = byteOrderArg('to_bytes', orderArg);
  const signed = signedArg === undefined ? false : truthy(signedArg);
  if (!signed && n < 0n) throw new PyException('OverflowError', "can't convert negative int to unsigned");
  if (length > BigInt(MAX_SEQUENCE_LENGTH)) throw new PyException('MemoryError', '');
  const bits = length * 8n;
  const fits = signed ? n >= -(1n << (bits - 1n)) && n < 1n << (bits - 1n) : n < 1n << bits;
  if (length === 0n ? n !== 0n : !fits) throw new PyException('OverflowError', 'int too big to convert');
  const len = Number(length);
  const out = new Uint8Array(len);
  let v = n < 0n ? (1n << bits) + n : n;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (order === 'little') out.reverse();
  return new PyBytes(out);
}

/** The data of bytes(x) for a from_bytes() argument (PyBytes_FromObject). */
function bytesFromObject(v: PyValue): Uint8Array {
  if (v instanceof PyBytes) return v.data;
  const items = v instanceof PyTuple ? v.items : undefined;
  if (!items) throw typeError(`cannot convert '${typeName(v)}' object to bytes`);
  return Uint8Array.from(items, (item) => {
    const i = indexArg(item);
    if (i < 0n || i > 255n) throw valueError('bytes must be in range(0, 256)');
    return Number(i);
  });
}

/** int.from_bytes(bytes, byteorder='big', *, signed=False) */
export function intFromBytes(args: PyValue[], kwargs: Kwargs): bigint {
  const [data, orderArg, signedArg] = clinic(
    'from_bytes',
    { params: ['bytes', 'byteorder', 'signed'], required: 1, keywordOnly: 1 },
    args,
    kwargs,
  );
  const order = byteOrderArg('from_bytes', orderArg);
  const signed = signedArg === undefined ? false : truthy(signedArg);
  const bytes = bytesFromObject(data!);
  const ordered = order === 'little' ? [...bytes].reverse() : [...bytes];
  let n = 0n;
  for (const b of ordered) n = (n << 8n) | BigInt(b);
  if (signed && bytes.length > 0 && ordered[0] >= 0x80) n -= 1n << BigInt(bytes.length * 8);
  return n;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : (n < 0n ? -n : n).toString(2).length;
}

export const INT_METHODS: Record<string, Method<bigint>> = {
  to_bytes: (self, args, kwargs) => intToBytes(self, args, kwargs),
  conjugate(self, args, kwargs) {
    noArgs('int.conjugate', args, kwargs);
    return self;
  },
  as_integer_ratio(self, args, kwargs) {
    noArgs('int.as_integer_ratio', args, kwargs);
    return new PyTuple([self, 1n]);
  },
  bit_length(self, args, kwargs) {
    noArgs('int.bit_length', args, kwargs);
    return BigInt(bitLength(self));
  },
  bit_count(self, args, kwargs) {
    noArgs('int.bit_count', args, kwargs);
    return BigInt([...(self < 0n ? -self : self).toString(2)].filter((c) => c === '1').length);
  },
};

// ---------------------------------------------------------------------------
// float

/** The sign, biased exponent and 52-bit mantissa of a double. */
function floatBits(x: number): { negative: boolean; exponent: number; mantissa: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  return { negative: bits >> 63n === 1n, exponent: Number((bits >> 52n) & 0x7ffn), mantissa: bits & ((1n << 52n) - 1n) };
}

export const FLOAT_METHODS: Record<string, Method<number>> = {
  conjugate(self, args, kwargs) {
    noArgs('float.conjugate', args, kwargs);
    return self;
  },
  is_integer(self, args, kwargs) {
    noArgs('float.is_integer', args, kwargs);
    return Number.isFinite(self) && Math.trunc(self) === self;
  },
  as_integer_ratio(self, args, kwargs) {
    noArgs('float.as_integer_ratio', args, kwargs);
    if (Number.isNaN(self)) throw valueError('cannot convert NaN to integer ratio');
    if (!Number.isFinite(self)) throw new PyException('OverflowError', 'cannot convert Infinity to integer ratio');
    const { negative, exponent, mantissa } = floatBits(self);
    let num = exponent === 0 ? mantissa : mantissa | (1n << 52n);
    let exp = (exponent === 0 ? 1 : exponent) - 1075;
    if (num === 0n) return new PyTuple([0n, 1n]);
    while ((num & 1n) === 0n && exp < 0) {
      num >>= 1n;
      exp++;
    }
    if (negative) num = -num;
    return exp >= 0 ? new PyTuple([num << BigInt(exp), 1n]) : new PyTuple([num, 1n << BigInt(-exp)]);
  },
  hex(self, args, kwargs) {
    noArgs('float.hex', args, kwargs);
    if (Number.isNaN(self)) return 'nan';
    if (!Number.isFinite(self)) return self > 0 ? 'inf' : '-inf';
    const { negative, exponent, mantissa } = floatBits(self);
    const sign = negative ? '-' : '';
    if (exponent === 0 && mantissa === 0n) return `${sign}0x0.0p+0`;
    const digits = mantissa.toString(16).padStart(13, '0');
    if (exponent === 0) return `${sign}0x0.${digits}p-1022`;
    const e = exponent - 1023;
    return `${sign}0x1.${digits}p${e >= 0 ? '+' : ''}${e}`;
  },
};

// ---------------------------------------------------------------------------
// tuple

export const TUPLE_METHODS: Record<string, Method<PyTuple>> = {
  count(self, args, kwargs) {
    const x = exactlyOne('tuple.count', args, kwargs);
    return BigInt(self.items.filter((item) => isSame(item, x) || eq(item, x)).length);
  },
  index(self, args, kwargs) {
    checkPositional('index', 'tuple.index', 1, 3, args, kwargs);
    const [s, e] = adjustIndices(sliceBoundArg(args[1]), sliceBoundArg(args[2]), self.items.length);
    for (let i = s; i < e; i++) if (isSame(self.items[i], args[0]) || eq(self.items[i], args[0])) return BigInt(i);
    throw valueError('tuple.index(x): x not in tuple');
  },
};

// ---------------------------------------------------------------------------
// Attribute lookup

/**
 * Public attributes CPython 3.11 has on these types that the playground does not
 * implement: reaching one says so, instead of a misleading AttributeError.
 */
const UNIMPLEMENTED_ATTRIBUTES: Record<string, string[]> = {
  str: [
    'capitalize', 'casefold', 'expandtabs', 'format', 'format_map', 'isalnum', 'isalpha', 'isidentifier', 'islower',
    'isnumeric', 'istitle', 'isupper', 'maketrans', 'rsplit', 'split', 'splitlines', 'swapcase', 'title', 'translate',
  ],
  bytes: [
    'capitalize', 'expandtabs', 'istitle', 'maketrans', 'rsplit', 'split', 'splitlines', 'swapcase', 'title',
    'translate',
  ],
  bytearray: [
    'append', 'capitalize', 'clear', 'copy', 'expandtabs', 'extend', 'insert', 'istitle', 'maketrans', 'pop',
    'remove', 'reverse', 'rsplit', 'split', 'splitlines', 'swapcase', 'title', 'translate',
  ],
  float: ['fromhex'],
};

export function notImplementedAttribute(owner: string, name: string): PyException {
  return new PyException('NotImplementedError', `${owner}.${name} is not available in playground scripts`);
}

/** Raises NotImplementedError when `name` is a real CPython attribute of type `owner` that we lack. */
export function checkUnimplemented(owner: string, name: string): void {
  if (UNIMPLEMENTED_ATTRIBUTES[owner]?.includes(name)) throw notImplementedAttribute(owner, name);
}

/** A bound built-in method: `<built-in method upper of str object at 0x...>`. */
function bind<T>(self: T, name: string, method: Method<T>, ownerLabel: string): PyFunction {
  return new PyFunction(name, (args, kwargs, ctx) => method(self, args, kwargs, ctx), `<built-in method ${name} of ${ownerLabel} at ${fakeAddress()}>`);
}

const has = (table: object, name: string) => Object.prototype.hasOwnProperty.call(table, name);

/** v.name for a method of a built-in value type, or undefined. */
function boundMethod(v: PyValue, name: string): PyFunction | undefined {
  const label = `${typeName(v)} object`;
  const make = <T>(self: T, table: Record<string, Method<T>>) => (has(table, name) ? bind(self, name, table[name], label) : undefined);
  if (typeof v === 'string') return make(v, STR_METHODS);
  if (v instanceof PyBytes) return make(v, BYTES_METHODS);
  if (v instanceof PyTuple) return make(v, TUPLE_METHODS);
  // bool inherits int's methods; the repr still says "bool object".
  if (typeof v === 'bigint') return make(v, INT_METHODS);
  if (typeof v === 'boolean') return make(v ? 1n : 0n, INT_METHODS);
  if (typeof v === 'number') return make(v, FLOAT_METHODS);
  return undefined;
}

/** The numbers' data attributes: x.real, x.imag, and an int's numerator and denominator. */
function numberAttribute(v: PyValue, name: string): PyValue | undefined {
  if (typeof v === 'number') return name === 'real' ? v : name === 'imag' ? 0 : undefined;
  const i = typeof v === 'bigint' || typeof v === 'boolean' || v instanceof PyIntEnum ? asIndex(v) : undefined;
  if (i === undefined) return undefined;
  if (name === 'real' || name === 'numerator') return i;
  if (name === 'imag') return 0n;
  if (name === 'denominator') return 1n;
  return undefined;
}

export function attributeError(v: PyValue, name: string): PyException {
  if (v instanceof PyModule) return new PyException('AttributeError', `module '${v.name}' has no attribute '${name}'`);
  // Python 3.11's EnumType.__getattr__ raises AttributeError(name) itself.
  if (v instanceof PyEnumClass) return new PyException('AttributeError', name);
  if (v instanceof PyClass) {
    const short = v.qualifiedName.split('.').pop();
    return new PyException('AttributeError', `type object '${short}' has no attribute '${name}'`);
  }
  return new PyException('AttributeError', `'${typeName(v)}' object has no attribute '${name}'`);
}

/** getattr(v, name), raising AttributeError as CPython words it. */
export function getAttribute(v: PyValue, name: string): PyValue {
  if (v instanceof PyObject) {
    const found = v.getAttr(name);
    if (found !== undefined) return found;
    // An IntEnum member is an int: it has int's methods, bound to itself ("of AddressFamily object").
    if (v instanceof PyIntEnum && has(INT_METHODS, name)) return bind(v.value, name, INT_METHODS[name], `${v.typeName} object`);
    const numeric = numberAttribute(v, name);
    if (numeric !== undefined) return numeric;
    if (v instanceof PyIntEnum) checkUnimplemented('int', name);
    throw attributeError(v, name);
  }
  const method = boundMethod(v, name);
  if (method) return method;
  const numeric = numberAttribute(v, name);
  if (numeric !== undefined) return numeric;
  checkUnimplemented(typeName(v), name);
  throw attributeError(v, name);
}
