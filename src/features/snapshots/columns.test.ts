import { describe, expect, it } from 'vitest';
import { COLUMNS, DEFAULT_PREFS, layout, loadPrefs, parsePrefs, PREFS_KEY, resizeColumn, savePrefs, toggleColumn } from './columns';

describe('column preferences', () => {
  it('fit a 1280 px page by default, with room for the description', () => {
    // main is max-w-7xl (1280 px) minus 2 × 16 px padding, a 2 px border and a 15 px scroll bar
    const { columns, minWidth } = layout(DEFAULT_PREFS);
    expect(minWidth).toBeLessThanOrEqual(1280 - 32 - 2 - 15);
    expect(columns.find((c) => c.key === 'description')?.px).toBeUndefined();
    expect(columns.map((c) => c.key)).toContain('name');
    for (const column of COLUMNS) expect(column.width ?? column.minWidth).toBeGreaterThanOrEqual(column.minWidth);
  });

  it('hide and show columns, never the ID or the row action', () => {
    const shown = toggleColumn(DEFAULT_PREFS, 'tags');
    expect(shown.hidden).toEqual([]);
    expect(toggleColumn(shown, 'owner').hidden).toEqual(['owner']);
    expect(toggleColumn(shown, 'id')).toBe(shown);
    expect(layout(toggleColumn(shown, 'owner')).columns.map((c) => c.key)).not.toContain('owner');
  });

  it('resize within bounds', () => {
    expect(resizeColumn(DEFAULT_PREFS, 'name', 300).widths.name).toBe(300);
    expect(resizeColumn(DEFAULT_PREFS, 'name', 10).widths.name).toBe(80);
    expect(resizeColumn(DEFAULT_PREFS, 'name', 5000).widths.name).toBe(800);
    expect(layout(resizeColumn(DEFAULT_PREFS, 'description', 400)).minWidth).toBe(layout(DEFAULT_PREFS).minWidth + 400 - 172);
  });

  it('read back what was saved, and drop what makes no sense', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const prefs = resizeColumn(toggleColumn(DEFAULT_PREFS, 'owner'), 'created', 200);
    savePrefs(prefs, storage);
    expect(store.has(PREFS_KEY)).toBe(true);
    expect(loadPrefs(storage)).toEqual(prefs);
    expect(parsePrefs('not json')).toBe(DEFAULT_PREFS);
    expect(parsePrefs('null')).toBe(DEFAULT_PREFS);
    expect(parsePrefs('{"hidden":["id","bogus","owner","owner"],"widths":{"name":"wide","size":1e9,"x":5}}')).toEqual({ hidden: ['owner'], widths: { size: 800 } });
    expect(parsePrefs('{}')).toEqual({ hidden: ['tags'], widths: {} });
    expect(loadPrefs({ getItem: () => { throw new Error('blocked'); } })).toBe(DEFAULT_PREFS);
  });
});
