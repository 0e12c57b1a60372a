/**
 * The bulk actions' pure rules (issue 13 items 2 and 5): which selected snapshots a bulk copy refuses and why,
 * the description template, each copy's request and tags, and the batches of CreateTags / DeleteTags.
 */
import { DESCRIPTION_MAX } from '../../api/limits';
import { regionRuleViolation } from '../../api/regions';
import type { ResourceTag, Snapshot } from '../../api/schemas';

export const PROVENANCE = { source: 'copied-from', region: 'copied-from-region', at: 'copied-at' } as const;
const PROVENANCE_KEYS = new Set<string>(Object.values(PROVENANCE));

/**
 * ResourceIds per CreateTags / DeleteTags call. outscale.yaml gives no maximum; 100 keeps each request small
 * (50,000 snapshots: 500 calls) and far under any request-size limit.
 */
export const TAG_BATCH = 100;

export const DEFAULT_TEMPLATE = 'Copy of {id}: {description}';

export const nameOf = (s: Snapshot) => s.Tags.find((tag) => tag.Key === 'Name')?.Value ?? '';

/** `{id}`, `{name}` and `{description}` filled in from the source; cut to what the API accepts. */
/** "1 snapshot", "3 snapshots": a count with its noun, singular for one. */
export const counted = (n: number, noun: string, plural = `${noun}s`): string => `${n} ${n === 1 ? noun : plural}`;

export function renderTemplate(template: string, s: Snapshot): string {
  const text = template.replace(/\{(id|name|description)\}/g, (_, key: string) => (key === 'id' ? s.SnapshotId : key === 'name' ? nameOf(s) : (s.Description ?? '')));
  return text.trim().slice(0, DESCRIPTION_MAX);
}

/**
 * Why a selected snapshot cannot be copied, or undefined. `fresh`: the snapshot as ReadSnapshots returns it at
 * review time (null: not visible to this account any more; deleted or unshared).
 */
export function refusal(fresh: Snapshot | null, sourceRegion: string, accountRegion: string, id: string): string | undefined {
  if (!fresh) return `${id} is not visible to this account (deleted, or no longer shared).`;
  const region = regionRuleViolation(sourceRegion, accountRegion);
  if (region) return region;
  if (fresh.State !== 'completed') return `${id} is ${fresh.State}: only a completed snapshot can be copied.`;
  return undefined;
}

export interface CopyOptions {
  template: string;
  provenance: boolean;
  sourceTags: boolean;
  tags: ResourceTag[];
  region: string;
  /** ISO time of the review, the copies' `copied-at`. */
  at: string;
}

export interface CopyRequest {
  SourceSnapshotId: string;
  SourceRegionName: string;
  Description?: string;
  ClientToken: string;
  /** Put on the copy with CreateTags once it exists (not part of CreateSnapshot). */
  Tags: ResourceTag[];
}

/** The copy of `s`: its CreateSnapshot and the tags it gets (source's, then the operator's, then provenance). */
export function copyRequest(s: Snapshot, options: CopyOptions, clientToken: string): CopyRequest {
  const tags = new Map<string, string>();
  if (options.sourceTags) for (const tag of s.Tags) if (!PROVENANCE_KEYS.has(tag.Key)) tags.set(tag.Key, tag.Value);
  for (const tag of options.tags) if (tag.Key.trim()) tags.set(tag.Key.trim(), tag.Value);
  if (options.provenance) {
    tags.set(PROVENANCE.source, s.SnapshotId);
    tags.set(PROVENANCE.region, options.region);
    tags.set(PROVENANCE.at, options.at);
  }
  const description = renderTemplate(options.template, s);
  return {
    SourceSnapshotId: s.SnapshotId,
    SourceRegionName: options.region,
    ...(description ? { Description: description } : {}),
    ClientToken: clientToken,
    Tags: [...tags].map(([Key, Value]) => ({ Key, Value })),
  };
}

export function chunks<T>(items: readonly T[], size = TAG_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `key=value` lines (or `key=`, `key`) to tags; the lines that are not a tag, for the form's error. */
export function parseTags(text: string): { tags: ResourceTag[]; bad: string[] } {
  const tags: ResourceTag[] = [];
  const bad: string[] = [];
  for (const line of text.split(/[\n,]/).map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf('=');
    const Key = (at < 0 ? line : line.slice(0, at)).trim();
    const Value = at < 0 ? '' : line.slice(at + 1).trim();
    if (!Key || Key.length > 255 || Value.length > 255 || Key.startsWith('osc:')) bad.push(line);
    else tags.push({ Key, Value });
  }
  return { tags, bad };
}
