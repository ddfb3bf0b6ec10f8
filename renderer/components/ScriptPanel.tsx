// The Script tab of the console panel: a saved session or a lesson, run a step at
// a time (Run next, Run to end, Restart), with the current line highlighted and,
// for lessons, what each step shows and what to try.
import { useEffect, useRef, useState } from 'react';
import type { Key } from '../i18n';
import { lastSession, lessons, openLesson, openScript, recentScripts, restartScript, runNextStep, runToEnd } from '../script';
import { useApp } from '../store';
import { useT } from '../useT';

export function ScriptPanel() {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const script = useApp((s) => s.script);
  const pos = useApp((s) => s.scriptPos);
  const status = useApp((s) => s.stepStatus);
  const busy = useApp((s) => s.scriptBusy);
  const fileInput = useRef<HTMLInputElement>(null);
  const current = useRef<HTMLLIElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [recent, setRecent] = useState(recentScripts);
  const last = lastSession();

  useEffect(() => {
    current.current?.scrollIntoView?.({ block: 'nearest' });
  }, [pos]);

  const open = (title: string, text: string) => {
    setProblem(openScript(title, text));
    setRecent(recentScripts());
  };
  const done = script !== null && pos >= script.steps.length;
  const step = script && !done ? script.steps[pos] : null;
  return (
    <div className="script-panel" data-testid="script-panel">
      <div className="script-toolbar">
        <button type="button" className="small" data-testid="script-open" onClick={() => fileInput.current?.click()}>
          {t('script.open')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".py,text/x-python,text/plain"
          hidden
          data-testid="script-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void file.text().then((text) => open(file.name, text));
          }}
        />
        <select
          className="small"
          aria-label={t('script.lessons')}
          data-testid="script-lessons"
          value={script?.lessonId ?? ''}
          onChange={(e) => {
            setProblem(null);
            if (e.target.value) void openLesson(e.target.value);
          }}
        >
          <option value="">{t('script.lessons')}</option>
          {lessons().map((l, i) => (
            <option key={l.id} value={l.id}>
              {i + 1}. {l.title[lang]}
            </option>
          ))}
        </select>
        {recent.length > 0 && (
          <select
            className="small"
            aria-label={t('script.recent')}
            data-testid="script-recent"
            value=""
            onChange={(e) => {
              const r = recent[Number(e.target.value)];
              if (r) open(r.title, r.text);
            }}
          >
            <option value="">{t('script.recent')}</option>
            {recent.map((r, i) => (
              <option key={`${r.title}-${r.openedAt}`} value={i}>
                {r.title}
              </option>
            ))}
          </select>
        )}
        <span className="spacer" />
        <button type="button" className="small" data-testid="script-restart" disabled={!script || busy} title={t('script.restart.explain')} onClick={() => void restartScript()}>
          {t('script.restart')}
        </button>
        <button type="button" className="small" data-testid="script-next" disabled={!script || busy || done} onClick={() => void runNextStep()}>
          {t('script.next')}
        </button>
        <button type="button" className="small primary" data-testid="script-to-end" disabled={!script || busy || done} onClick={() => void runToEnd()}>
          {t('script.toEnd')}
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert" data-testid="script-error">
          {problem}
        </p>
      )}
      {!script ? (
        <div className="script-empty">
          <p className="muted">{t('script.empty')}</p>
          {last && (
            <button type="button" className="small" data-testid="script-last-session" onClick={() => open(t('script.lastSessionTitle'), last)}>
              {t('script.lastSession')}
            </button>
          )}
        </div>
      ) : (
        <>
          <div className="script-title">
            <strong data-testid="script-title">{script.titles ? script.titles[lang] : script.title}</strong>
            <span className="muted" data-testid="script-progress">
              {t('script.progress', { done: Math.min(pos, script.steps.length), total: script.steps.length })}
            </span>
          </div>
          {script.summary && <p className="script-summary">{script.summary[lang]}</p>}
          <ol className="script-steps">
            {script.steps.map((s, i) => (
              <li
                key={`${s.line}-${i}`}
                ref={i === pos ? current : undefined}
                className={`script-step status-${status[i]}${i === pos ? ' current' : ''}`}
                data-testid="script-step"
                data-status={status[i]}
                aria-current={i === pos ? 'step' : undefined}
              >
                <span className="ln">{s.line}</span>
                <code>{s.source}</code>
                <span className="mark" aria-label={t(`script.status.${status[i]}` as Key)}>
                  {status[i] === 'ok' ? '✓' : status[i] === 'error' ? '✗' : status[i] === 'running' ? '…' : i === pos ? '▶' : ''}
                </span>
              </li>
            ))}
          </ol>
          {step?.explain && (
            <div className="script-explain" data-testid="script-explain">
              <p>{step.explain[lang]}</p>
              {step.look && step.look.length > 0 && (
                <p className="muted">{t('script.look', { where: step.look.map((l) => (l.names.length ? `${t(`panel.${l.panel}` as Key)} (${l.names.join(', ')})` : t(`panel.${l.panel}` as Key))).join(t('script.and')) })}</p>
              )}
              {step.tryThis && <p className="try">{t('script.try', { what: step.tryThis[lang] })}</p>}
            </div>
          )}
          {done && (
            <div className="script-explain" data-testid="script-done">
              <p>{t('script.finished')}</p>
              {script.tryThis && <p className="try">{t('script.try', { what: script.tryThis[lang] })}</p>}
            </div>
          )}
        </>
      )}
    </div>
  );
}
