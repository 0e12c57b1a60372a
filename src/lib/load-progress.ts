/** How far a paged list load has come, for the loading bar of large accounts. */
import { useSyncExternalStore } from 'react';

const loaded = new Map<string, number>();
const listeners = new Set<() => void>();

export function reportLoaded(key: string, count: number | undefined): void {
  if (count === undefined) loaded.delete(key);
  else loaded.set(key, count);
  for (const listener of listeners) listener();
}

export function useLoaded(key: string): number | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => loaded.get(key),
  );
}
