// The Servers tab of the sockets panel: socketserver's TCPServer, ThreadingTCPServer,
// UDPServer and ThreadingUDPServer with a built-in handler, on the session's own
// sockets (they show in the socket list and the log, marked as the server's). Each
// server shows the Python program that does the same, which python3 runs.
import { useEffect, useState } from 'react';
import type { ServerInfo } from '../../shared/contract';
import { DEFAULT_DELAY_S, HANDLER_NAMES, type HandlerName, type ServerKind } from '../../shared/servers/config';
import { pythonProgram } from '../../shared/servers/program';
import { listServers, startServer, stopServer } from '../actions';
import type { Key } from '../i18n';
import { numberExpression } from '../statements';
import { useApp } from '../store';
import { useT } from '../useT';

type ClassChoice = 'TCPServer' | 'ThreadingTCPServer' | 'UDPServer' | 'ThreadingUDPServer';
const CLASSES: ClassChoice[] = ['TCPServer', 'ThreadingTCPServer', 'UDPServer', 'ThreadingUDPServer'];

export function ServersPanel() {
  const t = useT();
  // Sockets change whenever a server's do: the list is re-read with them.
  const socketIds = useApp((s) => s.socketIds);
  const socketsById = useApp((s) => s.socketsById);
  const [servers, setServers] = useState<ServerInfo[]>([]);
  const [cls, setCls] = useState<ClassChoice>('ThreadingTCPServer');
  const [handler, setHandler] = useState<HandlerName>('slow-hello');
  const [delay, setDelay] = useState(String(DEFAULT_DELAY_S));
  const [host, setHost] = useState('127.0.0.1');
  const [port, setPort] = useState('0');
  const [problem, setProblem] = useState<string | null>(null);
  const [showing, setShowing] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    void listServers().then((s) => live && s && setServers(s));
    return () => {
      live = false;
    };
  }, [socketIds, socketsById]);

  const portNumber = Number(port);
  const portOk = /^\d+$/.test(port) && portNumber <= 65535;
  const delayOk = numberExpression(delay, true).ok && Number(delay) >= 0;
  const start = async () => {
    setProblem(null);
    const kind: ServerKind = cls.includes('UDP') ? 'udp' : 'tcp';
    const r = await startServer({ kind, threading: cls.startsWith('Threading'), handler, delay: Number(delay), host: host.trim(), port: portNumber });
    if (!r.ok) setProblem(r.error);
    const s = await listServers();
    if (s) setServers(s);
  };
  return (
    <div className="servers-panel" data-testid="servers-panel">
      <div className="server-form">
        <label>
          <span>{t('servers.class')}</span>
          <select data-testid="server-class" value={cls} onChange={(e) => setCls(e.target.value as ClassChoice)}>
            {CLASSES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('servers.handler')}</span>
          <select data-testid="server-handler" value={handler} onChange={(e) => setHandler(e.target.value as HandlerName)}>
            {HANDLER_NAMES.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <p className="muted handler-summary">{t(`servers.handler.${handler}` as Key, { delay })}</p>
        {handler === 'slow-hello' && (
          <label>
            <span>{t('servers.delay')}</span>
            <input data-testid="server-delay" className="num" value={delay} onChange={(e) => setDelay(e.target.value)} aria-invalid={!delayOk} />
          </label>
        )}
        <label>
          <span>{t('methods.host')}</span>
          <input data-testid="server-host" value={host} onChange={(e) => setHost(e.target.value)} />
        </label>
        <label>
          <span>{t('methods.port')}</span>
          <input data-testid="server-port" className="num" value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" aria-invalid={!portOk} />
        </label>
        {!portOk && (
          <p className="field-error" role="alert">
            {t('err.port')}
          </p>
        )}
        <button type="button" className="primary" data-testid="server-start" disabled={!portOk || !delayOk || host.trim() === ''} onClick={() => void start()}>
          {t('servers.start')}
        </button>
        {problem && (
          <p className="field-error" role="alert" data-testid="server-error">
            {problem}
          </p>
        )}
      </div>
      {servers.length === 0 ? (
        <p className="empty">{t('servers.none')}</p>
      ) : (
        <ul className="server-list">
          {servers.map((s) => {
            const sock = s.socket === null ? undefined : socketsById[s.socket];
            const queued = sock?.acceptQueue?.length ?? 0;
            return (
              <li key={s.id} className={`server-item status-${s.status}`} data-testid="server-item" data-status={s.status} data-class={s.className}>
                <div className="socket-head">
                  <code className="socket-name">{s.className}</code>
                  <span className={`state state-${s.status === 'serving' ? 'listening' : 'closed'}`}>{t(`servers.status.${s.status}` as Key)}</span>
                </div>
                <div className="socket-meta">
                  {s.config.handler} · <code>{s.address ?? ''}</code>
                </div>
                <div className="socket-meta" data-testid="server-counts">
                  {t('servers.counts', { requests: s.requests, active: s.active, queued })}
                </div>
                {s.output.length > 0 && (
                  <pre className="server-output" data-testid="server-output">
                    {s.output.slice(-6).map((o, i) => (
                      <span key={i} className={o.stream === 'stderr' ? 'error' : undefined}>
                        {o.text.replace(/\n$/, '')}
                        {'\n'}
                      </span>
                    ))}
                  </pre>
                )}
                <div className="server-actions">
                  <button type="button" className="small" data-testid="server-python" onClick={() => setShowing(showing === s.id ? null : s.id)}>
                    {t(showing === s.id ? 'servers.hidePython' : 'servers.python')}
                  </button>
                  {s.status === 'serving' && (
                    <button type="button" className="small danger" data-testid="server-stop" onClick={() => void stopServer(s.id).then(() => listServers().then((l) => l && setServers(l)))}>
                      {t('servers.stop')}
                    </button>
                  )}
                </div>
                {showing === s.id && (
                  <pre className="server-program" data-testid="server-program">
                    {pythonProgram(s.config)}
                  </pre>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** The marker a server's socket carries in the socket list. */
export function useOwnerLabel(id: number): string | null {
  const t = useT();
  const owner = useApp((s) => s.socketsById[id]?.owner);
  if (!owner) return null;
  return t(owner.role === 'server' ? 'servers.ownerServer' : 'servers.ownerRequest', { id: owner.server, name: owner.name });
}
