// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { lazy, Suspense } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoadBoundary } from './load-boundary';

afterEach(cleanup);

describe('LoadBoundary', () => {
  it('a lazy part that cannot be fetched offers a reload, and what is outside it stays', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const Broken = lazy(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module: http://x/assets/copy-dialog-abc.js')));
    render(
      <>
        <p>the list</p>
        <LoadBoundary what="dialog">
          <Suspense fallback={null}>
            <Broken />
          </Suspense>
        </LoadBoundary>
      </>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('The dialog could not be loaded: the network may have dropped, or a new version of the console was deployed.');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
    expect(screen.getByText('the list')).toBeTruthy();
    vi.restoreAllMocks();
  });

  it('any other error is named, with a reload too', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const Throws = () => {
      throw new Error('boom');
    };
    render(
      <LoadBoundary what="page">
        <Throws />
      </LoadBoundary>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('The page stopped with an error: boom.');
    vi.restoreAllMocks();
  });
});
