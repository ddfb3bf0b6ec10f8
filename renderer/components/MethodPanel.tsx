import { useState } from 'react';
import type { SocketInfo } from '../../shared/contract';
import { runSource } from '../actions';
import { hintFor } from '../hints';
import { defaultValues, methodStatement, METHOD_SPECS, SOCKOPTS, type FieldValues, type MethodSpec } from '../methods';
import { appStore, outcomeLines, exceptionLine, useApp } from '../store';
import { useT } from '../useT';

export function MethodPanel() {
  const t = useT();
  const id = useApp((s) => s.selectedSocket);
  const s = useApp((st) => (id === null ? undefined : st.socketsById[id]));
  return (
    <section className="panel method-panel" aria-labelledby="methods-title">
      <h2 id="methods-title">
        {t('methods.title')}
        {s && <code className="title-code"> {s.names[0] ?? `#${s.id}`}</code>}
      </h2>
      {!s ? (
        <p className="empty">{t('methods.none')}</p>
      ) : (
        <div className="method-list">
          {METHOD_SPECS.map((m) => (
            <MethodCard key={`${s.id}-${m.name}`} spec={m} socket={s} />
          ))}
        </div>
      )}
    </section>
  );
}

function MethodCard({ spec, socket }: { spec: MethodSpec; socket: SocketInfo }) {
  const t = useT();
  const [values, setValues] = useState<FieldValues>(() => {
    const st = appStore().getState();
    return defaultValues(spec.name, socket, st.socketIds.map((i) => st.socketsById[i]));
  });
  const [entryId, setEntryId] = useState<number | null>(null);
  const entry = useApp((st) => (entryId === null ? undefined : st.consoleById[entryId]));
  const set = <K extends keyof FieldValues>(k: K, v: FieldValues[K]) => setValues((old) => ({ ...old, [k]: v }));
  const st = appStore().getState();
  const taken = st.socketIds.flatMap((i) => st.socketsById[i].names);
  const built = methodStatement(spec.name, socket, values, taken);
  const hint = hintFor(spec.name, socket);
  const unix = socket.family.includes('UNIX');
  const call = async () => {
    if (!built.ok) return;
    setEntryId(null);
    const id = runSource(built.code, 'panel');
    // The entry exists as soon as runSource starts; find it to show its outcome.
    setEntryId(appStore().getState().nextConsoleId - 1);
    await id;
  };
  return (
    <div className="method-card" data-testid="method-card" data-method={spec.name}>
      <div className="method-row">
        <code className="method-name">{spec.name}()</code>
        <div className="fields">
          {spec.fields.includes('data') && (
            <>
              <input
                className="wide"
                aria-label={t('methods.data')}
                title={t('methods.data')}
                value={values.data}
                onChange={(e) => set('data', e.target.value)}
              />
              <select aria-label={t('methods.format')} value={values.format} onChange={(e) => set('format', e.target.value as FieldValues['format'])}>
                <option value="text">{t('methods.format.text')}</option>
                <option value="hex">{t('methods.format.hex')}</option>
                <option value="escapes">{t('methods.format.escapes')}</option>
              </select>
              {values.format === 'text' && (
                <select aria-label={t('methods.encoding')} value={values.encoding} onChange={(e) => set('encoding', e.target.value as FieldValues['encoding'])}>
                  <option value="utf-8">UTF-8</option>
                  <option value="gbk">GBK</option>
                  <option value="latin-1">Latin-1</option>
                </select>
              )}
            </>
          )}
          {spec.fields.includes('address') &&
            (unix ? (
              <input aria-label={t('methods.path')} placeholder={t('methods.path')} value={values.path} onChange={(e) => set('path', e.target.value)} />
            ) : (
              <>
                <input className="host" aria-label={t('methods.host')} placeholder={t('methods.host')} value={values.host} onChange={(e) => set('host', e.target.value)} />
                <input className="port" aria-label={t('methods.port')} placeholder={t('methods.port')} value={values.port} onChange={(e) => set('port', e.target.value)} inputMode="numeric" />
              </>
            ))}
          {spec.fields.includes('bufsize') && (
            <input className="num" aria-label={t('methods.bufsize')} title={t('methods.bufsize')} value={values.bufsize} onChange={(e) => set('bufsize', e.target.value)} inputMode="numeric" />
          )}
          {spec.fields.includes('backlog') && (
            <input className="num" aria-label={t('methods.backlog')} title={t('methods.backlog')} value={values.backlog} onChange={(e) => set('backlog', e.target.value)} inputMode="numeric" />
          )}
          {spec.fields.includes('how') && (
            <select aria-label={t('methods.how')} value={values.how} onChange={(e) => set('how', e.target.value as FieldValues['how'])}>
              <option>SHUT_RD</option>
              <option>SHUT_WR</option>
              <option>SHUT_RDWR</option>
            </select>
          )}
          {spec.fields.includes('seconds') && (
            <input className="num" aria-label={t('methods.seconds')} title={t('methods.seconds')} value={values.seconds} onChange={(e) => set('seconds', e.target.value)} />
          )}
          {spec.fields.includes('flag') && (
            <select aria-label={t('methods.flag')} value={values.flag} onChange={(e) => set('flag', e.target.value as FieldValues['flag'])}>
              <option>True</option>
              <option>False</option>
            </select>
          )}
          {spec.fields.includes('level') && (
            <select
              aria-label={t('methods.level')}
              value={values.level}
              onChange={(e) => {
                const level = e.target.value as FieldValues['level'];
                setValues((old) => ({ ...old, level, option: SOCKOPTS[level][0] }));
              }}
            >
              <option>SOL_SOCKET</option>
              <option>IPPROTO_TCP</option>
            </select>
          )}
          {spec.fields.includes('option') && (
            <select aria-label={t('methods.option')} value={values.option} onChange={(e) => set('option', e.target.value)}>
              {SOCKOPTS[values.level].map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          )}
          {spec.fields.includes('value') && (
            <input className="num" aria-label={t('methods.value')} title={t('methods.value')} value={values.value} onChange={(e) => set('value', e.target.value)} />
          )}
        </div>
        <button type="button" className="call" data-testid={`method-${spec.name}`} onClick={() => void call()} disabled={!built.ok}>
          {t('methods.call')}
        </button>
      </div>
      {!built.ok && (
        <div className="field-error" role="alert">
          {t(built.error.key, built.error.params)}
        </div>
      )}
      {built.ok && (
        <div className="statement" aria-label={t('methods.statement')}>
          <code>{built.code}</code>
        </div>
      )}
      {hint && <div className="hint">{t(hint)}</div>}
      {entry && (
        <div className="outcome" data-testid="method-outcome" aria-label={t('methods.outcome')}>
          {entry.status === 'running' && <span className="muted">{t('console.running')}</span>}
          {entry.status === 'failed' && entry.error && <span className="error">{exceptionLine(entry.error)}</span>}
          {entry.outcomes
            .filter((o) => o.source !== 'import socket')
            .flatMap((o) => (o.ok && o.value !== undefined && outcomeLines(o).length === 0 ? [{ text: o.value, kind: 'value' as const }] : outcomeLines(o)))
            .map((l, i) => (
              <div key={i} className={l.kind}>
                {l.text}
              </div>
            ))}
        </div>
      )}
    </div>
  );
}
