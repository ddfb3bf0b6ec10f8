// Keeps the log view's rows fetched: the engine holds the log, the page asks for
// the window on screen (or the tail, while the view follows the end). One request
// at a time; what changes meanwhile is asked for once it answers.
import { decodeBase64, type LogSourceInfo, type Result } from '../shared/contract';
import type { Client } from './transport';
import { appStore, isUnfiltered } from './store';

/** Rows asked for beyond the visible ones, so a small scroll needs no request. */
export const FETCH_OVERSCAN = 100;
/** A filtered view re-reads its tail at most this often while events pour in. */
const FILTERED_REFRESH_MS = 100;
/** How often the retention totals are re-read while events arrive. */
const TOTALS_REFRESH_MS = 1000;
/** Most rows one request asks for (the contract allows up to MAX_WINDOW_EVENTS). */
const MAX_FETCH_ROWS = 1000;

let client: Client | null = null;
let inflight = false;
let again = false;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let lastTotalsAt = 0;
/** The rows on screen, as the view last said, and whether it sits at the end. */
let visible = { first: 0, last: 0, following: true };

/** The view fetches once the client is connected (refreshLogView). */
export function setLogClient(c: Client | null): void {
  client = c;
}

/** The view tells what it shows; missing rows are fetched. */
export function setVisibleRows(first: number, last: number, following: boolean): void {
  const changed = first !== visible.first || last !== visible.last || following !== visible.following;
  visible = { first, last, following };
  if (changed && missing(first, last)) schedule();
  appStore().getState().trimRows(first, last);
}

/** After a batch: filtered views re-read their tail (throttled); unfiltered ones got the rows already. */
export function onLogGrew(): void {
  const st = appStore().getState();
  if (Date.now() - lastTotalsAt > TOTALS_REFRESH_MS) {
    lastTotalsAt = Date.now();
    void client
      ?.invoke('logTotals', {})
      .then((t) => appStore().getState().setLogTotals(t))
      .catch(() => {});
  }
  if (st.logPaused) return;
  if (isUnfiltered(st.logFilter)) {
    if (missing(visible.first, visible.last)) schedule();
    return;
  }
  if (!refreshTimer) refreshTimer = setTimeout(() => ((refreshTimer = null), schedule()), FILTERED_REFRESH_MS);
}

/** A new filter, a cleared or resumed view: fetch what it shows. */
export function refreshLogView(): void {
  schedule();
}

function missing(first: number, last: number): boolean {
  const st = appStore().getState();
  const end = Math.min(last, st.logMatched);
  for (let i = first; i < end; i++) if (!st.logRows.has(i)) return true;
  return false;
}

function schedule(): void {
  if (inflight) {
    again = true;
    return;
  }
  void fetchOnce();
}

async function fetchOnce(): Promise<void> {
  const c = client;
  if (!c) return;
  inflight = true;
  let failed = false;
  const st = appStore().getState();
  const filter = st.logFilter;
  const span = Math.min(MAX_FETCH_ROWS, visible.last - visible.first + 2 * FETCH_OVERSCAN);
  const follow = visible.following && !st.logPaused;
  let offset = Math.max(0, visible.first - FETCH_OVERSCAN);
  // Start at the first missing row, so scrolling through fetched rows asks for new ones only.
  while (offset < visible.last && st.logRows.has(offset)) offset++;
  try {
    const page = await c.invoke('logQuery', { filter, offset: follow ? 0 : offset, count: Math.max(1, span), tail: follow });
    appStore().getState().applyPage(filter, page);
    if (!page.complete) again = true;
  } catch {
    // The banner says when the engine is gone; a refused filter shows as no rows. Not retried in a loop.
    failed = true;
    appStore().getState().applyPage(filter, { total: st.logTotal, matched: 0, complete: true, offset: 0, events: [], clockStartMs: st.clockStartMs ?? 0 });
  } finally {
    inflight = false;
    const now = appStore().getState();
    if (now.logFilter !== filter) again = true;
    else if (!failed && !now.logPaused && missing(visible.first, visible.last)) again = true;
    if (again) {
      again = false;
      setTimeout(schedule, 0);
    }
  }
}

/** The stream view's data: one connection both ways (null when the engine cannot be reached). */
export async function fetchStream(socket: number): Promise<Result<'followStream'> | null> {
  if (!client) return null;
  try {
    return await client.invoke('followStream', { socket });
  } catch {
    return null;
  }
}

/** The first `length` bytes of a data event's payload (for payloads too large to come inline). */
export async function fetchPayload(seq: number, length: number): Promise<Uint8Array | null> {
  if (!client) return null;
  try {
    const r = await client.invoke('logPayload', { seq, offset: 0, length });
    return decodeBase64(r.payload);
  } catch {
    return null;
  }
}

/** True in the Electron app (file dialogs through the host), false in browser mode (uploads and downloads). */
export function hasFileDialogs(): boolean {
  return typeof window !== 'undefined' && 'socketPlayground' in window;
}

function showSource(info: LogSourceInfo): void {
  appStore().getState().setLogSource(info);
  schedule();
}

/** Which log the host shows (after a reconnect, say). */
export async function refreshLogSource(): Promise<void> {
  if (!client) return;
  try {
    const info = await client.invoke('logSource', {});
    if (info.live !== appStore().getState().logSource.live || info.file !== appStore().getState().logSource.file) showSource(info);
  } catch {
    // Unreachable engine: the banner says so.
  }
}

/** Browser mode: uploads an exported log; the views show it once the host has read it. Returns an error message or null. */
export async function openLogFromFile(file: File): Promise<string | null> {
  try {
    const res = await fetch(`./import?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/x-ndjson' } });
    const body = (await res.json()) as { ok: boolean; error?: string };
    if (!body.ok) return body.error ?? `HTTP ${res.status}`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (client) showSource(await client.invoke('logSource', {}));
  return null;
}

/** Electron: the host's Open dialog. Returns an error message or null. */
export async function openLogWithDialog(): Promise<string | null> {
  if (!client) return null;
  try {
    showSource(await client.invoke('openLogFile', {}));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Electron: the host's Save dialog for an export. Returns an error message or null. */
export async function saveLogWithDialog(format: 'jsonl' | 'pcapng'): Promise<string | null> {
  if (!client) return null;
  try {
    await client.invoke('saveLogFile', { format });
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export async function backToLive(): Promise<void> {
  if (!client) return;
  try {
    showSource(await client.invoke('viewLive', {}));
  } catch {
    // Unreachable engine: the banner says so.
  }
}
