import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { fetchDemoAccounts, fetchProfiles, type ConsoleProfile, type DemoAccount } from '../api/sandbox';
import { connect, connectProfile, tabStorage, type Connection, type Credentials } from './connection';

interface ConnectionState {
  connection: Connection | null;
  /** Demo accounts when the page is served by the sandbox, else null; undefined while checking. */
  demoAccounts: DemoAccount[] | null | undefined;
  demoError: Error | null;
  /** The server's osc-cli profiles; null when no Snapshot Console server serves the page (no pass-through). */
  profiles: ConsoleProfile[] | null | undefined;
  switchDemoAccount(accountId: string): void;
  switchProfile(name: string): void;
  connectCloud(credentials: Credentials, accountId: string, keepForTab: boolean): void;
  disconnect(): void;
}

const ConnectionContext = createContext<ConnectionState | null>(null);
const DEMO_KEY = 'snapshot-console.demo-account';
const PROFILE_KEY = 'snapshot-console.profile';

type Choice =
  | { kind: 'demo'; accountId?: string }
  | { kind: 'profile'; name?: string }
  | { kind: 'cloud'; credentials: Credentials; accountId: string }
  | { kind: 'none' };

function initialChoice(): Choice {
  const saved = tabStorage.load();
  if (saved) {
    const { accountId, ...credentials } = saved;
    return { kind: 'cloud', credentials, accountId };
  }
  const demo = sessionStorage.getItem(DEMO_KEY);
  if (demo) return { kind: 'demo', accountId: demo };
  // With profiles on the server, the first one is the default; else the sandbox's demo operator.
  return { kind: 'profile', name: sessionStorage.getItem(PROFILE_KEY) ?? undefined };
}

export function ConnectionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const origin = window.location.origin;
  const demo = useQuery({
    queryKey: ['sandbox', 'accounts', origin],
    queryFn: ({ signal }) => fetchDemoAccounts(origin, signal),
    staleTime: Infinity,
    retry: false,
  });
  const profiles = useQuery({
    queryKey: ['console', 'profiles', origin],
    queryFn: ({ signal }) => fetchProfiles(origin, signal),
    staleTime: Infinity,
    retry: false,
  });
  const [choice, setChoice] = useState<Choice>(initialChoice);

  const connection = useMemo(() => {
    if (choice.kind === 'cloud') return connect(choice.credentials, 'cloud', choice.accountId);
    if (choice.kind === 'profile' && profiles.data?.length) {
      const profile = profiles.data.find((p) => p.Name === choice.name) ?? profiles.data[0]!;
      return connectProfile(origin, profile.Name, profile.Region, profile.AccountId ?? 'unknown');
    }
    if (choice.kind === 'profile' && profiles.isPending) return null;
    if ((choice.kind !== 'demo' && choice.kind !== 'profile') || !demo.data) return null;
    const account =
      demo.data.find((a) => choice.kind === 'demo' && a.AccountId === choice.accountId) ??
      demo.data.find((a) => a.Role === 'operator') ??
      demo.data[0];
    if (!account) return null;
    return connect(
      { endpoint: origin, region: account.Region, accessKey: account.AccessKey, secretKey: account.SecretKey },
      'sandbox',
      account.AccountId,
      account.AccountAlias,
    );
  }, [choice, demo.data, profiles.data, profiles.isPending, origin]);

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

  const connectCloud = useCallback((credentials: Credentials, accountId: string, keepForTab: boolean) => {
    if (keepForTab) tabStorage.save({ ...credentials, accountId });
    else tabStorage.clear();
    setChoice({ kind: 'cloud', credentials, accountId });
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
