import { describe, expect, it } from 'vitest';
import { hasPython311, python, rng } from './testing/python';
import { decode, encode, lookupCodec } from './codecs';
import { PyException } from './values';

/** An outcome comparable with Python's: ['ok', value] or [exception type, message]. */
type Result = [string, string | number[]];

function attempt(f: () => string | Uint8Array): Result {
  try {
    const v = f();
    return ['ok', typeof v === 'string' ? v : Array.from(v)];
  } catch (e) {
    if (e instanceof PyException) return [e.pyType, e.pyMessage];
    throw e;
  }
}

const ENCODINGS = [
  'utf-8', 'ascii', 'latin-1', 'gbk', 'gb2312', 'utf-8-sig', 'utf-16', 'utf-16-le', 'utf-16-be', 'utf-32', 'utf-32-le', 'utf-32-be',
  'cp1252', 'cp437', 'koi8-r', 'iso8859-15', 'cp1255',
];
const HANDLERS = ['strict', 'ignore', 'replace', 'backslashreplace', 'surrogateescape', 'xmlcharrefreplace', 'surrogatepass'];

/** Python side: apply the same operations, with lone surrogates carried as \udXXX escapes in JSON. */
const PY_HARNESS = `
import json, sys
def attempt(f):
    try:
        v = f()
        return ['ok', v if isinstance(v, str) else list(v)]
    except Exception as e:
        return [type(e).__name__, str(e)]
cases = json.load(sys.stdin)
out = []
for op, data, enc, err in cases:
    if op == 'decode':
        out.append(attempt(lambda: bytes(data).decode(enc, err)))
    else:
        out.append(attempt(lambda: data.encode(enc, err)))
sys.stdout.write(json.dumps(out))
`;

describe('codec lookup', () => {
  it('normalises names and aliases as encodings.search_function does', () => {
    expect(lookupCodec('UTF-8')).toBe('utf-8');
    expect(lookupCodec(' utf 8 ')).toBe('utf-8');
    expect(lookupCodec('U8')).toBe('utf-8');
    expect(lookupCodec('Latin 1')).toBe('latin-1');
    expect(lookupCodec('iso-8859-1')).toBe('latin-1');
    expect(lookupCodec('us-ascii')).toBe('ascii');
    expect(lookupCodec('CP936')).toBe('gbk');
    expect(lookupCodec('euc-cn')).toBe('gb2312');
    expect(lookupCodec('UTF16')).toBe('utf-16');
    expect(lookupCodec('utf-32be')).toBe('utf-32-be');
    expect(lookupCodec('windows-1252')).toBe('charmap:cp1252');
    expect(lookupCodec('Latin9')).toBe('charmap:iso8859_15');
    expect(() => lookupCodec('utf.8')).toThrow('unknown encoding: utf.8');
    expect(() => lookupCodec('gb-2312')).toThrow('unknown encoding: gb-2312');
  });

  it('checks an unknown error handler only when an error occurs', () => {
    expect(Array.from(encode('abc', 'ascii', 'bogus'))).toEqual([0x61, 0x62, 0x63]);
    expect(() => encode('é', 'ascii', 'bogus')).toThrow("unknown error handler name 'bogus'");
  });
});

describe.skipIf(!hasPython311)('codecs match CPython 3.11', () => {
  it('decodes random and structured byte strings with every codec and error handler', () => {
    const next = rng(2024);
    const samples: number[][] = [
      [0xff], [0xc3], [0xe4, 0xbd], [0xe4, 0xbd, 0x41], [0xc3, 0x41], [0xe0, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x80],
      [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbb, 0xbf, 0x61], [0x80], [0x81, 0x30],
      [0xa1, 0xa4, 0xa1, 0xaa], [0xa2, 0xa1], [0xc4, 0xe3, 0xba, 0xc3], [0xc4, 0xe3, 0xba], [0x81, 0x30, 0x81, 0x30],
      [0xfe, 0xfe], [0x7f], [],
      [0xff, 0xfe, 0x61, 0x00], [0xfe, 0xff, 0x00, 0x61], [0x00, 0xd8], [0x00, 0xd8, 0x61], [0x00, 0xd8, 0x61, 0x00], [0x00, 0xdc, 0x61, 0x00],
      [0x3d, 0xd8, 0x00, 0xde], [0xd8, 0x3d, 0xde, 0x00], [0xff, 0xfe, 0x00, 0x00, 0x61, 0, 0, 0], [0, 0, 0xfe, 0xff, 0, 0, 0, 0x61],
      [0x00, 0x00, 0x11, 0x00], [0x00, 0xd8, 0x00, 0x00], [0x00, 0xdc, 0x00, 0x00, 0x41], [0xed, 0xb2, 0x80, 0x78], [0xed, 0xa0], [0x81, 0x8d, 0x90],
    ];
    // Random bytes biased toward UTF-8 / GBK lead and trail bytes.
    const interesting = [0x00, 0x41, 0x7f, 0x80, 0x81, 0xa1, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xe4, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xfe, 0xff, 0x40, 0xd8, 0xdc, 0x10, 0x11];
    for (let i = 0; i < 400; i++) {
      const n = 1 + Math.floor(next() * 8);
      samples.push(Array.from({ length: n }, () => (next() < 0.6 ? interesting[Math.floor(next() * interesting.length)] : Math.floor(next() * 256))));
    }
    const cases: [string, number[], string, string][] = [];
    for (const data of samples) for (const enc of ENCODINGS) for (const err of HANDLERS) cases.push(['decode', data, enc, err]);
    const expected = python(PY_HARNESS, cases) as Result[];
    const ours = cases.map(([, data, enc, err]) => attempt(() => decode(Uint8Array.from(data), enc, err)));
    expect(ours).toEqual(expected);
  });

  it('wraps error-handler failures like CPython, depending on how the encoding is spelt', () => {
    const names = [
      'utf-8', 'UTF8', ' utf 8 ', 'u8', 'latin-1', 'l1', 'ascii', 'us-ascii', '646', 'gbk', 'cp936', 'gb2312', 'utf-8-sig', 'utf-16', 'UTF16',
      'u16', 'utf-16-le', 'utf_32', 'utf32', 'utf-32-be', 'cp1252', 'windows-1252', 'koi8_r',
    ];
    const cases: [string, number[] | string, string, string][] = [];
    for (const enc of names) {
      for (const err of ['bogus', 'xmlcharrefreplace']) {
        cases.push(['decode', [0x61, 0xff, 0xfe], enc, err]);
        cases.push(['encode', 'a\u20ac\ud800', enc, err]);
      }
    }
    const expected = python(PY_HARNESS, cases) as Result[];
    const ours = cases.map(([op, data, enc, err]) =>
      attempt(() => (op === 'decode' ? decode(Uint8Array.from(data as number[]), enc, err) : encode(data as string, enc, err))),
    );
    expect(ours).toEqual(expected);
  });

  it('encodes strings with unencodable characters and lone surrogates', () => {
    const next = rng(77);
    const pool = ['a', 'Z', '\x7f', '\x80', 'é', 'ÿ', 'Ā', '€', '你', '好', '·', '—', '・', '―', '😀', '\ud800', '\udc80', '\udcff', '\uffff', '\ue000', '\u3000', 'ж', 'Ÿ', '\x81', 'ש'];
    const samples: string[] = ['', 'abc', 'é', 'éé', 'aéé€b', '\ud800', 'a\udc80é', '€€', '你好'];
    for (let i = 0; i < 300; i++) {
      const n = 1 + Math.floor(next() * 6);
      // Join then re-split so no accidental surrogate pair forms (JS would merge it into one code point).
      let s = '';
      for (let k = 0; k < n; k++) {
        const c = pool[Math.floor(next() * pool.length)];
        if (/[\udc00-\udfff]/.test(c) && /[\ud800-\udbff]$/.test(s)) continue;
        s += c;
      }
      samples.push(s);
    }
    const cases: [string, string, string, string][] = [];
    for (const s of samples) for (const enc of ENCODINGS) for (const err of HANDLERS) cases.push(['encode', s, enc, err]);
    const expected = python(PY_HARNESS, cases) as Result[];
    const ours = cases.map(([, s, enc, err]) => attempt(() => encode(s, enc, err)));
    expect(ours).toEqual(expected);
  });

  it.each(['gbk', 'gb2312'])('has exactly Python’s two-byte %s table, both ways', (enc) => {
    const code = `
import json, sys
enc = json.load(sys.stdin)
table = {}
for lead in range(0x81, 0xff):
    for trail in range(0x40, 0xff):
        try:
            table[lead * 256 + trail] = ord(bytes([lead, trail]).decode(enc))
        except UnicodeDecodeError:
            pass
print(json.dumps(table))`;
    const table = python(code, enc) as Record<string, number>;
    for (let lead = 0x81; lead < 0xff; lead++) {
      for (let trail = 0x40; trail < 0xff; trail++) {
        const code2 = lead * 256 + trail;
        const want = table[String(code2)];
        const got = attempt(() => decode(Uint8Array.of(lead, trail), enc));
        if (want === undefined) expect(got[0], `${enc} ${code2.toString(16)}`).toBe('UnicodeDecodeError');
        else {
          expect(got, `${enc} ${code2.toString(16)}`).toEqual(['ok', String.fromCodePoint(want)]);
          expect(Array.from(encode(String.fromCodePoint(want), enc))).toEqual([lead, trail]);
        }
      }
    }
  });
});
