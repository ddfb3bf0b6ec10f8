// Builders for the playground statements the panels run. Everything a panel does
// goes through the console as one of these Python statements, so the session
// reads (and saves) as a script python3 runs unchanged.

export type Encoding = 'utf-8' | 'gbk' | 'latin-1';
export type DataFormat = 'text' | 'hex' | 'escapes';
export type Family = 'AF_INET' | 'AF_INET6' | 'AF_UNIX';
export type SockType = 'SOCK_STREAM' | 'SOCK_DGRAM';

/** A built expression, or why it could not be built (an i18n key and its parameters). */
export type Built = { ok: true; code: string } | { ok: false; error: BuildError };
export interface BuildError {
  key: 'err.noName' | 'err.hexDigit' | 'err.hexOdd' | 'err.escape' | 'err.nonAscii' | 'err.latin1' | 'err.port' | 'err.host' | 'err.path' | 'err.number';
  params?: Record<string, string | number>;
}

const fail = (key: BuildError['key'], params?: BuildError['params']): Built => ({ ok: false, error: { key, params } });

function escapeQuoted(text: string, quote: string, allowNonAscii: boolean): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c > 0x7e && !allowNonAscii) out += c <= 0xff ? '\\x' + c.toString(16).padStart(2, '0') : '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out;
}

/** Python's repr() of a str: single quotes unless the text has ' and no ". */
export function pyStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  return quote + escapeQuoted(text, quote, true) + quote;
}

/** Python's repr() of bytes. */
export function bytesLiteral(bytes: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const b of bytes) {
    if (b === 0x27) hasSingle = true;
    if (b === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = 'b' + quote;
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === quote.charCodeAt(0)) out += '\\' + quote;
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b < 0x20 || b >= 0x7f) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out + quote;
}

/** Parses hex digits, allowing spaces, colons, dashes and an optional 0x prefix per group. */
export function parseHex(input: string): { ok: true; bytes: Uint8Array } | { ok: false; error: BuildError } {
  const digits: number[] = [];
  const text = input.replace(/0x/gi, '  ');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (/\s|:|-|,/.test(ch)) continue;
    if (!/[0-9a-fA-F]/.test(ch)) return { ok: false, error: { key: 'err.hexDigit', params: { char: ch, pos: i + 1 } } };
    digits.push(parseInt(ch, 16));
  }
  if (digits.length % 2 !== 0) return { ok: false, error: { key: 'err.hexOdd', params: { count: digits.length } } };
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = digits[2 * i] * 16 + digits[2 * i + 1];
  return { ok: true, bytes };
}

/** Parses the body of a Python bytes literal as typed (escapes \\ \' \" \n \r \t \0 \xNN; ASCII only). */
export function parseEscapes(input: string): { ok: true; bytes: Uint8Array } | { ok: false; error: BuildError } {
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c > 0x7f) return { ok: false, error: { key: 'err.nonAscii', params: { char: input[i], pos: i + 1 } } };
    if (input[i] !== '\\') {
      out.push(c);
      continue;
    }
    const next = input[i + 1];
    const simple: Record<string, number> = { '\\': 0x5c, "'": 0x27, '"': 0x22, n: 0x0a, r: 0x0d, t: 0x09, '0': 0x00 };
    if (next !== undefined && next in simple) {
      out.push(simple[next]);
      i++;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(input.slice(i + 2, i + 4))) {
      out.push(parseInt(input.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      return { ok: false, error: { key: 'err.escape', params: { text: input.slice(i, i + 4), pos: i + 1 } } };
    }
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}

const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

/** The Python expression for data typed in a panel: a bytes literal, or '...'.encode(...) for non-ASCII text. */
export function dataExpression(input: string, format: DataFormat, encoding: Encoding): Built {
  if (format === 'hex') {
    const r = parseHex(input);
    return r.ok ? { ok: true, code: bytesLiteral(r.bytes) } : r;
  }
  if (format === 'escapes') {
    const r = parseEscapes(input);
    return r.ok ? { ok: true, code: bytesLiteral(r.bytes) } : r;
  }
  if (isAscii(input)) return { ok: true, code: bytesLiteral(Uint8Array.from(input, (ch) => ch.charCodeAt(0))) };
  if (encoding === 'latin-1') {
    for (const ch of input) {
      if (ch.codePointAt(0)! > 0xff) return fail('err.latin1', { char: ch });
    }
  }
  return { ok: true, code: `${pyStr(input)}.encode(${pyStr(encoding)})` };
}

/** Bytes as the engine would send them for text + encoding, when the renderer can tell (not GBK). */
export function encodeLocally(input: string, encoding: Encoding): Uint8Array | null {
  if (encoding === 'utf-8') return new TextEncoder().encode(input);
  if (encoding === 'latin-1') return Uint8Array.from(input, (ch) => ch.charCodeAt(0) & 0xff);
  return isAscii(input) ? Uint8Array.from(input, (ch) => ch.charCodeAt(0)) : null;
}

/** An address for the socket's family: ('host', port) for AF_INET/AF_INET6, a path string for AF_UNIX. */
export function addressExpression(family: Family | string, host: string, port: string, unixPath: string): Built {
  if (family === 'AF_UNIX') {
    if (unixPath.length === 0) return fail('err.path');
    return { ok: true, code: pyStr(unixPath) };
  }
  const h = host.trim();
  if (/[\s'"\\]/.test(h)) return fail('err.host', { host: h });
  const p = port.trim();
  if (!/^\d+$/.test(p) || Number(p) > 65535) return fail('err.port', { port: p });
  return { ok: true, code: `(${pyStr(h)}, ${Number(p)})` };
}

/** A non-negative number field (bufsize, backlog, timeout seconds). */
export function numberExpression(text: string, allowFloat = false): Built {
  const t = text.trim();
  const re = allowFloat ? /^\d+(\.\d+)?$/ : /^\d+$/;
  if (!re.test(t)) return fail('err.number', { value: t });
  return { ok: true, code: String(Number(t)) };
}

export function newSocketStatement(name: string, family: Family, type: SockType): string {
  return `${name} = socket.socket(socket.${family}, socket.${type})`;
}

/** The first name of the form prefix, prefix2… (or prefix1, prefix2… when numbered) not taken. */
export function freshName(prefix: string, taken: Iterable<string>, numbered = false): string {
  const set = new Set(taken);
  if (!numbered && !set.has(prefix)) return prefix;
  for (let i = numbered ? 1 : 2; ; i++) if (!set.has(prefix + i)) return prefix + i;
}

/** Whether a statement binds names (the REPL prints nothing for it) rather than being an expression. */
export function isAssignment(source: string): boolean {
  const s = source.trim();
  if (/^(import|from|pass)\b/.test(s)) return true;
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '=' && depth === 0) {
      const prev = s[i - 1];
      const next = s[i + 1];
      if (next === '=' || (prev && '=!<>'.includes(prev))) {
        if (next === '=') i++;
        continue;
      }
      return true;
    }
  }
  return false;
}

/** Whether the source (already run) imported the socket module under its own name. */
export function importsSocket(source: string): boolean {
  return source.split('\n').some((line) => /^\s*import\s+([\w, ]*\b)?socket\b/.test(line));
}
