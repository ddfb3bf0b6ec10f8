// The sequence diagram of the traffic panel: one lane per socket and per outside
// peer, time flowing down one row per event, arrows for the handshake, accept,
// data, FIN and RST, calls as spans and markers on their lanes. The host lays out
// the lanes and arrows (the `sequence` request); the view asks for the rows on
// screen only, so a long log stays fast, and follows the end while it sits at
// the bottom, as the log does. Clicking an arrow or a marker opens its event in
// the log.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { MAX_WINDOW_EVENTS } from '../../shared/contract';
import { readLogEvent, readSequence } from '../actions';
import { formatTime } from '../format';
import {
  covers,
  cut,
  diagramWidth,
  fetchRange,
  itemLabel,
  laneTitle,
  laneX,
  linkLabel,
  logRowOf,
  markerItems,
  SEQ_GUTTER,
  SEQ_LANE,
  SEQ_ROW,
  type SeqItem,
  type SeqLink,
  type SeqSpan,
  type SequenceWindow,
} from '../sequence';
import { appStore, socketName as storeSocketName, useApp } from '../store';
import { useT, type T } from '../useT';
import { rowWindow, useElementHeight } from '../virtual';

/** Height of the lanes' header (sticky at the top of the scroller). */
const HEADER_H = 40;
/** Rows drawn beyond the visible ones. */
const OVERSCAN = 12;
/** Rows fetched beyond the drawn ones, so a small scroll needs no request. */
const FETCH_MARGIN = 60;
/** The open view re-reads its window at most this often while events pour in. */
const REFRESH_MS = 120;
/** While the host is still indexing a long log, ask again after this. */
const INCOMPLETE_RETRY_MS = 40;

type Win = SequenceWindow & { calls: boolean; origin: number; source: unknown };

/** A lane's name: the socket's console name, as the log shows it (from the file when one is shown). */
function socketName(id: number): string {
  return storeSocketName(appStore().getState(), id);
}

/** Opens an event in the log: selects it (the details pane shows it) and scrolls the log to its row when it can. */
async function openInLog(seq: number): Promise<void> {
  const pending = readLogEvent(seq);
  if (!pending) return;
  let event;
  try {
    event = (await pending).events[0];
  } catch {
    return; // The banner says when the engine is gone.
  }
  if (!event) return;
  const st = appStore().getState();
  st.selectEvent(event);
  st.setTrafficView('log');
  const row = logRowOf(seq, st.logFilter);
  if (row === null) return;
  st.revealLogRow(row);
}

/** Buttons drawn in SVG: click, Enter or Space open the event. */
function activate(seq: number) {
  return {
    role: 'button',
    tabIndex: 0,
    onClick: () => void openInLog(seq),
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        void openInLog(seq);
      }
    },
  };
}

export function SequenceView() {
  const t = useT();
  const connection = useApp((s) => s.connection);
  const total = useApp((s) => s.logTotal);
  const fromSeq = useApp((s) => s.logFilter.fromSeq);
  const selectedSeq = useApp((s) => s.selectedEvent?.seq ?? null);
  useApp((s) => s.socketsById); // lane names follow the console's names
  // A file opened (or back to live): another log, another diagram.
  const source = useApp((s) => s.logSource);
  const [calls, setCalls] = useState(true);
  const [win, setWin] = useState<Win | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const height = useElementHeight(scroller);
  const atBottom = useRef(true);
  const [following, setFollowing] = useState(true);

  const origin = fromSeq ?? 1;
  const current = win && win.calls === calls && win.origin === origin && win.source === source ? win : null;
  // With calls shown every event is a row: the count is known before the host answers.
  const rows = calls ? Math.max(current?.rows ?? 0, total - origin + 1) : (current?.rows ?? 0);
  const viewport = Math.max(SEQ_ROW, height - HEADER_H);
  const { contentHeight, firstRow, offsetPx } = rowWindow(rows, SEQ_ROW, scrollTop, viewport);
  const drawFirst = Math.max(0, firstRow - OVERSCAN);
  const drawLast = Math.min(rows, firstRow + Math.ceil(viewport / SEQ_ROW) + OVERSCAN);

  // --- fetching: one request at a time; what changes meanwhile is asked for once it answers.
  const want = useRef({ first: drawFirst, last: drawLast, rows, calls, origin, source: source as unknown, follow: true });
  want.current = { first: drawFirst, last: drawLast, rows, calls, origin, source, follow: following };
  const req = useRef<{ inflight: boolean; again: boolean; lastAt: number; timer: ReturnType<typeof setTimeout> | null; alive: boolean }>({
    inflight: false,
    again: false,
    lastAt: 0,
    timer: null,
    alive: true,
  });

  const fetchNow = useCallback(() => {
    const r = req.current;
    if (!r.alive) return;
    if (r.inflight) {
      r.again = true;
      return;
    }
    const w = want.current;
    const range = fetchRange(w.first, w.last, w.rows, FETCH_MARGIN, MAX_WINDOW_EVENTS);
    const params = {
      calls: w.calls,
      ...(w.origin > 1 ? { fromSeq: w.origin } : {}),
      offset: w.follow ? 0 : range.offset,
      count: w.follow ? Math.min(MAX_WINDOW_EVENTS, w.last - w.first + FETCH_MARGIN) || 1 : range.count,
      ...(w.follow ? { tail: true } : {}),
    };
    const pending = readSequence(params);
    if (!pending) return;
    r.inflight = true;
    r.lastAt = Date.now();
    let retry = 0;
    pending
      .then(
        (res) => {
          if (!r.alive) return;
          const now = want.current;
          if (now.calls === params.calls && now.origin === w.origin && now.source === w.source) setWin({ ...res, calls: params.calls, origin: w.origin, source: w.source });
          else r.again = true;
          if (!res.complete) retry = INCOMPLETE_RETRY_MS;
        },
        () => {
          // The banner says when the engine is gone; not retried in a loop.
        },
      )
      .finally(() => {
        r.inflight = false;
        if (!r.alive) return;
        if (r.again || retry) {
          r.again = false;
          r.timer ??= setTimeout(() => ((r.timer = null), fetchNow()), retry);
        }
      });
  }, []);

  useEffect(() => {
    const r = req.current;
    r.alive = true;
    return () => {
      r.alive = false;
      if (r.timer) clearTimeout(r.timer);
      r.timer = null;
    };
  }, []);

  // The rows on screen are not all fetched (scrolled, toggled, cleared, reconnected): ask now.
  const hasWin = current !== null;
  const covered = covers(current, drawFirst, drawLast);
  useEffect(() => {
    if (connection !== 'connected') return;
    if (!hasWin || !covered) fetchNow();
  }, [connection, drawFirst, drawLast, calls, origin, source, hasWin, covered, fetchNow]);

  // New events: arrows may now arrive, lanes open or close. Re-read, at most every REFRESH_MS.
  useEffect(() => {
    const r = req.current;
    if (connection !== 'connected' || r.timer) return;
    const wait = Math.max(0, r.lastAt + REFRESH_MS - Date.now());
    r.timer = setTimeout(() => ((r.timer = null), fetchNow()), wait);
  }, [total, connection, fetchNow]);

  // --- scrolling

  // Follow the end only while the view sits at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [rows]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollTop + el.clientHeight >= el.scrollHeight - SEQ_ROW / 2;
    atBottom.current = bottom;
    setFollowing(bottom);
    setScrollTop(el.scrollTop);
  }, []);

  const toLatest = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = true;
    setFollowing(true);
    el.scrollTop = el.scrollHeight;
    setScrollTop(el.scrollTop);
  };

  const lanes = current?.lanes ?? [];
  const width = diagramWidth(lanes.length);
  const svgTop = HEADER_H + scrollTop - offsetPx + (drawFirst - firstRow) * SEQ_ROW;
  const svgHeight = Math.max(0, drawLast - drawFirst) * SEQ_ROW;

  return (
    <div className="traffic-view sequence-view" data-testid="sequence-view">
      <div className="view-toolbar seq-toolbar">
        <button type="button" className={`toggle${calls ? ' on' : ''}`} aria-pressed={calls} data-testid="seq-calls" title={t('seq.calls.explain')} onClick={() => setCalls(!calls)}>
          {t('seq.calls')}
        </button>
        <span className="muted seq-help">{t('seq.help')}</span>
        <span className="spacer" />
        {current && !current.complete && <span className="muted">{t('seq.indexing')}</span>}
        <span className="muted" data-testid="seq-count">
          {t(calls ? 'seq.rows' : 'seq.rowsNoCalls', { count: rows })}
        </span>
        {!following && (
          <button type="button" className="small" data-testid="seq-latest" onClick={toLatest}>
            {t('seq.latest')}
          </button>
        )}
      </div>
      <div className="seq-scroller" ref={scroller} onScroll={onScroll} data-testid="seq-scroller" role="figure" aria-label={t('seq.diagram')}>
        <div className="seq-head" style={{ width, height: HEADER_H }}>
          <div className="seq-gutter-head" style={{ width: SEQ_GUTTER }}>
            {t('log.time')}
          </div>
          {lanes.map((lane, k) => {
            const { title, subtitle } = laneTitle(lane, socketName, t);
            return (
              <div
                key={lane.socket !== null ? `s${lane.socket}` : `p${lane.address}`}
                className={`seq-lane-head${lane.socket === null ? ' peer' : ''}${lane.lastRow !== null && lane.lastRow < rows - 1 && lane.socket !== null ? ' ended' : ''}`}
                style={{ width: SEQ_LANE, left: SEQ_GUTTER + k * SEQ_LANE }}
                data-testid="seq-lane"
                data-socket={lane.socket ?? undefined}
                data-name={lane.socket !== null ? socketName(lane.socket) : undefined}
                data-peer={lane.socket === null ? (lane.address ?? '') : undefined}
                title={`${title}\n${subtitle}`}
              >
                <span className="seq-lane-title">{title}</span>
                <span className="seq-lane-sub">{subtitle}</span>
              </div>
            );
          })}
        </div>
        {rows === 0 && <div className="empty">{t('seq.empty')}</div>}
        <div className="seq-spacer" style={{ height: contentHeight, width }} />
        {current && svgHeight > 0 && (
          <svg className="seq-svg" width={width} height={svgHeight} style={{ top: svgTop }} data-testid="seq-svg">
            <Diagram win={current} first={drawFirst} last={drawLast} rows={rows} width={width} selected={selectedSeq} t={t} />
          </svg>
        )}
      </div>
    </div>
  );
}

interface DiagramProps {
  win: Win;
  first: number;
  last: number;
  rows: number;
  width: number;
  selected: number | null;
  t: T;
}

function Diagram({ win, first, last, rows, width, selected, t }: DiagramProps) {
  const y = (row: number) => (row - first) * SEQ_ROW + SEQ_ROW / 2;
  const inView = (row: number) => row >= first - 1 && row <= last;
  const out: ReactNode[] = [];

  // Row stripes: the selected event's row.
  const sel = selected === null ? undefined : win.items.find((i) => i.seq === selected);
  if (sel) out.push(<rect key="sel" className="seq-selected-row" x={0} y={y(sel.row) - SEQ_ROW / 2} width={width} height={SEQ_ROW} />);

  // Times in the gutter.
  for (const i of win.items) {
    if (!inView(i.row)) continue;
    out.push(
      <text key={`t${i.seq}`} className="seq-time" x={6} y={y(i.row) + 4}>
        {formatTime(i.t)}
      </text>,
    );
  }

  // Lifelines: dashed while a connection waits in the accept queue.
  win.lanes.forEach((lane, k) => {
    const x = laneX(k);
    const s = Math.max(lane.firstRow, first - 1);
    const e = Math.min(lane.lastRow ?? rows, last + 1);
    if (s > e) return;
    const taken = lane.queued ? Math.max(s, Math.min(lane.acceptedRow ?? e, e)) : s;
    if (taken > s) out.push(<line key={`lq${k}`} className="seq-life queued" x1={x} x2={x} y1={y(s)} y2={y(taken)} />);
    if (e > taken) out.push(<line key={`l${k}`} className={`seq-life${lane.socket === null ? ' peer' : ''}`} x1={x} x2={x} y1={y(taken)} y2={y(e)} />);
    if (lane.socket !== null && lane.firstRow >= first && lane.firstRow <= last) out.push(<circle key={`ls${k}`} className="seq-life-start" cx={x} cy={y(lane.firstRow)} r={3} />);
    if (lane.lastRow !== null && lane.socket !== null && inView(lane.lastRow)) {
      const ly = y(lane.lastRow);
      out.push(<path key={`le${k}`} className="seq-life-end" d={`M${x - 5} ${ly - 5}L${x + 5} ${ly + 5}M${x + 5} ${ly - 5}L${x - 5} ${ly + 5}`} />);
    }
  });

  // Calls: spans on their lane, from start to end (still open: to the bottom).
  for (const s of win.spans) out.push(<Span key={`s${s.seq}`} s={s} y={y} first={first} last={last} selected={selected === s.seq} t={t} />);

  // Markers: events no arrow stands for. Where an arrow arrives from the right, the words go on the left.
  const fromRight = new Set<string>();
  for (const l of win.links) if (l.toRow !== null && l.from > l.to) fromRight.add(`${l.to}:${l.toRow}`);
  for (const i of markerItems(win)) {
    if (!inView(i.row)) continue;
    const left = i.lane !== null && fromRight.has(`${i.lane}:${i.row}`);
    out.push(<Marker key={`m${i.seq}`} i={i} y={y(i.row)} left={left} selected={selected === i.seq} t={t} />);
  }

  // Arrows last, so they sit on top.
  for (const l of win.links) {
    const toRow = l.toRow ?? l.fromRow;
    if (Math.max(l.fromRow, toRow) < first - 1 || Math.min(l.fromRow, toRow) > last) continue;
    out.push(<Arrow key={`a${l.kind}${l.seq}:${l.to}`} l={l} y={y} selected={selected === l.seq} t={t} />);
  }
  return <>{out}</>;
}

function Span({ s, y, first, last, selected, t }: { s: SeqSpan; y: (row: number) => number; first: number; last: number; selected: boolean; t: T }) {
  const end = s.endRow ?? last + 1;
  if (end < first - 1 || s.startRow > last + 1) return null;
  const x = laneX(s.lane) - 4 + s.depth * 7;
  const top = y(Math.max(s.startRow, first - 1)) - 5;
  const bottom = y(Math.min(end, last + 1)) + 5;
  const label = s.endRow === null ? t('seq.waiting', { method: s.method }) : `${s.method}()`;
  return (
    <rect
      className={`seq-span${s.endRow === null ? ' open' : ''}${s.endRow !== null && s.endRow - s.startRow > 2 ? ' long' : ''}${s.ok === false ? ' failed' : ''}${selected ? ' selected' : ''}`}
      data-testid="seq-span"
      data-method={s.method}
      data-open={s.endRow === null ? 'true' : undefined}
      x={x}
      y={top}
      width={8}
      height={Math.max(4, bottom - top)}
      rx={2}
      aria-label={label}
      {...activate(s.seq)}
    >
      <title>{label}</title>
    </rect>
  );
}

function markerClass(i: SeqItem): string {
  if (i.kind === 'call') return `call ${i.phase}${i.ok === false ? ' failed' : ''}`;
  if (i.kind === 'state') return `state state-${i.state}`;
  return `data dir-${i.direction}${i.discarded ? ' discarded' : ''}`;
}

function Marker({ i, y, left, selected, t }: { i: SeqItem; y: number; left: boolean; selected: boolean; t: T }) {
  const label = itemLabel(i, t);
  const cls = `seq-marker ${markerClass(i)}${selected ? ' selected' : ''}`;
  const common = {
    className: cls,
    'data-testid': 'seq-marker',
    'data-kind': i.kind,
    'data-seq': i.seq,
    'data-state': i.state,
    'aria-label': label,
    ...activate(i.seq),
  };
  if (i.lane === null) {
    // A module-level call (socket.create_connection...): a note at the left.
    return (
      <g {...common} className={`${cls} note`}>
        <title>{label}</title>
        <text x={SEQ_GUTTER + 4} y={y + 4}>
          {cut(label, 60)}
        </text>
      </g>
    );
  }
  const x = laneX(i.lane);
  let mark: ReactNode;
  if (i.kind === 'call') mark = i.phase === 'start' ? <rect x={x - 4} y={y - 4} width={8} height={8} rx={1} /> : <path d={`M${x - 4} ${y}L${x + 4} ${y}`} />;
  else if (i.kind === 'data') mark = <circle cx={x} cy={y} r={4} />;
  else mark = <path d={`M${x} ${y - 5}L${x + 5} ${y}L${x} ${y + 5}L${x - 5} ${y}Z`} />;
  return (
    <g {...common}>
      <title>{label}</title>
      <rect className="seq-hit" x={left ? x - SEQ_LANE + 16 : x - 8} y={y - SEQ_ROW / 2} width={SEQ_LANE - 8} height={SEQ_ROW} />
      {mark}
      <text x={left ? x - 10 : x + 10} y={y + 4} textAnchor={left ? 'end' : 'start'}>
        {cut(label, left ? 26 : 44)}
      </text>
    </g>
  );
}

function Arrow({ l, y, selected, t }: { l: SeqLink; y: (row: number) => number; selected: boolean; t: T }) {
  const label = linkLabel(l, t);
  const x1 = laneX(l.from);
  const x2 = laneX(l.to);
  const y1 = y(l.fromRow);
  const y2 = y(l.toRow ?? l.fromRow);
  const pending = l.toRow === null;
  const title = pending ? `${label} — ${t('seq.inFlight')}` : label;
  let body: ReactNode;
  let labelAt: { x: number; y: number; anchor: 'start' | 'middle' | 'end' };
  if (l.from === l.to) {
    // To itself (a datagram to its own address): a loop.
    const d = `M${x1} ${y1}h28V${y2 + (y2 === y1 ? 8 : 0)}H${x1 + 6}`;
    body = (
      <>
        <path className="seq-line" d={d} fill="none" />
        <path className="seq-head" d={`M${x1} ${y2 + (y2 === y1 ? 8 : 0)}l7 -4v8z`} />
      </>
    );
    labelAt = { x: x1 + 32, y: y1 + 4, anchor: 'start' };
  } else {
    const dx = x2 - x1;
    const dy = y2 - y1;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    // The head ends at the lane's line; the line stops where the head starts.
    const hx = x2 - ux * 2;
    const hy = y2 - uy * 2;
    const bx = hx - ux * 8;
    const by = hy - uy * 8;
    body = (
      <>
        <line className="seq-hit" x1={x1} y1={y1} x2={x2} y2={y2} />
        <line className="seq-line" x1={x1} y1={y1} x2={bx} y2={by} />
        <path className="seq-head" d={`M${hx} ${hy}L${bx - uy * 4} ${by + ux * 4}L${bx + uy * 4} ${by - ux * 4}Z`} />
      </>
    );
    const dir = dx >= 0 ? 1 : -1;
    // Level arrows: over the middle. Slanted ones: over the line where it leaves, except SYN+ACK, which
    // leaves where SYN arrived: under the line where it arrives.
    if (dy === 0) labelAt = { x: (x1 + x2) / 2, y: y1 - 5, anchor: 'middle' };
    else if (l.kind === 'synack') labelAt = { x: x2 - dir * 12, y: y2 + 13, anchor: dir > 0 ? 'end' : 'start' };
    else labelAt = { x: x1 + dir * 10, y: y1 - 5, anchor: dir > 0 ? 'start' : 'end' };
  }
  return (
    <g
      className={`seq-arrow kind-${l.kind}${pending ? ' pending' : ''}${selected ? ' selected' : ''}`}
      data-testid="seq-arrow"
      data-kind={l.kind}
      data-seq={l.seq}
      data-from={l.from}
      data-to={l.to}
      aria-label={title}
      {...activate(l.seq)}
    >
      <title>{title}</title>
      {body}
      <text x={labelAt.x} y={labelAt.y} textAnchor={labelAt.anchor}>
        {cut(label, 36)}
      </text>
    </g>
  );
}
