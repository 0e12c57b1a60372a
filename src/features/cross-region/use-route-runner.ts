/**
 * Runs a cross-Region route (route.ts) for the dialog: from its current step to the end, with each step's live
 * progress, the failure that stopped it, and a retry of that step. Saved after every ID (route-state.ts), so a
 * reload, or the dialog closed and opened again, resumes where it was.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OscClient } from '../../api/client';
import type { OosApi } from './oos';
import { regionPoller } from '../../lib/region-poller';
import { RouteFailure, runRoute, type StepProgress } from './route';
import { routeStorage, type RouteState, type StepName } from './route-state';

export interface RouteRunner {
  state: RouteState | null;
  progress: Partial<Record<StepName, StepProgress>>;
  failure: RouteFailure | null;
  running: boolean;
  start(state: RouteState): void;
  retry(): void;
}

export function useRouteRunner(initial: RouteState | null, deps: { source: OscClient; dest: OscClient | undefined; oos: OosApi | null; accountId: string }): RouteRunner {
  const [state, setState] = useState(initial);
  const [progress, setProgress] = useState<Partial<Record<StepName, StepProgress>>>({});
  const [failure, setFailure] = useState<RouteFailure | null>(null);
  const [running, setRunning] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(deps);
  useEffect(() => {
    latest.current = deps;
  });

  useEffect(() => {
    const { source, dest, oos, accountId } = latest.current;
    if (!state || !dest || !oos || failure) return;
    const abort = new AbortController();
    const working = structuredClone(state);
    setRunning(true);
    runRoute(working, {
      source,
      dest,
      oos,
      accountId,
      // What the route waits for is read by each Region's one poll scheduler, with the tray's copies.
      pollerFor: regionPoller,
      signal: abort.signal,
      save: (saved) => {
        routeStorage.save(saved);
        setState(structuredClone(saved));
      },
      onProgress: (p) => setProgress((all) => ({ ...all, [p.step]: p })),
    }).then(
      () => setRunning(false),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setRunning(false);
        setFailure(error instanceof RouteFailure ? error : new RouteFailure('export', error));
      },
    );
    return () => abort.abort(new DOMException('The dialog closed.', 'AbortError'));
    // One run per start or retry: the state it saves as it goes does not start another.
  }, [attempt, Boolean(state), failure === null]); // eslint-disable-line react-hooks/exhaustive-deps

  const start = useCallback((fresh: RouteState) => {
    routeStorage.save(fresh);
    setFailure(null);
    setState(fresh);
    setAttempt((n) => n + 1);
  }, []);
  const retry = useCallback(() => {
    setFailure(null);
    setAttempt((n) => n + 1);
  }, []);
  return { state, progress, failure, running, start, retry };
}
