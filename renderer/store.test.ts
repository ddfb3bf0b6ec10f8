import { describe, expect, it } from 'vitest';
import type { SocketInfo } from '../shared/contract';
import { History } from './history';
import { dictionaries, defaultLang, translate } from './i18n';
import { createAppStore, outcomeLines, ROW_CACHE_MAX, sessionScript } from './store';

const sock = (id: number, over: Partial<SocketInfo> = {}): SocketInfo => ({
  id, fd: id + 2, names: [`s${id}`], family: 'AddressFamily.AF_INET', kind: 'SocketKind.SOCK_STREAM', state: 'created', closed: false,
  laddr: null, raddr: null, mode: { kind: 'blocking' }, pendingCall: null, acceptQueue: null, bufferedBytes: 0, ...over,
});

describe('sockets slice', () => {
  it('keeps unchanged sockets and the id list identical, selects the newest', () => {
    const store = createAppStore();
    store.getState().setSockets([sock(1), sock(2)]);
    const { socketIds, socketsById } = store.getState();
    expect(socketIds).toEqual([1, 2]);
    expect(store.getState().selectedSocket).toBe(2);
    store.getState().selectSocket(1);
    store.getState().setSockets([sock(1), sock(2, { state: 'bound' })]);
    expect(store.getState().socketIds).toBe(socketIds);
    expect(store.getState().socketsById[1]).toBe(socketsById[1]);
    expect(store.getState().socketsById[2].state).toBe('bound');
    expect(store.getState().selectedSocket).toBe(1);
    store.getState().setSockets([sock(2)]);
    expect(store.getState().selectedSocket).toBe(2);
    store.getState().setSockets([]);
    expect(store.getState().selectedSocket).toBeNull();
  });
});

describe('log slice', () => {
  const data = (seq: number, t = seq * 1000) => ({ kind: 'data' as const, seq, t, socket: 1, direction: 'out' as const, size: 1, payload: 'eA==' });
  const page = (offset: number, seqs: number[], matched: number, total = 100) => ({ total, matched, complete: true, offset, events: seqs.map((s) => data(s)), clockStartMs: 1e12 });

  it('counts pushed events, shows them at once unfiltered and estimates the engine clock', () => {
    const store = createAppStore();
    store.getState().appendBatch([data(1, 5_000_000), data(2, 5_001_000)], 100);
    expect(store.getState().logTotal).toBe(2);
    expect(store.getState().logMatched).toBe(2);
    expect(store.getState().logRows.get(1)).toMatchObject({ seq: 2 });
    // Engine at 5.001 s when the page clock read 100 ms: offset 4901 ms.
    expect(store.getState().clockOffsetMs).toBeCloseTo(4901);
    const v = store.getState().logVersion;
    store.getState().appendBatch([], 200);
    expect(store.getState().logVersion).toBe(v);
    // Skipped ranges count, their rows come later from the host.
    store.getState().appendBatch([{ kind: 'skipped', fromSeq: 3, toSeq: 9, events: 7, bytes: 7 }, data(10)], 300);
    expect(store.getState().logMatched).toBe(10);
    expect(store.getState().logRows.has(4)).toBe(false);
  });

  it('keeps a filtered view to what the host answers for that filter', () => {
    const store = createAppStore();
    store.getState().appendBatch([data(1), data(2), data(3)], 0);
    store.getState().setLogFilter({ kinds: ['call'] });
    expect(store.getState().logMatched).toBe(0);
    expect(store.getState().logRows.size).toBe(0);
    store.getState().appendBatch([data(4)], 0);
    expect(store.getState().logRows.size).toBe(0); // pushed rows are not the filter's
    const filter = store.getState().logFilter;
    store.getState().applyPage(filter, page(0, [2], 1));
    expect(store.getState().logMatched).toBe(1);
    expect(store.getState().clockStartMs).toBe(1e12);
    // An answer for a filter that is no longer the view's is dropped.
    store.getState().applyPage({ kinds: ['call'] }, page(0, [3, 4], 2));
    expect(store.getState().logMatched).toBe(1);
    // Clearing hides what is there: a filter from the next seq on.
    store.getState().setLogFilter({});
    store.getState().clearLog();
    expect(store.getState().logFilter.fromSeq).toBe(101); // the host said 100 events
  });

  it('trims its row cache far from the screen and keeps the tail', () => {
    const store = createAppStore();
    const n = ROW_CACHE_MAX + 5000;
    store.getState().appendBatch(Array.from({ length: n }, (_, i) => data(i + 1)), 0);
    store.getState().trimRows(100, 130);
    const rows = store.getState().logRows;
    expect(rows.size).toBeLessThan(ROW_CACHE_MAX);
    expect(rows.has(110)).toBe(true);
    expect(rows.has(n - 1)).toBe(true);
    expect(rows.has(Math.floor(n / 2))).toBe(false);
  });
});

describe('console slice', () => {
  it('records entries and outcomes and notices import socket', () => {
    const store = createAppStore();
    const id = store.getState().addConsoleEntry('import socket\ns1 = socket.socket()', 'panel');
    expect(store.getState().consoleById[id].status).toBe('running');
    expect(store.getState().socketImported).toBe(false);
    store.getState().finishConsoleEntry(
      id,
      [
        { line: 1, source: 'import socket', ok: true, value: 'None', stdout: '' },
        { line: 2, source: 's1 = socket.socket()', ok: true, value: '<socket.socket fd=3>', stdout: '' },
      ],
      0,
    );
    expect(store.getState().socketImported).toBe(true);
    expect(store.getState().consoleById[id].outcomes).toHaveLength(2);
    store.getState().clearConsole();
    expect(store.getState().consoleIds).toEqual([]);
    expect(store.getState().consoleById[id]).toBeDefined();
  });
  it('prints like the REPL', () => {
    expect(outcomeLines({ line: 1, source: 's.recv(10)', ok: true, value: "b'hi'", stdout: '' })).toEqual([{ text: "b'hi'", kind: 'value' }]);
    expect(outcomeLines({ line: 1, source: 's.listen(5)', ok: true, value: 'None', stdout: '' })).toEqual([]);
    expect(outcomeLines({ line: 1, source: 'c, a = s.accept()', ok: true, value: '(...)', stdout: '' })).toEqual([]);
    expect(outcomeLines({ line: 1, source: "print('x')", ok: true, value: 'None', stdout: 'x\n' })).toEqual([{ text: 'x', kind: 'stdout' }]);
    expect(
      outcomeLines({ line: 1, source: 'c.connect(a)', ok: false, error: { type: 'ConnectionRefusedError', errno: 111, message: '[Errno 111] Connection refused' }, stdout: '' }),
    ).toEqual([{ text: 'ConnectionRefusedError: [Errno 111] Connection refused', kind: 'error' }]);
  });
  it('exports the session as a script with failures commented out', () => {
    const store = createAppStore();
    const a = store.getState().addConsoleEntry('import socket', 'console');
    store.getState().finishConsoleEntry(a, [{ line: 1, source: 'import socket', ok: true, value: 'None', stdout: '' }], 0);
    const b = store.getState().addConsoleEntry('x.recv(1)', 'console');
    store.getState().finishConsoleEntry(b, [{ line: 1, source: 'x.recv(1)', ok: false, error: { type: 'NameError', errno: null, message: "name 'x' is not defined" }, stdout: '' }], 0);
    const script = sessionScript(store.getState().consoleIds.map((id) => store.getState().consoleById[id]));
    expect(script.split('\n').slice(1)).toEqual(['import socket', '# x.recv(1)', "#   -> NameError: name 'x' is not defined", '']);
  });
});

describe('ui slice', () => {
  it('switches language and theme', () => {
    const store = createAppStore({ lang: 'zh', theme: 'dark' });
    expect(store.getState().lang).toBe('zh');
    store.getState().setLang('en');
    store.getState().setTheme('light');
    expect(store.getState()).toMatchObject({ lang: 'en', theme: 'light', connection: 'connecting' });
  });
});

describe('console history', () => {
  it('walks back and forth and restores the draft', () => {
    const h = new History();
    h.push('a');
    h.push('b');
    h.push('b');
    h.push('  ');
    expect(h.length).toBe(2);
    expect(h.up('draft')).toBe('b');
    expect(h.up('b')).toBe('a');
    expect(h.up('a')).toBeNull();
    expect(h.down()).toBe('b');
    expect(h.down()).toBe('draft');
    expect(h.down()).toBeNull();
  });
  it('forgets the oldest past its limit', () => {
    const h = new History(2);
    ['1', '2', '3'].forEach((x) => h.push(x));
    expect(h.up('')).toBe('3');
    expect(h.up('')).toBe('2');
    expect(h.up('')).toBeNull();
  });
});

describe('i18n', () => {
  it('has the same keys in both languages, none empty, same placeholders', () => {
    const en = dictionaries.en;
    const zh = dictionaries.zh;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(zh[key].trim(), key).not.toBe('');
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(holes(zh[key]), key).toEqual(holes(en[key]));
    }
  });
  it('fills placeholders and picks the default language', () => {
    expect(translate('en', 'mode.timeout', { seconds: 2.5 })).toBe('timeout 2.5 s');
    expect(translate('zh', 'mode.timeout', { seconds: 2.5 })).toBe('超时 2.5 秒');
    expect(defaultLang(['zh-CN', 'en'])).toBe('zh');
    expect(defaultLang(['fr-FR', 'en-GB'])).toBe('en');
    expect(defaultLang([])).toBe('en');
  });
});
