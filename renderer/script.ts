// Scripts run a step at a time: a saved session (.py) or a lesson. Each step goes
// through the console like anything typed there, so the session stays one script;
// Restart closes every socket and forgets every name, as a fresh python3 would.
import { parseProgram, ScriptSyntaxError } from '../shared/script/parser';
import { resetSession, runSource } from './actions';
import { LESSONS } from '../shared/lessons/index';
import { parseLesson, type Lesson } from '../shared/lessons/lessons';
import { appStore, type LoadedScript, type ScriptStep } from './store';

/** Scripts remembered for the Recent list, newest first. */
const RECENT_KEY = 'socket-playground.recent';
const MAX_RECENT = 8;
/** Longest script kept in the Recent list (browsers give a few MB of storage in all). */
const MAX_RECENT_CHARS = 64 * 1024;
/** The console of the last session, as a script, offered after a restart of the app. */
const LAST_SESSION_KEY = 'socket-playground.last-session';

export interface RecentScript {
  title: string;
  text: string;
  openedAt: number;
}

/** A saved session as steps; a syntax error comes back as its message (with line and column). */
export function sessionScript(title: string, text: string): LoadedScript | string {
  try {
    const program = parseProgram(text);
    return { title, kind: 'session', text, steps: program.statements.map((s) => ({ line: s.line, source: s.source })) };
  } catch (e) {
    if (e instanceof ScriptSyntaxError) return `${e.pyType}: ${e.message} (line ${e.line}, column ${e.col})`;
    return e instanceof Error ? e.message : String(e);
  }
}

/** Opens a script in the stepper (and remembers it); returns an error message or null. */
export function openScript(title: string, text: string): string | null {
  const script = sessionScript(title, text);
  if (typeof script === 'string') return script;
  appStore().getState().loadScript(script);
  remember(title, text);
  return null;
}

/** The lessons, parsed once, in their order. */
export function lessons(): Lesson[] {
  return (lessonCache ??= LESSONS.map((l) => parseLesson(l.text, l.id)));
}
let lessonCache: Lesson[] | null = null;

/** A lesson as the stepper runs it: its steps with their explanations. */
export function lessonScript(lesson: Lesson, text: string): LoadedScript {
  return {
    title: lesson.title.en,
    titles: lesson.title,
    lessonId: lesson.id,
    kind: 'lesson',
    text,
    summary: lesson.summary,
    ...(lesson.try ? { tryThis: lesson.try } : {}),
    steps: lesson.steps.map((s) => ({
      line: s.line,
      source: s.source,
      explain: s.explain,
      ...(s.look ? { look: s.look.map((l) => ({ panel: l.panel, names: l.names })) } : {}),
      ...(s.try ? { tryThis: s.try } : {}),
    })),
  };
}

/** Opens a lesson (by id) in the stepper, after a fresh start so its names and ports are its own. */
export async function openLesson(id: string): Promise<void> {
  const lesson = lessons().find((l) => l.id === id);
  const source = LESSONS.find((l) => l.id === id);
  if (!lesson || !source) return;
  await resetSession();
  appStore().getState().loadScript(lessonScript(lesson, source.text));
  appStore().getState().setLookAt(null);
}

/** Traffic views a lesson step can point at: the traffic panel shows that view. */
const TRAFFIC_VIEWS = ['log', 'stream', 'sequence', 'kernel'] as const;

function pointAt(look: ScriptStep['look']): void {
  const st = appStore().getState();
  st.setLookAt(look ?? null);
  const view = look?.map((l) => l.panel).find((p): p is (typeof TRAFFIC_VIEWS)[number] => (TRAFFIC_VIEWS as readonly string[]).includes(p));
  if (view) st.setTrafficView(view);
  // Pointing at sockets selects the first one named, so the method panel shows it.
  const name = look?.find((l) => l.panel === 'sockets')?.names[0];
  if (name) {
    const id = st.socketIds.find((i) => st.socketsById[i].names.includes(name));
    if (id !== undefined) st.selectSocket(id);
  }
}

/** Runs the next step; resolves once it ended. */
export async function runNextStep(): Promise<void> {
  const st = appStore().getState();
  const script = st.script;
  if (!script || st.scriptBusy || st.scriptPos >= script.steps.length) return;
  st.setScriptBusy(true);
  try {
    await runStep(st.scriptPos);
  } finally {
    appStore().getState().setScriptBusy(false);
  }
}

async function runStep(index: number): Promise<boolean> {
  const st = appStore().getState();
  const step = st.script!.steps[index];
  st.setStepStatus(index, 'running');
  const id = await runSource(step.source, 'script');
  const entry = appStore().getState().consoleById[id];
  const failed = !entry || entry.status === 'failed' || entry.outcomes.some((o) => !o.ok);
  const interrupted = entry?.outcomes.some((o) => o.error?.type === 'KeyboardInterrupt') ?? false;
  appStore().getState().setStepStatus(index, failed ? 'error' : 'ok');
  appStore().getState().setScriptPos(index + 1);
  pointAt(step.look);
  return !interrupted && entry?.status !== 'failed';
}

/**
 * Runs the remaining steps in order. A step that raises does not stop the rest
 * (as the playground runs scripts); Interrupt, or a lost connection, does.
 */
export async function runToEnd(): Promise<void> {
  const st = appStore().getState();
  if (!st.script || st.scriptBusy) return;
  st.setScriptBusy(true);
  try {
    for (;;) {
      const now = appStore().getState();
      if (!now.script || now.scriptPos >= now.script.steps.length) break;
      if (!(await runStep(now.scriptPos))) break;
    }
  } finally {
    appStore().getState().setScriptBusy(false);
  }
}

/** Back to the first step with a fresh session. */
export async function restartScript(): Promise<void> {
  const st = appStore().getState();
  if (!st.script) return;
  await resetSession();
  appStore().getState().loadScript(st.script);
}

export function recentScripts(): RecentScript[] {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as RecentScript[];
    return Array.isArray(list) ? list.filter((r) => typeof r?.title === 'string' && typeof r?.text === 'string') : [];
  } catch {
    return [];
  }
}

function remember(title: string, text: string): void {
  if (text.length > MAX_RECENT_CHARS) return;
  const list = [{ title, text, openedAt: Date.now() }, ...recentScripts().filter((r) => r.title !== title || r.text !== text)].slice(0, MAX_RECENT);
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // Storage full or unavailable: the list is a convenience.
  }
}

/** Keeps the console's session as a script, for "the last session" after a restart of the app. */
export function saveLastSession(text: string): void {
  try {
    if (text.length <= MAX_RECENT_CHARS) localStorage.setItem(LAST_SESSION_KEY, text);
  } catch {
    // Same: a convenience.
  }
}

export function lastSession(): string | null {
  try {
    return localStorage.getItem(LAST_SESSION_KEY);
  } catch {
    return null;
  }
}
