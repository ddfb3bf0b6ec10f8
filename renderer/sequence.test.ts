import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_PX, rowWindow } from './virtual';
import { encodeBase64 } from '../shared/contract';
import { translate } from './i18n';
import {
  covers,
  cut,
  diagramWidth,
  fetchRange,
  headPreview,
  itemLabel,
  laneTitle,
  laneX,
  linkLabel,
  logRowOf,
  markerItems,
  SEQ_GUTTER,
  SEQ_LANE,
  SEQ_ROW,
  type SeqItem,
  type SeqLink,
} from './sequence';
import type { T } from './useT';

const en: T = (k, p) => translate('en', k, p);
const zh: T = (k, p) => translate('zh', k, p);
const b64 = (s: string) => encodeBase64(new TextEncoder().encode(s));

describe('sequence layout', () => {
  it('maps scroll positions to rows, proportionally past the height cap', () => {
    expect(rowWindow(100, SEQ_ROW, 5 * SEQ_ROW + 3, 240)).toEqual({ contentHeight: 100 * SEQ_ROW, firstRow: 5, offsetPx: 3 });
    const rows = 10_000_000;
    const top = rowWindow(rows, SEQ_ROW, 0, 240);
    expect(top.contentHeight).toBe(MAX_SCROLL_PX);
    expect(top.firstRow).toBe(0);
    const end = rowWindow(rows, SEQ_ROW, MAX_SCROLL_PX, 240);
    expect(end.firstRow).toBe(rows - 240 / SEQ_ROW);
  });

  it('places lanes side by side after the time column', () => {
    expect(laneX(0)).toBe(SEQ_GUTTER + SEQ_LANE / 2);
    expect(laneX(2) - laneX(1)).toBe(SEQ_LANE);
    expect(diagramWidth(3)).toBeGreaterThan(laneX(2) + SEQ_LANE / 2);
  });

  it('asks for the drawn rows and a margin, within a page', () => {
    expect(fetchRange(100, 130, 1000, 60, 1000)).toEqual({ offset: 40, count: 150 });
    expect(fetchRange(0, 20, 20, 60, 1000)).toEqual({ offset: 0, count: 20 });
    expect(fetchRange(5000, 5040, 100_000, 60, 100)).toEqual({ offset: 4940, count: 100 });
    expect(covers(null, 0, 10)).toBe(false);
    const w = { offset: 10, rows: 50, items: new Array(30).fill(null) };
    expect(covers(w, 10, 40)).toBe(true);
    expect(covers(w, 9, 40)).toBe(false);
    expect(covers(w, 20, 41)).toBe(false);
    // Rows past the end of the log need nothing.
    expect(covers({ offset: 30, rows: 50, items: new Array(20).fill(null) }, 35, 60)).toBe(true);
  });

  it('finds the log row of an event when the log filter allows', () => {
    expect(logRowOf(10, {})).toBe(9);
    expect(logRowOf(10, { fromSeq: 4 })).toBe(6);
    expect(logRowOf(3, { fromSeq: 4 })).toBeNull();
    expect(logRowOf(10, { kinds: ['data'] })).toBeNull();
    expect(logRowOf(10, { text: 'x' })).toBeNull();
  });
});

describe('sequence words', () => {
  it('previews payloads without breaking a character in half', () => {
    expect(headPreview(b64('hello'), 5)).toBe('hello');
    expect(headPreview(b64('line\r\n'), 6)).toBe('line·↵');
    // 你好 is 6 bytes; a head cut after 4 keeps 你 and says there is more.
    const cutHead = encodeBase64(new TextEncoder().encode('你好').subarray(0, 4));
    expect(headPreview(cutHead, 6)).toBe('你…');
    expect(headPreview(undefined, 5)).toBe('');
    expect(cut('x'.repeat(50), 10)).toBe('xxxxxxxxx…');
  });

  it('labels arrows and markers in both languages', () => {
    const data: SeqLink = { kind: 'data', seq: 5, from: 0, fromRow: 1, to: 1, toRow: 3, size: 5, head: b64('hello') };
    expect(linkLabel(data, en)).toBe('5 B · hello');
    expect(linkLabel(data, zh)).toBe('5 字节 · hello');
    expect(linkLabel({ ...data, kind: 'fin' }, en)).toBe('FIN · no more data');
    expect(linkLabel({ ...data, kind: 'rst', detail: 'ECONNREFUSED' }, zh)).toBe('RST · 连接被拒绝');
    const item = (x: Partial<SeqItem>): SeqItem => ({ seq: 1, t: 0, row: 0, lane: 0, kind: 'call', ...x });
    expect(itemLabel(item({ phase: 'start', call: 'accept()' }), en)).toBe('accept()');
    expect(itemLabel(item({ phase: 'end', ok: true, result: 'None' }), en)).toBe('→ None');
    expect(itemLabel(item({ phase: 'end', ok: false, error: 'TimeoutError: timed out' }), en)).toBe('✗ TimeoutError: timed out');
    expect(itemLabel(item({ kind: 'state', state: 'listening', detail: 'backlog 5' }), zh)).toBe('监听中 · backlog 5');
    expect(itemLabel(item({ kind: 'state', state: 'peer-closed' }), en)).toBe('peer closed');
    expect(itemLabel(item({ kind: 'data', direction: 'in', size: 10 }), en)).toBe('10 B arrived');
    expect(itemLabel(item({ kind: 'data', direction: 'in', size: 10, head: b64('helloworld') }), en)).toBe('10 B arrived · helloworld');
    expect(itemLabel(item({ kind: 'data', direction: 'in', size: 10 }), zh)).toBe('到达 10 字节');
  });

  it('draws an event as an arrow when one stands for it, else as a marker', () => {
    const items = [1, 2, 3, 4].map((seq): SeqItem => ({ seq, t: 0, row: seq - 1, lane: 0, kind: 'data' }));
    const links: SeqLink[] = [{ kind: 'data', seq: 2, from: 0, fromRow: 1, to: 1, toRow: 3 }];
    // 2 is the send (the arrow); 4 is where it arrived (a marker at the arrow's end).
    expect(markerItems({ items, links }).map((i) => i.seq)).toEqual([1, 3, 4]);
  });

  it('titles lanes: sockets by their console name, peers by their address', () => {
    const lane = { socket: 1, address: "('127.0.0.1', 5000)", proto: 'tcp' as const, firstRow: 0, lastRow: null, queued: false, acceptedRow: null };
    expect(laneTitle(lane, () => 'srv', en)).toEqual({ title: 'srv', subtitle: "TCP · ('127.0.0.1', 5000)" });
    const peer = { ...lane, socket: null, address: "('127.0.0.1', 54321)" };
    expect(laneTitle(peer, () => '', en)).toEqual({ title: "('127.0.0.1', 54321)", subtitle: 'outside peer · TCP' });
    expect(laneTitle({ ...peer, proto: 'udp', address: '…' }, () => '', zh)).toEqual({ title: '其他对端', subtitle: '外部对端 · UDP' });
  });
});
