// The renderer's state: one zustand store made of slices (sockets, log, console,
// ui prefs). Components select ids, counts and single items, never whole arrays,
// so a flood of log events re-renders only what shows a count.
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BatchEntry, LogFilter, LogSourceInfo, LogTotals, PyError, SocketInfo, StepOutcome, WireEvent } from '../shared/contract';
import type { Lang } from './i18n';
import { isAssignment } from './statements';

// ---------------------------------------------------------------------------
// Sockets

export interface SocketsSlice {
  socketIds: number[];
  socketsById: Record<number, SocketInfo>;
  selectedSocket: number | null;
  setSockets(list: SocketInfo[]): void;
  selectSocket(id: number | null): void;
}

function sameSocket(a: SocketInfo | undefined, b: SocketInfo): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

export const createSocketsSlice: StateCreator<AppState, [], [], SocketsSlice> = (set, get) => ({
  socketIds: [],
  socketsById: {},
  selectedSocket: null,
  setSockets(list) {
    const old = get().socketsById;
    const byId: Record<number, SocketInfo> = {};
    // Keep unchanged objects so their components do not re-render.
    for (const s of list) byId[s.id] = sameSocket(old[s.id], s) ? old[s.id] : s;
    const ids = list.map((s) => s.id);
    const sameIds = ids.length === get().socketIds.length && ids.every((id, i) => id === get().socketIds[i]);
    const selected = get().selectedSocket;
    set({
      socketsById: byId,
      socketIds: sameIds ? get().socketIds : ids,
      selectedSocket: selected !== null && byId[selected] ? selected : (ids[ids.length - 1] ?? null),
    });
  },
  selectSocket(id) {
    set({ selectedSocket: id });
  },
});

// ---------------------------------------------------------------------------
// Traffic log

/** Rows of the log view kept in the page: the engine holds the log, the page a window of it. */
export const ROW_CACHE_MAX = 10_000;
/** Rows kept on each side of what is on screen when the cache is trimmed. */
const ROW_CACHE_MARGIN = 2_000;

export type TimeMode = 'relative' | 'absolute';

export interface LogSlice {
  /** Events in the engine's log, as far as this page knows. */
  logTotal: number;
  /** Rows of the current view: the events that match its filter (all of them with no filter). */
  logMatched: number;
  /** False while the host is still looking through the log for a new filter. */
  logComplete: boolean;
  /** View row -> event, for the rows fetched or pushed; held in place, logVersion says it changed. */
  logRows: Map<number, WireEvent>;
  logVersion: number;
  logFilter: LogFilter;
  /** The view stops moving (new events are still recorded and counted). */
  logPaused: boolean;
  timeMode: TimeMode;
  /** Wall-clock ms of the engine's time 0 (for absolute times). */
  clockStartMs: number | null;
  /** Engine time minus local time, in ms (best estimate: the smallest delivery delay seen). */
  clockOffsetMs: number | null;
  logTotals: LogTotals | null;
  selectedEvent: WireEvent | null;
  /** Which log the views show: the session's (live) or a file's (offline), with its sockets' names. */
  logSource: LogSourceInfo;
  /** Pushed events: counts them, estimates the clock, and shows them at once in an unfiltered view. */
  appendBatch(entries: BatchEntry[], localNowMs: number): void;
  /** An answer to logQuery for `filter`: ignored if the filter changed meanwhile. */
  applyPage(filter: LogFilter, page: { total: number; matched: number; complete: boolean; offset: number; events: WireEvent[]; clockStartMs: number }): void;
  setLogFilter(filter: LogFilter): void;
  /** Hides what is in the log now (the engine keeps it: exports stay complete). */
  clearLog(): void;
  setLogPaused(paused: boolean): void;
  setTimeMode(mode: TimeMode): void;
  setLogTotals(totals: LogTotals): void;
  selectEvent(e: WireEvent | null): void;
  /** A row the log view should scroll to (and stop following), set by other views; the view clears it. */
  logRevealRow: number | null;
  revealLogRow(row: number | null): void;
  /** Another log is shown (a file opened, or back to live): everything about the old one goes. */
  setLogSource(info: LogSourceInfo): void;
  /** Drops cached rows far from rows [first, last) and from the tail. */
  trimRows(first: number, last: number): void;
}

/** The name a socket has in the log shown: its console name (from the file when offline), else #id. */
export function socketName(st: AppState, id: number | null): string {
  if (id === null) return '';
  if (!st.logSource.live) return st.logSource.names.find((n) => n.socket === id)?.names[0] ?? `#${id}`;
  const live = st.socketsById[id];
  return live?.names[0] ?? live?.owner?.name ?? st.logSource.names.find((n) => n.socket === id)?.names[0] ?? `#${id}`;
}

/** The class that makes a panel or socket light up when the last lesson step points at it ('' otherwise). */
export function lookClass(st: AppState, panel: string | null, names: readonly string[] = []): string {
  const look = st.lookAt;
  if (!look) return '';
  const hit = (panel !== null && look.panels.includes(panel)) || names.some((n) => look.names.includes(n));
  // Two names for one animation, alternating, so that the next step replays it.
  return hit ? ` look look-${look.at % 2}` : '';
}

/** The sockets a view can pick: the live ones, or those of the file shown. */
export function socketChoices(st: AppState): number[] {
  return st.logSource.live ? st.socketIds : st.logSource.names.map((n) => n.socket);
}

/** A filter that shows everything: pushed events are the view's rows as they come. */
export function isUnfiltered(f: LogFilter): boolean {
  return !f.fromSeq && !f.sockets?.length && !f.kinds?.length && !f.directions?.length && !f.text && !f.hex;
}

export const createLogSlice: StateCreator<AppState, [], [], LogSlice> = (set, get) => ({
  logTotal: 0,
  logMatched: 0,
  logComplete: true,
  logRows: new Map(),
  logVersion: 0,
  logFilter: {},
  logPaused: false,
  timeMode: 'relative',
  clockStartMs: null,
  clockOffsetMs: null,
  logTotals: null,
  selectedEvent: null,
  logSource: { live: true, file: null, events: 0, names: [] },
  appendBatch(entries, localNowMs) {
    if (entries.length === 0) return;
    const st = get();
    if (!st.logSource.live) return; // a file is shown: the live events stay in the engine's log
    let offset = st.clockOffsetMs;
    let total = st.logTotal;
    const live = !st.logPaused && isUnfiltered(st.logFilter);
    for (const e of entries) {
      if (e.kind === 'skipped') {
        // Not sent (the page was behind): the rows come from the host when they are looked at.
        total = Math.max(total, e.toSeq);
        continue;
      }
      total = Math.max(total, e.seq);
      const o = e.t / 1000 - localNowMs;
      if (offset === null || o > offset) offset = o;
      if (live) st.logRows.set(e.seq - 1, e);
    }
    set({
      logTotal: total,
      clockOffsetMs: offset,
      ...(live ? { logMatched: total, logVersion: st.logVersion + 1 } : {}),
    });
  },
  applyPage(filter, page) {
    const st = get();
    if (filter !== st.logFilter) return;
    const rows = st.logRows;
    for (let k = 0; k < page.events.length; k++) rows.set(page.offset + k, page.events[k]);
    set({
      logTotal: Math.max(st.logTotal, page.total),
      logMatched: page.matched,
      logComplete: page.complete,
      clockStartMs: page.clockStartMs > 0 ? page.clockStartMs : st.clockStartMs,
      logVersion: st.logVersion + 1,
    });
  },
  setLogFilter(filter) {
    set({ logFilter: filter, logRows: new Map(), logMatched: isUnfiltered(filter) ? get().logTotal : 0, logComplete: isUnfiltered(filter), logVersion: get().logVersion + 1 });
  },
  clearLog() {
    get().setLogFilter({ ...get().logFilter, fromSeq: get().logTotal + 1 });
  },
  setLogPaused(paused) {
    set({ logPaused: paused });
  },
  setTimeMode(timeMode) {
    set({ timeMode });
  },
  setLogTotals(logTotals) {
    set({ logTotals });
  },
  selectEvent(e) {
    set({ selectedEvent: e });
  },
  logRevealRow: null,
  revealLogRow(logRevealRow) {
    set({ logRevealRow });
  },
  setLogSource(info) {
    const live = info.live;
    set({ logSource: info, logFilter: {}, logRows: new Map(), logTotal: info.events, logMatched: info.events, logComplete: true, selectedEvent: null, logTotals: null, logVersion: get().logVersion + 1, ...(live ? {} : { clockOffsetMs: get().clockOffsetMs }) });
  },
  trimRows(first, last) {
    const st = get();
    const rows = st.logRows;
    if (rows.size <= ROW_CACHE_MAX) return;
    const keepFrom = Math.max(0, first - ROW_CACHE_MARGIN);
    const keepTo = last + ROW_CACHE_MARGIN;
    const tailFrom = st.logMatched - ROW_CACHE_MARGIN;
    for (const k of rows.keys()) if ((k < keepFrom || k >= keepTo) && k < tailFrom) rows.delete(k);
  },
});

// ---------------------------------------------------------------------------
// Console

export interface ConsoleEntry {
  id: number;
  source: string;
  /** Where it came from: typed in the console, made by a panel, or a step of a script or lesson. */
  origin: 'console' | 'panel' | 'script';
  status: 'running' | 'done' | 'failed';
  outcomes: StepOutcome[];
  /** The request itself failed (lost connection, refused input). */
  error?: PyError;
  notRun: number;
}

export interface ConsoleSlice {
  consoleIds: number[];
  consoleById: Record<number, ConsoleEntry>;
  nextConsoleId: number;
  /** Whether `import socket` has run in this session (panels add it before their first statement otherwise). */
  socketImported: boolean;
  addConsoleEntry(source: string, origin: ConsoleEntry['origin']): number;
  finishConsoleEntry(id: number, outcomes: StepOutcome[], notRun: number): void;
  failConsoleEntry(id: number, error: PyError): void;
  clearConsole(): void;
  /** After a restart: the next panel action imports socket again. */
  forgetImports(): void;
}

export const createConsoleSlice: StateCreator<AppState, [], [], ConsoleSlice> = (set, get) => ({
  consoleIds: [],
  consoleById: {},
  nextConsoleId: 1,
  socketImported: false,
  addConsoleEntry(source, origin) {
    const id = get().nextConsoleId;
    const entry: ConsoleEntry = { id, source, origin, status: 'running', outcomes: [], notRun: 0 };
    set({ nextConsoleId: id + 1, consoleIds: [...get().consoleIds, id], consoleById: { ...get().consoleById, [id]: entry } });
    return id;
  },
  finishConsoleEntry(id, outcomes, notRun) {
    const entry = get().consoleById[id];
    if (!entry) return;
    const imported = get().socketImported || outcomes.some((o) => o.ok && /^\s*import\s+([\w, ]*\b)?socket\b/.test(o.source));
    set({ socketImported: imported, consoleById: { ...get().consoleById, [id]: { ...entry, status: 'done', outcomes, notRun } } });
  },
  failConsoleEntry(id, error) {
    const entry = get().consoleById[id];
    if (!entry) return;
    set({ consoleById: { ...get().consoleById, [id]: { ...entry, status: 'failed', error } } });
  },
  clearConsole() {
    // The script keeps everything: clearing only hides what was shown.
    set({ consoleIds: [] });
  },
  forgetImports() {
    set({ socketImported: false });
  },
});

// ---------------------------------------------------------------------------
// Script: a saved session or a lesson, run a step at a time

/** Text in both languages (lessons explain each step in English and Chinese). */
export interface Bilingual {
  en: string;
  zh: string;
}

export interface ScriptStep {
  /** 1-based first line in the script. */
  line: number;
  source: string;
  explain?: Bilingual;
  /** What to look at in the panels after this step: a panel, and the sockets there by console name. */
  look?: { panel: string; names: string[] }[];
  /** A variation to try. */
  tryThis?: Bilingual;
}

export interface LoadedScript {
  title: string;
  /** Lessons: the title in both languages (shown instead of `title`). */
  titles?: Bilingual;
  /** Lessons: their id, e.g. "05-tcp-server-and-client". */
  lessonId?: string;
  kind: 'session' | 'lesson';
  /** The whole text, as opened (for the listing). */
  text: string;
  steps: ScriptStep[];
  summary?: Bilingual;
  tryThis?: Bilingual;
}

export type StepStatus = 'pending' | 'running' | 'ok' | 'error';

export interface ScriptSlice {
  script: LoadedScript | null;
  /** The next step to run. */
  scriptPos: number;
  stepStatus: StepStatus[];
  /** A step or a run to the end is under way. */
  scriptBusy: boolean;
  loadScript(script: LoadedScript | null): void;
  setStepStatus(index: number, status: StepStatus): void;
  setScriptPos(pos: number): void;
  setScriptBusy(busy: boolean): void;
  /** What the last lesson step points at: these panels and these sockets light up for a moment. */
  lookAt: { panels: string[]; names: string[]; at: number } | null;
  setLookAt(look: { panel: string; names: string[] }[] | null): void;
}

export const createScriptSlice: StateCreator<AppState, [], [], ScriptSlice> = (set, get) => ({
  script: null,
  scriptPos: 0,
  stepStatus: [],
  scriptBusy: false,
  loadScript(script) {
    set({ script, scriptPos: 0, stepStatus: script ? script.steps.map(() => 'pending' as const) : [], scriptBusy: false });
  },
  setStepStatus(index, status) {
    const next = [...get().stepStatus];
    next[index] = status;
    set({ stepStatus: next });
  },
  setScriptPos(scriptPos) {
    set({ scriptPos });
  },
  setScriptBusy(scriptBusy) {
    set({ scriptBusy });
  },
  lookAt: null,
  setLookAt(look) {
    set({ lookAt: look && look.length ? { panels: look.map((l) => l.panel), names: look.flatMap((l) => l.names), at: Date.now() } : null });
  },
});

/** An exception line as the Python REPL's last traceback line shows it. */
export function exceptionLine(e: PyError): string {
  return e.message ? `${e.type}: ${e.message}` : e.type;
}

/** What the Python REPL prints after one statement. */
export function outcomeLines(o: StepOutcome): { text: string; kind: 'stdout' | 'value' | 'error' }[] {
  const lines: { text: string; kind: 'stdout' | 'value' | 'error' }[] = [];
  if (o.stdout) lines.push({ text: o.stdout.replace(/\n$/, ''), kind: 'stdout' });
  if (!o.ok && o.error) lines.push({ text: exceptionLine(o.error), kind: 'error' });
  // The host says which statements are expressions; older outcomes without the flag fall back to reading the source.
  else if (o.ok && o.value !== undefined && o.value !== 'None' && (o.echo ?? !isAssignment(o.source))) lines.push({ text: o.value, kind: 'value' });
  return lines;
}

/** The session as a script: every statement that ran, failed ones commented out with their exception. */
export function sessionScript(entries: ConsoleEntry[]): string {
  const lines = ['# Socket Playground session: runs under python3 as it ran in the playground.'];
  for (const e of entries) {
    if (e.status === 'running') {
      lines.push(`# still running: ${e.source.split('\n').join(' / ')}`);
      continue;
    }
    if (e.status === 'failed' || e.outcomes.length === 0) {
      for (const l of e.source.split('\n')) if (l.trim()) lines.push(`# ${l}`);
      continue;
    }
    for (const o of e.outcomes) {
      if (o.ok) lines.push(o.source);
      else {
        for (const l of o.source.split('\n')) lines.push(`# ${l}`);
        if (o.error) lines.push(`#   -> ${exceptionLine(o.error)}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// UI preferences

export type Theme = 'light' | 'dark';
/** The views of the traffic panel. */
export type TrafficView = 'log' | 'stream' | 'sequence' | 'kernel';
/** The tabs of the console panel. */
export type ConsoleTab = 'console' | 'script';
/** The tabs of the sockets panel. */
export type SocketsTab = 'sockets' | 'servers';

/** What is restored on restart (renderer/workspace.ts keeps it). */
export interface Workspace {
  lang: Lang;
  theme: Theme;
  trafficView?: TrafficView;
  consoleTab?: ConsoleTab;
  socketsTab?: SocketsTab;
}
export type ConnStatus = 'connecting' | 'connected' | 'disconnected' | 'incompatible';

export interface UiSlice {
  lang: Lang;
  theme: Theme;
  connection: ConnStatus;
  trafficView: TrafficView;
  setTrafficView(view: TrafficView): void;
  consoleTab: ConsoleTab;
  setConsoleTab(tab: ConsoleTab): void;
  socketsTab: SocketsTab;
  setSocketsTab(tab: SocketsTab): void;
  setLang(lang: Lang): void;
  setTheme(theme: Theme): void;
  setConnection(status: ConnStatus): void;
}

export const createUiSlice =
  (initial: Workspace): StateCreator<AppState, [], [], UiSlice> =>
  (set) => ({
    lang: initial.lang,
    theme: initial.theme,
    connection: 'connecting',
    trafficView: initial.trafficView ?? 'log',
    setTrafficView: (trafficView) => set({ trafficView }),
    consoleTab: initial.consoleTab ?? 'console',
    setConsoleTab: (consoleTab) => set({ consoleTab }),
    socketsTab: initial.socketsTab ?? 'sockets',
    setSocketsTab: (socketsTab) => set({ socketsTab }),
    setLang: (lang) => set({ lang }),
    setTheme: (theme) => set({ theme }),
    setConnection: (connection) => set({ connection }),
  });

// ---------------------------------------------------------------------------

export type AppState = SocketsSlice & LogSlice & ConsoleSlice & ScriptSlice & UiSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(initial: Workspace = { lang: 'en', theme: 'light' }): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createSocketsSlice(...a),
    ...createLogSlice(...a),
    ...createConsoleSlice(...a),
    ...createScriptSlice(...a),
    ...createUiSlice(initial)(...a),
  }));
}

let current: AppStore = createAppStore();

/** The page's store (replaced in tests). */
export function appStore(): AppStore {
  return current;
}
export function setAppStore(store: AppStore): void {
  current = store;
}

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(current, selector);
}
