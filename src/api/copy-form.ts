/**
 * The copy dialog's form, validated with the same limits the API applies (src/api/schemas.ts), and its
 * mapping to the CreateSnapshot request and the tags put on the copy.
 */
import * as z from 'zod/mini';
import { ID_EXAMPLES, SNAPSHOT_ID_PATTERN } from './ids';
import { DESCRIPTION_MAX } from './limits';
import { regionRuleViolation } from './regions';
import { createSnapshotRequestSchema, requestTagSchema, type ActionRequest } from './requests';
import type { ResourceTag } from './schemas';

export { DESCRIPTION_MAX };
export const PROVENANCE_KEYS = { source: 'copied-from', region: 'copied-from-region', at: 'copied-at' } as const;

const create = createSnapshotRequestSchema.shape;
/** A request field the form always has (the request schema's own checks, without its `optional`). */
const given = <T extends z.ZodMiniType>(field: z.ZodMiniOptional<T>): T => field.def.innerType;

/**
 * The copy form is the CreateSnapshot request's fields (with their limits, refused characters and messages), plus
 * what a form adds: trimming, the snapshot ID's shape, the Region rule, the tags and the provenance switch.
 */
export function makeCopyFormSchema(accountRegion: string) {
  return z.object({
    SourceSnapshotId: given(create.SourceSnapshotId).check(
      z.trim(),
      z.minLength(1, 'Enter the ID of the snapshot to copy.'),
      z.regex(SNAPSHOT_ID_PATTERN, `A snapshot ID looks like ${ID_EXAMPLES.snap}.`),
    ),
    SourceRegionName: given(create.SourceRegionName).check(
      z.refine((region) => regionRuleViolation(region, accountRegion) === undefined, {
        error: (issue) => regionRuleViolation(String(issue.input), accountRegion),
      }),
    ),
    Description: given(create.Description),
    Tags: z.array(
      z.object({
        Key: requestTagSchema.shape.Key.check(z.trim(), z.minLength(1, 'A tag needs a key.')),
        Value: requestTagSchema.shape.Value,
      }),
    ),
    Provenance: z.boolean(),
    /** Put the source's own tags on the copy (off by default); the operator's tags and provenance win on a clash. */
    SourceTags: z.boolean(),
  });
}
export type CopyForm = z.infer<ReturnType<typeof makeCopyFormSchema>>;

export function defaultDescription(sourceId: string, sourceDescription: string | undefined): string {
  const text = sourceDescription ? `Copy of ${sourceId}: ${sourceDescription}` : `Copy of ${sourceId}`;
  return text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text;
}

export function toCreateSnapshotRequest(form: CopyForm, clientToken: string, dryRun = false): ActionRequest<'CreateSnapshot'> {
  return {
    SourceSnapshotId: form.SourceSnapshotId.trim(),
    SourceRegionName: form.SourceRegionName,
    ...(form.Description ? { Description: form.Description } : {}),
    ClientToken: clientToken,
    ...(dryRun ? { DryRun: true } : {}),
  };
}

/**
 * The copy time in a plan shown as commands: the shell fills it in when the commands run (`$COPIED_AT`),
 * as the dashboard fills it in when it submits.
 */
export const COPY_TIME = { copyTime: true } as const;
export type CopyTime = typeof COPY_TIME;
export const isCopyTime = (value: unknown): value is CopyTime => value === COPY_TIME;

export type PlannedTag<T extends string | CopyTime = string> = { Key: string; Value: string | T };

/**
 * Every call a copy makes, in order: CreateSnapshot, then (when there are tags) one CreateTags on the new
 * snapshot. The submit runs it; the Command view prints it. Both come from here, so they cannot differ.
 */
export interface CopyPlan<T extends string | CopyTime = string> {
  create: ActionRequest<'CreateSnapshot'>;
  /** Put on the new snapshot with CreateTags once it exists; empty when there is nothing to tag. */
  tags: PlannedTag<T>[];
}

export function copyPlan<T extends string | CopyTime>(form: CopyForm, clientToken: string, copiedAt: T, sourceTags: readonly ResourceTag[] = []): CopyPlan<T> {
  return { create: toCreateSnapshotRequest(form, clientToken), tags: copyTags(form, copiedAt, sourceTags) };
}

const PROVENANCE = new Set<string>(Object.values(PROVENANCE_KEYS));

/**
 * The tags the copy gets: the source's own when asked (never its provenance tags: they tell where the source came
 * from, not the copy), then the operator's, then, when asked, where the copy came from (so the detail pages can
 * link both ways). A key given twice keeps its last value: provenance over the operator's over the source's.
 */
export function copyTags<T extends string | CopyTime>(form: CopyForm, copiedAt: T, sourceTags: readonly ResourceTag[] = []): PlannedTag<T>[] {
  const tags = new Map<string, string | T>();
  if (form.SourceTags) for (const tag of sourceTags) if (!PROVENANCE.has(tag.Key)) tags.set(tag.Key, tag.Value);
  for (const tag of form.Tags) tags.set(tag.Key.trim(), tag.Value);
  if (form.Provenance) {
    tags.set(PROVENANCE_KEYS.source, form.SourceSnapshotId.trim());
    tags.set(PROVENANCE_KEYS.region, form.SourceRegionName);
    tags.set(PROVENANCE_KEYS.at, copiedAt);
  }
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

/** The form that makes the same copy again (Retry): source, description and tags of a copy, provenance tags set apart. */
export function formFromCopy(
  copy: { Description?: string | undefined; Tags: { Key: string; Value: string }[] },
  sourceId: string,
  sourceRegion: string,
): CopyForm {
  const provenance = new Set<string>(Object.values(PROVENANCE_KEYS));
  return {
    SourceSnapshotId: sourceId,
    SourceRegionName: sourceRegion,
    Description: copy.Description ?? '',
    Tags: copy.Tags.filter((tag) => !provenance.has(tag.Key)).map(({ Key, Value }) => ({ Key, Value })),
    Provenance: copy.Tags.some((tag) => tag.Key === PROVENANCE_KEYS.source),
    // The copy's tags are all kept as the operator's: which of them came from its source is not recorded.
    SourceTags: false,
  };
}
