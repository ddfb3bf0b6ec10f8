// The traffic panel: one tab per way of looking at what moved (the log, one
// connection's stream, the sequence diagram, the kernel's view of the sockets).
import type { Key } from '../i18n';
import { appStore, useApp, type TrafficView } from '../store';
import { useT } from '../useT';
import { KernelView } from './KernelView';
import { SequenceView } from './SequenceView';
import { StreamView } from './StreamView';
import { TrafficLog } from './TrafficLog';

const VIEWS: TrafficView[] = ['log', 'stream', 'sequence', 'kernel'];

export function TrafficPanel() {
  const t = useT();
  const view = useApp((s) => s.trafficView);
  return (
    <section className="panel log-panel" aria-labelledby="log-title">
      <div className="panel-head">
        <h2 id="log-title">{t('log.title')}</h2>
        <div className="tabs" role="tablist" aria-label={t('traffic.views')}>
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              className={`tab${v === view ? ' active' : ''}`}
              aria-selected={v === view}
              data-testid={`traffic-tab-${v}`}
              onClick={() => appStore().getState().setTrafficView(v)}
            >
              {t(`traffic.${v}` as Key)}
            </button>
          ))}
        </div>
      </div>
      {view === 'log' && <TrafficLog />}
      {view === 'stream' && <StreamView />}
      {view === 'sequence' && <SequenceView />}
      {view === 'kernel' && <KernelView />}
    </section>
  );
}
