import { describe, expect, it } from 'vitest';
import { activeFilterCount } from './filter-count';
import { DEFAULT_SORT, parseListState } from './list-state';

describe('activeFilterCount', () => {
  it('is 0 for the default view, whatever the search and the sort', () => {
    expect(activeFilterCount({ ...DEFAULT_SORT })).toBe(0);
    expect(activeFilterCount({ q: 'prod', sort: 'name', dir: 'asc' })).toBe(0);
  });

  it('counts each filter that is set once', () => {
    expect(activeFilterCount({ state: 'completed' })).toBe(1);
    expect(activeFilterCount({ state: 'completed', owner: 'mine', tag: 'env=prod' })).toBe(3);
    expect(activeFilterCount({ state: 'error', owner: 'all', tag: 'a=b', volume: 'vol-12345678', from: '2026-01-01', to: '2026-02-01' })).toBe(6);
  });

  it('counts the two ends of the date range apart', () => {
    expect(activeFilterCount({ from: '2026-01-01' })).toBe(1);
    expect(activeFilterCount({ from: '2026-01-01', to: '2026-01-31' })).toBe(2);
  });

  it('ignores empty values', () => {
    expect(activeFilterCount({ state: '', tag: '', from: undefined })).toBe(0);
  });

  it('counts what a link asks for, not the values the page drops', () => {
    const view = parseListState(new URLSearchParams('state=error&volume=vol-bad&tag=env%3Dprod&q=x'));
    expect(activeFilterCount(view)).toBe(2);
  });
});
