// str.encode() / bytes.decode() for the encodings playground scripts use, with
// CPython 3.11's codec names, aliases, error handlers and exception messages.
//
// GBK comes from the platform's WHATWG decoder (TextDecoder('gbk'), present in
// browsers and in Node with full ICU), trimmed to what Python's gbk codec accepts:
// WHATWG's GBK is GB18030-flavoured (it also maps the user-defined areas to the
// Private Use Area and decodes 0x80 and 4-byte sequences), Python's is not.
import { CHARMAP_ALIASES, CHARMAP_UPPER_HALVES } from './charmaps';
import { PyException } from './values';

type UtfWide = 'utf-16' | 'utf-16-le' | 'utf-16-be' | 'utf-32' | 'utf-32-le' | 'utf-32-be';
/** Our codecs; a charmap codec (cp1252, koi8_r...) goes by its module name. */
export type CodecName = 'utf-8' | 'utf-8-sig' | 'ascii' | 'latin-1' | 'gbk' | 'gb2312' | UtfWide | `charmap:${string}`;

/** Python's encodings package module name -> our codec. */
const CODEC_MODULES: Record<string, CodecName> = {
  utf_8: 'utf-8',
  utf_8_sig: 'utf-8-sig',
  ascii: 'ascii',
  latin_1: 'latin-1',
  gbk: 'gbk',
  gb2312: 'gb2312',
  utf_16: 'utf-16',
  utf_16_le: 'utf-16-le',
  utf_16_be: 'utf-16-be',
  utf_32: 'utf-32',
  utf_32_le: 'utf-32-le',
  utf_32_be: 'utf-32-be',
  ...Object.fromEntries(Object.keys(CHARMAP_UPPER_HALVES).map((m) => [m, `charmap:${m}` as const])),
};

/** encodings.aliases.aliases, restricted to the codecs above (CPython 3.11). */
const ALIASES: Record<string, string> = {
  ...CHARMAP_ALIASES,
  '646': 'ascii', 'ansi_x3.4_1968': 'ascii', 'ansi_x3.4_1986': 'ascii', ansi_x3_4_1968: 'ascii',
  cp367: 'ascii', csascii: 'ascii', ibm367: 'ascii', iso646_us: 'ascii', 'iso_646.irv_1991': 'ascii',
  iso_ir_6: 'ascii', us: 'ascii', us_ascii: 'ascii',
  '8859': 'latin_1', cp819: 'latin_1', csisolatin1: 'latin_1', ibm819: 'latin_1', iso8859: 'latin_1',
  iso8859_1: 'latin_1', iso_8859_1: 'latin_1', iso_8859_1_1987: 'latin_1', iso_ir_100: 'latin_1',
  l1: 'latin_1', latin: 'latin_1', latin1: 'latin_1',
  cp65001: 'utf_8', u8: 'utf_8', utf: 'utf_8', utf8: 'utf_8', utf8_ucs2: 'utf_8', utf8_ucs4: 'utf_8',
  '936': 'gbk', cp936: 'gbk', ms936: 'gbk',
  chinese: 'gb2312', csiso58gb231280: 'gb2312', euc_cn: 'gb2312', euccn: 'gb2312', eucgb2312_cn: 'gb2312',
  gb2312_1980: 'gb2312', gb2312_80: 'gb2312', iso_ir_58: 'gb2312', x_mac_simp_chinese: 'gb2312',
};

/** The name a codec gives itself in UnicodeError messages. */
function messageName(codec: CodecName): string {
  if (codec === 'utf-8-sig') return 'utf-8';
  return codec.startsWith('charmap:') ? 'charmap' : codec;
}

/** encodings.normalize_encoding(): runs of punctuation become one '_', non-ASCII letters vanish. */
function normalizeEncoding(name: string): string {
  let out = '';
  let punct = false;
  for (const c of name.toLowerCase()) {
    if (/[\p{L}\p{N}.]/u.test(c)) {
      if (punct && out) out += '_';
      if (c.charCodeAt(0) < 0x80) out += c;
      punct = false;
    } else punct = true;
  }
  return out;
}

/** codecs.lookup(): our codec for a Python encoding name, or LookupError "unknown encoding: x". */
export function lookupCodec(encoding: string): CodecName {
  const norm = normalizeEncoding(encoding);
  const module = ALIASES[norm] ?? ALIASES[norm.replace(/\./g, '_')] ?? norm;
  const codec = Object.prototype.hasOwnProperty.call(CODEC_MODULES, module) ? CODEC_MODULES[module] : undefined;
  if (!codec) throw new PyException('LookupError', `unknown encoding: ${encoding}`);
  return codec;
}

// ---------------------------------------------------------------------------
// Error handlers

const KNOWN_HANDLERS = new Set(['strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'surrogateescape', 'surrogatepass']);
/** Handlers CPython has that the playground does not implement. */
const UNIMPLEMENTED_HANDLERS = new Set(['namereplace']);

function checkHandler(errors: string): void {
  if (KNOWN_HANDLERS.has(errors)) return;
  if (UNIMPLEMENTED_HANDLERS.has(errors)) {
    throw new PyException('NotImplementedError', `the '${errors}' error handler is not available in playground scripts`);
  }
  throw new PyException('LookupError', `unknown error handler name '${errors}'`);
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return '\\x' + hex2(cp);
  if (cp <= 0xffff) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

function decodeError(codec: CodecName, data: Uint8Array, start: number, end: number, reason: string): PyException {
  const name = messageName(codec);
  const message =
    end - start === 1
      ? `'${name}' codec can't decode byte 0x${hex2(data[start])} in position ${start}: ${reason}`
      : `'${name}' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`;
  return new PyException('UnicodeDecodeError', message);
}

function encodeError(codec: CodecName, cps: number[], start: number, end: number, reason: string): PyException {
  const name = messageName(codec);
  const message =
    end - start === 1
      ? `'${name}' codec can't encode character '${escapeCodePoint(cps[start])}' in position ${start}: ${reason}`
      : `'${name}' codec can't encode characters in position ${start}-${end - 1}: ${reason}`;
  return new PyException('UnicodeEncodeError', message);
}

/** What an error handler substitutes for undecodable bytes data[start:end]. */
function decodeReplacement(codec: CodecName, errors: string, data: Uint8Array, start: number, end: number, reason: string): string {
  return decodeHandler(codec, errors, data, start, end, reason).text;
}

/**
 * The error handler's text and where decoding resumes: surrogateescape stops at the
 * first ASCII byte of the range (an error in the UTF-16/32 codecs can include some).
 */
function decodeHandler(codec: CodecName, errors: string, data: Uint8Array, start: number, end: number, reason: string): { text: string; next: number } {
  const strictError = () => decodeError(codec, data, start, end, reason);
  if (errors === 'surrogateescape') {
    checkHandler(errors);
    let text = '';
    let i = start;
    for (; i < end && data[i] >= 0x80; i++) text += String.fromCharCode(0xdc00 + data[i]);
    if (i === start) throw strictError();
    return { text, next: i };
  }
  return { text: decodeReplacementText(codec, errors, data, start, end, reason, strictError), next: end };
}

function decodeReplacementText(
  codec: CodecName,
  errors: string,
  data: Uint8Array,
  start: number,
  end: number,
  reason: string,
  strictError: () => PyException,
): string {
  if (errors === 'strict') throw strictError();
  checkHandler(errors);
  switch (errors) {
    case 'ignore':
      return '';
    case 'replace':
      return '\ufffd';
    case 'backslashreplace': {
      let out = '';
      for (let i = start; i < end; i++) out += '\\x' + hex2(data[i]);
      return out;
    }
    case 'surrogatepass':
      // The UTF codecs handle it before calling here; for the others it re-raises.
      throw strictError();
    default:
      throw new PyException('TypeError', "don't know how to handle UnicodeDecodeError in error callback");
  }
}

/** Appends to `out` what an error handler makes of cps[start:end], which the codec cannot encode. */
function encodeReplacement(codec: CodecName, errors: string, cps: number[], start: number, end: number, reason: string, out: number[]): void {
  if (errors === 'strict') throw encodeError(codec, cps, start, end, reason);
  checkHandler(errors);
  const ascii = (s: string) => {
    for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  };
  for (let i = start; i < end; i++) {
    const cp = cps[i];
    switch (errors) {
      case 'ignore':
        break;
      case 'replace':
        out.push(0x3f);
        break;
      case 'backslashreplace':
        ascii(escapeCodePoint(cp));
        break;
      case 'xmlcharrefreplace':
        ascii(`&#${cp};`);
        break;
      case 'surrogateescape':
        // The C encoders pass the handler the rest of the run; charmap codecs the whole run.
        if (cp < 0xdc80 || cp > 0xdcff) throw encodeError(codec, cps, codec.startsWith('charmap:') ? start : i, end, reason);
        out.push(cp - 0xdc00);
        break;
      case 'surrogatepass':
        // Only UTF-8 passes surrogates through (as their three-byte form); other codecs re-raise.
        if (codec !== 'utf-8' && codec !== 'utf-8-sig') throw encodeError(codec, cps, start, end, reason);
        if (cp < 0xd800 || cp > 0xdfff) throw encodeError(codec, cps, start, end, reason);
        out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
        break;
    }
  }
}

// ---------------------------------------------------------------------------
// UTF-8

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function decodeUtf8(data: Uint8Array, errors: string, codec: CodecName): string {
  try {
    return utf8Fatal.decode(data);
  } catch {
    // Fall through to the byte-by-byte decoder, which reports errors as CPython does.
  }
  let out = '';
  let i = 0;
  const n = data.length;
  let runStart = 0;
  const flush = (upTo: number) => {
    if (upTo > runStart) out += utf8Fatal.decode(data.subarray(runStart, upTo));
  };
  while (i < n) {
    const b = data[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else {
      flush(i);
      out += decodeReplacement(codec, errors, data, i, i + 1, 'invalid start byte');
      i++;
      runStart = i;
      continue;
    }
    // Length of the valid prefix of the sequence: Python reports exactly that prefix.
    let k = 1;
    let failure: string | null = null;
    for (; k <= need; k++) {
      if (i + k >= n) {
        failure = 'unexpected end of data';
        break;
      }
      const c = data[i + k];
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c < min || c > max) {
        failure = 'invalid continuation byte';
        break;
      }
    }
    if (failure === null) {
      i += need + 1;
      continue;
    }
    flush(i);
    if (errors === 'surrogatepass' && b === 0xed && i + 2 < n && data[i + 1] >= 0xa0 && data[i + 1] <= 0xbf && (data[i + 2] & 0xc0) === 0x80) {
      // A surrogate's three-byte form (ED A0..BF 80..BF) decodes to that lone surrogate.
      out += String.fromCharCode(0xd000 | ((data[i + 1] & 0x3f) << 6) | (data[i + 2] & 0x3f));
      i += 3;
      runStart = i;
      continue;
    }
    out += decodeReplacement(codec, errors, data, i, i + k, failure);
    i += k;
    runStart = i;
  }
  flush(n);
  return out;
}

function encodeUtf8(s: string, errors: string, codec: CodecName): Uint8Array {
  const prefix = codec === 'utf-8-sig' ? UTF8_BOM : [];
  if (!LONE_SURROGATE.test(s)) {
    const body = utf8Encoder.encode(s);
    if (prefix.length === 0) return body;
    const out = new Uint8Array(prefix.length + body.length);
    out.set(prefix);
    out.set(body, prefix.length);
    return out;
  }
  const cps = Array.from(s, (c) => c.codePointAt(0)!);
  const out: number[] = [...prefix];
  const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;
  for (let i = 0; i < cps.length; ) {
    if (!isSurrogate(cps[i])) {
      out.push(...utf8Encoder.encode(String.fromCodePoint(cps[i])));
      i++;
      continue;
    }
    let end = i;
    while (end < cps.length && isSurrogate(cps[end])) end++;
    encodeReplacement(codec, errors, cps, i, end, 'surrogates not allowed', out);
    i = end;
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------
// ASCII and Latin-1

function decodeSingleByte(data: Uint8Array, errors: string, codec: 'ascii' | 'latin-1'): string {
  const limit = codec === 'ascii' ? 0x80 : 0x100;
  let out = '';
  const CHUNK = 0x2000;
  for (let i = 0; i < data.length; ) {
    if (data[i] >= limit) {
      out += decodeReplacement(codec, errors, data, i, i + 1, 'ordinal not in range(128)');
      i++;
      continue;
    }
    let end = i;
    while (end < data.length && end - i < CHUNK && data[end] < limit) end++;
    out += String.fromCharCode(...data.subarray(i, end));
    i = end;
  }
  return out;
}

function encodeSingleByte(s: string, errors: string, codec: 'ascii' | 'latin-1'): Uint8Array {
  const limit = codec === 'ascii' ? 0x80 : 0x100;
  const reason = `ordinal not in range(${limit})`;
  const cps = Array.from(s, (c) => c.codePointAt(0)!);
  const out: number[] = [];
  for (let i = 0; i < cps.length; ) {
    if (cps[i] < limit) {
      out.push(cps[i++]);
      continue;
    }
    // CPython reports a whole run of unencodable characters at once.
    let end = i;
    while (end < cps.length && cps[end] >= limit) end++;
    encodeReplacement(codec, errors, cps, i, end, reason, out);
    i = end;
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------
// GBK and GB2312

const GBK_LEAD_MIN = 0x81;
const GBK_LEAD_MAX = 0xfe;
const GBK_TRAIL_MIN = 0x40;
const GBK_TRAIL_MAX = 0xfe;
const GBK_TRAILS = GBK_TRAIL_MAX - GBK_TRAIL_MIN + 1;
const PUA_FIRST = 0xe000;
const PUA_LAST = 0xf8ff;
const GB2312_MIN = 0xa1;
const GB2312_LEAD_MAX = 0xf7;
/** GBK additions inside the GB2312 rows that Python's gb2312 codec rejects (found by comparing with CPython). */
const GB2312_EXCLUDED: [number, number][] = [
  [0xa2a1, 0xa2aa], [0xa6e0, 0xa6eb], [0xa6ee, 0xa6f2], [0xa6f4, 0xa6f5],
  [0xa8bb, 0xa8bb], [0xa8bd, 0xa8be], [0xa8c0, 0xa8c0],
];
/** The two code points where Python's gb2312 and gbk disagree. */
const GB2312_OVERRIDES: [number, number][] = [
  [0xa1a4, 0x30fb],
  [0xa1aa, 0x2015],
];

interface DbcsTables {
  /** (lead - 0x81) * 191 + (trail - 0x40) -> BMP code point, 0 if unmapped. */
  decode: Uint16Array;
  encode: Map<number, number>;
}

const tables: Partial<Record<'gbk' | 'gb2312', DbcsTables>> = {};

const tableIndex = (lead: number, trail: number) => (lead - GBK_LEAD_MIN) * GBK_TRAILS + (trail - GBK_TRAIL_MIN);

function buildGbk(): DbcsTables {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder('gbk');
  } catch {
    throw new PyException('LookupError', 'unknown encoding: gbk (this JavaScript runtime has no GBK decoder)');
  }
  // Every two-byte sequence, each followed by a newline, decoded in one call.
  const pairs = (GBK_LEAD_MAX - GBK_LEAD_MIN + 1) * GBK_TRAILS;
  const buf = new Uint8Array(pairs * 3);
  let p = 0;
  for (let lead = GBK_LEAD_MIN; lead <= GBK_LEAD_MAX; lead++) {
    for (let trail = GBK_TRAIL_MIN; trail <= GBK_TRAIL_MAX; trail++) {
      buf[p++] = lead;
      buf[p++] = trail;
      buf[p++] = 0x0a;
    }
  }
  const pieces = decoder.decode(buf).split('\n');
  const decode = new Uint16Array(pairs);
  const encode = new Map<number, number>();
  for (let i = 0; i < pairs; i++) {
    const piece = pieces[i];
    // An invalid pair decodes to U+FFFD (plus its trail byte when that is ASCII).
    if (piece.length !== 1 || piece === '\ufffd') continue;
    const cp = piece.charCodeAt(0);
    if (cp >= PUA_FIRST && cp <= PUA_LAST) continue;
    decode[i] = cp;
    const lead = GBK_LEAD_MIN + Math.floor(i / GBK_TRAILS);
    const trail = GBK_TRAIL_MIN + (i % GBK_TRAILS);
    encode.set(cp, (lead << 8) | trail);
  }
  return { decode, encode };
}

function buildGb2312(gbk: DbcsTables): DbcsTables {
  const decode = new Uint16Array(gbk.decode.length);
  const encode = new Map<number, number>();
  const excluded = (code: number) => GB2312_EXCLUDED.some(([a, b]) => code >= a && code <= b);
  for (let lead = GB2312_MIN; lead <= GB2312_LEAD_MAX; lead++) {
    for (let trail = GB2312_MIN; trail <= GBK_TRAIL_MAX; trail++) {
      const code = (lead << 8) | trail;
      const i = tableIndex(lead, trail);
      const override = GB2312_OVERRIDES.find(([c]) => c === code);
      const cp = override ? override[1] : excluded(code) ? 0 : gbk.decode[i];
      if (!cp) continue;
      decode[i] = cp;
      encode.set(cp, code);
    }
  }
  return { decode, encode };
}

function dbcsTables(codec: 'gbk' | 'gb2312'): DbcsTables {
  const gbk = (tables.gbk ??= buildGbk());
  if (codec === 'gbk') return gbk;
  return (tables.gb2312 ??= buildGb2312(gbk));
}

/** CPython's CJK codecs: a bad lead byte is reported alone, a truncated one as incomplete. */
function decodeDbcs(data: Uint8Array, errors: string, codec: 'gbk' | 'gb2312'): string {
  const { decode } = dbcsTables(codec);
  let out = '';
  for (let i = 0; i < data.length; ) {
    const lead = data[i];
    if (lead < 0x80) {
      out += String.fromCharCode(lead);
      i++;
      continue;
    }
    if (i + 1 >= data.length) {
      out += decodeReplacement(codec, errors, data, i, i + 1, 'incomplete multibyte sequence');
      i++;
      continue;
    }
    const trail = data[i + 1];
    const valid = lead >= GBK_LEAD_MIN && lead <= GBK_LEAD_MAX && trail >= GBK_TRAIL_MIN && trail <= GBK_TRAIL_MAX;
    const cp = valid ? decode[tableIndex(lead, trail)] : 0;
    if (cp) {
      out += String.fromCharCode(cp);
      i += 2;
      continue;
    }
    out += decodeReplacement(codec, errors, data, i, i + 1, 'illegal multibyte sequence');
    i++;
  }
  return out;
}

function encodeDbcs(s: string, errors: string, codec: 'gbk' | 'gb2312'): Uint8Array {
  const { encode } = dbcsTables(codec);
  const cps = Array.from(s, (c) => c.codePointAt(0)!);
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const code = encode.get(cp);
    if (code !== undefined) out.push(code >> 8, code & 0xff);
    // Unlike ASCII, CJK codecs report one character at a time.
    else encodeReplacement(codec, errors, cps, i, i + 1, 'illegal multibyte sequence', out);
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------
// UTF-16 and UTF-32

interface WideForm {
  unit: 2 | 4;
  /** null: the plain name, which writes a BOM (little-endian here) and reads one. */
  littleEndian: boolean | null;
}

function wideForm(codec: UtfWide): WideForm {
  const unit = codec.startsWith('utf-16') ? 2 : 4;
  return { unit, littleEndian: codec.endsWith('-le') ? true : codec.endsWith('-be') ? false : null };
}

const isSurrogateCode = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;

function pushUnit(out: number[], value: number, unit: 2 | 4, le: boolean): void {
  const bytes = unit === 2 ? [value & 0xff, (value >> 8) & 0xff] : [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff];
  if (!le) bytes.reverse();
  out.push(...bytes);
}

/** _PyUnicode_EncodeUTF16 / _PyUnicode_EncodeUTF32: a surrogate is an error, one character at a time. */
function encodeWide(s: string, errors: string, codec: UtfWide): Uint8Array {
  const { unit, littleEndian } = wideForm(codec);
  const le = littleEndian ?? true;
  const out: number[] = [];
  if (littleEndian === null) pushUnit(out, 0xfeff, unit, le);
  const pushChar = (cp: number) => {
    if (unit === 4 || cp < 0x10000) pushUnit(out, cp, unit, le);
    else {
      pushUnit(out, 0xd800 + ((cp - 0x10000) >> 10), 2, le);
      pushUnit(out, 0xdc00 + ((cp - 0x10000) & 0x3ff), 2, le);
    }
  };
  const cps = Array.from(s, (c) => c.codePointAt(0)!);
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    if (!isSurrogateCode(cp)) {
      pushChar(cp);
      continue;
    }
    const reason = 'surrogates not allowed';
    if (errors === 'surrogatepass') {
      pushUnit(out, cp, unit, le);
      continue;
    }
    if (errors === 'surrogateescape') {
      // The handler's one byte is not a whole code unit: CPython raises the original error.
      throw encodeError(codec, cps, i, i + 1, reason);
    }
    // The other handlers give ASCII text, which is encoded in turn.
    const replacement: number[] = [];
    encodeReplacement(codec, errors, cps, i, i + 1, reason, replacement);
    for (const c of replacement) pushChar(c);
  }
  return Uint8Array.from(out);
}

/** PyUnicode_DecodeUTF16Stateful / PyUnicode_DecodeUTF32Stateful with their error ranges and reasons. */
function decodeWide(data: Uint8Array, errors: string, codec: UtfWide): string {
  const { unit, littleEndian } = wideForm(codec);
  let le = littleEndian ?? true;
  let q = 0;
  const n = data.length;
  const read = (at: number, size: 2 | 4): number => {
    let v = 0;
    for (let k = size - 1; k >= 0; k--) v = v * 256 + data[at + (le ? k : size - 1 - k)];
    return v;
  };
  if (littleEndian === null && n >= unit) {
    const lead = read(0, unit);
    if (lead === 0xfeff) q = unit;
    else {
      le = false;
      if (read(0, unit) === 0xfeff) q = unit;
      else le = true;
    }
  }
  // The codec named in errors is the byte order actually used.
  const errorCodec = `utf-${unit * 8}-${le ? 'le' : 'be'}` as UtfWide;
  const parts: string[] = [];
  const fail = (start: number, end: number, reason: string, surrogate: number | null) => {
    if (errors === 'surrogatepass' && surrogate !== null) {
      parts.push(String.fromCharCode(surrogate));
      return start + unit;
    }
    const { text, next } = decodeHandler(errorCodec, errors, data, start, end, reason);
    parts.push(text);
    return next;
  };
  while (q < n) {
    if (n - q < unit) {
      q = fail(q, n, 'truncated data', null);
      continue;
    }
    const v = read(q, unit);
    if (unit === 4) {
      if (v > 0x10ffff) q = fail(q, q + 4, 'code point not in range(0x110000)', null);
      else if (isSurrogateCode(v)) q = fail(q, q + 4, 'code point in surrogate code point range(0xd800, 0xe000)', v);
      else {
        parts.push(String.fromCodePoint(v));
        q += 4;
      }
      continue;
    }
    if (!isSurrogateCode(v)) {
      parts.push(String.fromCharCode(v));
      q += 2;
    } else if (v >= 0xdc00) {
      q = fail(q, q + 2, 'illegal encoding', v);
    } else if (n - q < 4) {
      q = fail(q, n, 'unexpected end of data', v);
    } else {
      const low = read(q + 2, 2);
      if (low >= 0xdc00 && low <= 0xdfff) {
        parts.push(String.fromCharCode(v, low));
        q += 4;
      } else q = fail(q, q + 2, 'illegal UTF-16 surrogate', v);
    }
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------
// Charmap codecs (cp1252, koi8_r, iso8859_15...)

interface Charmap {
  decode: string;
  encode: Map<number, number>;
}

const charmaps = new Map<string, Charmap>();

function charmap(codec: `charmap:${string}`): Charmap {
  const module = codec.slice('charmap:'.length);
  let map = charmaps.get(module);
  if (!map) {
    const upper = CHARMAP_UPPER_HALVES[module];
    const encodeMap = new Map<number, number>();
    for (let b = 0; b < 128; b++) encodeMap.set(b, b);
    for (let k = 0; k < 128; k++) if (upper[k] !== '\ufffe') encodeMap.set(upper.charCodeAt(k), 0x80 + k);
    map = { decode: upper, encode: encodeMap };
    charmaps.set(module, map);
  }
  return map;
}

const CHARMAP_UNDEFINED = 'character maps to <undefined>';

function decodeCharmap(data: Uint8Array, errors: string, codec: `charmap:${string}`): string {
  const { decode: upper } = charmap(codec);
  let out = '';
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b < 0x80) out += String.fromCharCode(b);
    else if (upper[b - 0x80] !== '\ufffe') out += upper[b - 0x80];
    else out += decodeReplacement(codec, errors, data, i, i + 1, CHARMAP_UNDEFINED);
  }
  return out;
}

function encodeCharmap(s: string, errors: string, codec: `charmap:${string}`): Uint8Array {
  const { encode: map } = charmap(codec);
  const cps = Array.from(s, (c) => c.codePointAt(0)!);
  const out: number[] = [];
  for (let i = 0; i < cps.length; ) {
    const b = map.get(cps[i]);
    if (b !== undefined) {
      out.push(b);
      i++;
      continue;
    }
    // Like latin-1, a whole run of unmappable characters is one error.
    let end = i;
    while (end < cps.length && !map.has(cps[end])) end++;
    encodeReplacement(codec, errors, cps, i, end, CHARMAP_UNDEFINED, out);
    i = end;
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------

/** Names (after _Py_normalize_encoding) that CPython encodes and decodes in C without the codec registry. */
const FAST_PATH_NAMES = new Set(['utf8', 'utf_8', 'utf16', 'utf_16', 'utf32', 'utf_32', 'ascii', 'us_ascii', 'latin1', 'latin_1', 'iso_8859_1', 'iso8859_1']);

/**
 * Outside the fast path CPython re-raises plain errors from the codec machinery (a bad
 * error handler) as "decoding with 'gbk' codec failed (TypeError: ...)"; Unicode errors pass unchanged.
 */
function wrapCodecError(e: unknown, operation: 'encoding' | 'decoding', encoding: string): unknown {
  if (!(e instanceof PyException) || (e.pyType !== 'TypeError' && e.pyType !== 'LookupError')) return e;
  if (FAST_PATH_NAMES.has(normalizeEncoding(encoding))) return e;
  return new PyException(e.pyType, `${operation} with '${encoding}' codec failed (${e.pyType}: ${e.pyMessage})`);
}

/** str.encode(encoding, errors) */
export function encode(s: string, encoding: string, errors = 'strict'): Uint8Array {
  const codec = lookupCodec(encoding);
  try {
    return encodeWith(codec, s, errors);
  } catch (e) {
    throw wrapCodecError(e, 'encoding', encoding);
  }
}

function encodeWith(codec: CodecName, s: string, errors: string): Uint8Array {
  switch (codec) {
    case 'utf-8':
    case 'utf-8-sig':
      return encodeUtf8(s, errors, codec);
    case 'ascii':
    case 'latin-1':
      return encodeSingleByte(s, errors, codec);
    case 'gbk':
    case 'gb2312':
      return encodeDbcs(s, errors, codec);
    case 'utf-16':
    case 'utf-16-le':
    case 'utf-16-be':
    case 'utf-32':
    case 'utf-32-le':
    case 'utf-32-be':
      return encodeWide(s, errors, codec);
    default:
      return encodeCharmap(s, errors, codec);
  }
}

/** bytes.decode(encoding, errors) */
export function decode(data: Uint8Array, encoding: string, errors = 'strict'): string {
  const codec = lookupCodec(encoding);
  try {
    return decodeWith(codec, data, errors);
  } catch (e) {
    throw wrapCodecError(e, 'decoding', encoding);
  }
}

function decodeWith(codec: CodecName, data: Uint8Array, errors: string): string {
  switch (codec) {
    case 'utf-8':
      return decodeUtf8(data, errors, codec);
    case 'utf-8-sig': {
      const hasBom = data.length >= 3 && data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2];
      return decodeUtf8(hasBom ? data.subarray(3) : data, errors, codec);
    }
    case 'ascii':
    case 'latin-1':
      return decodeSingleByte(data, errors, codec);
    case 'gbk':
    case 'gb2312':
      return decodeDbcs(data, errors, codec);
    case 'utf-16':
    case 'utf-16-le':
    case 'utf-16-be':
    case 'utf-32':
    case 'utf-32-le':
    case 'utf-32-be':
      return decodeWide(data, errors, codec);
    default:
      return decodeCharmap(data, errors, codec);
  }
}
