// The renderer's only door to the main process: `invoke` for the contract's
// requests and `subscribe` for its events. Nothing else of Electron or Node is
// exposed; the adapter validates everything again on the other side.
import { isMethod } from '../shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type ElectronPreload } from './electron-api';

let nextId = 1;

export function exposeApi(electron: ElectronPreload): void {
  const { contextBridge, ipcRenderer } = electron;
  contextBridge.exposeInMainWorld('socketPlayground', {
    invoke(method: string, params: unknown): Promise<unknown> {
      if (!isMethod(method)) return Promise.reject(new Error(`unknown method ${JSON.stringify(method)}`));
      return ipcRenderer.invoke(INVOKE_CHANNEL, { id: nextId++, method, params });
    },
    subscribe(listener: (message: unknown) => void): () => void {
      const forward = (_event: unknown, message: unknown) => listener(message);
      ipcRenderer.on(EVENT_CHANNEL, forward);
      return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    },
  });
}
