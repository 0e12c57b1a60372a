// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { readyLazy } from './ready-lazy';

afterEach(cleanup);

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

const Hello = ({ name }: { name: string }) => <p>Hello {name}</p>;

class Boundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {};
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error ? <p role="alert">{String(this.state.error)}</p> : this.props.children;
  }
}

describe('readyLazy', () => {
  it('renders at once, in the first commit, when its chunk arrived before its first render', async () => {
    const Lazy = readyLazy(() => Promise.resolve({ default: Hello }), <p>loading</p>);
    await Lazy.load();
    render(<Lazy name="rows" />);
    // synchronously, with no act() to flush a suspension: no fallback was ever committed
    expect(screen.getByText('Hello rows')).toBeTruthy();
    expect(screen.queryByText('loading')).toBeNull();
  });

  it('shows its fallback while the chunk is on its way, then the component as soon as it arrives', async () => {
    const chunk = deferred<{ default: typeof Hello }>();
    let calls = 0;
    const Lazy = readyLazy(() => (calls++, chunk.promise), <p>loading</p>);
    render(<Lazy name="rows" />);
    expect(screen.getByText('loading')).toBeTruthy();
    void Lazy.load();
    await act(async () => chunk.resolve({ default: Hello }));
    expect(screen.getByText('Hello rows')).toBeTruthy();
    expect(calls).toBe(1); // rendering and load() share one fetch
  });

  it('throws a chunk that cannot load to the error boundary', async () => {
    const chunk = deferred<{ default: typeof Hello }>();
    const Lazy = readyLazy(() => chunk.promise);
    const quiet = console.error;
    console.error = () => undefined; // React reports the caught error
    try {
      render(
        <Boundary>
          <Lazy name="rows" />
        </Boundary>,
      );
      await act(async () => chunk.reject(new Error('Failed to fetch dynamically imported module')));
    } finally {
      console.error = quiet;
    }
    expect(screen.getByRole('alert').textContent).toContain('Failed to fetch dynamically imported module');
  });
});
