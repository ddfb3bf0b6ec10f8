// A row of tabs (the panels' views): one button per view, the current one pressed.
import type { Key } from '../i18n';
import { useT } from '../useT';

export function Tabs<V extends string>({
  views,
  current,
  label,
  prefix,
  onSelect,
  firstId,
}: {
  views: readonly V[];
  current: V;
  /** The i18n key of the whole row's accessible name. */
  label: Key;
  /** Each tab's text is the i18n key `${prefix}.${view}` and its test id `${testPrefix}-${view}`. */
  prefix: { text: string; testId: string };
  onSelect: (view: V) => void;
  /** The id of the first tab (the panel's heading points at it). */
  firstId?: string;
}) {
  const t = useT();
  return (
    <div className="tabs" role="tablist" aria-label={t(label)}>
      {views.map((v, i) => (
        <button
          key={v}
          type="button"
          role="tab"
          id={i === 0 ? firstId : undefined}
          className={`tab${v === current ? ' active' : ''}`}
          aria-selected={v === current}
          data-testid={`${prefix.testId}-${v}`}
          onClick={() => onSelect(v)}
        >
          {t(`${prefix.text}.${v}` as Key)}
        </button>
      ))}
    </div>
  );
}
