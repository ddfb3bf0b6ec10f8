import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { decodeBase64, encodeBase64, type LogFilter, type WireEvent } from '../../shared/contract';
import { decodeAs, formatClock, formatTime, hexDump, previewText, type TextEncoding } from '../format';
import type { Key } from '../i18n';
import { fetchPayload, refreshLogView, setVisibleRows } from '../log-view';
import { bytesLiteral, parseHex } from '../statements';
import { appStore, isUnfiltered, socketChoices, socketName, useApp } from '../store';
import { useT, type T } from '../useT';
import { MAX_SCROLL_PX, rowWindow, scrollTopFor, useElementHeight } from '../virtual';

export const ROW_HEIGHT = 22;
const OVERSCAN = 8;
/** Payload bytes the details pane fetches and shows at most (a hex dump of more helps nobody). */
const DETAIL_MAX_BYTES = 256 * 1024;
/** How long a search box waits after the last keystroke before it searches. */
const SEARCH_DEBOUNCE_MS = 250;

function socketLabel(id: number | null): string {
  return socketName(appStore().getState(), id);
}

function payloadBytes(e: WireEvent): Uint8Array | null {
  if (e.kind !== 'data' || e.payload === undefined) return null;
  try {
    return decodeBase64(e.payload);
  } catch {
    return null;
  }
}

function timeText(t: number, mode: 'relative' | 'absolute', clockStartMs: number | null): string {
  return mode === 'absolute' && clockStartMs !== null ? formatClock(clockStartMs + t / 1000) : formatTime(t);
}

function rowCells(e: WireEvent, t: T): { socket: string; kind: string; dir: string; size: string; preview: string } {
  const base = { socket: socketLabel(e.socket), kind: t(`log.kind.${e.kind}` as Key) };
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
  const count = useApp((s) => s.logMatched);
  const version = useApp((s) => s.logVersion);
  const paused = useApp((s) => s.logPaused);
  const timeMode = useApp((s) => s.timeMode);
  const clockStartMs = useApp((s) => s.clockStartMs);
  const selectedSeq = useApp((s) => s.selectedEvent?.seq ?? null);
  const hasSelection = useApp((s) => s.selectedEvent !== null);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const height = useElementHeight(scroller);
  const atBottom = useRef(true);
  const reveal = useApp((s) => s.logRevealRow);

  // Follow the tail only while the view sits at the bottom (and is not paused). The
  // rows to draw follow at once; the scroll position is written at the next frame,
  // with that frame's layout: written here, it forced a layout for every batch.
  const scrollFrame = useRef(0);
  useLayoutEffect(() => {
    if (!atBottom.current || paused) return;
    const bottom = Math.max(0, Math.min(count * ROW_HEIGHT, MAX_SCROLL_PX) - height);
    setScrollTop(bottom);
    cancelAnimationFrame(scrollFrame.current);
    scrollFrame.current = requestAnimationFrame(() => {
      const el = scroller.current;
      if (el && atBottom.current) el.scrollTop = bottom;
    });
  }, [count, paused, height]);
  useEffect(() => () => cancelAnimationFrame(scrollFrame.current), []);
  // Another view asked to show a row (the sequence diagram's arrows): scroll there and stop following.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (reveal === null || !el) return;
    atBottom.current = false;
    el.scrollTop = scrollTopFor(reveal, count, ROW_HEIGHT, height);
    setScrollTop(el.scrollTop);
    appStore().getState().revealLogRow(null);
  }, [reveal, count, height]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    // The scroll event comes after layout: these reads cost nothing more.
    atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT / 2;
    setScrollTop(el.scrollTop);
  }, []);

  const { contentHeight, firstRow, offsetPx } = rowWindow(count, ROW_HEIGHT, scrollTop, height);
  const first = Math.max(0, firstRow - OVERSCAN);
  const last = Math.min(count, firstRow + Math.ceil(height / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => {
    setVisibleRows(first, last, atBottom.current);
  }, [first, last, count, version]);

  const rows = [];
  const cache = appStore().getState().logRows;
  for (let i = first; i < last; i++) {
    const e = cache.get(i);
    const top = scrollTop - offsetPx + (i - firstRow) * ROW_HEIGHT;
    if (!e) {
      rows.push(<div key={i} className="log-row pending-row" style={{ top, height: ROW_HEIGHT }} aria-hidden="true" />);
      continue;
    }
    const c = rowCells(e, t);
    rows.push(
      <div
        key={i}
        className={`log-row kind-${e.kind}${e.kind === 'data' ? ` dir-${e.direction}` : ''}${selectedSeq === e.seq ? ' selected' : ''}`}
        data-testid="log-row"
        data-kind={e.kind}
        data-direction={e.kind === 'data' ? e.direction : undefined}
        data-seq={e.seq}
        role="row"
        aria-selected={selectedSeq === e.seq}
        style={{ top, height: ROW_HEIGHT }}
        onClick={() => appStore().getState().selectEvent(e)}
      >
        <span className="c-time">{timeText(e.t, timeMode, clockStartMs)}</span>
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
      <LogToolbar />
      <div className="log-body">
        <div className="log-table" data-testid="traffic-log" role="table">
          <div className="log-row log-header" role="row">
            <span className="c-time">{t(timeMode === 'absolute' ? 'log.clock' : 'log.time')}</span>
            <span className="c-socket">{t('log.socket')}</span>
            <span className="c-kind">{t('log.kind')}</span>
            <span className="c-dir">{t('log.dir')}</span>
            <span className="c-size">{t('log.size')}</span>
            <span className="c-preview">{t('log.preview')}</span>
          </div>
          <div className="log-scroller" ref={scroller} onScroll={onScroll} data-testid="log-scroller">
            {count === 0 && <div className="empty">{t('log.empty')}</div>}
            <div className="log-spacer" style={{ height: contentHeight }}>
              {rows}
            </div>
          </div>
        </div>
        {hasSelection && <LogDetails />}
      </div>
    </div>
  );
}

function LogToolbar() {
  const t = useT();
  const filter = useApp((s) => s.logFilter);
  const matched = useApp((s) => s.logMatched);
  const total = useApp((s) => s.logTotal);
  const complete = useApp((s) => s.logComplete);
  const paused = useApp((s) => s.logPaused);
  const timeMode = useApp((s) => s.timeMode);
  const dropped = useApp((s) => s.logTotals?.droppedPayloadEvents ?? 0);
  const droppedBytes = useApp((s) => s.logTotals?.droppedPayloadBytes ?? 0);
  const socketIds = useApp((s) => s.socketIds);
  const source = useApp((s) => s.logSource);
  const choices = socketChoices({ ...appStore().getState(), socketIds, logSource: source });
  const [search, setSearch] = useState(filter.hex ?? filter.text ?? '');
  const [searchMode, setSearchMode] = useState<'text' | 'hex'>(filter.hex ? 'hex' : 'text');
  const hexError = searchMode === 'hex' && search.trim() ? parseHex(search) : null;
  const hexProblem = hexError && !hexError.ok ? t(hexError.error.key, hexError.error.params) : null;

  const apply = (next: LogFilter) => {
    appStore().getState().setLogFilter(next);
    refreshLogView();
  };
  // The search applies once typing pauses, so each keystroke does not scan the log.
  useEffect(() => {
    const timer = setTimeout(() => {
      const cur = appStore().getState().logFilter;
      const text = searchMode === 'text' && search ? search : undefined;
      // The host gets plain hex digits: what parseHex() accepted (0x prefixes, colons...) spelled one way.
      const parsed = searchMode === 'hex' && search.trim() ? parseHex(search) : null;
      const hex = parsed?.ok && parsed.bytes.length ? Array.from(parsed.bytes, (b) => b.toString(16).padStart(2, '0')).join('') : undefined;
      if (text !== cur.text || hex !== cur.hex) apply({ ...cur, text, hex });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, searchMode, hexProblem]);

  const kinds = filter.kinds ?? [];
  const toggleKind = (k: 'call' | 'state' | 'data') => {
    const next = kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k];
    apply({ ...filter, kinds: next.length ? next : undefined });
  };
  const direction = filter.directions?.[0] ?? '';
  const socket = filter.sockets?.[0] ?? '';
  return (
    <div className="view-toolbar log-toolbar">
      <select
        aria-label={t('log.filter.socket')}
        data-testid="log-filter-socket"
        value={socket}
        onChange={(e) => apply({ ...filter, sockets: e.target.value === '' ? undefined : [Number(e.target.value)] })}
      >
        <option value="">{t('log.filter.allSockets')}</option>
        {choices.map((id) => (
          <option key={id} value={id}>
            {socketLabel(id)}
          </option>
        ))}
      </select>
      <span className="toggle-group" role="group" aria-label={t('log.filter.kinds')}>
        {(['call', 'state', 'data'] as const).map((k) => (
          <button key={k} type="button" className={`toggle${kinds.includes(k) ? ' on' : ''}`} aria-pressed={kinds.includes(k)} data-testid={`log-filter-${k}`} onClick={() => toggleKind(k)}>
            {t(`log.kind.${k}` as Key)}
          </button>
        ))}
      </span>
      <select
        aria-label={t('log.filter.direction')}
        data-testid="log-filter-direction"
        value={direction}
        onChange={(e) => apply({ ...filter, directions: e.target.value === '' ? undefined : [e.target.value as 'in' | 'out'] })}
      >
        <option value="">{t('log.filter.bothWays')}</option>
        <option value="out">→ {t('log.out')}</option>
        <option value="in">← {t('log.in')}</option>
      </select>
      <span className={`search${hexProblem ? ' invalid' : ''}`}>
        <input
          type="search"
          data-testid="log-search"
          aria-label={t('log.search')}
          placeholder={t(searchMode === 'hex' ? 'log.search.hexPlaceholder' : 'log.search.placeholder')}
          value={search}
          aria-invalid={hexProblem !== null}
          title={hexProblem ?? undefined}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select aria-label={t('log.search.mode')} data-testid="log-search-mode" value={searchMode} onChange={(e) => setSearchMode(e.target.value as 'text' | 'hex')}>
          <option value="text">{t('methods.format.text')}</option>
          <option value="hex">{t('methods.format.hex')}</option>
        </select>
      </span>
      {hexProblem && (
        <span className="field-error small" role="alert">
          {hexProblem}
        </span>
      )}
      <span className="spacer" />
      <span className="muted" data-testid="log-counts">
        {isUnfiltered(filter) ? t('log.count', { count: total }) : t('log.matched', { matched, total })}
        {!complete && ` · ${t('log.scanning')}`}
      </span>
      {dropped > 0 && (
        <span className="retention-note" data-testid="log-retention" title={t('log.retention.explain')}>
          {t('log.retention', { events: dropped, bytes: droppedBytes })}
        </span>
      )}
      <button type="button" className="small" data-testid="log-time-mode" onClick={() => appStore().getState().setTimeMode(timeMode === 'relative' ? 'absolute' : 'relative')}>
        {t(timeMode === 'relative' ? 'log.time.absolute' : 'log.time.relative')}
      </button>
      <button
        type="button"
        className="small"
        data-testid="log-pause"
        aria-pressed={paused}
        onClick={() => {
          appStore().getState().setLogPaused(!paused);
          if (paused) refreshLogView();
        }}
      >
        {t(paused ? 'log.resume' : 'log.pause')}
      </button>
      <button
        type="button"
        className="small"
        data-testid="log-clear"
        title={t('log.clear.explain')}
        onClick={() => {
          appStore().getState().clearLog();
          refreshLogView();
        }}
      >
        {t('log.clear')}
      </button>
    </div>
  );
}

function LogDetails() {
  const t = useT();
  const entry = useApp((s) => s.selectedEvent)!;
  const timeMode = useApp((s) => s.timeMode);
  const clockStartMs = useApp((s) => s.clockStartMs);
  const [encoding, setEncoding] = useState<TextEncoding>('utf-8');
  const [copied, setCopied] = useState<string | null>(null);
  const [fetched, setFetched] = useState<{ seq: number; bytes: Uint8Array } | null>(null);
  const omitted = entry.kind === 'data' && entry.payloadOmitted === true;
  useEffect(() => {
    // Too large to come inline: read its beginning from the host.
    if (!omitted) return;
    let live = true;
    void fetchPayload(entry.seq, DETAIL_MAX_BYTES).then((b) => live && b && setFetched({ seq: entry.seq, bytes: b }));
    return () => {
      live = false;
    };
  }, [entry.seq, omitted]);
  const bytes = payloadBytes(entry) ?? (fetched?.seq === entry.seq ? fetched.bytes : null);
  const size = entry.kind === 'data' ? entry.size : 0;
  const c = rowCells(entry, t);
  const copy = async (what: 'hex' | 'python' | 'base64') => {
    if (!bytes) return;
    const text = what === 'hex' ? Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ') : what === 'python' ? bytesLiteral(bytes) : encodeBase64(bytes);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
      setTimeout(() => setCopied(null), 1500);
    } catch {
      // No clipboard here (insecure context, or denied): nothing to do but not pretend.
    }
  };
  const shown = bytes && bytes.length > DETAIL_MAX_BYTES ? bytes.subarray(0, DETAIL_MAX_BYTES) : bytes;
  const partial = shown !== null && shown.length < size;
  return (
    <aside className="log-details" data-testid="log-details" aria-label={t('log.details')}>
      <div className="panel-head">
        <h3>
          {t('log.details')} <span className="muted">#{entry.seq}</span>
        </h3>
        <button type="button" className="small" onClick={() => appStore().getState().selectEvent(null)}>
          {t('log.close')}
        </button>
      </div>
      <div className="detail-summary">
        <span>{timeText(entry.t, timeMode, clockStartMs)}</span> {c.socket && <code>{c.socket}</code>} <span>{c.kind}</span> <span>{c.dir}</span> {c.size && <span>{c.size} B</span>}
      </div>
      {entry.kind === 'data' ? (
        shown ? (
          <>
            <div className="detail-actions">
              <span>{t('log.copyAs')}</span>
              {(['hex', 'python', 'base64'] as const).map((w) => (
                <button key={w} type="button" className="small" data-testid={`copy-${w}`} onClick={() => void copy(w)}>
                  {copied === w ? t('console.copied') : t(`log.copy.${w}` as Key)}
                </button>
              ))}
            </div>
            <h4>{t('log.hex')}</h4>
            <pre className="hexdump" data-testid="detail-hex">
              {hexDump(shown)}
            </pre>
            <div className="detail-decode">
              <h4>{t('log.text')}</h4>
              <select aria-label={t('methods.encoding')} data-testid="detail-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value as TextEncoding)}>
                <option value="utf-8">UTF-8</option>
                <option value="gbk">GBK</option>
                <option value="latin-1">Latin-1</option>
              </select>
            </div>
            <pre className="text" data-testid="detail-text">
              {decodeAs(shown, encoding)}
            </pre>
            {partial && <p className="muted">{t('log.truncated', { shown: shown.length, size })}</p>}
          </>
        ) : (
          <p className="muted">{entry.dropped ? t('log.dropped') : t('log.loading')}</p>
        )
      ) : (
        <pre className="text">{c.preview}</pre>
      )}
    </aside>
  );
}
