import { describe, expect, it } from 'vitest';
import { nextRow, scrollFor } from './use-roving-rows';

describe('roving focus over rows', () => {
  it('moves by one, by ten, to the edges, and stays within the rows', () => {
    expect(nextRow('ArrowDown', 3, 50)).toBe(4);
    expect(nextRow('ArrowUp', 3, 50)).toBe(2);
    expect(nextRow('ArrowUp', 0, 50)).toBe(0);
    expect(nextRow('ArrowDown', 49, 50)).toBe(49);
    expect(nextRow('PageDown', 3, 50)).toBe(13);
    expect(nextRow('PageDown', 45, 50)).toBe(49);
    expect(nextRow('PageUp', 5, 50)).toBe(0);
    expect(nextRow('Home', 30, 50)).toBe(0);
    expect(nextRow('End', 3, 50)).toBe(49);
    expect(nextRow('Enter', 3, 50)).toBeUndefined();
    expect(nextRow('ArrowDown', 0, 0)).toBeUndefined();
  });

  it('scrolls just enough to show the row below the sticky header', () => {
    // rows of 44 px, a 40 px header, a 400 px viewport scrolled to 0: rows 0 to 7 are in view
    expect(scrollFor(0, 44, 40, 0, 400)).toBeUndefined();
    expect(scrollFor(7, 44, 40, 0, 400)).toBeUndefined();
    expect(scrollFor(8, 44, 40, 0, 400)).toBe(40 + 9 * 44 - 400);
    expect(scrollFor(2, 44, 40, 200, 400)).toBe(88);
    expect(scrollFor(1000, 44, 40, 0, 400)).toBe(40 + 1001 * 44 - 400);
  });
});
