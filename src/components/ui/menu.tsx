/**
 * An actions menu (WAI-ARIA menu button pattern). The button holds no state and no hook, so a table can give one
 * to every row at no cost per row; its popup (menu-popup.ts) loads when a menu is first opened, and keeps
 * `aria-expanded` on the button true while it is open.
 */
import type { KeyboardEvent, ReactNode } from 'react';

import type { MenuItem } from './menu-popup';

export type { MenuItem };

/** Opens the menu of `button` with `items`, focus on the first item (or the last). */
export function openMenu(button: HTMLElement, items: MenuItem[], focus: 'first' | 'last' = 'first') {
  void import('./menu-popup').then((popup) => popup.showMenu(button, items, focus));
}

/**
 * The menu's button. `items` is called when the menu opens, not on each render. `arrows` (default true): ↓ and ↑
 * open the menu too; a table row leaves them to move between rows (Enter and Space open it there).
 */
export function MenuButton({ label, items, children, className = '', tabIndex, arrows = true }: { label: string; items: () => MenuItem[]; children: ReactNode; className?: string; tabIndex?: number; arrows?: boolean }) {
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!arrows || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    event.preventDefault();
    event.stopPropagation();
    openMenu(event.currentTarget, items(), event.key === 'ArrowUp' ? 'last' : 'first');
  };
  return (
    <button type="button" aria-haspopup="menu" aria-expanded="false" aria-label={label} tabIndex={tabIndex} className={className} onClick={(event) => openMenu(event.currentTarget, items())} onKeyDown={onKeyDown}>
      {children}
    </button>
  );
}
