// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useDroppedParams } from './dropped-params';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe('useDroppedParams', () => {
  it("drops a link's bad values from the URL in place, names them until dismissed, and keeps the good ones", () => {
    window.history.replaceState(null, '', '/volumes?state=bogus&q=db&type=xyz');
    const length = window.history.length;
    const { result, rerender } = renderHook(({ url, bad }) => useDroppedParams(new URL(url), bad), {
      initialProps: { url: window.location.href, bad: ['state', 'type'] },
    });
    expect(result.current.ignored).toBe('state=bogus, type=xyz');
    expect(window.location.pathname + window.location.search).toBe('/volumes?q=db');
    expect(window.history.length).toBe(length);
    // the page renders again on the cleaned URL: the note stays until dismissed
    rerender({ url: window.location.href, bad: [] });
    expect(result.current.ignored).toBe('state=bogus, type=xyz');
    act(() => result.current.dismiss());
    expect(result.current.ignored).toBe('');
  });

  it('does nothing when every value is good', () => {
    window.history.replaceState(null, '', '/?q=db');
    const { result } = renderHook(() => useDroppedParams(new URL(window.location.href), []));
    expect(result.current.ignored).toBe('');
    expect(window.location.search).toBe('?q=db');
  });
});
