// The kernel view of the traffic panel: for each TCP and UDP socket of the
// session, the state and queues the kernel reports (Linux's /proc/net tables),
// with the outside programs' sockets that talk to them. The renderer polls the
// host while this tab is shown: reading costs nothing while it is closed, and a
// request every KERNEL_POLL_MS is a few kilobytes of /proc text. It also reads
// at once when the socket list changes, so a recv() or close() shows without
// waiting for the next tick.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../shared/contract';
import { readKernelView } from '../actions';
import type { Key } from '../i18n';
import { useApp } from '../store';
import { RemoteError } from '../transport';
import { useT, type T } from '../useT';

/** How often the open view asks the host for the kernel's tables. */
export const KERNEL_POLL_MS = 300;

type View = Result<'kernelView'>;
export type KernelRowData = Extract<View, { available: true }>['rows'][number];

/** The states whose meaning the legend can explain. */
const EXPLAINED = new Set(['LISTEN', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING', 'TIME_WAIT', 'CLOSE', 'UNCONN', 'ESTAB']);
const stateHelp = (t: T, state: string | null): string | undefined => (state && EXPLAINED.has(state) ? t(`kernel.state.${state}` as Key) : undefined);

/** Reads the view while mounted and connected: on a timer, and whenever the socket list changes. */
function useKernelView(): { view: View | null; error: string | null } {
  const connection = useApp((s) => s.connection);
  const sockets = useApp((s) => s.socketsById);
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  const busy = useRef(false);
  const again = useRef(false);

  const read = useCallback(() => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    // One request at a time; a read asked for meanwhile runs when it ends.
    if (busy.current) {
      again.current = true;
      return;
    }
    const pending = readKernelView();
    if (!pending) return;
    busy.current = true;
    pending
      .then(
        (v) => {
          if (!alive.current) return;
          setView(v);
          setError(null);
        },
        (e: unknown) => {
          if (alive.current) setError(e instanceof RemoteError ? e.error.message : String(e));
        },
      )
      .finally(() => {
        busy.current = false;
        if (again.current && alive.current) {
          again.current = false;
          read();
        }
      });
  }, []);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (connection !== 'connected') return;
    read();
    const timer = setInterval(read, KERNEL_POLL_MS);
    return () => clearInterval(timer);
  }, [connection, read]);

  useEffect(() => {
    if (connection === 'connected') read();
  }, [sockets, connection, read]);

  return { view, error };
}

function nameOf(id: number | null, socketsById: Record<number, { names: string[] }>, t: T): string {
  if (id === null) return '?';
  const names = socketsById[id]?.names ?? [];
  return names.length ? names.join(', ') : t('kernel.unnamed', { id });
}

function KernelRowView({ r, queuedOn, t }: { r: KernelRowData; queuedOn: Map<number, number | null>; t: T }) {
  const socketsById = useApp((s) => s.socketsById);
  const listener = r.backlog !== null;
  const total = r.recvQ + r.held;
  let label: string;
  if (r.role === 'queued') label = t('kernel.role.queued', { name: nameOf(r.related, socketsById, t) });
  else if (r.role === 'handshake') label = t('kernel.role.handshake', { name: nameOf(r.related, socketsById, t) });
  else if (r.role === 'peer' && r.related !== null && queuedOn.has(r.related)) label = t('kernel.role.peerQueued', { name: nameOf(queuedOn.get(r.related)!, socketsById, t) });
  else if (r.role === 'peer') label = t('kernel.role.peer', { name: nameOf(r.related, socketsById, t) });
  else label = nameOf(r.socket, socketsById, t);
  const names = r.socket !== null ? (socketsById[r.socket]?.names ?? []) : [];
  const sendQ = listener ? r.backlog! : r.sendQ;
  const recvHelp = [t('kernel.help.recvq'), r.held > 0 ? t('kernel.help.held') : '', r.proto === 'udp' ? t('kernel.help.udp') : ''].filter(Boolean).join('\n\n');
  const sendHelp = listener ? `${t('kernel.help.sendq')}\n\n${t('kernel.help.backlog')}` : t('kernel.help.sendq');
  const stateTitle = r.boundOnly ? t('kernel.help.boundOnly') : r.state === null ? t('kernel.help.none') : stateHelp(t, r.state);
  return (
    <tr
      className={`kernel-row role-${r.role}${r.closed ? ' closed' : ''}`}
      data-testid="kernel-row"
      data-socket={names[0] ?? ''}
      data-related={r.related !== null ? (socketsById[r.related]?.names[0] ?? '') : ''}
      data-role={r.role}
      data-proto={r.proto}
      data-state={r.state ?? 'none'}
      data-recvq={total}
      data-kernel-recvq={r.recvQ}
      data-sendq={sendQ}
      data-closed={r.closed ? 'true' : 'false'}
    >
      <td className="k-socket" title={r.role === 'peer' ? t('kernel.help.peer') : undefined}>
        {r.role !== 'socket' && <span className="k-branch">↳ </span>}
        <span className={r.role === 'socket' ? 'k-name' : 'k-role'}>{label}</span>
        {r.closed && <span className="k-tag">{t('kernel.closed')}</span>}
      </td>
      <td className="k-proto">
        {r.proto}
        {r.ipv6 ? '6' : ''}
      </td>
      <td className="k-addr">{r.local ?? '—'}</td>
      <td className="k-addr">{r.remote ?? (r.state === null ? '—' : '*')}</td>
      <td className="k-state">
        <span className={`kstate kstate-${r.state ?? 'none'}`} title={stateTitle}>
          {r.state ?? t('kernel.none')}
        </span>
        {r.boundOnly && (
          <span className="k-tag" title={t('kernel.help.boundOnly')}>
            {t('kernel.boundOnly')}
          </span>
        )}
        {r.drops !== null && r.drops > 0 && <span className="k-tag k-warn">{t('kernel.drops', { count: r.drops })}</span>}
      </td>
      <td className={`k-num${total > 0 ? ' k-busy' : ''}`} title={recvHelp}>
        <span className="k-total">{total}</span>
        {r.held > 0 && <span className="k-split">{t('kernel.split', { kernel: r.recvQ, held: r.held })}</span>}
      </td>
      <td className="k-num" title={sendHelp}>
        <span className="k-total">{sendQ}</span>
        {listener && <span className="k-split">{t('kernel.backlog')}</span>}
      </td>
    </tr>
  );
}

function Legend({ rows, t }: { rows: KernelRowData[]; t: T }) {
  const states: string[] = [];
  for (const r of rows) if (r.state && EXPLAINED.has(r.state) && !states.includes(r.state)) states.push(r.state);
  const notes: Key[] = [];
  if (rows.some((r) => r.held > 0)) notes.push('kernel.help.held');
  if (rows.some((r) => r.boundOnly)) notes.push('kernel.help.boundOnly');
  if (rows.some((r) => r.role === 'peer')) notes.push('kernel.help.peer');
  if (rows.some((r) => r.proto === 'udp')) notes.push('kernel.help.udp');
  if (rows.some((r) => r.state === null)) notes.push('kernel.help.none');
  return (
    <aside className="kernel-legend" data-testid="kernel-legend" aria-label={t('kernel.legend.title')}>
      <h4>{t('kernel.legend.title')}</h4>
      <dl>
        {states.map((s) => (
          <div key={s} className="k-def">
            <dt>
              <span className={`kstate kstate-${s}`}>{s}</span>
            </dt>
            <dd>{t(`kernel.state.${s}` as Key)}</dd>
          </div>
        ))}
      </dl>
      <p>{t('kernel.help.recvq')}</p>
      <p>{t('kernel.help.sendq')}</p>
      {notes.map((k) => (
        <p key={k}>{t(k)}</p>
      ))}
    </aside>
  );
}

export function KernelView() {
  const t = useT();
  const { view, error } = useKernelView();
  const [legend, setLegend] = useState(true);

  if (view && !view.available) {
    return (
      <div className="traffic-view kernel-view" data-testid="kernel-view">
        <p className="kernel-unavailable" data-testid="kernel-unavailable" data-reason={view.reason}>
          {t(`kernel.unavailable.${view.reason}` as Key)}
        </p>
      </div>
    );
  }
  const rows = view?.rows ?? [];
  // Connections still in an accept queue have no name yet: their peers are named after the listener.
  const queuedOn = new Map<number, number | null>();
  for (const r of rows) if (r.role === 'queued' && r.socket !== null) queuedOn.set(r.socket, r.related);
  return (
    <div className="traffic-view kernel-view" data-testid="kernel-view">
      <div className="view-toolbar kernel-toolbar">
        <span className="muted kernel-source">{t('kernel.source')}</span>
        <button type="button" className="small" aria-pressed={legend} data-testid="kernel-legend-toggle" onClick={() => setLegend(!legend)}>
          {legend ? t('kernel.legend.hide') : t('kernel.legend.show')}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {t('kernel.unavailable.error', { message: error })}
        </p>
      )}
      <div className="kernel-body">
        <div className="kernel-table-wrap">
          {view && rows.length === 0 ? (
            <p className="empty" data-testid="kernel-empty">
              {t('kernel.empty')}
            </p>
          ) : (
            <table className="kernel-table" data-testid="kernel-table">
              <thead>
                <tr>
                  <th>{t('kernel.col.socket')}</th>
                  <th>{t('kernel.col.proto')}</th>
                  <th>{t('kernel.col.local')}</th>
                  <th>{t('kernel.col.remote')}</th>
                  <th>{t('kernel.col.state')}</th>
                  <th className="k-num" title={t('kernel.help.recvq')}>
                    {t('kernel.col.recvq')}
                  </th>
                  <th className="k-num" title={t('kernel.help.sendq')}>
                    {t('kernel.col.sendq')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <KernelRowView key={`${r.proto}|${r.local}|${r.remote}|${r.socket}|${i}`} r={r} queuedOn={queuedOn} t={t} />
                ))}
              </tbody>
            </table>
          )}
        </div>
        {legend && rows.length > 0 && <Legend rows={rows} t={t} />}
      </div>
    </div>
  );
}
