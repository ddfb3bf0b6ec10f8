import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { decodeBase64, type BatchEntry } from '../../shared/contract';
import { decodeText, formatTime, hexDump, previewText } from '../format';
import type { Key } from '../i18n';
import { appStore, useApp } from '../store';
import { useT, type T } from '../useT';

export const ROW_HEIGHT = 22;
const OVERSCAN = 8;

function socketLabel(id: number | null): string {
  if (id === null) return '';
  const s = appStore().getState().socketsById[id];
  return s?.names[0] ?? `#${id}`;
}

function payloadBytes(e: BatchEntry): Uint8Array | null {
  if (e.kind !== 'data' || e.payload === undefined) return null;
  try {
    return decodeBase64(e.payload);
  } catch {
    return null;
  }
}

function rowCells(e: BatchEntry, t: T): { time: string; socket: string; kind: string; dir: string; size: string; preview: string } {
  if (e.kind === 'skipped') {
    return { time: '', socket: '', kind: t('log.kind.skipped'), dir: '', size: '', preview: t('log.skipped', { events: e.events, bytes: e.bytes }) };
  }
  const base = { time: formatTime(e.t), socket: socketLabel(e.socket), kind: t(`log.kind.${e.kind}` as Key) };
  if (e.kind === 'call') {
    const result = e.phase === 'start' ? '…' : e.ok ? (e.result !== undefined ? `→ ${e.result}` : '') : e.error ? `✗ ${e.error.type}: ${e.error.message}` : '';
    return { ...base, dir: '', size: '', preview: `${e.call} ${result}`.trim() };
  }
  if (e.kind === 'state') return { ...base, dir: '', size: '', preview: e.detail ? `${e.state} · ${e.detail}` : e.state };
  const bytes = payloadBytes(e);
  const preview = bytes ? previewText(bytes) : e.dropped ? t('log.dropped') : e.payloadOmitted ? t('log.omitted') : '';
  return { ...base, dir: e.direction === 'out' ? `→ ${t('log.out')}` : `← ${t('log.in')}`, size: String(e.size), preview: e.peer ? `${preview}  (${e.peer})` : preview };
}

export function TrafficLog() {
  const t = useT();
  const count = useApp((s) => s.logCount);
  useApp((s) => s.logVersion);
  const selected = useApp((s) => s.selectedLogIndex);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(240);
  const atBottom = useRef(true);

  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 240));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Follow the tail only while the view sits at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [count]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT / 2;
    setScrollTop(el.scrollTop);
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const entries = appStore().getState().logEntries;
  const rows = [];
  for (let i = first; i < last; i++) {
    const e = entries[i];
    if (!e) continue;
    const c = rowCells(e, t);
    rows.push(
      <div
        key={i}
        className={`log-row kind-${e.kind}${e.kind === 'data' ? ` dir-${e.direction}` : ''}${selected === i ? ' selected' : ''}`}
        data-testid="log-row"
        data-kind={e.kind}
        data-direction={e.kind === 'data' ? e.direction : undefined}
        role="row"
        aria-selected={selected === i}
        style={{ top: i * ROW_HEIGHT, height: ROW_HEIGHT }}
        onClick={() => appStore().getState().selectLogRow(i)}
      >
        <span className="c-time">{c.time}</span>
        <span className="c-socket">{c.socket}</span>
        <span className="c-kind">{c.kind}</span>
        <span className="c-dir">{c.dir}</span>
        <span className="c-size">{c.size}</span>
        <span className="c-preview">{c.preview}</span>
      </div>,
    );
  }

  return (
    <div className="traffic-view log-view">
      <div className="view-toolbar">
        <span className="muted">{t('log.count', { count })}</span>
      </div>
      <div className="log-body">
        <div className="log-table" data-testid="traffic-log" role="table">
          <div className="log-row log-header" role="row">
            <span className="c-time">{t('log.time')}</span>
            <span className="c-socket">{t('log.socket')}</span>
            <span className="c-kind">{t('log.kind')}</span>
            <span className="c-dir">{t('log.dir')}</span>
            <span className="c-size">{t('log.size')}</span>
            <span className="c-preview">{t('log.preview')}</span>
          </div>
          <div className="log-scroller" ref={scroller} onScroll={onScroll}>
            {count === 0 && <div className="empty">{t('log.empty')}</div>}
            <div className="log-spacer" style={{ height: count * ROW_HEIGHT }}>
              {rows}
            </div>
          </div>
        </div>
        {selected !== null && entries[selected] && <LogDetails entry={entries[selected]} />}
      </div>
    </div>
  );
}

function LogDetails({ entry }: { entry: BatchEntry }) {
  const t = useT();
  const bytes = payloadBytes(entry);
  const c = rowCells(entry, t);
  return (
    <aside className="log-details" data-testid="log-details" aria-label={t('log.details')}>
      <div className="panel-head">
        <h3>
          {t('log.details')} {entry.kind !== 'skipped' && <span className="muted">#{entry.seq}</span>}
        </h3>
        <button type="button" className="small" onClick={() => appStore().getState().selectLogRow(null)}>
          {t('log.close')}
        </button>
      </div>
      <div className="detail-summary">
        {c.time && <span>{c.time} s</span>} {c.socket && <code>{c.socket}</code>} <span>{c.kind}</span> <span>{c.dir}</span> {c.size && <span>{c.size} B</span>}
      </div>
      {entry.kind === 'data' ? (
        bytes ? (
          <>
            <h4>{t('log.hex')}</h4>
            <pre className="hexdump">{hexDump(bytes)}</pre>
            <h4>{t('log.text')}</h4>
            <pre className="text">{decodeText(bytes)}</pre>
          </>
        ) : (
          <p className="muted">{entry.dropped ? t('log.dropped') : t('log.omitted')}</p>
        )
      ) : (
        <pre className="text">{c.preview}</pre>
      )}
    </aside>
  );
}
