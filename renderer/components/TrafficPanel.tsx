// The traffic panel: one tab per way of looking at what moved (the log, one
// connection's stream, the sequence diagram, the kernel's view of the sockets),
// the exports, and logs opened from files (shown offline, with a way back).
import { useRef, useState } from 'react';
import { backToLive, hasFileDialogs, openLogFromFile, openLogWithDialog, saveLogWithDialog } from '../log-view';
import { appStore, lookClass, useApp, type TrafficView } from '../store';
import { useT } from '../useT';
import { KernelView } from './KernelView';
import { SequenceView } from './SequenceView';
import { StreamView } from './StreamView';
import { Tabs } from './Tabs';
import { TrafficLog } from './TrafficLog';

const VIEWS: TrafficView[] = ['log', 'stream', 'sequence', 'kernel'];

function FileActions() {
  const t = useT();
  const fileInput = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const dialogs = hasFileDialogs();
  const done = (err: string | null) => setProblem(err);
  return (
    <span className="file-actions">
      {dialogs ? (
        <>
          <button type="button" className="small" data-testid="export-jsonl" title={t('export.jsonl.explain')} onClick={() => void saveLogWithDialog('jsonl').then(done)}>
            {t('export.jsonl')}
          </button>
          <button type="button" className="small" data-testid="export-pcapng" title={t('export.pcapng.explain')} onClick={() => void saveLogWithDialog('pcapng').then(done)}>
            {t('export.pcapng')}
          </button>
          <button type="button" className="small" data-testid="open-log" onClick={() => void openLogWithDialog().then(done)}>
            {t('export.open')}
          </button>
        </>
      ) : (
        <>
          <a className="button small" data-testid="export-jsonl" href="./export/log.jsonl" download title={t('export.jsonl.explain')}>
            {t('export.jsonl')}
          </a>
          <a className="button small" data-testid="export-pcapng" href="./export/capture.pcapng" download title={t('export.pcapng.explain')}>
            {t('export.pcapng')}
          </a>
          <button type="button" className="small" data-testid="open-log" onClick={() => fileInput.current?.click()}>
            {t('export.open')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".jsonl,application/x-ndjson"
            hidden
            data-testid="open-log-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void openLogFromFile(file).then(done);
            }}
          />
        </>
      )}
      {problem && (
        <span className="field-error small" role="alert" data-testid="open-log-error">
          {t('export.failed', { reason: problem })}
        </span>
      )}
    </span>
  );
}

function OfflineBanner() {
  const t = useT();
  const source = useApp((s) => s.logSource);
  if (source.live) return null;
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      <span>{t('export.offline', { file: source.file ?? '', events: source.events })}</span>
      <button type="button" className="small" data-testid="back-to-live" onClick={() => void backToLive()}>
        {t('export.backToLive')}
      </button>
    </div>
  );
}

export function TrafficPanel() {
  const t = useT();
  const view = useApp((s) => s.trafficView);
  const look = useApp((s) => lookClass(s, 'log') || lookClass(s, 'stream') || lookClass(s, 'sequence') || lookClass(s, 'kernel'));
  return (
    <section className={`panel log-panel${look}`} aria-labelledby="log-title">
      <div className="panel-head">
        <h2 id="log-title">{t('log.title')}</h2>
        <FileActions />
        <Tabs views={VIEWS} current={view} label="traffic.views" prefix={{ text: 'traffic', testId: 'traffic-tab' }} onSelect={(v) => appStore().getState().setTrafficView(v)} />
      </div>
      <OfflineBanner />
      {view === 'log' && <TrafficLog />}
      {view === 'stream' && <StreamView />}
      {view === 'sequence' && <SequenceView />}
      {view === 'kernel' && <KernelView />}
    </section>
  );
}
