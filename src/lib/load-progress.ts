/**
 * How far a paged list load has come ("loaded N of about M"), for the list page's status line. M is the size of
 * the last complete read of the same list: in memory for this tab, and in localStorage (a count under a hash
 * of the list's key, nothing else) so a reload can say it too. ReadSnapshots gives no total, so the first read
 * of a list says "N so far".
 */
import { useSyncExternalStore } from 'react';

export interface LoadProgress {
  /** Snapshots received so far. */
  loaded: number;
  /** The last complete read's size, if this list was read before. */
  expected?: number;
  /** The received rows are already in the list (the first read); false while a refresh reads behind the old list. */
  streaming: boolean;
}

const progress = new Map<string, LoadProgress>();
const totals = new Map<string, number>();
const listeners = new Set<() => void>();
const STORAGE_KEY = 'snapshot-console:list-sizes';
const STORED_LISTS = 30;

/** FNV-1a of the list's key: the stored counts name no endpoint, access key or filter. */
function digest(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

function stored(): Record<string, number> {
  try {
    const value: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}');
    return value && typeof value === 'object' ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export function reportLoaded(key: string, value: Omit<LoadProgress, 'expected'> | undefined): void {
  if (value === undefined) progress.delete(key);
  else progress.set(key, { ...value, expected: expectedTotal(key) });
  for (const listener of listeners) listener();
}

/** The size of the last complete read of this list, if known. */
export function expectedTotal(key: string): number | undefined {
  const known = totals.get(key) ?? stored()[digest(key)];
  return typeof known === 'number' && Number.isFinite(known) ? known : undefined;
}

/** A complete read: its size is the next read's "about M". */
export function rememberTotal(key: string, total: number): void {
  totals.set(key, total);
  try {
    const entries = Object.entries(stored()).filter(([name]) => name !== digest(key));
    entries.push([digest(key), total]);
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(entries.slice(-STORED_LISTS))));
  } catch {
    // Storage full or refused: the count stays in memory.
  }
}

export function useLoaded(key: string): LoadProgress | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => progress.get(key),
  );
}
