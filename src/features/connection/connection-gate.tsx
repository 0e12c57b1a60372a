import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { fetchDemoAccounts } from '../../api/sandbox';
import { ErrorPanel } from '../../components/ui/error-panel';
import { connectionForDemoAccount, type Connection } from './connection';

/**
 * Connects to a sandbox demo account when the page is served by the sandbox. The Connect screen for the
 * real OUTSCALE comes with the snapshots page.
 */
export function ConnectionGate({ children }: { children: (connection: Connection) => ReactNode }) {
  const origin = window.location.origin;
  const accounts = useQuery({
    queryKey: ['sandbox', 'accounts', origin],
    queryFn: ({ signal }) => fetchDemoAccounts(origin, signal),
    staleTime: Infinity,
  });
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const list = accounts.data ?? [];
  const account = list.find((a) => a.AccountId === chosen) ?? list.find((a) => a.Role === 'operator') ?? list[0];
  const connection = useMemo(
    () => (account ? connectionForDemoAccount(account, origin) : undefined),
    [account, origin],
  );

  if (accounts.isPending) return <p role="status">Connecting to the sandbox…</p>;
  if (accounts.isError) return <ErrorPanel error={accounts.error} onRetry={() => void accounts.refetch()} />;
  if (!connection || !account) {
    return <p role="alert">No sandbox demo account was found. Start the dashboard with `npm start`.</p>;
  }
  return (
    <div className="space-y-4">
      <label className="flex items-center gap-2 text-sm">
        <span>Demo account</span>
        <select
          className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          value={account.AccountId}
          onChange={(event) => setChosen(event.target.value)}
        >
          {list.map((a) => (
            <option key={a.AccountId} value={a.AccountId}>
              {(a.AccountAlias ?? a.AccountId) + ` (${a.Role})`}
            </option>
          ))}
        </select>
      </label>
      {children(connection)}
    </div>
  );
}
