import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ConsoleProfile, DemoAccount } from '../api/sandbox';
import {
  DEMO_KEY,
  demoAccountsQuery,
  initialChoice,
  PROFILE_KEY,
  profilesQuery,
  resolveConnection,
  tabStorage,
  type Choice,
  type Connection,
  type Credentials,
  type ExtraRegion,
} from './connection';

interface ConnectionState {
  connection: Connection | null;
  /** Demo accounts when the page is served by the sandbox, else null; undefined while checking. */
  demoAccounts: DemoAccount[] | null | undefined;
  demoError: Error | null;
  /** The server's osc-cli profiles; null when no Snapshot Console server serves the page (no pass-through). */
  profiles: ConsoleProfile[] | null | undefined;
  switchDemoAccount(accountId: string): void;
  switchProfile(name: string): void;
  /** The account's own Region, and `extra` Regions each with its own account (keys or a server profile). */
  connectCloud(credentials: Credentials, accountId: string, keepForTab: boolean, extra?: ExtraRegion[]): void;
  disconnect(): void;
}

const ConnectionContext = createContext<ConnectionState | null>(null);

export function ConnectionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const origin = window.location.origin;
  const demo = useQuery(demoAccountsQuery(origin));
  const profiles = useQuery(profilesQuery(origin));
  const [choice, setChoice] = useState<Choice>(initialChoice);

  const connection = useMemo(
    () => resolveConnection(choice, demo.data, profiles.isPending ? undefined : (profiles.data ?? null), origin),
    [choice, demo.data, profiles.data, profiles.isPending, origin],
  );

  const switchProfile = useCallback((name: string) => {
    sessionStorage.setItem(PROFILE_KEY, name);
    sessionStorage.removeItem(DEMO_KEY);
    tabStorage.clear();
    setChoice({ kind: 'profile', name });
  }, []);

  const switchDemoAccount = useCallback((accountId: string) => {
    sessionStorage.setItem(DEMO_KEY, accountId);
    tabStorage.clear();
    setChoice({ kind: 'demo', accountId });
  }, []);

  const connectCloud = useCallback((credentials: Credentials, accountId: string, keepForTab: boolean, extra: ExtraRegion[] = []) => {
    if (keepForTab) tabStorage.save({ ...credentials, accountId, ...(extra.length ? { extra } : {}) });
    else tabStorage.clear();
    setChoice({ kind: 'cloud', credentials, accountId, ...(extra.length ? { extra } : {}) });
  }, []);

  const disconnect = useCallback(() => {
    tabStorage.clear();
    sessionStorage.removeItem(DEMO_KEY);
    sessionStorage.removeItem(PROFILE_KEY);
    queryClient.removeQueries({ queryKey: ['osc'] });
    setChoice({ kind: 'none' });
  }, [queryClient]);

  const value = useMemo(
    () => ({
      connection,
      demoAccounts: demo.isPending ? undefined : (demo.data ?? null),
      demoError: demo.error,
      profiles: profiles.isPending ? undefined : (profiles.data ?? null),
      switchDemoAccount,
      switchProfile,
      connectCloud,
      disconnect,
    }),
    [connection, demo.isPending, demo.data, demo.error, profiles.isPending, profiles.data, switchDemoAccount, switchProfile, connectCloud, disconnect],
  );
  return <ConnectionContext.Provider value={value}>{children}</ConnectionContext.Provider>;
}

export function useConnectionState(): ConnectionState {
  const state = useContext(ConnectionContext);
  if (!state) throw new Error('useConnectionState needs a ConnectionProvider');
  return state;
}

/** The live connection; only for pages rendered once connected. */
export function useConnection(): Connection {
  const { connection } = useConnectionState();
  if (!connection) throw new Error('useConnection used before connecting');
  return connection;
}
