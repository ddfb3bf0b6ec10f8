import { useCallback } from 'react';
import { translate, type Key } from './i18n';
import { useApp } from './store';

export type T = (key: Key, params?: Record<string, string | number>) => string;

export function useT(): T {
  const lang = useApp((s) => s.lang);
  return useCallback((key: Key, params?: Record<string, string | number>) => translate(lang, key, params), [lang]);
}
