import { useEffect, useState } from 'react';
import type { Key } from '../i18n';
import { interrupt, runSource } from '../actions';
import { formatElapsed, modeKey } from '../format';
import { appStore, lookClass, useApp } from '../store';
import { freshName, newSocketStatement, type Family, type SockType } from '../statements';
import { useT } from '../useT';
import { ServersPanel, useOwnerLabel } from './ServersPanel';
import { Tabs } from './Tabs';

const SOCKETS_TABS = ['sockets', 'servers'] as const;

export function SocketsPanel() {
  const ids = useApp((s) => s.socketIds);
  const look = useApp((s) => lookClass(s, 'sockets'));
  const [family, setFamily] = useState<Family>('AF_INET');
  const [type, setType] = useState<SockType>('SOCK_STREAM');
  const create = () => {
    const st = appStore().getState();
    const taken = st.socketIds.flatMap((id) => st.socketsById[id].names);
    void runSource(newSocketStatement(freshName('s', taken, true), family, type), 'panel');
  };
  const tab = useApp((s) => s.socketsTab);
  return (
    <section className={`panel sockets-panel${look}`} aria-labelledby="sockets-title">
      <div className="panel-head">
        <Tabs
          views={SOCKETS_TABS}
          current={tab}
          label="sockets.tabs"
          prefix={{ text: 'sockets.tab', testId: 'sockets-tab' }}
          firstId="sockets-title"
          onSelect={(v) => appStore().getState().setSocketsTab(v)}
        />
      </div>
      {tab === 'servers' ? (
        <ServersPanel />
      ) : (
        <SocketsList family={family} setFamily={setFamily} type={type} setType={setType} create={create} ids={ids} />
      )}
    </section>
  );
}

function SocketsList({
  family,
  setFamily,
  type,
  setType,
  create,
  ids,
}: {
  family: Family;
  setFamily: (f: Family) => void;
  type: SockType;
  setType: (t: SockType) => void;
  create: () => void;
  ids: number[];
}) {
  const t = useT();
  return (
    <>
      <div className="new-socket-form">
        <label>
          <span>{t('sockets.family')}</span>
          <select value={family} onChange={(e) => setFamily(e.target.value as Family)}>
            <option>AF_INET</option>
            <option>AF_INET6</option>
            <option>AF_UNIX</option>
          </select>
        </label>
        <label>
          <span>{t('sockets.type')}</span>
          <select value={type} onChange={(e) => setType(e.target.value as SockType)}>
            <option>SOCK_STREAM</option>
            <option>SOCK_DGRAM</option>
          </select>
        </label>
        <button type="button" className="primary" data-testid="new-socket" onClick={create}>
          {t('sockets.new')}
        </button>
      </div>
      <ul className="socket-list" data-testid="socket-list">
        {ids.length === 0 && <li className="empty">{t('sockets.empty')}</li>}
        {ids.map((id) => (
          <SocketItem key={id} id={id} />
        ))}
      </ul>
    </>
  );
}

function useClockMs(active: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function Pending({ socket, method, since }: { socket: number; method: string; since: number }) {
  const t = useT();
  const offset = useApp((s) => s.clockOffsetMs);
  const [firstSeen] = useState(() => performance.now());
  const now = useClockMs(true);
  // Engine time is microseconds since the engine started; the offset maps it to this page's clock.
  const elapsed = offset === null ? now - firstSeen : now + offset - since / 1000;
  return (
    <div className="pending" role="status" data-testid="pending-call">
      <span className="spinner" aria-hidden="true" />
      <span>{t('sockets.blocked', { method, elapsed: formatElapsed(elapsed) })}</span>
      <button
        type="button"
        className="danger small"
        data-testid="interrupt"
        onClick={(e) => {
          e.stopPropagation();
          void interrupt(socket);
        }}
      >
        {t('sockets.interrupt')}
      </button>
    </div>
  );
}

function SocketItem({ id }: { id: number }) {
  const t = useT();
  const s = useApp((st) => st.socketsById[id]);
  const selected = useApp((st) => st.selectedSocket === id);
  const owner = useOwnerLabel(id);
  const look = useApp((st) => (st.socketsById[id] ? lookClass(st, null, st.socketsById[id].names) : ''));
  const select = () => appStore().getState().selectSocket(id);
  if (!s) return null;
  const mode = modeKey(s.mode);
  const short = (x: string) => x.replace(/^(AddressFamily|SocketKind)\./, '');
  return (
    <li
      className={`socket-item${selected ? ' selected' : ''}${s.closed ? ' closed' : ''}${look}`}
      data-testid="socket-item"
      data-socket-id={id}
      data-names={s.names.join(' ')}
      aria-selected={selected}
      tabIndex={0}
      onClick={select}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && select()}
    >
      <div className="socket-head">
        <code className="socket-name">{s.names.length ? s.names.join(', ') : (s.owner?.name ?? `#${s.id}`)}</code>
        <span className={`state state-${s.state}`} data-testid="socket-state" data-state={s.state}>{t(`state.${s.state}` as Key)}</span>
      </div>
      {owner && (
        <div className="socket-owner" data-testid="socket-owner">
          {owner}
        </div>
      )}
      <div className="socket-meta">
        {short(s.family)} · {short(s.kind)} · fd {s.fd} · {t(mode.key, { seconds: mode.seconds ?? 0 })}
      </div>
      {(s.laddr || s.raddr) && (
        <div className="socket-addr">
          {s.laddr && (
            <span>
              {t('sockets.local')} <code>{s.laddr}</code>
            </span>
          )}
          {s.raddr && (
            <span>
              {t('sockets.remote')} <code>{s.raddr}</code>
            </span>
          )}
        </div>
      )}
      {s.bufferedBytes > 0 && <div className="socket-meta">{t('sockets.buffered', { count: s.bufferedBytes })}</div>}
      {s.pendingCall && <Pending socket={s.id} method={s.pendingCall.method} since={s.pendingCall.since} />}
      {s.acceptQueue && s.acceptQueue.length > 0 && (
        <div className="accept-queue" data-testid="accept-queue">
          <div>{t('sockets.queue', { count: s.acceptQueue.length })}</div>
          <ul>
            {s.acceptQueue.map((q) => (
              <li key={q.id}>
                <code>{q.raddr ?? '?'}</code>
                {q.bufferedBytes > 0 && <span> · {t('sockets.buffered', { count: q.bufferedBytes })}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}
