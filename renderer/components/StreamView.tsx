// The stream view of the traffic panel (to come).
import { useT } from '../useT';

export function StreamView() {
  const t = useT();
  return (
    <div className="traffic-view stream-view" data-testid="stream-view">
      <p className="empty">{t('traffic.soon')}</p>
    </div>
  );
}
