/**
 * The snapshot table's columns: widths that keep every column readable at 1280 px, and the operator's
 * preferences (hidden columns, widths), kept in localStorage: a view setting, nothing sensitive.
 */
import type { SortKey } from './list-state';

export type ColumnKey = 'select' | 'id' | 'name' | 'description' | 'volume' | 'size' | 'state' | 'progress' | 'owner' | 'created' | 'tags' | 'actions';

export interface Column {
  key: ColumnKey;
  label: string;
  /** Default width in px; none for Description, which takes the room left. */
  width?: number;
  minWidth: number;
  sort?: SortKey;
  /** The checkbox, the ID (the link to the detail page) and the row action cannot be hidden. */
  fixed?: boolean;
  right?: boolean;
}

export const COLUMNS: readonly Column[] = [
  // The bulk selection's checkboxes (its header: select all matching); 28 px taken from Description's minimum
  // and 12 from Created's (a stacked date and time), so that Description keeps 200 px at 1280.
  { key: 'select', label: 'Select', width: 28, minWidth: 28, fixed: true },
  { key: 'id', label: 'Snapshot ID', width: 176, minWidth: 168, sort: 'id', fixed: true },
  { key: 'name', label: 'Name', width: 108, minWidth: 80, sort: 'name' },
  { key: 'description', label: 'Description', minWidth: 172, sort: 'description' },
  { key: 'volume', label: 'Volume', width: 104, minWidth: 104, sort: 'volume' },
  { key: 'size', label: 'Size (GiB)', width: 80, minWidth: 64, sort: 'size', right: true },
  { key: 'state', label: 'State', width: 100, minWidth: 92, sort: 'state' },
  { key: 'progress', label: 'Progress', width: 108, minWidth: 92, sort: 'progress' },
  { key: 'owner', label: 'Owner', width: 112, minWidth: 96, sort: 'owner' },
  { key: 'created', label: 'Created', width: 164, minWidth: 156, sort: 'created' },
  { key: 'tags', label: 'Tags', width: 180, minWidth: 100 },
  { key: 'actions', label: 'Actions', width: 64, minWidth: 64, fixed: true },
];

export interface ColumnPrefs {
  hidden: ColumnKey[];
  widths: Partial<Record<ColumnKey, number>>;
}

/**
 * Tags are hidden by default: at 1280 px every other column and a readable Description fit, and the
 * Description cell shows the tags on a second line while their column is hidden.
 */
export const DEFAULT_PREFS: ColumnPrefs = { hidden: ['tags'], widths: {} };
export const PREFS_KEY = 'snapshot-console:columns';
export const MAX_WIDTH = 800;

const byKey = new Map(COLUMNS.map((column) => [column.key, column]));

/** Preferences from stored text; anything unknown or out of range is dropped, never trusted. */
export function parsePrefs(text: string | null): ColumnPrefs {
  if (!text) return DEFAULT_PREFS;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return DEFAULT_PREFS;
  }
  if (typeof value !== 'object' || value === null) return DEFAULT_PREFS;
  const { hidden, widths } = value as { hidden?: unknown; widths?: unknown };
  const prefs: ColumnPrefs = { hidden: [], widths: {} };
  if (Array.isArray(hidden)) {
    for (const key of hidden) {
      const column = byKey.get(key as ColumnKey);
      if (column && !column.fixed && !prefs.hidden.includes(column.key)) prefs.hidden.push(column.key);
    }
  } else prefs.hidden = [...DEFAULT_PREFS.hidden];
  if (typeof widths === 'object' && widths !== null) {
    for (const [key, width] of Object.entries(widths)) {
      const column = byKey.get(key as ColumnKey);
      if (column && typeof width === 'number' && Number.isFinite(width)) prefs.widths[column.key] = clampWidth(column, width);
    }
  }
  return prefs;
}

export function clampWidth(column: Column, width: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(column.minWidth, width)));
}

export function loadPrefs(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ColumnPrefs {
  try {
    return parsePrefs(storage?.getItem(PREFS_KEY) ?? null);
  } catch {
    return DEFAULT_PREFS; // storage blocked
  }
}

export function savePrefs(prefs: ColumnPrefs, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // storage full or blocked: the choice lasts until reload
  }
}

/** The columns shown, each with the width it gets (undefined: takes the room left), and the table's minimum width. */
export function layout(prefs: ColumnPrefs): { columns: (Column & { px: number | undefined })[]; minWidth: number } {
  const columns = COLUMNS.filter((column) => !prefs.hidden.includes(column.key)).map((column) => ({
    ...column,
    px: prefs.widths[column.key] ?? column.width,
  }));
  return { columns, minWidth: columns.reduce((sum, column) => sum + (column.px ?? column.minWidth), 0) };
}

export function toggleColumn(prefs: ColumnPrefs, key: ColumnKey): ColumnPrefs {
  if (byKey.get(key)?.fixed) return prefs;
  const hidden = prefs.hidden.includes(key) ? prefs.hidden.filter((k) => k !== key) : [...prefs.hidden, key];
  return { ...prefs, hidden };
}

export function resizeColumn(prefs: ColumnPrefs, key: ColumnKey, width: number): ColumnPrefs {
  const column = byKey.get(key);
  if (!column) return prefs;
  return { ...prefs, widths: { ...prefs.widths, [key]: clampWidth(column, width) } };
}
