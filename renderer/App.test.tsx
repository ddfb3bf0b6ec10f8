// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Method, Params, Result, ServerEvent } from '../shared/contract';
import { encodeBase64 } from '../shared/contract';
import { connectStore } from './actions';
import { App } from './App';
import { appStore, createAppStore, setAppStore } from './store';
import type { Client, ConnectionStatus } from './transport';

/** A fake engine: answers run with canned outcomes and records what was sent. */
function fakeClient() {
  const sent: { method: string; params: unknown }[] = [];
  let push: (e: ServerEvent) => void = () => {};
  const client: Client = {
    async invoke<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      sent.push({ method, params });
      if (method === 'listSockets') return { sockets: [] } as unknown as Result<M>;
      if (method === 'logSource') return { live: true, file: null, events: 0, names: [] } as unknown as Result<M>;
      if (method === 'logQuery') return { total: 0, matched: 0, complete: true, offset: 0, events: [], clockStartMs: 0 } as unknown as Result<M>;
      if (method === 'run') {
        const src = (params as Params<'run'>).source;
        return {
          outcomes: src.split('\n').map((s, i) => ({ line: i + 1, source: s, ok: true, value: s.startsWith('1') ? '2' : 'None', stdout: '' })),
          notRun: 0,
        } as unknown as Result<M>;
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

let disconnect = () => {};
beforeEach(() => setAppStore(createAppStore({ lang: 'en', theme: 'light' })));
afterEach(() => {
  disconnect();
  cleanup();
});

describe('App', () => {
  it('has the test ids and switches language', () => {
    const f = fakeClient();
    disconnect = connectStore(f.client);
    render(<App />);
    for (const id of ['console-input', 'console-output', 'socket-list', 'new-socket', 'traffic-log', 'lang-switch']) expect(screen.getByTestId(id)).toBeTruthy();
    expect(screen.getByTestId('new-socket').textContent).toBe('New socket');
    fireEvent.click(screen.getByTestId('lang-switch'));
    expect(screen.getByTestId('new-socket').textContent).toBe('新建套接字');
    expect(appStore().getState().lang).toBe('zh');
  });

  it('runs console input, prints the value and recalls history with the arrow keys', async () => {
    const f = fakeClient();
    disconnect = connectStore(f.client);
    render(<App />);
    const input = screen.getByTestId('console-input') as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: '1 + 1' } });
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' });
    });
    expect(f.sent.find((m) => m.method === 'run')?.params).toEqual({ source: '1 + 1', stepTimeout: null });
    expect(screen.getByTestId('console-output').textContent).toContain('>>> 1 + 1');
    expect(screen.getByTestId('console-output').textContent).toContain('2');
    expect(input.value).toBe('');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.value).toBe('1 + 1');
  });

  it('new socket runs import socket and the statement through the console', async () => {
    const f = fakeClient();
    disconnect = connectStore(f.client);
    render(<App />);
    await act(async () => {
      fireEvent.click(screen.getByTestId('new-socket'));
    });
    const run = f.sent.find((m) => m.method === 'run');
    expect(run?.params).toEqual({ source: 'import socket\ns1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)', stepTimeout: null });
    expect(screen.getByTestId('console-output').textContent).toContain('>>> s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)');
  });

  it('shows log rows and their details with a hex dump', () => {
    const f = fakeClient();
    disconnect = connectStore(f.client);
    render(<App />);
    act(() =>
      f.push({
        event: 'batch',
        entries: [{ kind: 'data', seq: 1, t: 1_500_000, socket: 1, direction: 'in', size: 5, payload: encodeBase64(new TextEncoder().encode('hello')) }],
      }),
    );
    const rows = screen.getAllByTestId('log-row');
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain('hello');
    fireEvent.click(rows[0]);
    expect(document.querySelector('.hexdump')?.textContent).toContain('68 65 6c 6c 6f');
  });

  it('shows a banner while disconnected', () => {
    render(<App />);
    act(() => appStore().getState().setConnection('disconnected'));
    expect(screen.getByTestId('connection-banner').textContent).toMatch(/reconnect/);
  });
});
