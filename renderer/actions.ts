// What the panels do: every action is a statement run through the console, so
// the session stays one script. The client is set once at startup (or in tests).
import type { Params, Result } from '../shared/contract';
import type { Client } from './transport';
import { RemoteError } from './transport';
import { appStore } from './store';
import { onLogGrew, refreshLogSource, refreshLogView, setLogClient } from './log-view';

let client: Client | null = null;
let refreshing: Promise<void> | null = null;
let refreshAgain = false;

export function setClient(c: Client | null): void {
  client = c;
  setLogClient(c);
}

/** Re-reads the socket list (coalesced: at most one request in flight, one queued). */
export function refreshSockets(): Promise<void> {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  const c = client;
  if (!c) return Promise.resolve();
  refreshing = c
    .invoke('listSockets', {})
    .then((r) => appStore().getState().setSockets(r.sockets))
    .catch(() => {})
    .finally(() => {
      refreshing = null;
      if (refreshAgain) {
        refreshAgain = false;
        void refreshSockets();
      }
    });
  return refreshing;
}

/** Runs console input (one or more statements); shows it at once, its outcome when it ends. */
export async function runSource(source: string, origin: 'console' | 'panel' | 'script' = 'console'): Promise<number> {
  const store = appStore().getState();
  let text = source;
  if (origin === 'panel' && !store.socketImported && /\bsocket\./.test(text)) text = `import socket\n${text}`;
  const id = store.addConsoleEntry(text, origin);
  if (!client) {
    appStore().getState().failConsoleEntry(id, { type: 'ConnectionLost', errno: null, message: 'not connected to the engine' });
    return id;
  }
  // No step timeout: a blocked accept() waits like Python's until it completes or is interrupted.
  const running = client.invoke('run', { source: text, stepTimeout: null });
  void refreshSockets();
  try {
    const r = await running;
    appStore().getState().finishConsoleEntry(id, r.outcomes, r.notRun);
  } catch (e) {
    const error = e instanceof RemoteError ? e.error : { type: 'Error', errno: null, message: String(e) };
    appStore().getState().failConsoleEntry(id, error);
  }
  void refreshSockets();
  return id;
}

/** The kernel's view of the session's sockets (the kernel tab asks while it is open); null when there is no client. */
export function readKernelView(): Promise<Result<'kernelView'>> | null {
  return client ? client.invoke('kernelView', {}) : null;
}

/** A window of the sequence diagram (the sequence tab asks while it is open); null when there is no client. */
export function readSequence(params: Params<'sequence'>): Promise<Result<'sequence'>> | null {
  return client ? client.invoke('sequence', params) : null;
}

/** One event of the log (the sequence diagram selects it for the log's details pane); null when there is no client. */
export function readLogEvent(seq: number): Promise<Result<'logWindow'>> | null {
  return client ? client.invoke('logWindow', { fromSeq: seq, count: 1 }) : null;
}

/** Interrupts the call blocked on `socket`, or every running input when no socket is given. */
export async function interrupt(socket?: number): Promise<void> {
  try {
    await client?.invoke('interrupt', socket === undefined ? {} : { socket });
  } catch {
    // The banner already says when the engine is gone.
  }
}

/** Wires a client to the store: status, pushed events, first socket list. */
export function connectStore(c: Client): () => void {
  setClient(c);
  const offStatus = c.onStatus((s) => {
    appStore().getState().setConnection(s);
    if (s === 'connected') {
      void refreshSockets();
      refreshLogView();
      void refreshLogSource();
    }
  });
  const offEvents = c.subscribe((e) => {
    if (e.event === 'batch') {
      appStore().getState().appendBatch(e.entries, performance.now());
      onLogGrew();
    }
    else void refreshSockets();
  });
  return () => {
    offStatus();
    offEvents();
    setClient(null);
  };
}

/** A fresh start: every socket closed and every name forgotten on the host (the log goes on). */
export async function resetSession(): Promise<boolean> {
  if (!client) return false;
  try {
    await client.invoke('resetSession', {});
  } catch {
    return false;
  }
  appStore().getState().forgetImports();
  void refreshSockets();
  return true;
}

/** The playground servers; null when the engine cannot be reached. */
export async function listServers(): Promise<Result<'listServers'>['servers'] | null> {
  if (!client) return null;
  try {
    return (await client.invoke('listServers', {})).servers;
  } catch {
    return null;
  }
}

/** Starts a server; the error comes back in Python's words when it cannot (address in use...). */
export async function startServer(config: Params<'startServer'>): Promise<{ ok: true } | { ok: false; error: string }> {
  if (!client) return { ok: false, error: 'not connected to the engine' };
  try {
    await client.invoke('startServer', config);
    void refreshSockets();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e instanceof RemoteError ? `${e.error.type}: ${e.error.message}` : String(e) };
  }
}

export async function stopServer(id: number): Promise<void> {
  try {
    await client?.invoke('stopServer', { id });
  } catch {
    // The banner says when the engine is gone.
  }
  void refreshSockets();
}
