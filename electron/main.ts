// The Electron shell: one window on the built renderer, locked down, talking to
// the engine only through the shared adapter (the same one browser mode uses,
// so browser-mode tests exercise everything below but the window itself).
// Bundled to dist/main.cjs (bin/build-cli.mjs), next to dist/preload.cjs and dist/renderer/.
import { app, BrowserWindow, ipcMain, session as electronSession, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session } from './engine/session';
import { Adapter } from './ipc/adapter';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

/** The renderer is loaded from files: its origin as Chromium reports it. */
const FILE_ORIGIN = 'file://';
/** Scripts, styles and data only from the app itself; no network at all (the engine is reached over IPC). */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const WINDOW_SIZE = { width: 1440, height: 900, minWidth: 960, minHeight: 600 };

function lockDown(wc: WebContents, indexUrl: string): void {
  // Nothing but our own page, ever: no navigation, no new windows, no permissions.
  wc.on('will-navigate', (e, url) => {
    if (url !== indexUrl) e.preventDefault();
  });
  wc.on('will-redirect', (e) => e.preventDefault());
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
}

async function start(): Promise<void> {
  // Single instance: a second launch focuses the first window instead of a second engine.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const distDir = __dirname;
  const index = path.join(distDir, 'renderer', 'index.html');
  const indexUrl = pathToFileURL(index).href;

  const ses = electronSession.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...(details.responseHeaders ?? {}), 'Content-Security-Policy': [CSP] } });
  });

  const session = new Session();
  const adapter = new Adapter(session, { allowedOrigins: [FILE_ORIGIN], stepTimeout: null });
  const win = new BrowserWindow({
    ...WINDOW_SIZE,
    title: 'Socket Playground',
    webPreferences: {
      preload: path.join(distDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  const wc = win.webContents;
  lockDown(wc, indexUrl);
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  ipcMain.handle(INVOKE_CHANNEL, (event, message: unknown) => {
    // Only our window's top frame, showing our page, is a trusted sender.
    const frameUrl = event.senderFrame?.url.split('#')[0];
    const authenticated = event.sender.id === wc.id && event.senderFrame === wc.mainFrame && frameUrl === indexUrl;
    return adapter.handle(message, { transport: 'ipc', origin: FILE_ORIGIN, authenticated });
  });
  const unsubscribe = adapter.subscribe({ send: (m) => wc.send(EVENT_CHANNEL, m), ready: () => !wc.isDestroyed() });
  wc.on('destroyed', unsubscribe);
  const shutdown = () => {
    adapter.dispose();
    session.dispose();
  };
  app.on('window-all-closed', () => {
    shutdown();
    app.quit();
  });
  await win.loadFile(index);
}

start().catch((err: unknown) => {
  console.error('Socket Playground could not start:', err);
  app.exit(1);
});
