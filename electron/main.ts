// The Electron shell: one window on the built renderer, locked down, talking to
// the engine only through the shared adapter (the same one browser mode uses,
// so browser-mode tests exercise everything below but the window itself).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session } from './engine/session';
import { Adapter } from './ipc/adapter';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type ElectronMain } from './electron-api';

/** The renderer is loaded from files: its origin as Chromium reports it. */
const FILE_ORIGIN = 'file://';
/** Scripts, styles and data only from the app itself; no network at all (the engine is reached over IPC). */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const WINDOW_SIZE = { width: 1280, height: 820 };

export async function startElectronApp(electron: ElectronMain, distDir: string): Promise<void> {
  const { app, BrowserWindow, ipcMain } = electron;
  await app.whenReady();
  const session = new Session();
  const adapter = new Adapter(session, { allowedOrigins: [FILE_ORIGIN], stepTimeout: null });
  const index = path.join(distDir, 'renderer', 'index.html');
  const indexUrl = pathToFileURL(index).href;
  const win = new BrowserWindow({
    ...WINDOW_SIZE,
    webPreferences: { preload: path.join(distDir, 'preload.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  });
  const wc = win.webContents;
  wc.on('will-navigate', (e) => e.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  wc.session.setPermissionCheckHandler(() => false);
  wc.session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...(details.responseHeaders ?? {}), 'Content-Security-Policy': [CSP] } });
  });
  ipcMain.handle(INVOKE_CHANNEL, (event, message) => {
    // Only our window's top frame, showing our page, is a trusted sender.
    const authenticated = event.sender.id === wc.id && event.senderFrame?.url.split('#')[0] === indexUrl;
    return adapter.handle(message, { transport: 'ipc', origin: FILE_ORIGIN, authenticated });
  });
  const unsubscribe = adapter.subscribe({ send: (m) => wc.send(EVENT_CHANNEL, m), ready: () => !wc.isDestroyed() });
  wc.on('destroyed', unsubscribe);
  app.on('window-all-closed', () => {
    adapter.dispose();
    session.dispose();
    app.quit();
  });
  await win.loadFile(index);
}
