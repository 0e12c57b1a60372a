import { useQuery } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link } from '../../lib/link';
import { snapshotHref } from '../../lib/router';
import { SNAPSHOT_ID_PATTERN } from '../../api/ids';
import { ErrorPanel } from '../../components/ui/error-panel';
import { ProgressBar } from '../../components/ui/progress-bar';
import { Time } from '../../components/ui/time';
import { StateBadge } from '../../components/ui/state-badge';
import { Button } from '../../components/ui/button';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import { useConnection } from '../../lib/connection-provider';
import { openCopyDialog } from '../../lib/copy-url';
import { openAction } from '../../lib/action-url';
import { detailPanels } from '../../lib/detail-panels';
import { ownerKind } from '../../lib/owner';
import type { Snapshot } from '../../api/schemas';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { CopiesInOtherRegions, SourceInRegion } from './lineage-regions';

function BackLink() {
  return (
    <Link to="/" back className="text-sm text-link underline">
      ← Back to snapshots
    </Link>
  );
}

function SnapshotLink({ id }: { id: string }) {
  return (
    <Link to={snapshotHref(id)} className="font-mono text-link underline">
      {id}
    </Link>
  );
}

function Missing({ id, reason }: { id: string; reason: string }) {
  return (
    <section aria-labelledby="missing-heading" className="space-y-3">
      <BackLink />
      <h1 id="missing-heading" className="text-title">
        Snapshot {id} not found
      </h1>
      <p>{reason}</p>
    </section>
  );
}

/** The tags, read-only (another account's snapshot, or until the editor has loaded). */
function StaticTags({ s }: { s: Snapshot }) {
  return (
    <section aria-labelledby="tags-heading">
      <h2 id="tags-heading" className="mb-2 font-semibold">
        Tags
      </h2>
      {s.Tags.length === 0 ? (
        <p className="text-sm">No tags.</p>
      ) : (
        <table className="text-sm">
          <thead>
            <tr>
              <th scope="col" className="pr-6 text-left">Key</th>
              <th scope="col" className="text-left">Value</th>
            </tr>
          </thead>
          <tbody>
            {s.Tags.map((tag) => (
              <tr key={tag.Key}>
                <td className="pr-6 font-mono">{tag.Key}</td>
                <td className="font-mono">{tag.Value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Every field of one snapshot, its tags, who may create volumes from it, and the raw JSON. Deep-linkable. */
export default function SnapshotDetailPage({ snapshotId }: { snapshotId: string }) {
  const connection = useConnection();
  const wellFormed = SNAPSHOT_ID_PATTERN.test(snapshotId);
  const query = useQuery({ ...snapshotQueries.detail(connection.client, snapshotId), enabled: wellFormed });
  const copies = useQuery({ ...snapshotQueries.list(connection.client, { Tags: [`${PROVENANCE_KEYS.source}=${snapshotId}`] }), enabled: wellFormed });

  if (!wellFormed) return <Missing id={snapshotId} reason="This is not a snapshot ID: they look like snap-1a2b3c4d." />;
  if (query.isPending) return <p role="status">Loading {snapshotId}…</p>;
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  const s = query.data;
  if (!s) {
    return (
      <Missing
        id={snapshotId}
        reason={`It does not exist, was deleted, or belongs to another account that has not shared it with ${connection.accountId}.`}
      />
    );
  }
  const kind = ownerKind(s, connection.accountId);
  const fields: [string, React.ReactNode][] = [
    ['Snapshot ID', <span className="font-mono">{s.SnapshotId}</span>],
    ['Description', s.Description || '—'],
    ['State', <StateBadge state={s.State} />],
    ['Progress', <div className="flex max-w-xs items-center gap-2"><ProgressBar value={s.Progress} label="Progress" state={s.State} /><span>{s.State === 'error' ? `stopped at ${s.Progress}%` : `${s.Progress}%`}</span></div>],
    ['Volume ID', <span className="font-mono">{s.VolumeId ?? '—'}</span>],
    ['Size', `${s.VolumeSize} GiB`],
    ['Owner', `${kind === 'mine' ? 'You' : kind === 'shared' ? 'Shared with you by' : 'Public, owned by'} ${kind === 'mine' ? '' : (s.AccountAlias ?? '')} (${s.AccountId})`],
    ['Created', <Time iso={s.CreationDate} now={query.dataUpdatedAt} />],
    ['Client token', s.ClientToken ?? '—'],
  ];
  const permissions = s.PermissionsToCreateVolume;
  const tag = (key: string) => s.Tags.find((t) => t.Key === key)?.Value;
  const copiedFrom = tag(PROVENANCE_KEYS.source);
  const copiedFromRegion = tag(PROVENANCE_KEYS.region);
  const copiedAt = tag(PROVENANCE_KEYS.at);
  return (
    <article aria-labelledby="detail-heading" className="space-y-6">
      <BackLink />
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="detail-heading" className="text-title">
          Snapshot <span className="font-mono">{s.SnapshotId}</span>
        </h1>
        <div role="group" aria-label="Actions" className="ml-auto flex flex-wrap gap-2">
          {s.State === 'completed' && <Button onClick={() => openCopyDialog(s.SnapshotId)}>Copy this snapshot</Button>}
          {s.State === 'error' && copiedFrom && <Button onClick={() => openCopyDialog(copiedFrom, s.SnapshotId)}>Retry the copy</Button>}
          {kind === 'mine' && s.State !== 'deleting' && (
            <>
              <Button variant="secondary" onClick={() => openAction('share', s.SnapshotId)}>
                Manage sharing
              </Button>
              {(s.State === 'completed' || s.State === 'error') && (
                <Button variant="secondary" className="text-red-800 dark:text-red-300" onClick={() => openAction('delete', s.SnapshotId)}>
                  Delete
                </Button>
              )}
            </>
          )}
        </div>
      </div>
      {s.State === 'deleting' && (
        <p role="status" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          This snapshot is being deleted.
        </p>
      )}
      {s.State === 'error' && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p className="font-semibold">This snapshot is in error: OUTSCALE stopped it at {s.Progress} %.</p>
          <p className="mt-1">
            It cannot be copied or used.{' '}
            {copiedFrom
              ? `Retry the copy: a new copy of ${copiedFrom} with the same description and tags, and a new ClientToken.`
              : 'This dashboard does not know how it was made (it has no copied-from tag), so it cannot offer a retry.'}
          </p>
        </div>
      )}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {fields.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-muted">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="lineage-heading">
        <h2 id="lineage-heading" className="mb-2 font-semibold">
          Copies
        </h2>
        <ul className="list-inside list-disc text-sm">
          {copiedFrom && copiedFromRegion && copiedFromRegion !== connection.region ? (
            <li>
              <SourceInRegion connection={connection} id={copiedFrom} region={copiedFromRegion} />
            </li>
          ) : copiedFrom ? (
            <li>
              Copied from <SnapshotLink id={copiedFrom} />
              {copiedFromRegion ? ` in ${copiedFromRegion}` : ''}
              {copiedAt && (
                <>
                  {' on '}
                  <Time iso={copiedAt} now={query.dataUpdatedAt} />
                </>
              )}
            </li>
          ) : (
            <li>Not a copy made by Snapshot Console.</li>
          )}
          {(copies.data ?? []).map((copy) => (
            <li key={copy.SnapshotId}>
              Copied to <SnapshotLink id={copy.SnapshotId} /> <StateBadge state={copy.State} />
            </li>
          ))}
          <CopiesInOtherRegions connection={connection} id={s.SnapshotId} />
        </ul>
      </section>
      {detailPanels.tags && kind === 'mine' ? (
        <Suspense fallback={<StaticTags s={s} />}>
          <detailPanels.tags action="tags" connection={connection} snapshot={s} />
        </Suspense>
      ) : (
        <StaticTags s={s} />
      )}
      <section aria-labelledby="permissions-heading">
        <h2 id="permissions-heading" className="mb-2 font-semibold">
          Who may create volumes from it
        </h2>
        <ul className="list-inside list-disc text-sm">
          <li>The owner, {s.AccountId}</li>
          {permissions.GlobalPermission && <li>Everyone (public)</li>}
          {permissions.AccountIds.map((id) => (
            <li key={id}>Account {id}</li>
          ))}
          {!permissions.GlobalPermission && permissions.AccountIds.length === 0 && <li>No one else (private)</li>}
        </ul>
      </section>
      <details>
        <summary className="cursor-pointer font-semibold">Raw JSON</summary>
        <pre className="mt-2 overflow-auto rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-800">{JSON.stringify(s, null, 2)}</pre>
      </details>
    </article>
  );
}
