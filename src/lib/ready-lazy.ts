/**
 * A lazily loaded component that never suspends: until its chunk has arrived it renders `fallback`, then the
 * component itself, each time as an ordinary update that React commits at once. For a component on the first
 * screen whose chunk is fetched ahead (the snapshot table, the filter bar).
 *
 * `lazy()` inside `<Suspense>` suspends on its first render even when the chunk is already there (React learns
 * that the promise has settled a microtask later), and a boundary that has shown its fallback reveals its
 * content as a "retry", which React 19 holds until 300 ms after the latest fallback was shown anywhere
 * (FALLBACK_THROTTLE_MS); updates inside a boundary that shows its fallback are deferred likewise. For the
 * snapshot table that was 300 to 400 ms between the first page's arrival and its rows on screen.
 * A chunk that cannot load throws its error to the nearest error boundary (LoadBoundary), as lazy() does.
 */
import { createElement, useReducer, type ComponentProps, type ComponentType, type ReactNode } from 'react';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as React.lazy's own constraint
type AnyComponent = ComponentType<any>;

/** The component, and `load()`: starts (or joins) the chunk's fetch. */
export type ReadyLazy<T extends AnyComponent> = ((props: ComponentProps<T>) => ReactNode) & { load: () => Promise<unknown> };

export function readyLazy<T extends AnyComponent>(loader: () => Promise<{ default: T }>, fallback: ReactNode = null): ReadyLazy<T> {
  let loaded: T | undefined;
  let failed: { error: unknown } | undefined;
  let loading: Promise<unknown> | undefined;
  const load = () =>
    (loading ??= loader().then(
      (module) => void (loaded = module.default),
      (error: unknown) => void (failed = { error }),
    ));
  function Component(props: ComponentProps<T>) {
    const [, rendered] = useReducer((n: number) => n + 1, 0);
    if (loaded) return createElement(loaded, props);
    if (failed) throw failed.error; // the boundary offers a reload
    void load().then(rendered); // once settled, this instance renders again (nothing happens if it is gone)
    return fallback;
  }
  return Object.assign(Component, { load });
}
