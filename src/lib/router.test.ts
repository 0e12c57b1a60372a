// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepRegion, navigate, regionParam, replaceSoon } from './router';

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

describe('the Region shown (?region=NAME) is carried by every navigation', () => {
  it('adds the current region= to a path or query that names none', () => {
    window.history.replaceState(null, '', '/?region=us-east-2');
    expect(regionParam()).toBe('us-east-2');
    expect(keepRegion('/snapshots/snap-0000aaaa')).toBe('/snapshots/snap-0000aaaa?region=us-east-2');
    expect(keepRegion('/?state=error&owner=mine')).toBe('/?state=error&owner=mine&region=us-east-2');
    navigate('/volumes?state=available');
    expect(here()).toBe('/volumes?state=available&region=us-east-2');
  });

  it('leaves a link that names its own Region, and carries nothing without region= (the first Region)', () => {
    window.history.replaceState(null, '', '/?region=us-east-2');
    expect(keepRegion('/?owner=mine&region=eu-west-2')).toBe('/?owner=mine&region=eu-west-2');
    // A filter whose value mentions region= is not a Region (the list encodes the = of a value).
    expect(keepRegion('/?tag=region%3Dx')).toBe('/?tag=region%3Dx&region=us-east-2');
    window.history.replaceState(null, '', '/?state=error');
    expect(regionParam()).toBe('');
    expect(keepRegion('/overview')).toBe('/overview');
  });

  it('keepRegion: false takes the URL as is (the switch back to the first Region)', () => {
    window.history.replaceState(null, '', '/overview?region=us-east-2');
    navigate('/overview', { keepRegion: false });
    expect(here()).toBe('/overview');
  });

  it('a search written later (replaceSoon) keeps the Region too', () => {
    window.history.replaceState(null, '', '/?region=us-east-2');
    replaceSoon('/?q=backup');
    vi.advanceTimersByTime(300);
    expect(here()).toBe('/?q=backup&region=us-east-2');
  });
});
