// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { navigate, replaceSoon } from './router';

const here = () => window.location.pathname + window.location.search;

beforeEach(() => {
  vi.useFakeTimers();
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  vi.useRealTimers();
});

describe('replaceSoon', () => {
  it('writes the last of several calls once, after the delay, replacing the current entry', () => {
    const heard = vi.fn();
    window.addEventListener('app:navigate', heard);
    const entries = window.history.length;
    replaceSoon('/?q=w');
    replaceSoon('/?q=we');
    replaceSoon('/?q=wee');
    expect(here()).toBe('/');
    vi.advanceTimersByTime(299);
    expect(here()).toBe('/');
    vi.advanceTimersByTime(1);
    window.removeEventListener('app:navigate', heard);
    expect(here()).toBe('/?q=wee');
    expect(heard).toHaveBeenCalledTimes(1);
    expect(window.history.length).toBe(entries);
  });

  it('is written first when the page navigates meanwhile, so the list entry keeps what was typed', () => {
    const calls: string[] = [];
    const replace = vi.spyOn(window.history, 'replaceState').mockImplementation((_state, _title, url) => void calls.push(`replace ${String(url)}`));
    const push = vi.spyOn(window.history, 'pushState').mockImplementation((_state, _title, url) => void calls.push(`push ${String(url)}`));
    try {
      replaceSoon('/?q=weekly');
      navigate('/snapshots/snap-0000aaaa');
      vi.advanceTimersByTime(1000);
    } finally {
      replace.mockRestore();
      push.mockRestore();
    }
    expect(calls).toEqual(['replace /?q=weekly', 'push /snapshots/snap-0000aaaa']);
  });

  it('is dropped by Back and Forward (the entry they reach has its own URL)', () => {
    replaceSoon('/?q=late');
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(1000);
    expect(here()).toBe('/');
  });

  it('is written when the page is hidden', () => {
    replaceSoon('/?q=before-reload');
    window.dispatchEvent(new Event('pagehide'));
    expect(here()).toBe('/?q=before-reload');
  });
});
