// The sequence view of the traffic panel (to come).
import { useT } from '../useT';

export function SequenceView() {
  const t = useT();
  return (
    <div className="traffic-view sequence-view" data-testid="sequence-view">
      <p className="empty">{t('traffic.soon')}</p>
    </div>
  );
}
