/**
 * The popup of an actions menu (menu.tsx), in plain DOM: one at a time, placed under its button (above it when
 * there is no room below), `role="menu"` with `menuitem`s. Keys as the APG menu pattern: ↓ ↑ (wrapping), Home,
 * End, a letter to the next item starting with it, Enter or Space to choose, Escape (and Tab) to close with focus
 * back on the button. A click outside, a scroll or a resize closes it.
 */
export interface MenuItem {
  label: string;
  onSelect: () => void;
  /** Why the item cannot be used now: shown under it, and the item is aria-disabled. */
  disabled?: string;
  /** A destructive action (Delete): red text. */
  danger?: boolean;
}

interface Open {
  button: HTMLElement;
  menu: HTMLElement;
  stop: () => void;
}

let open: Open | null = null;
let serial = 0;

const ITEM =
  'block w-full cursor-pointer rounded px-3 py-1.5 text-left text-sm outline-none focus:bg-blue-100 hover:bg-hover dark:focus:bg-slate-700 aria-disabled:cursor-not-allowed aria-disabled:text-slate-500 dark:aria-disabled:text-slate-400';

/** Closes the open menu; `refocus` gives focus back to its button. */
export function closeMenu(refocus: boolean) {
  if (!open) return;
  const { button, menu, stop } = open;
  open = null;
  stop();
  menu.remove();
  button.setAttribute('aria-expanded', 'false');
  button.removeAttribute('aria-controls');
  if (refocus) button.focus();
}

/** Where the menu goes: under the button, its right edge on the button's, kept inside the window. */
export function placeMenu(button: DOMRect, size: { width: number; height: number }, view: { width: number; height: number }) {
  const left = Math.max(4, Math.min(view.width - size.width - 4, button.right - size.width));
  const below = button.bottom + 2;
  const top = below + size.height <= view.height - 4 || button.top - size.height - 2 < 4 ? below : button.top - size.height - 2;
  return { left, top };
}

/** The index a key moves to among `count` items from `at`, or undefined for a key that does not move. */
export function menuMove(key: string, at: number, count: number): number | undefined {
  if (count === 0) return undefined;
  if (key === 'ArrowDown') return (at + 1) % count;
  if (key === 'ArrowUp') return (at - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

export function showMenu(button: HTMLElement, items: MenuItem[], focus: 'first' | 'last') {
  const reopening = open?.button === button;
  closeMenu(false);
  if (reopening || !button.isConnected) return;
  const menu = document.createElement('div');
  menu.id = `actions-menu-${++serial}`;
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', button.getAttribute('aria-label') ?? 'Actions');
  menu.className =
    'fixed z-50 min-w-44 max-w-xs rounded-md border border-control bg-surface p-1 text-ink shadow-lg';
  const elements = items.map((item, index) => {
    const element = document.createElement('div');
    element.setAttribute('role', 'menuitem');
    element.tabIndex = -1;
    element.className = `${ITEM} ${item.danger && !item.disabled ? 'text-red-700 dark:text-red-300' : ''}`;
    element.textContent = item.label;
    if (item.disabled) {
      element.setAttribute('aria-disabled', 'true');
      const reason = document.createElement('span');
      reason.id = `${menu.id}-why-${index}`;
      reason.className = 'block text-xs';
      reason.textContent = item.disabled;
      element.append(reason);
    }
    element.addEventListener('click', () => choose(index));
    return element;
  });
  menu.append(...elements);

  const choose = (index: number) => {
    const item = items[index];
    if (!item || item.disabled) return;
    closeMenu(true);
    item.onSelect();
  };
  const focused = () => elements.indexOf(document.activeElement as HTMLDivElement);
  menu.addEventListener('keydown', (event) => {
    event.stopPropagation();
    const at = focused();
    const to = menuMove(event.key, at, elements.length);
    if (to !== undefined) {
      event.preventDefault();
      elements[to]?.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(at);
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      closeMenu(true);
    } else if (event.key.length === 1 && /\S/.test(event.key)) {
      const letter = event.key.toLowerCase();
      const order = elements.map((_, i) => (at + 1 + i) % elements.length);
      const next = order.find((i) => items[i]?.label.toLowerCase().startsWith(letter));
      if (next !== undefined) elements[next]?.focus();
    }
  });

  document.body.append(menu);
  const { left, top } = placeMenu(button.getBoundingClientRect(), menu.getBoundingClientRect(), { width: window.innerWidth, height: window.innerHeight });
  menu.style.left = `${left}px`;
  menu.style.top = `${top}px`;
  button.setAttribute('aria-expanded', 'true');
  button.setAttribute('aria-controls', menu.id);

  const outside = (event: Event) => {
    if (!menu.contains(event.target as Node) && !button.contains(event.target as Node)) closeMenu(false);
  };
  const away = (event: Event) => {
    if (!menu.contains(event.target as Node)) closeMenu(false);
  };
  const gone = () => closeMenu(false);
  document.addEventListener('pointerdown', outside, true);
  document.addEventListener('scroll', away, true);
  window.addEventListener('resize', gone);
  open = {
    button,
    menu,
    stop: () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('scroll', away, true);
      window.removeEventListener('resize', gone);
    },
  };
  (focus === 'last' ? elements.at(-1) : elements[0])?.focus();
}
