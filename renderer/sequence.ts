// The sequence diagram's layout, without React: where rows and lanes are, which
// events are drawn as arrows and which as markers, what each one says. The host
// computes lanes and arrows (electron/engine/sequence.ts); this turns a window of
// them into positions and words.
import { decodeBase64, type Result } from '../shared/contract';
import { previewText } from './format';
import type { Key } from './i18n';
import type { T } from './useT';

export type SequenceWindow = Result<'sequence'>;
export type SeqLane = SequenceWindow['lanes'][number];
export type SeqItem = SequenceWindow['items'][number];
export type SeqLink = SequenceWindow['links'][number];
export type SeqSpan = SequenceWindow['spans'][number];

/** Height of one row (one event). */
export const SEQ_ROW = 24;
/** Width of the time column at the left. */
export const SEQ_GUTTER = 64;
export const SEQ_LANE = 168;
/** Room after the last lane for its labels. */
export const SEQ_TAIL = 240;
/** Characters a label shows before it is cut (the whole text is in its tooltip). */
const LABEL_CHARS = 44;


/** The x of a lane's line. */
export const laneX = (lane: number): number => SEQ_GUTTER + lane * SEQ_LANE + SEQ_LANE / 2;

export function diagramWidth(lanes: number): number {
  return SEQ_GUTTER + Math.max(1, lanes) * SEQ_LANE + SEQ_TAIL;
}

export function cut(text: string, max = LABEL_CHARS): string {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : text;
}

/** A short preview of a payload's first bytes (base64), cut where a UTF-8 character was cut. */
export function headPreview(head: string | undefined, size: number, max = 16): string {
  if (head === undefined) return '';
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(head);
  } catch {
    return '';
  }
  const truncated = size > bytes.length;
  if (truncated) {
    // Drop a character cut in half, so the rest still reads as text.
    for (let k = 0; k < 4 && k < bytes.length; k++) {
      const part = bytes.subarray(0, bytes.length - k);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(part);
        bytes = part;
        break;
      } catch {
        // One byte fewer.
      }
    }
  }
  const text = previewText(bytes, max);
  return truncated && !text.endsWith('…') ? text + '…' : text;
}

/** The words on an arrow. */
export function linkLabel(l: SeqLink, t: T): string {
  switch (l.kind) {
    case 'data': {
      const preview = headPreview(l.head, l.size ?? 0);
      return preview ? `${t('seq.bytes', { size: l.size ?? 0 })} · ${preview}` : t('seq.bytes', { size: l.size ?? 0 });
    }
    case 'rst':
      return l.detail === 'ECONNREFUSED' ? t('seq.link.refused') : t('seq.link.rst');
    default:
      return t(`seq.link.${l.kind}` as Key);
  }
}

/** What a marker says: the call, its result, the state, the bytes that arrived. */
export function itemLabel(i: SeqItem, t: T): string {
  if (i.kind === 'call') {
    if (i.phase === 'start') return i.call ?? '';
    if (i.ok === false) return `✗ ${i.error ?? ''}`;
    return `→ ${i.result ?? ''}`;
  }
  if (i.kind === 'state') {
    const state = t(`state.${i.state}` as Key);
    if (i.state === 'bound' || i.state === 'listening' || i.state === 'connect-failed') return i.detail ? `${state} · ${i.detail}` : state;
    return state;
  }
  if (i.discarded) return t('seq.discarded', { size: i.size ?? 0 });
  const text = i.direction === 'in' ? t('seq.arrived', { size: i.size ?? 0 }) : t('seq.bytes', { size: i.size ?? 0 });
  const preview = headPreview(i.head, i.size ?? 0);
  return preview ? `${text} · ${preview}` : text;
}

/** Events that an arrow stands for are drawn as that arrow; the others get a marker. */
export function markerItems(w: Pick<SequenceWindow, 'items' | 'links'>): SeqItem[] {
  const drawn = new Set<number>();
  for (const l of w.links) drawn.add(l.seq);
  return w.items.filter((i) => !drawn.has(i.seq));
}

/** A lane's title and subtitle. */
export function laneTitle(lane: SeqLane, name: (socket: number) => string, t: T): { title: string; subtitle: string } {
  const proto = lane.proto ? t(`seq.proto.${lane.proto}` as Key) : '';
  if (lane.socket === null) {
    return { title: lane.address === '…' ? t('seq.otherPeers') : (lane.address ?? ''), subtitle: proto ? `${t('seq.peer')} · ${proto}` : t('seq.peer') };
  }
  const addr = lane.address ?? '';
  return { title: name(lane.socket), subtitle: [proto, addr].filter(Boolean).join(' · ') };
}

/** The rows the view needs fetched: the drawn ones and a margin, within the contract's page size. */
export function fetchRange(first: number, last: number, rows: number, margin: number, max: number): { offset: number; count: number } {
  const offset = Math.max(0, first - margin);
  const end = Math.min(Math.max(rows, last), last + margin);
  return { offset, count: Math.max(1, Math.min(max, end - offset)) };
}

/** Whether a fetched window covers rows [first, last). */
export function covers(w: Pick<SequenceWindow, 'offset' | 'items' | 'rows'> | null, first: number, last: number): boolean {
  if (!w) return false;
  const end = Math.min(last, w.rows);
  return first >= w.offset && end <= w.offset + w.items.length;
}

/**
 * The log view's row of an event, when the log's filter allows knowing it without
 * asking the host: with no filter the row is seq - 1; after a clear, seq - fromSeq.
 */
export function logRowOf(seq: number, filter: { fromSeq?: number; sockets?: unknown[]; kinds?: unknown[]; directions?: unknown[]; text?: string; hex?: string }): number | null {
  if (filter.sockets?.length || filter.kinds?.length || filter.directions?.length || filter.text || filter.hex) return null;
  const from = filter.fromSeq ?? 1;
  return seq >= from ? seq - from : null;
}
