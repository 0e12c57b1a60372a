/** The copy dialog's notes and panels: view code only, fed by the dialog. */
import { CLIENT_TOKEN_MAX } from '../../api/limits';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import { PUBLIC_REGIONS } from '../../api/regions';
import type { ResourceTag, Snapshot } from '../../api/schemas';
import { Button } from '../../components/ui/button';
import { StateBadge } from '../../components/ui/state-badge';
import { openCopyDialog } from '../../lib/copy-url';
import { Link } from '../../lib/link';
import { ownerKind } from '../../lib/owner';
import { snapshotHref } from '../../lib/router';

const PROVENANCE = new Set<string>(Object.values(PROVENANCE_KEYS));

export function SnapshotLink({ id }: { id: string }) {
  return (
    <Link to={snapshotHref(id)} className="font-mono underline">
      {id}
    </Link>
  );
}

interface NotesProps {
  /** The malformed ClientToken a link carried (the dialog uses a new one). */
  replacedToken: string | undefined;
  retry?: string;
  badRetry?: string;
  /** The failed copy a retry starts from was read, and is gone. */
  retryUnreadable: boolean;
  /** The copy this dialog's ClientToken already made. */
  already: Snapshot | null;
  sourceId: string;
}

/** What the dialog must say before the form: a replaced token, a retry, a copy already made. */
export function DialogNotes({ replacedToken, retry, badRetry, retryUnreadable, already, sourceId }: NotesProps) {
  return (
    <>
      {replacedToken !== undefined && (
        <p role="note" className="rounded-md border border-amber-400 bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          {`The link's ClientToken was not valid (at most ${CLIENT_TOKEN_MAX} letters, digits, or . : _ -), so this dialog uses a new one.`}
        </p>
      )}
      {(retry || badRetry) && (
        <p role="note" className="rounded-md border border-control p-2 text-sm">
          {badRetry
            ? `The link asks to retry "${badRetry}", which is not a snapshot ID: the form starts empty.`
            : retryUnreadable
              ? `The failed copy ${retry} could not be read: its settings are not filled in.`
              : `Retry of the failed copy ${retry}: same source, description and tags, with a new ClientToken.`}
        </p>
      )}
      {already && (
        <div role="status" className="rounded-md border border-control bg-slate-50 p-3 text-sm dark:bg-slate-800">
          <p>
            This copy was already made: <SnapshotLink id={already.SnapshotId} /> ({already.State}), created {already.CreationDate}, by this
            dialog's ClientToken. Submitting again would not make another copy.
          </p>
          <Button variant="secondary" className="mt-2" onClick={() => openCopyDialog(sourceId)}>
            Make another copy
          </Button>
        </div>
      )}
    </>
  );
}

/** The source snapshot as looked up: description, size, state, owner, and why it cannot be copied. */
export function SourceSummary({ found, blocked, pending, accountId }: { found: Snapshot | null | undefined; blocked: string | null; pending: boolean; accountId: string }) {
  const owner = found ? ownerKind(found, accountId) : undefined;
  return (
    <div role="group" aria-label="Source snapshot" className="rounded-md border border-line p-3 text-sm">
      {found ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
          <dt className="text-muted">Description</dt>
          <dd>{found.Description || '—'}</dd>
          <dt className="text-muted">Size</dt>
          <dd>{found.VolumeSize} GiB</dd>
          <dt className="text-muted">State</dt>
          <dd><StateBadge state={found.State} /></dd>
          <dt className="text-muted">Owner</dt>
          <dd>{owner === 'mine' ? 'You' : `${found.AccountAlias ?? found.AccountId} (${owner === 'shared' ? 'shared with you' : 'public'})`}</dd>
        </dl>
      ) : null}
      {blocked && <p role={pending ? 'status' : 'alert'} className={found ? 'mt-2 text-red-800 dark:text-red-300' : ''}>{blocked}</p>}
    </div>
  );
}

/** A copy to another Region is not a copy on OUTSCALE: what to do instead. */
/**
 * Where the copy goes: the account's own Region (the direct copy), another connected Region (the cross-Region
 * route: export to a bucket, import there), or a Region with no key yet (listed, not choosable).
 */
export function DestinationField({ id, value, onChange, home, connected }: { id: string; value: string; onChange: (region: string) => void; home: string; connected: readonly string[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        Destination Region
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-describedby={`${id}-hint`} className={SELECT}>
        {[...new Set([home, ...connected, ...PUBLIC_REGIONS])].map((region) => (
          <option key={region} value={region} disabled={region !== home && !connected.includes(region)}>
            {region}
            {region === home ? ' (your Region: a direct copy)' : connected.includes(region) ? ' (connected: export and import)' : ' (connect a key for it first)'}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="text-xs text-muted">
        The copy is made from {home}, where the source is, to the Region you choose.
      </p>
    </div>
  );
}

const SELECT = 'w-full rounded-md border border-control bg-surface px-2 py-1.5 text-sm text-ink';

/** The hand-over to the cross-Region route, said before anything runs. */
export function RouteNote({ home, target }: { home: string; target: string }) {
  return (
    <div role="note" className="rounded-md border border-line bg-page p-3 text-sm">
      <p className="font-medium">
        A copy from {home} to {target} goes through a bucket: OUTSCALE copies only within a Region.
      </p>
      <p className="mt-1">
        The console exports the snapshot to an OOS bucket in {home}, makes a short-lived pre-signed URL for it, and imports it in {target} with that
        Region&apos;s account. Continue to see every step before anything runs.
      </p>
    </div>
  );
}

/**
 * "Copy the source's tags": off by default. Says which tags would come (the source's own, without its provenance
 * tags), so the operator knows before the copy what it will carry.
 */
export function SourceTagsOption({ register, tags }: { register: UseFormRegisterReturn; tags: readonly ResourceTag[] | undefined }) {
  const own = (tags ?? []).filter((tag) => !PROVENANCE.has(tag.Key));
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" className="mt-1" {...register} aria-describedby="source-tags-help" />
      <span>
        Copy the source&apos;s tags too
        <span id="source-tags-help" className="block text-xs text-muted">
          {tags === undefined
            ? 'The source’s own tags, as they are when the copy starts. Your tags above win on the same key.'
            : own.length === 0
              ? 'The source has no tags of its own to copy.'
              : `${own.length} tag${own.length === 1 ? '' : 's'}: ${own.map((tag) => `${tag.Key}=${tag.Value}`).join(', ')}. Your tags above win on the same key.`}
        </span>
      </span>
    </label>
  );
}
