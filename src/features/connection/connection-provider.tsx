import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { fetchDemoAccounts, type DemoAccount } from '../../api/sandbox';
import { connect, tabStorage, type Connection, type Credentials } from './connection';

interface ConnectionState {
  connection: Connection | null;
  /** Demo accounts when the page is served by the sandbox, else null; undefined while checking. */
  demoAccounts: DemoAccount[] | null | undefined;
  demoError: Error | null;
  switchDemoAccount(accountId: string): void;
  connectCloud(credentials: Credentials, accountId: string, keepForTab: boolean): void;
  disconnect(): void;
}

const ConnectionContext = createContext<ConnectionState | null>(null);
const DEMO_KEY = 'snapshot-console.demo-account';

type Choice = { kind: 'demo'; accountId?: string } | { kind: 'cloud'; credentials: Credentials; accountId: string } | { kind: 'none' };

function initialChoice(): Choice {
  const saved = tabStorage.load();
  if (saved) {
    const { accountId, ...credentials } = saved;
    return { kind: 'cloud', credentials, accountId };
  }
  return { kind: 'demo', accountId: sessionStorage.getItem(DEMO_KEY) ?? undefined };
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
  const [choice, setChoice] = useState<Choice>(initialChoice);

  const connection = useMemo(() => {
    if (choice.kind === 'cloud') return connect(choice.credentials, 'cloud', choice.accountId);
    if (choice.kind !== 'demo' || !demo.data) return null;
    const account =
      demo.data.find((a) => a.AccountId === choice.accountId) ?? demo.data.find((a) => a.Role === 'operator') ?? demo.data[0];
    if (!account) return null;
    return connect(
      { endpoint: origin, region: account.Region, accessKey: account.AccessKey, secretKey: account.SecretKey },
      'sandbox',
      account.AccountId,
      account.AccountAlias,
    );
  }, [choice, demo.data, origin]);

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
    queryClient.removeQueries({ queryKey: ['osc'] });
    setChoice({ kind: 'none' });
  }, [queryClient]);

  const value = useMemo(
    () => ({
      connection,
      demoAccounts: demo.isPending ? undefined : (demo.data ?? null),
      demoError: demo.error,
      switchDemoAccount,
      connectCloud,
      disconnect,
    }),
    [connection, demo.isPending, demo.data, demo.error, switchDemoAccount, connectCloud, disconnect],
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
