// The renderer's only door to the main process: `invoke` for the contract's
// requests and `subscribe` for its events. Nothing else of Electron or Node is
// exposed; the adapter validates everything again on the other side.
// Bundled to dist/preload.cjs: a sandboxed preload may require nothing but `electron`.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isMethod } from '../shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

let nextId = 1;

contextBridge.exposeInMainWorld('socketPlayground', {
  invoke(method: string, params: unknown): Promise<unknown> {
    if (!isMethod(method)) return Promise.reject(new Error(`unknown method ${JSON.stringify(method)}`));
    return ipcRenderer.invoke(INVOKE_CHANNEL, { id: nextId++, method, params });
  },
  subscribe(listener: (message: unknown) => void): () => void {
    const forward = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
});
