// The Electron shell: one window on the built renderer, locked down, talking to
// the engine only through the shared adapter (the same one browser mode uses,
// so browser-mode tests exercise everything below but the window itself).
// Bundled to dist/main.cjs (bin/build-cli.mjs), next to dist/preload.cjs and dist/renderer/.
import { app, BrowserWindow, dialog, ipcMain, session as electronSession, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session } from './engine/session';
import { Adapter, type HostFiles } from './ipc/adapter';
import { writeChunksToFile } from './capture/export';
import { jsonlLines, namesOf, readJsonlFile } from './capture/jsonl';
import { fileStamp } from './capture/log-source';
import { pcapngBlocks } from './capture/pcapng';
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

/** Open and Save dialogs for the log: what browser mode does with uploads and downloads. */
function fileDialogs(win: () => BrowserWindow | null): HostFiles {
  return {
    async open() {
      const w = win();
      const options = { title: 'Open a Socket Playground log', properties: ['openFile' as const], filters: [{ name: 'Socket Playground log', extensions: ['jsonl'] }] };
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      if (r.canceled || r.filePaths.length === 0) return null;
      const log = await readJsonlFile(r.filePaths[0]);
      return { file: path.basename(r.filePaths[0]), log, names: namesOf(log) };
    },
    async save(format, log, names) {
      const w = win();
      const ext = format === 'jsonl' ? 'jsonl' : 'pcapng';
      const base = format === 'jsonl' ? 'socket-playground-log' : 'socket-playground-capture';
      const options = { defaultPath: `${base}-${fileStamp(Date.now())}.${ext}`, filters: [{ name: ext, extensions: [ext] }] };
      const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return null;
      writeChunksToFile(r.filePath, format === 'jsonl' ? jsonlLines(log, { names }) : pcapngBlocks(log, { names }));
      return r.filePath;
    },
  };
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
  let mainWindow: BrowserWindow | null = null;
  const adapter = new Adapter(session, { allowedOrigins: [FILE_ORIGIN], stepTimeout: null, files: fileDialogs(() => mainWindow) });
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
  mainWindow = win;
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
