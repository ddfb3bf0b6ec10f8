// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Method, Params, Result, ServerEvent, SocketInfo, WireEvent } from '../../shared/contract';
import { encodeBase64 } from '../../shared/contract';
import { connectStore } from '../actions';
import { appStore, createAppStore, setAppStore } from '../store';
import type { Client, ConnectionStatus } from '../transport';
import { TrafficPanel } from './TrafficPanel';

type Win = Result<'sequence'>;
const b64 = (s: string) => encodeBase64(new TextEncoder().encode(s));

/** srv (1) listening, c (2) connects, conn (3) accepted; c sends twice, conn gets both at once and replies; c closes. */
function tcpWindow(): Win {
  const lane = (socket: number, address: string, firstRow: number, extra = {}) => ({ socket, address, proto: 'tcp' as const, firstRow, lastRow: null, queued: false, acceptedRow: null, ...extra });
  return {
    total: 12,
    rows: 12,
    complete: true,
    offset: 0,
    lanes: [lane(1, "('127.0.0.1', 5000)", 0), lane(2, "('127.0.0.1', 40000)", 1, { lastRow: 11 }), lane(3, "('127.0.0.1', 5000)", 3, { queued: true, acceptedRow: 5 })],
    items: [
      { seq: 1, t: 1000, row: 0, lane: 0, kind: 'state', state: 'listening', detail: 'backlog 5' },
      { seq: 2, t: 2000, row: 1, lane: 1, kind: 'state', state: 'created' },
      { seq: 3, t: 3000, row: 2, lane: 1, kind: 'state', state: 'connecting' },
      { seq: 4, t: 4000, row: 3, lane: 2, kind: 'state', state: 'queued' },
      { seq: 5, t: 5000, row: 4, lane: 0, kind: 'call', phase: 'start', call: 'accept()' },
      { seq: 6, t: 6000, row: 5, lane: 2, kind: 'state', state: 'accepted' },
      { seq: 7, t: 7000, row: 6, lane: 1, kind: 'data', direction: 'out', size: 5, head: b64('hello') },
      { seq: 8, t: 8000, row: 7, lane: 1, kind: 'data', direction: 'out', size: 5, head: b64('world') },
      { seq: 9, t: 9000, row: 8, lane: 2, kind: 'data', direction: 'in', size: 10, head: b64('helloworld') },
      { seq: 10, t: 10000, row: 9, lane: 2, kind: 'data', direction: 'out', size: 2, head: b64('ok') },
      { seq: 11, t: 11000, row: 10, lane: 1, kind: 'data', direction: 'in', size: 2, head: b64('ok') },
      { seq: 12, t: 12000, row: 11, lane: 1, kind: 'state', state: 'closed' },
    ],
    links: [
      { kind: 'connect', seq: 3, from: 1, fromRow: 2, to: 0, toRow: 3 },
      { kind: 'accept', seq: 6, from: 0, fromRow: 5, to: 2, toRow: 5 },
      { kind: 'data', seq: 7, from: 1, fromRow: 6, to: 2, toRow: 8, size: 5, head: b64('hello') },
      { kind: 'data', seq: 8, from: 1, fromRow: 7, to: 2, toRow: 8, size: 5, head: b64('world') },
      { kind: 'data', seq: 10, from: 2, fromRow: 9, to: 1, toRow: 10, size: 2, head: b64('ok') },
      { kind: 'fin', seq: 12, from: 1, fromRow: 11, to: 2, toRow: null },
    ],
    spans: [{ lane: 0, seq: 5, method: 'accept', startRow: 4, endRow: null, depth: 0 }],
  };
}

function socket(id: number, name: string): SocketInfo {
  return { id, fd: id + 2, names: [name], family: 'AF_INET', kind: 'SOCK_STREAM', state: 'connected', closed: false, laddr: null, raddr: null, mode: { kind: 'blocking' }, pendingCall: null, acceptQueue: null, bufferedBytes: 0 };
}

function fakeClient(win: () => Win) {
  const sent: { method: string; params: unknown }[] = [];
  let push: (e: ServerEvent) => void = () => {};
  const client: Client = {
    async invoke<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      sent.push({ method, params });
      if (method === 'listSockets') return { sockets: [socket(1, 'srv'), socket(2, 'c'), socket(3, 'conn')] } as unknown as Result<M>;
      if (method === 'sequence') return win() as unknown as Result<M>;
      if (method === 'logWindow') {
        const seq = (params as Params<'logWindow'>).fromSeq;
        const e: WireEvent = { seq, t: seq * 1000, socket: 2, kind: 'data', direction: 'out', size: 5, payload: b64('hello') };
        return { events: [e] } as unknown as Result<M>;
      }
      if (method === 'logSource') return { live: true, file: null, events: 0, names: [] } as unknown as Result<M>;
      if (method === 'logQuery') {
        const total = win().total;
        return { total, matched: total, complete: true, offset: 0, events: [], clockStartMs: 0 } as unknown as Result<M>;
      }
      return {} as Result<M>;
    },
    subscribe(h) {
      push = h;
      return () => {};
    },
    onStatus(h: (s: ConnectionStatus) => void) {
      h('connected');
      return () => {};
    },
    close() {},
  };
  return { client, sent, push: (e: ServerEvent) => push(e) };
}

const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));

let disconnect = () => {};
beforeEach(() => {
  setAppStore(createAppStore({ lang: 'en', theme: 'light' }));
  appStore().getState().setTrafficView('sequence');
});
afterEach(() => {
  disconnect();
  cleanup();
});

describe('SequenceView', () => {
  it('draws a lane per socket named as in the console, the arrows and the markers', async () => {
    const f = fakeClient(tcpWindow);
    disconnect = connectStore(f.client);
    render(<TrafficPanel />);
    await flush();
    await flush();
    expect(f.sent.find((m) => m.method === 'sequence')?.params).toMatchObject({ calls: true, tail: true });
    const lanes = screen.getAllByTestId('seq-lane');
    expect(lanes.map((l) => l.getAttribute('data-name'))).toEqual(['srv', 'c', 'conn']);
    expect(lanes[0].textContent).toContain("TCP · ('127.0.0.1', 5000)");
    const arrows = screen.getAllByTestId('seq-arrow');
    expect(arrows.map((a) => a.getAttribute('data-kind'))).toEqual(['connect', 'accept', 'data', 'data', 'data', 'fin']);
    // Both sends end at conn's one arrival of 10 bytes.
    const data = arrows.filter((a) => a.getAttribute('data-kind') === 'data');
    expect(data.map((a) => a.textContent)).toEqual(['5 B · hello5 B · hello', '5 B · world5 B · world', '2 B · ok2 B · ok']);
    const markers = screen.getAllByTestId('seq-marker');
    expect(markers.map((m) => m.getAttribute('data-seq'))).toEqual(['1', '2', '4', '5', '9', '11']);
    expect(markers.find((m) => m.getAttribute('data-seq') === '9')!.textContent).toContain('10 B arrived · helloworld');
    // accept() still waiting: an open span.
    expect(screen.getByTestId('seq-span').getAttribute('data-open')).toBe('true');
    expect(screen.getByTestId('seq-count').textContent).toBe('12 events');
  });

  it('opens an arrow’s event in the log', async () => {
    const f = fakeClient(tcpWindow);
    disconnect = connectStore(f.client);
    render(<TrafficPanel />);
    await flush();
    await flush();
    const send = screen.getAllByTestId('seq-arrow').find((a) => a.getAttribute('data-seq') === '7')!;
    fireEvent.click(send);
    await flush();
    expect(f.sent.find((m) => m.method === 'logWindow')?.params).toEqual({ fromSeq: 7, count: 1 });
    expect(appStore().getState().selectedEvent?.seq).toBe(7);
    expect(appStore().getState().trafficView).toBe('log');
    expect(screen.getByTestId('log-details').textContent).toContain('#7');
  });

  it('opens a marker’s event from the keyboard', async () => {
    const f = fakeClient(tcpWindow);
    disconnect = connectStore(f.client);
    render(<TrafficPanel />);
    await flush();
    await flush();
    const arrival = screen.getAllByTestId('seq-marker').find((m) => m.getAttribute('data-seq') === '9')!;
    fireEvent.keyDown(arrival, { key: 'Enter' });
    await flush();
    expect(appStore().getState().selectedEvent?.seq).toBe(9);
  });

  it('asks again when events arrive, and without calls when they are hidden', async () => {
    let win = tcpWindow();
    const f = fakeClient(() => win);
    disconnect = connectStore(f.client);
    render(<TrafficPanel />);
    await flush();
    await flush();
    const before = f.sent.filter((m) => m.method === 'sequence').length;
    win = { ...win, total: 13, rows: 13, items: [...win.items, { seq: 13, t: 13000, row: 12, lane: 2, kind: 'state', state: 'peer-closed' }] };
    win.links = win.links.map((l) => (l.kind === 'fin' ? { ...l, toRow: 12 } : l));
    await act(async () => {
      f.push({ event: 'batch', entries: [{ seq: 13, t: 13000, socket: 3, kind: 'state', state: 'peer-closed' }] });
      await new Promise((r) => setTimeout(r, 200));
    });
    await flush();
    expect(f.sent.filter((m) => m.method === 'sequence').length).toBeGreaterThan(before);
    expect(screen.getByTestId('seq-count').textContent).toBe('13 events');
    expect(screen.getAllByTestId('seq-marker').some((m) => m.getAttribute('data-state') === 'peer-closed')).toBe(true);

    fireEvent.click(screen.getByTestId('seq-calls'));
    await flush();
    expect(f.sent.filter((m) => m.method === 'sequence').at(-1)?.params).toMatchObject({ calls: false });
  });

  it('speaks Chinese', async () => {
    appStore().getState().setLang('zh');
    const f = fakeClient(tcpWindow);
    disconnect = connectStore(f.client);
    render(<TrafficPanel />);
    await flush();
    await flush();
    const data = screen.getAllByTestId('seq-arrow').filter((a) => a.getAttribute('data-kind') === 'data');
    expect(data[0].textContent).toContain('5 字节 · hello');
    expect(screen.getByTestId('seq-count').textContent).toBe('12 个事件');
    expect(screen.getByTestId('sequence-view').textContent).toContain('时间自上而下');
  });

  it('says what will appear while the log is empty', async () => {
    const f = fakeClient(() => ({ total: 0, rows: 0, complete: true, offset: 0, lanes: [], items: [], links: [], spans: [] }));
    disconnect = connectStore(f.client);
    render(<TrafficPanel />);
    await flush();
    expect(screen.getByTestId('sequence-view').textContent).toContain('one lane per socket');
  });
});
