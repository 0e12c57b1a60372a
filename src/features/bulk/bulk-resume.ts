/**
 * A bulk copy after a reload (issue 13 item 3). Storage keeps IDs and tokens only (src/lib/bulk-queue.ts), so the
 * restored queue's unconfirmed items have no request. Resume therefore:
 * 1. asks OUTSCALE what their ClientTokens already made (ReadSnapshots, Filters.ClientTokens, this account, in
 *    pages): each one found is created, with its snapshot, never sent again. The batch's confirmed tokens go in the
 *    same read: their CreationDate puts them back in their source's throttle window (no time is stored);
 * 2. the rest were never created: the review (bulk-resume-review.tsx) asks their description template and tags
 *    again, for those sources and with their own tokens, prefilled from a copy the batch already made;
 * 3. copies found by token without any tag (the reload came between CreateSnapshot and CreateTags: the send puts all
 *    of a copy's tags in one call) get the tags the operator confirms there.
 * The send (`sendCopy`) also takes a resend that OUTSCALE refuses because its token already made a snapshot with
 * another request (it landed after the check: IdempotentParameterMismatch, 409 code 9004): it reads that snapshot by
 * its token and counts it as the item's copy, so it is neither a failure nor a duplicate.
 */
import type { OscClient } from '../../api/client';
import { ERROR_CATALOGUE } from '../../api/error-catalogue';
import { isOscApiError } from '../../api/errors';
import type { ResourceTag, Snapshot } from '../../api/schemas';
import type { BulkItem, BulkQueue, SendResult } from '../../lib/bulk-queue';
import { chunks, PROVENANCE, type CopyRequest } from './bulk-logic';

/** ClientTokens or SnapshotIds per ReadSnapshots, for the reads by token and by ID alike. */
const READ_BATCH = 500;

/** The snapshots of `accountId` these ClientTokens made: one ReadSnapshots per 500 tokens, every page read. */
export async function readByTokens(client: OscClient, accountId: string, tokens: readonly string[]): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for (const batch of chunks(tokens, READ_BATCH)) {
    let next: string | undefined;
    do {
      const answer = await client.call('ReadSnapshots', { Filters: { ClientTokens: batch, AccountIds: [accountId] }, ResultsPerPage: 1000, ...(next ? { NextPageToken: next } : {}) });
      out.push(...answer.Snapshots);
      next = answer.NextPageToken || undefined;
    } while (next);
  }
  return out;
}

/** The snapshots with these IDs, by ID: one ReadSnapshots per 500 IDs (an ID not visible is missing from the map). */
export async function readById(client: OscClient, ids: readonly string[]): Promise<Map<string, Snapshot>> {
  const found = new Map<string, Snapshot>();
  for (const batch of chunks([...new Set(ids)], READ_BATCH)) {
    const answer = await client.call('ReadSnapshots', { Filters: { SnapshotIds: batch }, ResultsPerPage: 1000 });
    for (const s of answer.Snapshots) found.set(s.SnapshotId, s);
  }
  return found;
}

/** OUTSCALE refused the token: it already made a snapshot with other parameters. */
export const isTokenUsed = (error: unknown): boolean => isOscApiError(error) && error.code === ERROR_CATALOGUE.idempotentMismatch.code;

/** The tags of `wanted` whose key the snapshot does not carry yet. */
export const missingTags = (snapshot: Snapshot, wanted: readonly ResourceTag[]): ResourceTag[] => wanted.filter((tag) => !snapshot.Tags.some((t) => t.Key === tag.Key));

/**
 * One copy: CreateSnapshot with the item's token (a token already used returns its snapshot), then one CreateTags
 * with the tags it does not have yet. A token refused as used with another request: the snapshot it made is this copy.
 */
export async function sendCopy(client: OscClient, accountId: string, item: BulkItem<CopyRequest>, onCreated?: (snapshot: Snapshot) => void): Promise<SendResult> {
  const { Tags, ...create } = item.request;
  let snapshot: Snapshot | undefined;
  try {
    snapshot = (await client.call('CreateSnapshot', create)).Snapshot;
    if (!snapshot) throw new Error('CreateSnapshot answered without a Snapshot.');
  } catch (error) {
    if (!isTokenUsed(error)) throw error;
    snapshot = (await readByTokens(client, accountId, [item.clientToken]))[0];
    if (!snapshot) throw error;
  }
  onCreated?.(snapshot);
  // The copy exists: a refused tag does not fail it (its tags can be added again in bulk).
  const tags = missingTags(snapshot, Tags);
  if (tags.length > 0) await client.call('CreateTags', { ResourceIds: [snapshot.SnapshotId], Tags: tags }).catch(() => undefined);
  return { snapshotId: snapshot.SnapshotId };
}

export interface ResumePlan {
  /** Unconfirmed items OUTSCALE made a snapshot for (now created in the queue): the tray watches them. */
  found: { source: string; snapshot: Snapshot }[];
  /** Unconfirmed items no snapshot was found for: to send again (same tokens) once the operator gives the request. */
  resend: { clientToken: string; source: string }[];
  /** Copies found by token that carry no tag: they get the tags the operator confirms. */
  untagged: { clientToken: string; source: string; snapshot: Snapshot }[];
  /** A copy this batch made with its tags (its ID, as stored): the review prefills the operator's tags from it. */
  example?: { snapshotId: string; source: string };
}

/** Step 1: what the unconfirmed tokens made is confirmed in the queue; what is left is the review's. */
export async function checkTokens(client: OscClient, accountId: string, queue: BulkQueue<CopyRequest>): Promise<ResumePlan> {
  const items = queue.getSnapshot().items;
  const unconfirmed = items.filter((i) => i.status === 'queued' && i.request === undefined);
  const confirmed = items.filter((i) => i.status === 'created' && i.createdAt === undefined);
  const found = await readByTokens(client, accountId, [...unconfirmed, ...confirmed].map((i) => i.clientToken));
  const byToken = new Map(found.flatMap((s) => (s.ClientToken ? [[s.ClientToken, s] as const] : [])));
  queue.confirm([...byToken.values()].map((s) => ({ clientToken: s.ClientToken!, snapshotId: s.SnapshotId, createdAt: Date.parse(s.CreationDate) })));
  const untagged = unconfirmed.flatMap((i) => {
    const snapshot = byToken.get(i.clientToken);
    return snapshot && snapshot.Tags.length === 0 ? [{ clientToken: i.clientToken, source: i.source, snapshot }] : [];
  });
  const exampleItem = confirmed.find((i) => i.snapshotId) ?? unconfirmed.find((i) => (byToken.get(i.clientToken)?.Tags.length ?? 0) > 0);
  const exampleId = exampleItem && (exampleItem.snapshotId ?? byToken.get(exampleItem.clientToken)?.SnapshotId);
  return {
    found: unconfirmed.flatMap((i) => {
      const snapshot = byToken.get(i.clientToken);
      return snapshot ? [{ source: i.source, snapshot }] : [];
    }),
    resend: unconfirmed.filter((i) => !byToken.has(i.clientToken)).map((i) => ({ clientToken: i.clientToken, source: i.source })),
    untagged,
    ...(exampleItem && exampleId ? { example: { snapshotId: exampleId, source: exampleItem.source } } : {}),
  };
}

export interface TagChoices {
  provenance: boolean;
  sourceTags: boolean;
  /** The operator's own tags, one `key=value` a line. */
  tagText: string;
}

/**
 * The tag choices a copy of this batch shows: provenance if it has `copied-from`; the source's tags if it has every
 * key of its source's; the operator's own: the rest (provenance is per copy, rebuilt anyway).
 */
export function choicesFrom(copy: Snapshot, source: Snapshot | undefined): TagChoices {
  const provenanceKeys = new Set<string>(Object.values(PROVENANCE));
  const sourceOwn = (source?.Tags ?? []).filter((t) => !provenanceKeys.has(t.Key));
  const sourceTags = sourceOwn.length > 0 && sourceOwn.every((t) => copy.Tags.some((c) => c.Key === t.Key));
  const own = copy.Tags.filter((t) => !provenanceKeys.has(t.Key) && !(sourceTags && sourceOwn.some((s) => s.Key === t.Key && s.Value === t.Value)));
  return { provenance: copy.Tags.some((t) => t.Key === PROVENANCE.source), sourceTags, tagText: own.map((t) => `${t.Key}=${t.Value}`).join('\n') };
}
