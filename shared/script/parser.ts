// Lexer and parser for playground scripts: the subset of Python 3.11 described in
// shared/spec/script-language.md. Anything outside the subset is refused with a
// ScriptSyntaxError before anything runs; genuine syntax errors get CPython's words
// where practical. Tokens are produced lazily, so the first error in file order wins,
// as it does in CPython.

import { INT_MAX_STR_DIGITS } from './repr';
import { isPrintable } from './unicode';

// ---------------------------------------------------------------------------
// AST

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'is' | 'is not';

interface Pos {
  /** 1-based line of the node's first character. */
  line: number;
  /** 1-based column (in code points) of the node's first character. */
  col: number;
}

export type Expr =
  | (Pos & { kind: 'const'; value: null | boolean | bigint | number | string })
  | (Pos & { kind: 'bytes'; value: Uint8Array })
  | (Pos & { kind: 'name'; id: string })
  | (Pos & { kind: 'tuple'; items: Expr[] })
  | (Pos & { kind: 'attribute'; object: Expr; name: string })
  | (Pos & { kind: 'call'; func: Expr; args: Expr[]; keywords: Keyword[] })
  | (Pos & { kind: 'subscript'; object: Expr; index: Expr | Slice })
  | (Pos & { kind: 'binary'; op: '+' | '-' | '*'; left: Expr; right: Expr })
  | (Pos & { kind: 'unary'; op: '-' | '+' | 'not'; operand: Expr })
  | (Pos & { kind: 'compare'; left: Expr; ops: CompareOp[]; comparators: Expr[] })
  | (Pos & { kind: 'boolop'; op: 'and' | 'or'; values: Expr[] });

export interface Keyword {
  name: string;
  value: Expr;
}

export interface Slice extends Pos {
  kind: 'slice';
  lower: Expr | null;
  upper: Expr | null;
  step: Expr | null;
}

export type Target = (Pos & { kind: 'name'; id: string }) | (Pos & { kind: 'tuple'; items: Target[] });

export interface ImportAlias {
  /** Dotted module name for `import`, attribute name for `from ... import`. */
  name: string;
  asName: string | null;
}

export type StatementNode =
  | { kind: 'expr'; expr: Expr }
  | { kind: 'assign'; target: Target; value: Expr }
  | { kind: 'import'; names: ImportAlias[] }
  /** names === '*' for `from module import *`. */
  | { kind: 'importFrom'; module: string; names: ImportAlias[] | '*' }
  | { kind: 'pass' };

export interface Statement {
  /** 1-based first line. */
  line: number;
  /** 1-based last line. */
  endLine: number;
  /** 1-based column of the first character (always 1 for top-level statements). */
  col: number;
  /** The statement's exact text, as ast.get_source_segment gives it. */
  source: string;
  node: StatementNode;
}

export interface Program {
  statements: Statement[];
}

/** A script the playground refuses: a genuine syntax error or a construct outside the subset. */
export class ScriptSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line. */
    readonly line: number,
    /** 1-based column, in code points. */
    readonly col: number,
    /** The Python exception class CPython would raise: IndentationError for a stray indent, RecursionError for absurd nesting. */
    readonly pyType: 'SyntaxError' | 'IndentationError' | 'RecursionError' = 'SyntaxError',
  ) {
    super(message);
    this.name = pyType;
  }
}

const UNSUPPORTED_SUFFIX = 'not supported in playground scripts';
/** "X are not supported in playground scripts" (plural) or "X is not ..." (singular). */
function unsupported(what: string, line: number, col: number, plural = true): ScriptSyntaxError {
  return new ScriptSyntaxError(`${what} ${plural ? 'are' : 'is'} ${UNSUPPORTED_SUFFIX}`, line, col);
}

// ---------------------------------------------------------------------------
// Lexer

type TokenType = 'name' | 'keyword' | 'number' | 'string' | 'op' | 'newline' | 'end';

interface Token {
  type: TokenType;
  /** Raw source text of the token. */
  text: string;
  /** UTF-16 offsets into the source. */
  start: number;
  end: number;
  line: number;
  col: number;
  /** Line and 1-based column just past the token's last character. */
  endLine: number;
  endCol: number;
  /** number tokens */
  numberValue?: bigint | number;
  imaginary?: boolean;
  /** string tokens */
  stringValue?: string | Uint8Array;
  fString?: boolean;
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Operators, longest first so that the lexer can take the longest match. */
const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '->', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
  '**', '//', '<<', '>>', '<=', '>=', '==', '!=',
  '+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '(', ')', '[', ']', '{', '}', ',', ':',
  '.', ';', '=',
];

const AUGMENTED_ASSIGNMENT = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '@=', '&=', '|=', '^=', '>>=', '<<=', '**=']);

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** CPython's tokenizer limit (MAXLEVEL). */
const MAX_PAREN_NESTING = 200;
/**
 * Nesting (unary operators, calls, brackets) beyond this is refused, so that neither the
 * parser nor the evaluator can exhaust the JavaScript stack. CPython's compiler gives up
 * somewhat later (at about 3000), with the same message.
 */
const MAX_EXPRESSION_DEPTH = 1000;

/** Keywords that may directly follow a number literal (CPython's verify_end_of_number). */
const KEYWORDS_AFTER_NUMBER = ['and', 'else', 'for', 'if', 'in', 'is', 'not', 'or'];

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf']);

// Identifier characters come from the JavaScript engine's Unicode tables (newer than CPython 3.11's).
const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHexDigit = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);
const isNewlineChar = (c: string | undefined): boolean => c === '\n' || c === '\r';

interface OpenBracket {
  char: string;
  line: number;
  col: number;
}

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private atLineStart = true;
  private readonly brackets: OpenBracket[] = [];
  private lastType: TokenType | null = null;
  private finished = false;

  constructor(private readonly src: string) {
    const nul = src.indexOf('\0');
    if (nul >= 0) {
      // CPython refuses the whole source (with no position); we point at the first NUL.
      const before = src.slice(0, nul);
      const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
      const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
      throw new ScriptSyntaxError('source code string cannot contain null bytes', line, this.colAt(nul, lineStart));
    }
    if (src.charCodeAt(0) === 0xfeff) {
      // A byte-order mark is not part of the program.
      this.pos = 1;
      this.lineStart = 1;
    }
  }

  /** The last column computed, so that columns along a line cost O(1) each, not O(line length). */
  private colCache = { lineStart: -1, offset: 0, col: 1 };

  /** 1-based column (in code points) of a UTF-16 offset on the line starting at lineStart. */
  colAt(offset: number, lineStart = this.lineStart): number {
    const cache = this.colCache;
    const resume = cache.lineStart === lineStart && cache.offset <= offset;
    let col = resume ? cache.col : 1;
    for (let i = resume ? cache.offset : lineStart; i < offset; i++) {
      const code = this.src.charCodeAt(i);
      // Count a surrogate pair once.
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < offset) {
        const next = this.src.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      col++;
    }
    this.colCache = { lineStart, offset, col };
    return col;
  }

  private error(message: string, offset = this.pos, line = this.line, lineStart = this.lineStart): ScriptSyntaxError {
    return new ScriptSyntaxError(message, line, this.colAt(offset, lineStart));
  }

  private token(type: TokenType, start: number, startLine: number, startLineStart: number, extra: Partial<Token> = {}): Token {
    this.lastType = type;
    return {
      type,
      text: this.src.slice(start, this.pos),
      start,
      end: this.pos,
      line: startLine,
      col: this.colAt(start, startLineStart),
      endLine: this.line,
      endCol: this.colAt(this.pos),
      ...extra,
    };
  }

  /** Consumes one newline (\n, \r\n or \r) at this.pos. */
  private consumeNewline(): void {
    if (this.src[this.pos] === '\r' && this.src[this.pos + 1] === '\n') this.pos += 2;
    else this.pos += 1;
    this.line++;
    this.lineStart = this.pos;
  }

  next(): Token {
    const src = this.src;
    for (;;) {
      if (this.finished) return this.token('end', this.pos, this.line, this.lineStart);
      if (this.atLineStart && this.brackets.length === 0) {
        let p = this.pos;
        while (src[p] === ' ' || src[p] === '\t' || src[p] === '\f') p++;
        const c = src[p];
        if (c === undefined || c === '#' || isNewlineChar(c)) {
          // Blank or comment-only line: no tokens, no indentation rules.
          while (p < src.length && !isNewlineChar(src[p])) p++;
          this.pos = p;
          if (p >= src.length) {
            this.atLineStart = false;
            continue;
          }
          this.consumeNewline();
          continue;
        }
        this.atLineStart = false;
        if (p > this.pos) {
          // Only a form feed before the first character is not indentation.
          const indent = src.slice(this.pos, p).replace(/\f/g, '');
          if (indent.length > 0) throw new ScriptSyntaxError('unexpected indent', this.line, this.colAt(p) - 1, 'IndentationError');
        }
        this.pos = p;
      }
      while (src[this.pos] === ' ' || src[this.pos] === '\t' || src[this.pos] === '\f') this.pos++;
      const start = this.pos;
      const c = src[start];
      if (c === undefined) {
        if (this.brackets.length > 0) {
          const open = this.brackets[this.brackets.length - 1];
          throw new ScriptSyntaxError(`'${open.char}' was never closed`, open.line, open.col);
        }
        if (this.lastType !== null && this.lastType !== 'newline') return this.token('newline', start, this.line, this.lineStart);
        this.finished = true;
        return this.token('end', start, this.line, this.lineStart);
      }
      if (c === '#') {
        while (this.pos < src.length && !isNewlineChar(src[this.pos])) this.pos++;
        continue;
      }
      if (isNewlineChar(c)) {
        if (this.brackets.length > 0) {
          this.consumeNewline();
          continue;
        }
        const line = this.line;
        const lineStart = this.lineStart;
        this.consumeNewline();
        this.atLineStart = true;
        const tok = this.token('newline', start, line, lineStart);
        tok.end = start;
        tok.text = '';
        return tok;
      }
      if (c === '\\') {
        if (isNewlineChar(src[start + 1]) || start + 1 >= src.length) {
          throw unsupported('backslash line continuations', this.line, this.colAt(start));
        }
        throw this.error('unexpected character after line continuation character', start + 1);
      }
      const cp = src.codePointAt(start)!;
      const ch = String.fromCodePoint(cp);
      if (ID_START.test(ch)) return this.identifierOrString(start);
      if (isDigit(c) || (c === '.' && isDigit(src[start + 1] ?? ''))) return this.number(start);
      if (c === '"' || c === "'") return this.string(start, '');
      if (src.startsWith('<>', start)) throw this.error('invalid syntax', start);
      for (const op of OPERATORS) {
        if (src.startsWith(op, start)) {
          this.pos = start + op.length;
          this.trackBracket(op, start);
          return this.token('op', start, this.line, this.lineStart);
        }
      }
      if (cp < 0x80) {
        if (cp < 0x20 || cp === 0x7f) throw this.error(`invalid non-printable character U+${hex4(cp)}`, start);
        // $ ? ` ! : CPython's tokenizer reports these as a plain "invalid syntax".
        throw this.error('invalid syntax', start);
      }
      if (!isPrintable(cp)) throw this.error(`invalid non-printable character U+${hex4(cp)}`, start);
      throw this.error(`invalid character '${ch}' (U+${hex4(cp)})`, start);
    }
  }

  private trackBracket(op: string, start: number): void {
    if (op in OPENERS) {
      if (this.brackets.length >= MAX_PAREN_NESTING) throw this.error('too many nested parentheses', start);
      this.brackets.push({ char: op, line: this.line, col: this.colAt(start) });
    } else if (op in CLOSERS) {
      const open = this.brackets.pop();
      if (!open) throw this.error(`unmatched '${op}'`, start);
      if (open.char !== CLOSERS[op]) {
        const where = open.line === this.line ? '' : ` on line ${open.line}`;
        throw this.error(`closing parenthesis '${op}' does not match opening parenthesis '${open.char}'${where}`, start);
      }
    }
  }

  private identifierOrString(start: number): Token {
    const src = this.src;
    let p = start;
    while (p < src.length) {
      const cp = src.codePointAt(p)!;
      const ch = String.fromCodePoint(cp);
      if (!(p === start ? ID_START : ID_CONTINUE).test(ch)) break;
      p += ch.length;
    }
    const word = src.slice(start, p);
    const q = src[p];
    if ((q === '"' || q === "'") && STRING_PREFIXES.has(word.toLowerCase())) {
      this.pos = p;
      return this.string(start, word.toLowerCase());
    }
    this.pos = p;
    return this.token(KEYWORDS.has(word) ? 'keyword' : 'name', start, this.line, this.lineStart);
  }

  private number(start: number): Token {
    const src = this.src;
    let p = start;
    const digitsWithUnderscores = (isValid: (c: string) => boolean, kind: string): void => {
      // Digits with single underscores between them.
      for (;;) {
        while (p < src.length && isValid(src[p])) p++;
        if (src[p] === '_') {
          if (!isValid(src[p + 1] ?? '')) {
            this.pos = p + 1;
            throw this.error(`invalid ${kind} literal`, p);
          }
          p++;
          continue;
        }
        return;
      }
    };
    const finish = (value: bigint | number, kind: string, imaginary = false): Token => {
      this.pos = p;
      this.checkEndOfNumber(kind);
      return this.token('number', start, this.line, this.lineStart, { numberValue: value, imaginary });
    };
    if (src[p] === '0' && /[xXoObB]/.test(src[p + 1] ?? '')) {
      const letter = src[p + 1].toLowerCase();
      const [kind, valid, radixPrefix] =
        letter === 'x'
          ? (['hexadecimal', isHexDigit, '0x'] as const)
          : letter === 'o'
            ? (['octal', (ch: string) => ch >= '0' && ch <= '7', '0o'] as const)
            : (['binary', (ch: string) => ch === '0' || ch === '1', '0b'] as const);
      p += 2;
      if (src[p] === '_') p++;
      if (!valid(src[p] ?? '')) {
        if (letter !== 'x' && isDigit(src[p] ?? '')) throw this.error(`invalid digit '${src[p]}' in ${kind} literal`, p);
        throw this.error(`invalid ${kind} literal`, p - 1);
      }
      digitsWithUnderscores(valid, kind);
      if (letter !== 'x' && isDigit(src[p] ?? '')) throw this.error(`invalid digit '${src[p]}' in ${kind} literal`, p);
      const digits = src.slice(start + 2, p).replace(/_/g, '');
      return finish(BigInt(radixPrefix + digits), kind);
    }
    // Decimal integer or float.
    let isFloat = false;
    if (src[p] !== '.') digitsWithUnderscores(isDigit, 'decimal');
    const intPart = src.slice(start, p);
    if (src[p] === '.') {
      isFloat = true;
      p++;
      if (isDigit(src[p] ?? '')) digitsWithUnderscores(isDigit, 'decimal');
    }
    if (src[p] === 'e' || src[p] === 'E') {
      const save = p;
      p++;
      const signed = src[p] === '+' || src[p] === '-';
      if (signed) p++;
      if (!isDigit(src[p] ?? '')) {
        this.pos = save;
        // CPython points at the sign, or at the number when the exponent is empty.
        throw this.error('invalid decimal literal', signed ? p - 1 : start);
      }
      digitsWithUnderscores(isDigit, 'decimal');
      isFloat = true;
    }
    const text = src.slice(start, p).replace(/_/g, '');
    if (src[p] === 'j' || src[p] === 'J') {
      p++;
      this.pos = p;
      throw unsupported('complex numbers', this.line, this.colAt(start));
    }
    if (!isFloat) {
      const digits = intPart.replace(/_/g, '');
      if (digits.length > 1 && digits[0] === '0' && /[1-9]/.test(digits)) {
        throw new ScriptSyntaxError(
          'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          this.line,
          this.colAt(start),
        );
      }
      if (digits.length > INT_MAX_STR_DIGITS) {
        throw new ScriptSyntaxError(
          `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; ` +
            'use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.',
          this.line,
          this.colAt(start),
        );
      }
      return finish(BigInt(digits), 'decimal');
    }
    return finish(Number(text), 'decimal');
  }

  /** A number may not run into an identifier, except for a few keywords (`1if x else y`). */
  private checkEndOfNumber(kind: string): void {
    const rest = this.src.slice(this.pos, this.pos + 8);
    const c = rest[0] ?? '';
    if (c === '') return;
    if (KEYWORDS_AFTER_NUMBER.some((k) => rest.startsWith(k))) return;
    // CPython points at the number's last character. A '.' after a number is attribute access (`1.5.real`).
    if (ID_CONTINUE.test(String.fromCodePoint(this.src.codePointAt(this.pos)!))) throw this.error(`invalid ${kind} literal`, this.pos - 1);
  }

  private string(start: number, prefix: string): Token {
    const src = this.src;
    const startLine = this.line;
    const startLineStart = this.lineStart;
    const quote = src[this.pos];
    const triple = src.startsWith(quote.repeat(3), this.pos);
    const delimiter = triple ? quote.repeat(3) : quote;
    let p = this.pos + delimiter.length;
    const bodyStart = p;
    let bodyEnd = -1;
    while (p < src.length) {
      const c = src[p];
      if (c === '\\') {
        p++;
        if (p < src.length) {
          if (isNewlineChar(src[p])) {
            this.pos = p;
            this.consumeNewline();
            p = this.pos;
          } else p++;
        }
        continue;
      }
      if (isNewlineChar(c)) {
        if (!triple) break;
        this.pos = p;
        this.consumeNewline();
        p = this.pos;
        continue;
      }
      if (src.startsWith(delimiter, p)) {
        bodyEnd = p;
        p += delimiter.length;
        break;
      }
      p++;
    }
    if (bodyEnd < 0) {
      const what = triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal';
      const endsWithNewline = p >= src.length && isNewlineChar(src[src.length - 1]);
      const detected = endsWithNewline && this.line > startLine ? this.line - 1 : this.line;
      throw new ScriptSyntaxError(`${what} (detected at line ${detected})`, startLine, this.colAt(start, startLineStart));
    }
    this.pos = p;
    const body = src.slice(bodyStart, bodyEnd);
    const isBytes = prefix.includes('b');
    const isRaw = prefix.includes('r');
    const isF = prefix.includes('f');
    const tok = this.token('string', start, startLine, startLineStart, { fString: isF });
    if (isF) return tok;
    const fail = (message: string): ScriptSyntaxError => new ScriptSyntaxError(message, this.line, this.colAt(this.pos));
    const failAtStart = (message: string): ScriptSyntaxError => new ScriptSyntaxError(message, startLine, tok.col);
    if (isBytes) {
      if (/[^\x00-\x7f]/.test(body)) throw failAtStart('bytes can only contain ASCII literal characters');
      tok.stringValue = isRaw ? latin1Bytes(normaliseNewlines(body)) : decodeBytesEscapes(normaliseNewlines(body), fail);
    } else {
      tok.stringValue = isRaw ? normaliseNewlines(body) : decodeStrEscapes(normaliseNewlines(body), fail, tok);
    }
    return tok;
  }
}

function hex4(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

/** Inside string literals, \r\n and \r read as \n (universal newlines). */
function normaliseNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

const MAX_CODE_POINT = 0x10ffff;

function decodeStrEscapes(body: string, fail: (m: string) => ScriptSyntaxError, tok: Token): string {
  if (!body.includes('\\')) return body;
  let out = '';
  const chars = Array.from(body);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = chars[i + 1];
    if (e === undefined) {
      out += '\\';
      break;
    }
    if (e === '\n') {
      i++;
      continue;
    }
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i++;
      continue;
    }
    if (e >= '0' && e <= '7') {
      let j = i + 1;
      let digits = '';
      while (j < chars.length && digits.length < 3 && chars[j] >= '0' && chars[j] <= '7') digits += chars[j++];
      out += String.fromCodePoint(parseInt(digits, 8));
      i = j - 1;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (width > 0) {
      const digits = chars.slice(i + 2, i + 2 + width).join('');
      const valid = digits.length === width && /^[0-9a-fA-F]+$/.test(digits);
      if (!valid) {
        let j = i + 2;
        while (j < i + 2 + width && j < chars.length && isHexDigit(chars[j])) j++;
        const name = e === 'x' ? '\\xXX' : e === 'u' ? '\\uXXXX' : '\\UXXXXXXXX';
        throw fail(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${i}-${j - 1}: truncated ${name} escape`);
      }
      const cp = parseInt(digits, 16);
      if (cp > MAX_CODE_POINT) {
        throw fail(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${i}-${i + 1 + width}: illegal Unicode character`);
      }
      out += String.fromCodePoint(cp);
      i += 1 + width;
      continue;
    }
    if (e === 'N') throw unsupported('\\N{...} escapes', tok.line, tok.col);
    // Unknown escapes stay as they are (CPython only warns).
    out += '\\';
  }
  return out;
}

function decodeBytesEscapes(body: string, fail: (m: string) => ScriptSyntaxError): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out.push(c.charCodeAt(0));
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) {
      out.push(0x5c);
      break;
    }
    if (e === '\n') {
      i++;
      continue;
    }
    if (e in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[e].charCodeAt(0));
      i++;
      continue;
    }
    if (e >= '0' && e <= '7') {
      let j = i + 1;
      let digits = '';
      while (j < body.length && digits.length < 3 && body[j] >= '0' && body[j] <= '7') digits += body[j++];
      // CPython keeps the low 8 bits of an octal escape above \377.
      out.push(parseInt(digits, 8) & 0xff);
      i = j - 1;
      continue;
    }
    if (e === 'x') {
      const digits = body.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(digits)) throw fail(`(value error) invalid \\x escape at position ${i}`);
      out.push(parseInt(digits, 16));
      i += 3;
      continue;
    }
    out.push(0x5c);
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------
// Parser

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Binary operators outside the subset, with the name used in the refusal. */
const UNSUPPORTED_BINARY: Record<string, string> = {
  '/': "the '/' operator",
  '//': "the '//' operator",
  '%': "the '%' operator",
  '@': "the '@' operator",
  '**': "the '**' operator",
  '&': "the '&' operator",
  '|': "the '|' operator",
  '^': "the '^' operator",
  '<<': "the '<<' operator",
  '>>': "the '>>' operator",
};

/** Statements introduced by a keyword that the subset refuses. */
const REFUSED_STATEMENTS: Record<string, [string, boolean] | string> = {
  while: ['while loops', true],
  for: ['for loops', true],
  if: ['if statements', true],
  def: ['function definitions', true],
  class: ['class definitions', true],
  try: ['try statements', true],
  with: ['with statements', true],
  del: ['del statements', true],
  global: ['global declarations', true],
  assert: ['assert statements', true],
  raise: ['raise statements', true],
  async: ['async statements', true],
  // Genuine syntax errors at module level, in CPython's words.
  break: "'break' outside loop",
  continue: "'continue' not properly in loop",
  return: "'return' outside function",
  yield: "'yield' outside function",
  await: "'await' outside function",
  nonlocal: 'nonlocal declaration not allowed at module level',
  elif: 'invalid syntax',
  else: 'invalid syntax',
  except: 'invalid syntax',
  finally: 'invalid syntax',
};

class Parser {
  private readonly lexer: Lexer;
  private readonly buffer: Token[] = [];
  private depth = 0;

  constructor(private readonly src: string) {
    this.lexer = new Lexer(src);
  }

  private peek(k = 0): Token {
    while (this.buffer.length <= k) this.buffer.push(this.lexer.next());
    return this.buffer[k];
  }

  private advance(): Token {
    const tok = this.peek();
    this.buffer.shift();
    return tok;
  }

  private isOp(tok: Token, ...ops: string[]): boolean {
    return tok.type === 'op' && ops.includes(tok.text);
  }

  private isKeyword(tok: Token, ...words: string[]): boolean {
    return tok.type === 'keyword' && words.includes(tok.text);
  }

  private syntaxError(tok: Token, message = 'invalid syntax'): ScriptSyntaxError {
    return new ScriptSyntaxError(message, tok.line, tok.col);
  }

  parseProgram(): Program {
    const statements: Statement[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.type === 'end') break;
      if (tok.type === 'newline') {
        this.advance();
        continue;
      }
      statements.push(this.statement());
    }
    return { statements };
  }

  private statement(): Statement {
    const first = this.peek();
    const node = this.statementNode();
    const end = this.peek();
    if (end.type !== 'newline' && end.type !== 'end') {
      if (this.isOp(end, ';')) throw unsupported("multiple statements on one line (';')", end.line, end.col);
      if (this.isOp(end, '=')) throw unsupported('chained assignments', end.line, end.col);
      throw this.syntaxError(end);
    }
    const last = this.lastEnd;
    this.advance();
    return {
      line: first.line,
      endLine: last.line,
      col: first.col,
      source: this.src.slice(first.start, last.end),
      node,
    };
  }

  /** The last token consumed before the statement's NEWLINE. */
  private lastEnd: { line: number; end: number } = { line: 1, end: 0 };

  private consume(): Token {
    const tok = this.advance();
    // Line of a token's last character: strings may span lines.
    const newlines = tok.text.match(/\r\n|\r|\n/g)?.length ?? 0;
    this.lastEnd = { line: tok.line + newlines, end: tok.end };
    return tok;
  }

  private statementNode(): StatementNode {
    const tok = this.peek();
    if (tok.type === 'keyword') {
      switch (tok.text) {
        case 'pass':
          this.consume();
          return { kind: 'pass' };
        case 'import':
          return this.importStatement();
        case 'from':
          return this.fromImport();
      }
      const refused = REFUSED_STATEMENTS[tok.text];
      if (refused !== undefined) {
        if (typeof refused === 'string') throw this.syntaxError(tok, refused);
        throw unsupported(refused[0], tok.line, tok.col, refused[1]);
      }
    }
    if (this.isOp(tok, '@')) throw unsupported('decorators', tok.line, tok.col);
    if (tok.type === 'name') this.checkSoftKeywordStatement(tok);
    return this.expressionOrAssignment();
  }

  /** `print x` and `match x:` are Python 2 / compound statements, refused before the expression parser sees them. */
  private checkSoftKeywordStatement(tok: Token): void {
    const next = this.peek(1);
    if ((tok.text === 'print' || tok.text === 'exec') && (next.type === 'name' || next.type === 'string' || next.type === 'number')) {
      throw this.syntaxError(tok, `Missing parentheses in call to '${tok.text}'. Did you mean ${tok.text}(...)?`);
    }
    if (tok.text === 'match' && (next.type === 'name' || next.type === 'string' || next.type === 'number' || this.isOp(next, '(', '[', '{', '-'))) {
      // A match statement's header ends with ':' on the logical line.
      let k = 1;
      for (;;) {
        const t = this.peek(k);
        if (t.type === 'newline' || t.type === 'end') break;
        k++;
      }
      if (k > 1 && this.isOp(this.peek(k - 1), ':')) throw unsupported('match statements', tok.line, tok.col);
    }
  }

  private dottedName(): string {
    const parts: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type !== 'name') throw this.syntaxError(t);
      parts.push(this.consume().text);
      if (!this.isOp(this.peek(), '.')) break;
      this.consume();
    }
    return parts.join('.');
  }

  private asName(): string | null {
    if (!this.isKeyword(this.peek(), 'as')) return null;
    this.consume();
    const t = this.peek();
    if (t.type !== 'name') throw this.syntaxError(t);
    return this.consume().text;
  }

  private importStatement(): StatementNode {
    this.consume();
    const names: ImportAlias[] = [];
    for (;;) {
      const name = this.dottedName();
      names.push({ name, asName: this.asName() });
      if (!this.isOp(this.peek(), ',')) break;
      this.consume();
    }
    return { kind: 'import', names };
  }

  private fromImport(): StatementNode {
    this.consume();
    const t = this.peek();
    if (this.isOp(t, '.', '...')) throw unsupported('relative imports', t.line, t.col);
    const module = this.dottedName();
    const imp = this.peek();
    if (!this.isKeyword(imp, 'import')) throw this.syntaxError(imp);
    this.consume();
    if (this.isOp(this.peek(), '*')) {
      this.consume();
      return { kind: 'importFrom', module, names: '*' };
    }
    const parenthesised = this.isOp(this.peek(), '(');
    if (parenthesised) this.consume();
    const names: ImportAlias[] = [];
    for (;;) {
      const n = this.peek();
      if (n.type !== 'name') throw this.syntaxError(n);
      names.push({ name: this.consume().text, asName: this.asName() });
      if (!this.isOp(this.peek(), ',')) break;
      const comma = this.consume();
      if (parenthesised && this.isOp(this.peek(), ')')) break;
      const after = this.peek();
      if (!parenthesised && (after.type === 'newline' || after.type === 'end')) {
        throw new ScriptSyntaxError('trailing comma not allowed without surrounding parentheses', comma.line, comma.col + 1);
      }
    }
    if (parenthesised) this.expectClose(')');
    return { kind: 'importFrom', module, names };
  }

  private expressionOrAssignment(): StatementNode {
    const first = this.peek();
    const expr = this.starExpressions();
    const tok = this.peek();
    if (this.isOp(tok, '=')) {
      const target = this.toTarget(expr);
      this.consume();
      if (this.isKeyword(this.peek(), 'yield')) throw this.syntaxError(this.peek(), "'yield' outside function");
      const value = this.starExpressions();
      return { kind: 'assign', target, value };
    }
    if (tok.type === 'op' && AUGMENTED_ASSIGNMENT.has(tok.text)) {
      throw unsupported(`augmented assignments ('${tok.text}')`, tok.line, tok.col);
    }
    if (this.isOp(tok, ':')) throw unsupported('variable annotations', first.line, first.col);
    return { kind: 'expr', expr };
  }

  private toTarget(e: Expr): Target {
    const cannot = (what: string): ScriptSyntaxError => new ScriptSyntaxError(`cannot assign to ${what}`, e.line, e.col);
    const withHint = (what: string): ScriptSyntaxError =>
      new ScriptSyntaxError(`cannot assign to ${what} here. Maybe you meant '==' instead of '='?`, e.line, e.col);
    switch (e.kind) {
      case 'name':
        return { kind: 'name', id: e.id, line: e.line, col: e.col };
      case 'tuple':
        return { kind: 'tuple', items: e.items.map((i) => this.toTarget(i)), line: e.line, col: e.col };
      case 'attribute':
        throw unsupported('attribute assignments', e.line, e.col);
      case 'subscript':
        throw unsupported('item assignments', e.line, e.col);
      case 'const':
        if (e.value === null) throw cannot('None');
        if (typeof e.value === 'boolean') throw cannot(e.value ? 'True' : 'False');
        throw withHint('literal');
      case 'bytes':
        throw withHint('literal');
      case 'call':
        throw withHint('function call');
      case 'compare':
        throw cannot('comparison');
      case 'boolop':
        throw cannot('expression');
      case 'unary':
        if (e.op === 'not') throw cannot('expression');
        throw withHint('expression');
      case 'binary':
        throw withHint('expression');
    }
  }

  /** Whether a token can begin an expression (used after a trailing comma). */
  private startsExpression(tok: Token): boolean {
    if (tok.type === 'name' || tok.type === 'number' || tok.type === 'string') return true;
    if (tok.type === 'keyword') return ['True', 'False', 'None', 'not', 'lambda', 'await', 'yield'].includes(tok.text);
    return this.isOp(tok, '(', '[', '{', '-', '+', '~', '*', '...');
  }

  /** A bare tuple is allowed: `x = 1, 2`, `a, b = ...`. */
  private starExpressions(): Expr {
    const first = this.peek();
    const e = this.starExpression();
    if (!this.isOp(this.peek(), ',')) return e;
    const items = [e];
    while (this.isOp(this.peek(), ',')) {
      this.consume();
      if (!this.startsExpression(this.peek())) break;
      items.push(this.starExpression());
    }
    return { kind: 'tuple', items, line: first.line, col: first.col };
  }

  private starExpression(): Expr {
    const tok = this.peek();
    if (this.isOp(tok, '*')) throw unsupported('starred expressions', tok.line, tok.col);
    return this.namedExpression();
  }

  private namedExpression(): Expr {
    const e = this.expression();
    const tok = this.peek();
    if (this.isOp(tok, ':=')) throw unsupported("assignment expressions (':=')", tok.line, tok.col);
    return e;
  }

  private expression(): Expr {
    const tok = this.peek();
    if (this.isKeyword(tok, 'lambda')) throw unsupported('lambda expressions', tok.line, tok.col);
    if (this.isKeyword(tok, 'yield')) throw this.syntaxError(tok, "'yield' outside function");
    this.enter(tok);
    const e = this.disjunction();
    const next = this.peek();
    if (this.isKeyword(next, 'if')) throw unsupported('conditional expressions', e.line, e.col);
    this.depth--;
    return e;
  }

  private enter(tok: Token): void {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      throw new ScriptSyntaxError('maximum recursion depth exceeded during compilation', tok.line, tok.col, 'RecursionError');
    }
  }

  private disjunction(): Expr {
    const first = this.conjunction();
    if (!this.isKeyword(this.peek(), 'or')) return first;
    const values = [first];
    while (this.isKeyword(this.peek(), 'or')) {
      this.consume();
      values.push(this.conjunction());
    }
    return { kind: 'boolop', op: 'or', values, line: first.line, col: first.col };
  }

  private conjunction(): Expr {
    const first = this.inversion();
    if (!this.isKeyword(this.peek(), 'and')) return first;
    const values = [first];
    while (this.isKeyword(this.peek(), 'and')) {
      this.consume();
      values.push(this.inversion());
    }
    return { kind: 'boolop', op: 'and', values, line: first.line, col: first.col };
  }

  private inversion(): Expr {
    const tok = this.peek();
    if (this.isKeyword(tok, 'not')) {
      this.consume();
      this.enter(tok);
      const operand = this.inversion();
      this.depth--;
      return { kind: 'unary', op: 'not', operand, line: tok.line, col: tok.col };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.bitwiseOr();
    const ops: CompareOp[] = [];
    const comparators: Expr[] = [];
    for (;;) {
      const tok = this.peek();
      let op: CompareOp | null = null;
      if (tok.type === 'op' && COMPARE_OPS.has(tok.text)) {
        op = tok.text as CompareOp;
        this.consume();
      } else if (this.isKeyword(tok, 'is')) {
        this.consume();
        if (this.isKeyword(this.peek(), 'not')) {
          this.consume();
          op = 'is not';
        } else op = 'is';
      } else if (this.isKeyword(tok, 'in')) {
        throw unsupported("the 'in' operator", tok.line, tok.col, false);
      } else if (this.isKeyword(tok, 'not') && this.isKeyword(this.peek(1), 'in')) {
        throw unsupported("the 'not in' operator", tok.line, tok.col, false);
      }
      if (op === null) break;
      ops.push(op);
      comparators.push(this.bitwiseOr());
    }
    if (ops.length === 0) return left;
    return { kind: 'compare', left, ops, comparators, line: left.line, col: left.col };
  }

  private refuseBinary(tok: Token): void {
    if (tok.type === 'op' && tok.text in UNSUPPORTED_BINARY) {
      throw unsupported(UNSUPPORTED_BINARY[tok.text], tok.line, tok.col, false);
    }
  }

  /** Bitwise operators sit between comparisons and sums; all of them are refused. */
  private bitwiseOr(): Expr {
    const e = this.sum();
    const tok = this.peek();
    if (this.isOp(tok, '|', '^', '&', '<<', '>>')) this.refuseBinary(tok);
    return e;
  }

  private sum(): Expr {
    let left = this.term();
    for (;;) {
      const tok = this.peek();
      if (!this.isOp(tok, '+', '-')) return left;
      this.consume();
      const right = this.term();
      left = { kind: 'binary', op: tok.text as '+' | '-', left, right, line: left.line, col: left.col };
    }
  }

  private term(): Expr {
    let left = this.factor();
    for (;;) {
      const tok = this.peek();
      if (this.isOp(tok, '/', '//', '%', '@')) this.refuseBinary(tok);
      if (!this.isOp(tok, '*')) return left;
      this.consume();
      const right = this.factor();
      left = { kind: 'binary', op: '*', left, right, line: left.line, col: left.col };
    }
  }

  private factor(): Expr {
    const tok = this.peek();
    if (this.isOp(tok, '-', '+')) {
      this.consume();
      this.enter(tok);
      const operand = this.factor();
      this.depth--;
      return { kind: 'unary', op: tok.text as '-' | '+', operand, line: tok.line, col: tok.col };
    }
    if (this.isOp(tok, '~')) throw unsupported("the '~' operator", tok.line, tok.col, false);
    const e = this.primary();
    const next = this.peek();
    if (this.isOp(next, '**')) this.refuseBinary(next);
    return e;
  }

  private primary(): Expr {
    let e = this.atom();
    for (;;) {
      const tok = this.peek();
      if (this.isOp(tok, '.')) {
        this.consume();
        const name = this.peek();
        if (name.type !== 'name') throw this.syntaxError(name);
        this.consume();
        e = { kind: 'attribute', object: e, name: name.text, line: e.line, col: e.col };
      } else if (this.isOp(tok, '(')) {
        e = this.call(e);
      } else if (this.isOp(tok, '[')) {
        this.consume();
        const index = this.subscriptIndex();
        this.expectClose(']', index);
        e = { kind: 'subscript', object: e, index, line: e.line, col: e.col };
      } else return e;
    }
  }

  /** Consumes a closing bracket; `last` is the expression before it, for CPython's missing-comma hint. */
  private expectClose(op: string, last?: Expr | Slice): void {
    const tok = this.peek();
    if (this.isOp(tok, op)) {
      this.consume();
      return;
    }
    if (this.isKeyword(tok, 'for')) throw unsupported('generator expressions', tok.line, tok.col);
    const juxtaposed =
      tok.type === 'name' || tok.type === 'number' || tok.type === 'string' || this.isKeyword(tok, 'True', 'False', 'None', 'not', 'lambda');
    // CPython does not offer the hint for NAME STRING (a misspelt prefix such as `ur'x'`).
    if (last && last.kind !== 'slice' && juxtaposed && !(last.kind === 'name' && tok.type === 'string')) {
      throw new ScriptSyntaxError('invalid syntax. Perhaps you forgot a comma?', last.line, last.col);
    }
    throw this.syntaxError(tok);
  }

  private call(func: Expr): Expr {
    const open = this.consume();
    this.enter(open);
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    let last: Expr | undefined;
    while (!this.isOp(this.peek(), ')')) {
      const tok = this.peek();
      if (this.isOp(tok, '*')) throw unsupported("argument unpacking ('*')", tok.line, tok.col, false);
      if (this.isOp(tok, '**')) throw unsupported("keyword argument unpacking ('**')", tok.line, tok.col, false);
      if (tok.type === 'name' && this.isOp(this.peek(1), '=')) {
        this.consume();
        this.consume();
        if (keywords.some((k) => k.name === tok.text)) throw this.syntaxError(tok, `keyword argument repeated: ${tok.text}`);
        last = this.expression();
        keywords.push({ name: tok.text, value: last });
      } else {
        const value = this.namedExpression();
        if (this.isOp(this.peek(), '=')) {
          throw new ScriptSyntaxError('expression cannot contain assignment, perhaps you meant "=="?', value.line, value.col);
        }
        if (this.isKeyword(this.peek(), 'for')) throw unsupported('generator expressions', value.line, value.col);
        if (keywords.length > 0) throw new ScriptSyntaxError('positional argument follows keyword argument', value.line, value.col);
        args.push(value);
        last = value;
      }
      if (!this.isOp(this.peek(), ',')) break;
      this.consume();
    }
    this.expectClose(')', last);
    this.depth--;
    return { kind: 'call', func, args, keywords, line: func.line, col: func.col };
  }

  private subscriptIndex(): Expr | Slice {
    const first = this.peek();
    const item = this.sliceOrExpression();
    if (!this.isOp(this.peek(), ',')) return item;
    const items: (Expr | Slice)[] = [item];
    while (this.isOp(this.peek(), ',')) {
      this.consume();
      if (this.isOp(this.peek(), ']')) break;
      items.push(this.sliceOrExpression());
    }
    const slice = items.find((i) => i.kind === 'slice');
    if (slice) throw unsupported('extended slices', slice.line, slice.col);
    return { kind: 'tuple', items: items as Expr[], line: first.line, col: first.col };
  }

  private sliceOrExpression(): Expr | Slice {
    const first = this.peek();
    if (this.isOp(first, ']')) throw this.syntaxError(first);
    const lower = this.isOp(first, ':') ? null : this.namedExpression();
    if (!this.isOp(this.peek(), ':')) {
      if (lower === null) throw this.syntaxError(this.peek());
      return lower;
    }
    this.consume();
    const boundary = (): Expr | null => (this.isOp(this.peek(), ':', ']', ',') ? null : this.expression());
    const upper = boundary();
    let step: Expr | null = null;
    if (this.isOp(this.peek(), ':')) {
      this.consume();
      step = boundary();
    }
    return { kind: 'slice', lower, upper, step, line: first.line, col: first.col };
  }

  private atom(): Expr {
    const tok = this.peek();
    const pos = { line: tok.line, col: tok.col };
    switch (tok.type) {
      case 'name':
        this.consume();
        return { kind: 'name', id: tok.text, ...pos };
      case 'number':
        this.consume();
        return { kind: 'const', value: tok.numberValue!, ...pos };
      case 'string':
        return this.strings();
      case 'keyword':
        switch (tok.text) {
          case 'True':
          case 'False':
            this.consume();
            return { kind: 'const', value: tok.text === 'True', ...pos };
          case 'None':
            this.consume();
            return { kind: 'const', value: null, ...pos };
          case 'lambda':
            throw unsupported('lambda expressions', tok.line, tok.col);
          case 'await':
            throw this.syntaxError(tok, "'await' outside function");
          case 'yield':
            throw this.syntaxError(tok, "'yield' outside function");
        }
        throw this.syntaxError(tok);
      case 'op':
        switch (tok.text) {
          case '(':
            return this.parenthesised();
          case '[':
            throw unsupported(this.describeDisplay('list'), tok.line, tok.col);
          case '{':
            throw unsupported(this.describeDisplay('braces'), tok.line, tok.col);
          case '...':
            throw unsupported("the Ellipsis literal ('...')", tok.line, tok.col, false);
        }
        throw this.syntaxError(tok);
      default:
        throw this.syntaxError(tok);
    }
  }

  /**
   * Looks ahead over a bracketed display to name the refused construct: a
   * comprehension, or (for braces) a dict or a set literal.
   */
  private describeDisplay(kind: 'list' | 'braces'): string {
    let depth = 0;
    let sawColon = false;
    let empty = true;
    for (let k = 0; ; k++) {
      const t = this.peek(k);
      if (t.type === 'end') break;
      if (t.type === 'op' && t.text in OPENERS) {
        if (depth === 1) empty = false;
        depth++;
        continue;
      }
      if (t.type === 'op' && t.text in CLOSERS) {
        depth--;
        if (depth === 0) break;
        continue;
      }
      if (depth !== 1) continue;
      empty = false;
      if (this.isKeyword(t, 'for')) return kind === 'list' ? 'list comprehensions' : 'dict and set comprehensions';
      if (this.isOp(t, ':')) sawColon = true;
    }
    if (kind === 'list') return 'list literals';
    return sawColon || empty ? 'dict literals' : 'set literals';
  }

  private parenthesised(): Expr {
    const open = this.consume();
    this.enter(open);
    const pos = { line: open.line, col: open.col };
    if (this.isOp(this.peek(), ')')) {
      this.consume();
      this.depth--;
      return { kind: 'tuple', items: [], ...pos };
    }
    if (this.isKeyword(this.peek(), 'yield')) throw this.syntaxError(this.peek(), "'yield' outside function");
    const first = this.starExpression();
    if (this.isKeyword(this.peek(), 'for')) throw unsupported('generator expressions', first.line, first.col);
    if (!this.isOp(this.peek(), ',')) {
      this.expectClose(')', first);
      this.depth--;
      return first;
    }
    const items = [first];
    while (this.isOp(this.peek(), ',')) {
      this.consume();
      if (this.isOp(this.peek(), ')')) break;
      items.push(this.starExpression());
    }
    this.expectClose(')', items[items.length - 1]);
    this.depth--;
    return { kind: 'tuple', items, ...pos };
  }

  /** Adjacent string literals concatenate; str and bytes may not mix. */
  private strings(): Expr {
    const first = this.peek();
    const parts: Token[] = [];
    while (this.peek().type === 'string') parts.push(this.consume());
    const fString = parts.find((p) => p.fString);
    const kinds = new Set(parts.map((p) => (p.fString ? 'str' : typeof p.stringValue === 'string' ? 'str' : 'bytes')));
    if (kinds.size > 1) {
      const last = parts[parts.length - 1];
      throw new ScriptSyntaxError('cannot mix bytes and nonbytes literals', last.endLine, last.endCol);
    }
    if (fString) throw unsupported('f-strings', fString.line, fString.col);
    const pos = { line: first.line, col: first.col };
    if (kinds.has('bytes')) {
      const chunks = parts.map((p) => p.stringValue as Uint8Array);
      const total = chunks.reduce((n, c) => n + c.length, 0);
      const value = new Uint8Array(total);
      let offset = 0;
      for (const c of chunks) {
        value.set(c, offset);
        offset += c.length;
      }
      return { kind: 'bytes', value, ...pos };
    }
    return { kind: 'const', value: parts.map((p) => p.stringValue as string).join(''), ...pos };
  }
}

/** Parses a whole script; throws ScriptSyntaxError for a syntax error or a construct outside the subset. */
export function parseProgram(source: string): Program {
  return new Parser(source).parseProgram();
}
