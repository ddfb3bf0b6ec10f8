import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { runSource } from '../actions';
import { History } from '../history';
import { appStore, exceptionLine, lookClass, outcomeLines, sessionScript, useApp } from '../store';
import { saveLastSession } from '../script';
import { useT } from '../useT';
import { ScriptPanel } from './ScriptPanel';
import { Tabs } from './Tabs';

const CONSOLE_TABS = ['console', 'script'] as const;

const history = new History();

function currentScript(): string {
  const st = appStore().getState();
  return sessionScript(
    Object.keys(st.consoleById)
      .map(Number)
      .sort((a, b) => a - b)
      .map((id) => st.consoleById[id]),
  );
}

export function Console() {
  const tab = useApp((s) => s.consoleTab);
  const look = useApp((s) => lookClass(s, 'console'));
  const lastEntry = useApp((s) => {
    const last = s.nextConsoleId - 1;
    return s.consoleById[last];
  });
  // The session so far, kept for "Open the last session" after the app restarts.
  useEffect(() => {
    if (lastEntry && lastEntry.status !== 'running') saveLastSession(currentScript());
  }, [lastEntry]);
  return (
    <section className={`panel console-panel${look}`} aria-labelledby="console-title">
      <div className="panel-head">
        <Tabs
          views={CONSOLE_TABS}
          current={tab}
          label="console.tabs"
          prefix={{ text: 'console.tab', testId: 'console-tab' }}
          firstId="console-title"
          onSelect={(v) => appStore().getState().setConsoleTab(v)}
        />
        {tab === 'console' && <ConsoleToolbar />}
      </div>
      {tab === 'console' ? <ConsoleBody /> : <ScriptPanel />}
    </section>
  );
}

function ConsoleToolbar() {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(currentScript());
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard (insecure context or denied): saving still works.
    }
  };
  const save = () => {
    const url = URL.createObjectURL(new Blob([currentScript()], { type: 'text/x-python' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'session.py';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="toolbar">
      <button type="button" className="small" onClick={() => void copy()}>
        {copied ? t('console.copied') : t('console.copy')}
      </button>
      <button type="button" className="small" data-testid="console-save" onClick={save}>
        {t('console.save')}
      </button>
      <button type="button" className="small" onClick={() => appStore().getState().clearConsole()}>
        {t('console.clear')}
      </button>
    </div>
  );
}

function ConsoleBody() {
  const t = useT();
  const ids = useApp((s) => s.consoleIds);
  const [input, setInput] = useState('');
  const out = useRef<HTMLDivElement>(null);
  const lastEntry = useApp((s) => {
    const last = s.consoleIds[s.consoleIds.length - 1];
    return last === undefined ? undefined : s.consoleById[last];
  });
  useEffect(() => {
    const el = out.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [ids.length, lastEntry]);

  const submit = () => {
    const source = input.trimEnd();
    if (source.trim() === '') return;
    history.push(source);
    setInput('');
    void runSource(source, 'console');
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    } else if (e.key === 'ArrowUp' && !input.slice(0, e.currentTarget.selectionStart).includes('\n')) {
      const prev = history.up(input);
      if (prev !== null) {
        e.preventDefault();
        setInput(prev);
      }
    } else if (e.key === 'ArrowDown' && !input.slice(e.currentTarget.selectionEnd).includes('\n')) {
      const next = history.down();
      if (next !== null) {
        e.preventDefault();
        setInput(next);
      }
    }
  };
  return (
    <>
      <div className="console-output" data-testid="console-output" ref={out} role="log" aria-live="polite">
        {ids.length === 0 && <div className="muted"># {t('console.welcome')}</div>}
        {ids.map((id) => (
          <ConsoleItem key={id} id={id} />
        ))}
      </div>
      <div className="console-input-row">
        <span className="prompt" aria-hidden="true">
          &gt;&gt;&gt;
        </span>
        <textarea
          data-testid="console-input"
          aria-label={t('console.title')}
          rows={1}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          placeholder={t('console.placeholder')}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={onKey}
        />
        <button type="button" className="primary small" onClick={submit}>
          {t('console.run')}
        </button>
      </div>
    </>
  );
}

function ConsoleItem({ id }: { id: number }) {
  const t = useT();
  const e = useApp((s) => s.consoleById[id]);
  if (!e) return null;
  const sources = e.source.split('\n');
  return (
    <div className={`console-entry origin-${e.origin}`} data-testid="console-entry" data-status={e.status}>
      {e.status === 'done'
        ? e.outcomes.map((o, i) => (
            <div key={i}>
              {o.source.split('\n').map((l, j) => (
                <div key={j} className="input-line">
                  {j === 0 ? '>>> ' : '... '}
                  {l}
                </div>
              ))}
              {outcomeLines(o).map((l, j) => (
                <pre key={j} className={l.kind}>
                  {l.text}
                </pre>
              ))}
            </div>
          ))
        : sources.map((l, j) => (
            <div key={j} className="input-line">
              {j === 0 ? '>>> ' : '... '}
              {l}
            </div>
          ))}
      {e.status === 'running' && <div className="muted">{t('console.running')}</div>}
      {e.status === 'failed' && e.error && <pre className="error">{exceptionLine(e.error)}</pre>}
    </div>
  );
}
