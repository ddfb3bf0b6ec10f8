import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { INDEX_FILE, LESSONS_DIR, lessonFiles, renderIndex } from './gen-index.mjs';
import { LESSONS } from './index';
import { LessonError, MAX_STATEMENTS_PER_STEP, parseLesson, type Lesson } from './lessons';

const HAN = /[\u4e00-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{3}/;

const files = lessonFiles();
const read = (file: string) => readFileSync(path.join(LESSONS_DIR, file), 'utf8');
const lessonOf = (file: string): Lesson => parseLesson(read(file), file.slice(0, -3));

/** Parses `text` as lesson "00-test" and returns the error it raises. */
function errorOf(text: string): LessonError {
  try {
    parseLesson(text, '00-test');
  } catch (e) {
    if (e instanceof LessonError) return e;
    throw e;
  }
  throw new Error('the lesson was accepted');
}

const HEADER = [
  '# title.en: T',
  '# title.zh: 标题',
  '# summary.en: S',
  '# summary.zh: 摘要',
].join('\n') + '\n\n';

describe('the lessons in shared/lessons/', () => {
  test('there are at least 8, and index.ts is up to date (run `node shared/lessons/gen-index.mjs` if not)', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(readFileSync(INDEX_FILE, 'utf8')).toBe(renderIndex());
    expect(LESSONS.map((l) => l.file)).toEqual(files);
    for (const l of LESSONS) expect(l.text).toBe(read(l.file));
  });

  test.each(files)('%s parses, with both languages everywhere', (file) => {
    const lesson = lessonOf(file);
    expect(lesson.id).toBe(file.slice(0, -3));
    const texts: Array<[string, { en: string; zh: string }]> = [
      ['title', lesson.title],
      ['summary', lesson.summary],
    ];
    if (lesson.try) texts.push(['try', lesson.try]);
    for (const step of lesson.steps) {
      texts.push([`line ${step.line}`, step.explain]);
      if (step.try) texts.push([`try, line ${step.line}`, step.try]);
    }
    for (const [where, text] of texts) {
      expect(text.en, `${file} ${where}: English`).toMatch(LATIN_WORD);
      expect(text.en, `${file} ${where}: English text with Chinese in it`).not.toMatch(HAN);
      expect(text.zh, `${file} ${where}: Chinese`).toMatch(HAN);
    }
    expect(lesson.steps.length).toBeGreaterThanOrEqual(5);
  });

  test.each(files)('%s stays on loopback, lets the OS pick ports, and never waits long', (file) => {
    const text = read(file);
    const code = text
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .join('\n');
    for (const [, host, port] of code.matchAll(/\(\s*'([^']*)'\s*,\s*(-?\d+)\s*\)/g)) {
      expect(['127.0.0.1', '::1', 'localhost'], `${file}: address ('${host}', ${port})`).toContain(host);
      expect(port, `${file}: a fixed port could collide with another run`).toBe('0');
    }
    expect(code, `${file}: no sleeping in lessons`).not.toMatch(/\bsleep\s*\(/);
    for (const [, seconds] of code.matchAll(/(?:settimeout|setdefaulttimeout|timeout=)\(?\s*([\d.]+)/g)) {
      expect(Number(seconds), `${file}: timeout ${seconds}`).toBeLessThanOrEqual(0.5);
    }
  });
});

describe('parseLesson', () => {
  test('a small lesson, with groups, continuations, paragraphs, notes, looks and tries', () => {
    const lesson = parseLesson(
      `# title.en: Hello
# title.zh: 你好
# summary.en: One line
#   and another.
#
#   A new paragraph.
# summary.zh: 第一行，
#   第二行。
# try.en: Try it.
# try.zh: 试一试。
## a note for readers, skipped

# en: Import.
# zh: 导入。
import socket

# en: Make two
#   sockets (TCP).
# zh: 建两个套接字
#   （TCP）。
# look: sockets a b; log
# try.en: Use SOCK_DGRAM.
# try.zh: 改用 SOCK_DGRAM。
a = socket.socket()
b, c = (socket.socket(),
        # inside a statement: part of it
        socket.socket())

a.close()  # a trailing comment belongs to the statement

`,
      '01-hello',
    );
    expect(lesson.id).toBe('01-hello');
    expect(lesson.title).toEqual({ en: 'Hello', zh: '你好' });
    expect(lesson.summary).toEqual({ en: 'One line and another.\nA new paragraph.', zh: '第一行，第二行。' });
    expect(lesson.try).toEqual({ en: 'Try it.', zh: '试一试。' });
    expect(lesson.steps).toHaveLength(2);
    expect(lesson.steps[0]).toEqual({
      source: 'import socket',
      line: 15,
      endLine: 15,
      statements: [{ line: 15, endLine: 15, source: 'import socket' }],
      explain: { en: 'Import.', zh: '导入。' },
    });
    const two = lesson.steps[1];
    expect(two.explain).toEqual({ en: 'Make two sockets (TCP).', zh: '建两个套接字（TCP）。' });
    expect(two.look).toEqual([
      { panel: 'sockets', names: ['a', 'b'] },
      { panel: 'log', names: [] },
    ]);
    expect(two.try).toEqual({ en: 'Use SOCK_DGRAM.', zh: '改用 SOCK_DGRAM。' });
    expect(two.line).toBe(24);
    expect(two.endLine).toBe(29);
    expect(two.statements.map((s) => s.line)).toEqual([24, 25, 29]);
    expect(two.source).toBe('a = socket.socket()\nb, c = (socket.socket(),\n        # inside a statement: part of it\n        socket.socket())\na.close()');
  });

  test.each([
    ['a statement the script language refuses', HEADER + '# en: x\n# zh: 甲\nwhile True:\n    pass\n', 8, /not a playground script: while loops are not supported/],
    ['a statement before any explanation', HEADER + 'import socket\n', 6, /has no explanation/],
    ['no header', 'import socket\n', 1, /starts with its header/],
    ['a missing title', '# title.en: T\n# summary.en: S\n# summary.zh: 摘要\n\n# en: x\n# zh: 甲\npass\n', 1, /the header has no "title.zh"/],
    ['a step without Chinese', HEADER + '# en: only English\npass\n', 6, /this step has no "zh"/],
    ['a step without English', HEADER + '# zh: 只有中文\npass\n', 6, /this step has no "en"/],
    ['an unknown field', HEADER + '# en: x\n# fr: y\n# zh: 甲\npass\n', 7, /unknown field "fr"/],
    ['a stray comment', HEADER + '# en: x\n# zh: 甲\n# just a remark\npass\n', 8, /not "# just a remark"/],
    ['a field given twice', HEADER + '# en: x\n# zh: 甲\n# en: y\npass\n', 8, /"en" appears twice in this block \(first on line 6\)/],
    ['an empty field', HEADER + '# en:\n# zh: 甲\npass\n', 6, /"en" is empty/],
    ['a continuation with nothing above', HEADER + '#   floating\npass\n', 6, /must follow a field/],
    ['an explanation at the end', HEADER + '# en: x\n# zh: 甲\npass\n\n# en: y\n# zh: 乙\n', 10, /has no statement after it/],
    ['two explanations in a row', HEADER + '# en: x\n# zh: 甲\n\n# en: y\n# zh: 乙\npass\n', 9, /two explanations in a row \(lines 6 and 9\)/],
    ['a step field in the header', '# title.en: T\n# title.zh: 标\n# summary.en: S\n# summary.zh: 摘\n# en: x\n# zh: 甲\npass\n', 5, /"en" does not belong in the header/],
    ['a header field in a step', HEADER + '# en: x\n# zh: 甲\n# title.en: T\npass\n', 8, /"title.en" does not belong in a step/],
    ['a try in one language only', HEADER + '# en: x\n# zh: 甲\n# try.en: y\npass\n', 8, /"try.en" and "try.zh" go together/],
    ['an unknown panel', HEADER + '# en: x\n# zh: 甲\n# look: socks s\ns = 1\n', 8, /unknown panel "socks"/],
    ['a look at a name not bound yet', HEADER + '# en: x\n# zh: 甲\n# look: sockets later\ns = 1\n\n# en: y\n# zh: 乙\nlater = 2\n', 8, /"later" is not a variable bound by this step or an earlier one/],
    ['an empty look item', HEADER + '# en: x\n# zh: 甲\n# look: log;\npass\n', 8, /empty item/],
    ['an indented comment', HEADER + '  # en: x\n# zh: 甲\npass\n', 6, /start at the beginning of the line/],
    [
      'too long a step',
      HEADER + '# en: x\n# zh: 甲\n' + 'pass\n'.repeat(MAX_STATEMENTS_PER_STEP + 1),
      8 + MAX_STATEMENTS_PER_STEP,
      /at most 5 statements/,
    ],
    ['no steps', HEADER, 1, /no steps/],
  ] as const)('refuses %s, naming the line', (_what, text, line, message) => {
    const e = errorOf(text);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`00-test.py line ${line}: `);
  });

  test('refuses a bad id', () => {
    expect(() => parseLesson(HEADER, 'Lesson One')).toThrow(/two digits, a dash and a lower-case slug/);
  });
});
