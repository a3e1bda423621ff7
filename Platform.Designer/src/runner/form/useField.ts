import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { FieldSnapshot, FormStore } from './FormStore';

export const FormStoreContext = createContext<FormStore | null>(null);

export function useFormStore(): FormStore {
  const store = useContext(FormStoreContext);
  if (!store) throw new Error('useFormStore outside a FormRenderer');
  return store;
}

/** Subscribes to one field: re-renders only when that field's value, state or error changes. */
export function useField(key: string): FieldSnapshot {
  const store = useFormStore();
  const subscribe = useCallback((l: () => void) => store.subscribe(key, l), [store, key]);
  const get = useCallback(() => store.snapshot(key), [store, key]);
  return useSyncExternalStore(subscribe, get, get);
}
