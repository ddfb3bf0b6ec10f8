import { useEffect } from 'react';
import { Console } from './components/Console';
import { MethodPanel } from './components/MethodPanel';
import { SocketsPanel } from './components/SocketsPanel';
import { TrafficPanel } from './components/TrafficPanel';
import { appStore, useApp } from './store';
import { useT } from './useT';

export const PREFS_KEY = 'socket-playground.prefs';

function Banner() {
  const t = useT();
  const status = useApp((s) => s.connection);
  if (status === 'connected') return null;
  const key = status === 'incompatible' ? 'conn.incompatible' : status === 'disconnected' ? 'conn.disconnected' : 'conn.connecting';
  return (
    <div className={`banner banner-${status}`} role="alert" data-testid="connection-banner">
      {t(key)}
    </div>
  );
}

export function App() {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const theme = useApp((s) => s.theme);
  // The workspace comes back on restart: language, theme and which views are open.
  const trafficView = useApp((s) => s.trafficView);
  const consoleTab = useApp((s) => s.consoleTab);
  const socketsTab = useApp((s) => s.socketsTab);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.documentElement.dataset.theme = theme;
    document.title = t('app.title');
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify({ lang, theme, trafficView, consoleTab, socketsTab }));
    } catch {
      // Storage may be unavailable; the preferences then last for this page only.
    }
  }, [lang, theme, t, trafficView, consoleTab, socketsTab]);
  const st = appStore().getState();
  return (
    <div className="app">
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <div className="toolbar">
          <button
            type="button"
            className="small"
            data-testid="theme-switch"
            aria-label={t('app.themeLabel')}
            onClick={() => st.setTheme(appStore().getState().theme === 'dark' ? 'light' : 'dark')}
          >
            {theme === 'dark' ? `☀ ${t('app.theme.light')}` : `☾ ${t('app.theme.dark')}`}
          </button>
          <button
            type="button"
            className="small"
            data-testid="lang-switch"
            aria-label={t('app.langLabel')}
            lang={lang === 'zh' ? 'en' : 'zh-CN'}
            onClick={() => st.setLang(appStore().getState().lang === 'zh' ? 'en' : 'zh')}
          >
            {t('app.lang')}
          </button>
        </div>
      </header>
      <Banner />
      <main className="layout">
        <SocketsPanel />
        <MethodPanel />
        <Console />
        <TrafficPanel />
      </main>
    </div>
  );
}
