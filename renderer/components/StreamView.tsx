// Follow stream: the selected socket's connection, both ways, in order. Each piece
// is what one send() wrote (or, from an outside peer, what arrived); a marker shows
// where each recv() stopped, so two sends read by one recv are plain to see.
import { useEffect, useRef, useState } from 'react';
import { decodeBase64, type RecvSpan, type Result, type StreamPiece } from '../../shared/contract';
import { decodeAs, formatTime, type TextEncoding } from '../format';
import { fetchStream } from '../log-view';
import { appStore, socketChoices, socketName, useApp } from '../store';
import { useT } from '../useT';

/** The view re-reads the stream at most this often while traffic flows. */
const STREAM_REFRESH_MS = 250;

type View = Result<'followStream'>;

function nameOf(id: number | null): string {
  return socketName(appStore().getState(), id);
}

/** A piece's text cut where recvs of its direction ended, each cut labelled. */
function segments(piece: StreamPiece, bytes: Uint8Array, recvs: RecvSpan[]): { bytes: Uint8Array; endsRecv: RecvSpan | null }[] {
  const out: { bytes: Uint8Array; endsRecv: RecvSpan | null }[] = [];
  let at = 0;
  for (const r of recvs) {
    if (r.dir !== piece.dir) continue;
    const cut = r.to - piece.offset;
    if (cut <= at || cut > piece.size) continue;
    out.push({ bytes: bytes.subarray(at, Math.min(cut, bytes.length)), endsRecv: r });
    at = cut;
  }
  if (at < bytes.length) out.push({ bytes: bytes.subarray(at), endsRecv: null });
  return out;
}

/**
 * The segments of one piece as text. UTF-8 and GBK are decoded as one stream, so
 * a character cut by a recv boundary is shown whole, after the mark, instead of
 * as two broken halves.
 */
function showSegments(parts: Uint8Array[], encoding: TextEncoding | 'hex'): string[] {
  if (encoding === 'hex') return parts.map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' '));
  if (encoding === 'latin-1') return parts.map((b) => decodeAs(b, encoding).replace(/\r?\n/g, '↵\n'));
  const decoder = new TextDecoder(encoding, { fatal: false });
  return parts.map((b, k) => decoder.decode(b, { stream: k < parts.length - 1 }).replace(/\r?\n/g, '↵\n'));
}

function withText(segs: { bytes: Uint8Array; endsRecv: RecvSpan | null }[], encoding: TextEncoding | 'hex') {
  const texts = showSegments(
    segs.map((s) => s.bytes),
    encoding,
  );
  return segs.map((s, k) => ({ ...s, text: texts[k] }));
}

export function StreamView() {
  const t = useT();
  // Live, the socket followed is the one selected in the sockets panel (the two stay in step);
  // a log opened from a file has its own sockets, picked here.
  const source = useApp((s) => s.logSource);
  const selected = useApp((s) => s.selectedSocket);
  const liveIds = useApp((s) => s.socketIds);
  const [fileSocket, setFileSocket] = useState<number | null>(null);
  const socket = source.live ? selected : fileSocket;
  const socketIds = socketChoices({ ...appStore().getState(), socketIds: liveIds, logSource: source });
  const total = useApp((s) => s.logTotal);
  const [view, setView] = useState<View | null>(null);
  const [encoding, setEncoding] = useState<TextEncoding | 'hex'>('utf-8');
  const lastFetch = useRef(0);

  // Re-read when the log grows (throttled) or the socket changes.
  useEffect(() => {
    if (socket === null) return;
    let cancelled = false;
    const wait = Math.max(0, lastFetch.current + STREAM_REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastFetch.current = Date.now();
      void fetchStream(socket).then((v) => !cancelled && setView(v));
    }, wait);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [socket, total]);

  const showing = view && view.socket === socket ? view : null;
  const open = (p: StreamPiece) => {
    const st = appStore().getState();
    const own = p.dir === 'out' || p.source === 'arrival';
    st.selectEvent({
      kind: 'data',
      seq: p.seq,
      t: p.t,
      socket: own ? showing!.socket : showing!.peer.socket,
      direction: p.source === 'arrival' ? 'in' : 'out',
      size: p.size,
      ...(p.payload !== undefined ? { payload: p.payload } : {}),
      ...(p.dropped ? { dropped: true } : {}),
      ...(p.peer !== undefined ? { peer: p.peer } : {}),
    });
    st.setTrafficView('log');
  };

  return (
    <div className="traffic-view stream-view" data-testid="stream-view">
      <div className="view-toolbar stream-toolbar">
        <label>
          <span>{t('stream.socket')}</span>{' '}
          <select data-testid="stream-socket" value={socket ?? ''} onChange={(e) => {
              const id = e.target.value === '' ? null : Number(e.target.value);
              if (source.live) appStore().getState().selectSocket(id);
              else setFileSocket(id);
            }}>
            <option value="">{t('stream.pick')}</option>
            {socketIds.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
        </label>
        {showing && (
          <span className="stream-ends" data-testid="stream-ends">
            <code className="dir-out">{nameOf(showing.socket)}</code> {showing.local ?? ''} ⇄ <code className="dir-in">{showing.peer.socket !== null ? nameOf(showing.peer.socket) : t('stream.outside')}</code>{' '}
            {showing.remote ?? ''}
          </span>
        )}
        <span className="spacer" />
        {showing && (
          <span className="muted" data-testid="stream-totals">
            {t('stream.totals', { out: showing.bytesOut, in: showing.bytesIn })}
          </span>
        )}
        <select aria-label={t('stream.showAs')} data-testid="stream-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value as TextEncoding | 'hex')}>
          <option value="utf-8">UTF-8</option>
          <option value="gbk">GBK</option>
          <option value="latin-1">Latin-1</option>
          <option value="hex">{t('methods.format.hex')}</option>
        </select>
      </div>
      <div className="stream-body">
        {socket === null && <p className="empty">{t('stream.none')}</p>}
        {showing && showing.pieces.length === 0 && <p className="empty">{t('stream.empty')}</p>}
        {showing && showing.kind === 'stream' && showing.pieces.length > 0 && <p className="stream-legend muted">{t('stream.legend')}</p>}
        {showing?.pieces.map((p) => {
          const bytes = p.payload ? decodeBase64(p.payload) : null;
          const recvsHere = showing.recvs.filter((r) => r.dir === p.dir && r.to > p.offset && r.to <= p.offset + p.size);
          const sender = p.dir === 'out' ? nameOf(showing.socket) : showing.peer.socket !== null ? nameOf(showing.peer.socket) : t('stream.outside');
          return (
            <div
              key={p.seq}
              className={`stream-piece dir-${p.dir}`}
              data-testid="stream-piece"
              data-dir={p.dir}
              data-recvs={recvsHere.map((r) => r.index).join(' ')}
              onClick={() => open(p)}
            >
              <div className="piece-head">
                <span className="piece-arrow">{p.dir === 'out' ? '→' : '←'}</span>
                <code>{sender}</code>
                <span>{p.source === 'send' ? (p.call ?? t('stream.send')) : t('stream.arrived')}</span>
                <span className="muted">
                  {t('stream.bytes', { size: p.size, from: p.offset, to: p.offset + p.size })} · {formatTime(p.t)} s
                  {p.peer ? ` · ${p.peer}` : ''}
                </span>
              </div>
              {bytes ? (
                <pre className="piece-bytes">
                  {withText(segments(p, bytes, showing.recvs), encoding).map((s, k) => (
                    <span key={k}>
                      {s.text}
                      {s.endsRecv && (
                        <span className="recv-mark" data-testid="recv-mark" title={s.endsRecv.call}>
                          {t('stream.recvEnd', { index: s.endsRecv.index, from: s.endsRecv.from, to: s.endsRecv.to })}
                        </span>
                      )}
                    </span>
                  ))}
                  {bytes.length < p.size && <span className="muted"> {t('stream.more', { count: p.size - bytes.length })}</span>}
                </pre>
              ) : (
                <p className="muted">{t('log.dropped')}</p>
              )}
            </div>
          );
        })}
        {showing?.truncated && <p className="muted">{t('stream.truncated')}</p>}
      </div>
    </div>
  );
}
