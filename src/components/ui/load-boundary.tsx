import { Component, type ReactNode } from 'react';

/**
 * Catches what a lazily loaded part of the console throws while loading or rendering, so the rest stays usable:
 * a chunk that cannot be fetched (the network dropped, or a new version was deployed and the old files are gone)
 * offers a reload instead of a blank page.
 */
export class LoadBoundary extends Component<{ children: ReactNode; what: string }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    // Chromium, Firefox and Safari word a failed dynamic import differently; all say "module".
    const chunk = /module/i.test(error.message);
    return (
      <div role="alert" className="m-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        {chunk
          ? `The ${this.props.what} could not be loaded: the network may have dropped, or a new version of the console was deployed. `
          : `The ${this.props.what} stopped with an error: ${error.message}. `}
        <button type="button" className="font-medium underline" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
