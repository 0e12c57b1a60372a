/**
 * ReadSnapshots without paging, as the HTTP face answers it: the JSON text of each snapshot is built by SQLite
 * (no JS object per row), read in keyset batches of STREAM_BATCH rows in creation order, and written batch by
 * batch: one batch of all the long reads in progress per turn of the event loop, so other requests run in
 * between whatever the number of long reads. An answer that fits in one batch (a read by IDs, a small
 * account) is sent at once, and so is a page (ResultsPerPage, at most 1,000). DryRun and the FCU face use the
 * backend's `read` (backends/snapshots.ts).
 *
 * LIMITATIONS (what a long unpaged read sees, since other requests run between its batches):
 * - State, Progress and whether a deleted snapshot is still listed are computed at the time the request
 *   arrived, for every batch, as for a read done at once.
 * - A snapshot created while the read runs is listed if its batch has not been read yet (it sorts last, by
 *   creation date); tags and share permissions changed while it runs show in the batches read after the change.
 */
import type { ActionInput, RequestContext } from '../osc/context';
import { StreamedAnswer, takeTurn } from '../osc/streamed';
import { decodeToken, encodeToken } from './paging';
import { querySnapshotJson, type SnapshotJsonRow } from './snapshot-query';
import type { Store } from './store';

export const STREAM_BATCH = 500;

/**
 * The answer of a ReadSnapshots, or undefined when the backend's `read` answers it (DryRun, no caller, a NextPageToken
 * without ResultsPerPage). A page (at most 1,000) is sent at once, with the same NextPageToken `read`
 * gives. Unpaged, the first batch is read now, so a bad filter throws here, before anything is sent.
 */
export function streamSnapshots(
  store: Store,
  input: ActionInput<'ReadSnapshots'>,
  ctx: RequestContext,
  batch = STREAM_BATCH,
): StreamedAnswer | undefined {
  if (input.DryRun || !ctx.accountId) return undefined;
  if (input.NextPageToken !== undefined && input.ResultsPerPage === undefined) return undefined;
  const me = ctx.accountId;
  const now = ctx.now.getTime();
  const filters = input.Filters ?? {};
  const limit = input.ResultsPerPage;
  if (limit !== undefined) {
    // As `read` pages: the token binds the caller and the filters, and marks the last row sent.
    const scope = { me, filters };
    const after = input.NextPageToken ? decodeToken(store.tokenKey, input.NextPageToken, scope) : undefined;
    const rows = querySnapshotJson(store, me, now, filters, after, limit);
    const last = rows.length > limit ? rows[limit - 1]! : undefined;
    const token = last && encodeToken(store.tokenKey, { createdAt: last.created_at, id: last.snapshot_id }, scope);
    const items = rows.slice(0, limit).map((row) => row.json).join(',');
    return StreamedAnswer.of(`"Snapshots":[${items}]${token ? `,"NextPageToken":${JSON.stringify(token)}` : ''}`);
  }
  const read = (after?: SnapshotJsonRow) =>
    querySnapshotJson(store, me, now, filters, after && { createdAt: after.created_at, id: after.snapshot_id }, batch);
  const first = read();
  const text = (rows: SnapshotJsonRow[]) => rows.slice(0, batch).map((row) => row.json).join(',');
  if (first.length <= batch) return StreamedAnswer.of(`"Snapshots":[${text(first)}]`);

  async function* pieces(): AsyncGenerator<string> {
    let rows = first;
    yield `"Snapshots":[${text(rows)}`;
    while (rows.length > batch) {
      await takeTurn();
      rows = read(rows[batch - 1]);
      if (rows.length > 0) yield `,${text(rows)}`;
    }
    yield ']';
  }
  return new StreamedAnswer(pieces());
}
