// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Link } from './link';

const here = () => window.location.pathname + window.location.search;

beforeEach(() => {
  window.history.replaceState(null, '', '/?state=pending');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('Link', () => {
  it('is a real link, and a plain click navigates in the page and tells the router', () => {
    const heard = vi.fn();
    window.addEventListener('app:navigate', heard);
    render(<Link to="/snapshots/snap-0000aaaa">open</Link>);
    const link = screen.getByRole('link', { name: 'open' });
    expect(link.getAttribute('href')).toBe('/snapshots/snap-0000aaaa');
    const notCancelled = fireEvent.click(link);
    window.removeEventListener('app:navigate', heard);
    expect(notCancelled).toBe(false);
    expect(here()).toBe('/snapshots/snap-0000aaaa');
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('leaves a click with a modifier (new tab, new window) to the browser', () => {
    const heard = vi.fn();
    window.addEventListener('app:navigate', heard);
    render(<Link to="/snapshots/snap-0000aaaa">open</Link>);
    const clicks = ['ctrlKey', 'metaKey', 'shiftKey', 'altKey'].map((modifier) => fireEvent.click(screen.getByRole('link'), { [modifier]: true }));
    window.removeEventListener('app:navigate', heard);
    // not cancelled: the browser does what the modifier asks
    expect(clicks).toEqual([true, true, true, true]);
    expect(heard).not.toHaveBeenCalled();
  });

  it('runs its own onClick first, which may keep the page where it is', () => {
    const onClick = vi.fn((event: { preventDefault: () => void }) => event.preventDefault());
    render(
      <Link to="/elsewhere" onClick={onClick}>
        open
      </Link>,
    );
    fireEvent.click(screen.getByRole('link'));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(here()).toBe('/?state=pending');
  });

  it('a back link goes Back when there is history, else to its target', () => {
    const back = vi.spyOn(window.history, 'back').mockImplementation(() => {});
    const length = vi.spyOn(window.history, 'length', 'get');
    render(
      <Link to="/" back>
        back
      </Link>,
    );
    length.mockReturnValue(3);
    fireEvent.click(screen.getByRole('link'));
    expect(back).toHaveBeenCalledTimes(1);
    expect(here()).toBe('/?state=pending');
    length.mockReturnValue(1);
    fireEvent.click(screen.getByRole('link'));
    expect(back).toHaveBeenCalledTimes(1);
    expect(here()).toBe('/');
  });

  it('carries the Region shown in its href and its navigation (a new tab opens the same Region)', () => {
    window.history.replaceState(null, '', '/?region=us-east-2');
    render(<Link to="/snapshots/snap-0000aaaa">open</Link>);
    const link = screen.getByRole('link', { name: 'open' });
    expect(link.getAttribute('href')).toBe('/snapshots/snap-0000aaaa?region=us-east-2');
    fireEvent.click(link);
    expect(here()).toBe('/snapshots/snap-0000aaaa?region=us-east-2');
  });
});
