import { useQuery } from '@tanstack/react-query';
import { SNAPSHOT_STATES, type Snapshot } from '../../api/schemas';
import { ErrorPanel } from '../../components/ui/error-panel';
import type { Connection } from '../connection/connection';
import { accountQueries, snapshotQueries } from './queries';

function countByState(snapshots: Snapshot[]): Map<string, number> {
  const counts = new Map<string, number>(SNAPSHOT_STATES.map((state) => [state, 0]));
  for (const snapshot of snapshots) counts.set(snapshot.State, (counts.get(snapshot.State) ?? 0) + 1);
  return counts;
}

/** The connected account and its snapshots per state, read live through the typed client. */
export function AccountOverview({ connection }: { connection: Connection }) {
  const account = useQuery(accountQueries.self(connection.client));
  const accountId = account.data?.AccountId;
  const snapshots = useQuery({
    ...snapshotQueries.list(connection.client, accountId ? { AccountIds: [accountId] } : undefined),
    enabled: Boolean(accountId),
  });

  if (account.isError) return <ErrorPanel error={account.error} onRetry={() => void account.refetch()} />;
  if (snapshots.isError) return <ErrorPanel error={snapshots.error} onRetry={() => void snapshots.refetch()} />;

  return (
    <section aria-labelledby="account-heading" className="space-y-4">
      <h2 id="account-heading" className="text-xl font-semibold">
        Account
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600 dark:text-slate-400">Account ID</dt>
        <dd className="font-mono" aria-label="Account ID">
          {accountId ?? '…'}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Region</dt>
        <dd>{connection.region}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Name</dt>
        <dd>{connection.label}</dd>
      </dl>
      <h3 className="text-lg font-semibold">Own snapshots by state</h3>
      {snapshots.isPending ? (
        <p role="status">Loading snapshots…</p>
      ) : (
        <table className="min-w-64 text-sm">
          <caption className="sr-only">Number of own snapshots in each state</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-6 text-left">
                State
              </th>
              <th scope="col" className="text-right">
                Snapshots
              </th>
            </tr>
          </thead>
          <tbody>
            {[...countByState(snapshots.data).entries()].map(([state, count]) => (
              <tr key={state}>
                <th scope="row" className="pr-6 text-left font-normal">
                  {state}
                </th>
                <td className="text-right tabular-nums">{count}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="pr-6 text-left">
                Total
              </th>
              <td className="text-right font-semibold tabular-nums">{snapshots.data.length}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
