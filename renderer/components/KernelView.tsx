// The kernel view of the traffic panel (to come).
import { useT } from '../useT';

export function KernelView() {
  const t = useT();
  return (
    <div className="traffic-view kernel-view" data-testid="kernel-view">
      <p className="empty">{t('traffic.soon')}</p>
    </div>
  );
}
