/** The actions menu's popup: where it goes, and where each key moves focus. */
import { describe, expect, it } from 'vitest';
import { menuMove, placeMenu } from './menu-popup';

const rect = (left: number, top: number, width: number, height: number) => ({ left, top, right: left + width, bottom: top + height, width, height, x: left, y: top, toJSON: () => ({}) }) as DOMRect;

describe('menu popup', () => {
  it('wraps ↓ and ↑, jumps with Home and End, ignores other keys', () => {
    expect(menuMove('ArrowDown', 2, 3)).toBe(0);
    expect(menuMove('ArrowUp', 0, 3)).toBe(2);
    expect(menuMove('ArrowDown', -1, 3)).toBe(0);
    expect(menuMove('Home', 2, 3)).toBe(0);
    expect(menuMove('End', 0, 3)).toBe(2);
    expect(menuMove('x', 0, 3)).toBeUndefined();
    expect(menuMove('ArrowDown', 0, 0)).toBeUndefined();
  });

  it('opens under its button, right edges aligned, and above it when there is no room below', () => {
    const view = { width: 1280, height: 800 };
    expect(placeMenu(rect(1200, 100, 24, 20), { width: 180, height: 120 }, view)).toEqual({ left: 1044, top: 122 });
    expect(placeMenu(rect(1200, 740, 24, 20), { width: 180, height: 120 }, view)).toEqual({ left: 1044, top: 618 });
    // never past the window's left edge
    expect(placeMenu(rect(10, 100, 24, 20), { width: 180, height: 120 }, view).left).toBe(4);
  });
});
