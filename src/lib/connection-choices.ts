/**
 * The ways to change what the tab is connected to, each remembered as the tab's storage rules say (connection.ts:
 * a demo account or profile name in sessionStorage; keys only with "keep for this tab", in sessionStorage, never
 * localStorage). Used by the header's end and the Connect screen, both loaded lazily, so not part of the first script.
 */
import type { QueryClient } from '@tanstack/react-query';
import { DEMO_KEY, PROFILE_KEY, tabStorage, type Choice, type Credentials, type ExtraRegion } from './connection';

type Choose = (choice: Choice) => void;

export function switchProfile(choose: Choose, name: string): void {
  sessionStorage.setItem(PROFILE_KEY, name);
  sessionStorage.removeItem(DEMO_KEY);
  tabStorage.clear();
  choose({ kind: 'profile', name });
}

export function switchDemoAccount(choose: Choose, accountId: string): void {
  sessionStorage.setItem(DEMO_KEY, accountId);
  tabStorage.clear();
  choose({ kind: 'demo', accountId });
}

/** The account's own Region, and `extra` Regions each with its own account (keys or a server profile). */
export function connectCloud(choose: Choose, credentials: Credentials, accountId: string, keepForTab: boolean, extra: ExtraRegion[] = []): void {
  if (keepForTab) tabStorage.save({ ...credentials, accountId, ...(extra.length ? { extra } : {}) });
  else tabStorage.clear();
  choose({ kind: 'cloud', credentials, accountId, ...(extra.length ? { extra } : {}) });
}

/** Forgets everything: the tab's storage and every OUTSCALE answer cached. */
export function disconnect(choose: Choose, queryClient: QueryClient): void {
  tabStorage.clear();
  sessionStorage.removeItem(DEMO_KEY);
  sessionStorage.removeItem(PROFILE_KEY);
  queryClient.removeQueries({ queryKey: ['osc'] });
  choose({ kind: 'none' });
}
