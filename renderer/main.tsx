// The renderer's entry: restores the preferences, connects to the engine (Electron
// bridge or WebSocket) and mounts the app.
import './zod-setup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStore } from './actions';
import { App, PREFS_KEY } from './App';
import { defaultLang, type Lang } from './i18n';
import { createAppStore, setAppStore, type Theme, type TrafficView, type Workspace } from './store';
import { createClient } from './transport';
import './styles.css';

const TRAFFIC_VIEWS: readonly TrafficView[] = ['log', 'stream', 'sequence', 'kernel'];

function initialPrefs(): Workspace {
  let saved: { lang?: unknown; theme?: unknown; trafficView?: unknown; consoleTab?: unknown; socketsTab?: unknown } = {};
  try {
    saved = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as typeof saved;
  } catch {
    // Unreadable preferences: start from the defaults.
  }
  const lang: Lang = saved.lang === 'en' || saved.lang === 'zh' ? saved.lang : defaultLang(navigator.languages ?? [navigator.language]);
  const theme: Theme = saved.theme === 'light' || saved.theme === 'dark' ? saved.theme : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  const trafficView = TRAFFIC_VIEWS.find((v) => v === saved.trafficView) ?? 'log';
  const consoleTab = saved.consoleTab === 'script' ? 'script' : 'console';
  const socketsTab = saved.socketsTab === 'servers' ? 'servers' : 'sockets';
  return { lang, theme, trafficView, consoleTab, socketsTab };
}

setAppStore(createAppStore(initialPrefs()));
connectStore(createClient());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
