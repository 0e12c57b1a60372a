import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ConsoleProfile, DemoAccount } from '../api/sandbox';
import { demoAccountsQuery, initialChoice, profilesQuery, resolveConnection, type Choice, type Connection } from './connection';
import { useRegionParam } from './router';

interface ConnectionState {
  /**
   * The connection re-based on the Region shown (`?region=NAME`, src/lib/router.ts): its client, region, accountId
   * and label are that Region's; `regions` (the account's first Region first) and `clientFor` as connected.
   */
  connection: Connection | null;
  /** Demo accounts when the page is served by the sandbox, else null; undefined while checking. */
  demoAccounts: DemoAccount[] | null | undefined;
  demoError: Error | null;
  /** The server's osc-cli profiles; null when no Snapshot Console server serves the page (no pass-through). */
  profiles: ConsoleProfile[] | null | undefined;
  /**
   * Connects the tab to another choice (as is: what the tab remembers is for src/lib/connection-choices.ts, loaded
   * with the header's end and the Connect screen).
   */
  choose(choice: Choice): void;
}

const ConnectionContext = createContext<ConnectionState | null>(null);

export function ConnectionProvider({ children }: { children: ReactNode }) {
  const origin = window.location.origin;
  const demo = useQuery(demoAccountsQuery(origin));
  const profiles = useQuery(profilesQuery(origin));
  const [choice, setChoice] = useState<Choice>(initialChoice);

  const connected = useMemo(
    () => resolveConnection(choice, demo.data, profiles.isPending ? undefined : (profiles.data ?? null), origin),
    [choice, demo.data, profiles.data, profiles.isPending, origin],
  );
  const region = useRegionParam();
  const connection = useMemo(() => showRegion(connected, region), [connected, region]);

  const value = useMemo(
    () => ({
      connection,
      demoAccounts: demo.isPending ? undefined : (demo.data ?? null),
      demoError: demo.error,
      profiles: profiles.isPending ? undefined : (profiles.data ?? null),
      choose: setChoice,
    }),
    [connection, demo.isPending, demo.data, demo.error, profiles.isPending, profiles.data],
  );
  return <ConnectionContext.Provider value={value}>{children}</ConnectionContext.Provider>;
}

/** The connection as the pages show it in `region`: that Region's client, region, accountId and label; as is for its first Region or one not connected. */
export function showRegion(connection: Connection | null, region: string): Connection | null {
  const shown = connection?.regions.find((r) => r.region === region);
  return connection && shown && shown.region !== connection.region ? { ...connection, ...shown } : connection;
}

/** Inside a ConnectionProvider (the app renders every page in one). */
export const useConnectionState = (): ConnectionState => useContext(ConnectionContext)!;

/** The live connection, re-based on the Region shown; only for pages rendered once connected. */
export function useConnection(): Connection {
  const { connection } = useConnectionState();
  if (!connection) throw new Error('Not connected');
  return connection;
}
