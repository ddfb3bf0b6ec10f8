// The few Electron APIs the shell uses, declared locally: the `electron` package
// (which needs Node 22) is not a dependency yet. main.ts and preload.ts get the
// real module at run time and are type-checked against these shapes; once the
// package is added, replace these with `typeof import('electron')`.
export interface IpcMainInvokeEvent {
  sender: WebContents;
  senderFrame: { url: string } | null;
}

export interface WebContents {
  id: number;
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
  on(event: 'will-navigate', listener: (e: { preventDefault(): void }, url: string) => void): void;
  on(event: 'destroyed', listener: () => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  session: {
    setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
    setPermissionCheckHandler(handler: () => boolean): void;
    webRequest: {
      onHeadersReceived(
        listener: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void,
      ): void;
    };
  };
}

export interface BrowserWindow {
  webContents: WebContents;
  loadFile(file: string): Promise<void>;
}

export interface ElectronMain {
  app: { whenReady(): Promise<void>; on(event: 'window-all-closed', listener: () => void): void; quit(): void };
  BrowserWindow: new (options: {
    width: number;
    height: number;
    webPreferences: { preload: string; contextIsolation: true; sandbox: true; nodeIntegration: false; webSecurity: true };
  }) => BrowserWindow;
  ipcMain: { handle(channel: string, listener: (event: IpcMainInvokeEvent, message: unknown) => Promise<unknown>): void };
}

export interface ElectronPreload {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, message: unknown): Promise<unknown>;
    on(channel: string, listener: (event: unknown, message: unknown) => void): void;
    removeListener(channel: string, listener: (event: unknown, message: unknown) => void): void;
  };
}

/** IPC channel names: one for requests, one for pushed events. */
export const INVOKE_CHANNEL = 'socket-playground:invoke';
export const EVENT_CHANNEL = 'socket-playground:event';
