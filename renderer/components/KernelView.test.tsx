// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Method, Params, Result, SocketInfo } from '../../shared/contract';
import { connectStore } from '../actions';
import { appStore, createAppStore, setAppStore } from '../store';
import type { Client, ConnectionStatus } from '../transport';
import { KERNEL_POLL_MS, KernelView, type KernelRowData } from './KernelView';

type View = Result<'kernelView'>;

function sock(id: number, names: string[]): SocketInfo {
  return { id, fd: id + 2, names, family: 'AF_INET', kind: 'SOCK_STREAM', state: 'connected', closed: false, laddr: null, raddr: null, mode: { kind: 'blocking' }, pendingCall: null, acceptQueue: null, bufferedBytes: 0 } as SocketInfo;
}

function kernelRow(over: Partial<KernelRowData>): KernelRowData {
  return {
    proto: 'tcp',
    ipv6: false,
    socket: null,
    related: null,
    role: 'socket',
    closed: false,
    local: '127.0.0.1:5000',
    remote: null,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    held: 0,
    backlog: null,
    boundOnly: false,
    drops: null,
    ...over,
  };
}

/** A fake host: answers kernelView with whatever `answer` holds now, and counts the requests. */
function fakeClient(sockets: SocketInfo[]) {
  const state = { answer: { available: true, rows: [] } as View, requests: 0 };
  const client: Client = {
    async invoke<M extends Method>(method: M, _params: Params<M>): Promise<Result<M>> {
      if (method === 'listSockets') return { sockets } as unknown as Result<M>;
      if (method === 'kernelView') {
        state.requests++;
        return structuredClone(state.answer) as Result<M>;
      }
      return {} as Result<M>;
    },
    subscribe: () => () => {},
    onStatus(h: (s: ConnectionStatus) => void) {
      h('connected');
      return () => {};
    },
    close() {},
  };
  return { client, state };
}

/** Lets answered requests reach the component. */
const settle = () => act(async () => {});

let disconnect = () => {};
beforeEach(() => setAppStore(createAppStore({ lang: 'en', theme: 'light' })));
afterEach(() => {
  disconnect();
  cleanup();
  vi.useRealTimers();
});

const PAIR: View = {
  available: true,
  rows: [
    kernelRow({ socket: 1, local: '127.0.0.1:5000', state: 'LISTEN', recvQ: 0, sendQ: 0, held: 1, backlog: 5 }),
    kernelRow({ socket: 4, role: 'queued', related: 1, local: '127.0.0.1:5000', remote: '127.0.0.1:40000', held: 3 }),
    kernelRow({ role: 'peer', related: 4, local: '127.0.0.1:40000', remote: '127.0.0.1:5000' }),
    kernelRow({ socket: 2, local: '127.0.0.1:5000', remote: '127.0.0.1:40001', recvQ: 0, held: 5 }),
    kernelRow({ socket: 3, closed: true, local: '127.0.0.1:40001', remote: '127.0.0.1:5000', state: 'TIME_WAIT' }),
    kernelRow({ role: 'peer', related: 2, local: '127.0.0.1:40002', remote: '127.0.0.1:5000', recvQ: 12 }),
  ],
};

describe('KernelView', () => {
  it('shows each socket’s kernel state and queues, with names, roles and explanations', async () => {
    const f = fakeClient([sock(1, ['srv']), sock(2, ['conn']), sock(3, ['cli'])]);
    f.state.answer = PAIR;
    disconnect = connectStore(f.client);
    render(<KernelView />);
    await settle();
    const rows = screen.getAllByTestId('kernel-row');
    expect(rows.map((r) => [r.dataset.socket, r.dataset.role, r.dataset.state, r.dataset.recvq, r.dataset.sendq])).toEqual([
      ['srv', 'socket', 'LISTEN', '1', '5'],
      ['', 'queued', 'ESTABLISHED', '3', '0'],
      ['', 'peer', 'ESTABLISHED', '0', '0'],
      ['conn', 'socket', 'ESTABLISHED', '5', '0'],
      ['cli', 'socket', 'TIME_WAIT', '0', '0'],
      ['', 'peer', 'ESTABLISHED', '12', '0'],
    ]);
    // Bytes Node already took from the kernel are counted, and said to be the playground's.
    expect(rows[3].textContent).toContain('kernel 0 + playground 5');
    expect(rows[0].textContent).toContain('backlog');
    expect(rows[1].textContent).toContain('waiting for srv.accept()');
    // An outside client whose connection waits for accept() is named after the listener.
    expect(rows[2].textContent).toContain('outside client in srv’s accept queue');
    expect(rows[4].textContent).toContain('closed');
    expect(rows[5].textContent).toContain('outside peer of conn');
    expect(rows[5].dataset.related).toBe('conn');
    // The states on screen are explained, TIME_WAIT included; the hover text says the same.
    const legend = screen.getByTestId('kernel-legend');
    expect(legend.textContent).toMatch(/TIME_WAIT.*late packets/);
    expect(rows[4].querySelector('.kstate')?.getAttribute('title')).toMatch(/late packets/);
    expect(legend.textContent).toContain('Node takes arriving bytes');
    fireEvent.click(screen.getByTestId('kernel-legend-toggle'));
    expect(screen.queryByTestId('kernel-legend')).toBeNull();
  });

  it('polls while shown, reads at once when the sockets change, and stops when closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const f = fakeClient([sock(2, ['conn'])]);
    f.state.answer = { available: true, rows: [kernelRow({ socket: 2, held: 5 })] };
    disconnect = connectStore(f.client);
    const view = render(<KernelView />);
    await settle();
    expect(screen.getByTestId('kernel-row').dataset.recvq).toBe('5');
    // recv() took the bytes: the next tick shows it.
    f.state.answer = { available: true, rows: [kernelRow({ socket: 2, held: 0 })] };
    await act(async () => {
      vi.advanceTimersByTime(KERNEL_POLL_MS);
    });
    await settle();
    expect(screen.getByTestId('kernel-row').dataset.recvq).toBe('0');
    // A change of the socket list reads without waiting for the timer.
    const before = f.state.requests;
    await act(async () => appStore().getState().setSockets([sock(2, ['conn', 'c2'])]));
    await settle();
    expect(f.state.requests).toBeGreaterThan(before);
    view.unmount();
    const after = f.state.requests;
    vi.advanceTimersByTime(KERNEL_POLL_MS * 10);
    await settle();
    expect(f.state.requests).toBe(after);
  });

  it('says plainly when the kernel view is unavailable', async () => {
    const f = fakeClient([]);
    f.state.answer = { available: false, reason: 'not-linux' };
    disconnect = connectStore(f.client);
    render(<KernelView />);
    await settle();
    expect(screen.getByTestId('kernel-unavailable').textContent).toMatch(/needs Linux/);
    expect(screen.queryByTestId('kernel-table')).toBeNull();
  });

  it('speaks Chinese', async () => {
    setAppStore(createAppStore({ lang: 'zh', theme: 'dark' }));
    const f = fakeClient([sock(1, ['srv']), sock(2, ['conn']), sock(3, ['cli'])]);
    f.state.answer = PAIR;
    disconnect = connectStore(f.client);
    render(<KernelView />);
    await settle();
    const rows = screen.getAllByTestId('kernel-row');
    expect(rows[1].textContent).toContain('等待 srv.accept()');
    expect(rows[2].textContent).toContain('外部客户端，在 srv 的等待队列中');
    expect(rows[3].textContent).toContain('内核 0 + 练习场 5');
    expect(rows[5].textContent).toContain('conn 的外部对端');
    expect(screen.getByTestId('kernel-legend').textContent).toContain('迟到的报文');
    // Where /proc cannot be read, the next read says so.
    f.state.answer = { available: false, reason: 'unreadable' };
    await waitFor(() => expect(screen.getByTestId('kernel-unavailable').textContent).toBe('内核视图不可用：这里无法读取 /proc/net/tcp。'));
  });

  it('shows an empty table’s hint', async () => {
    const f = fakeClient([]);
    disconnect = connectStore(f.client);
    render(<KernelView />);
    await settle();
    expect(screen.getByTestId('kernel-empty').textContent).toMatch(/No TCP or UDP sockets yet/);
  });
});
