/**
 * What stands in the way of a copy, in words: the source's state, the form's errors, OUTSCALE's refusals. Pure,
 * so the dialog (view code) only shows them.
 */
import type { FieldPath } from 'react-hook-form';
import type { CopyForm } from '../../api/copy-form';
import { ERROR_CATALOGUE, errorEntry } from '../../api/error-catalogue';
import { isOscApiError, type OscApiError } from '../../api/errors';
import type { Snapshot } from '../../api/schemas';
import { explainError } from '../../components/ui/explain-error';

const FIELD_LABELS: Record<string, string> = { SourceSnapshotId: 'Source snapshot ID', SourceRegionName: 'Source Region', Description: 'Description' };
/** The fields an InvalidParameterValue's Details may name, in the order they are looked for. */
const NAMED_IN_DETAILS = ['SourceRegionName', 'Description'] as const;

/** Which field of the copy form an OUTSCALE error belongs to (the error catalogue says), so it is shown there. */
export function fieldOf(error: OscApiError): FieldPath<CopyForm> | null {
  const field = errorEntry(error.code)?.field;
  if (field === 'SourceSnapshotId' || field === 'SourceRegionName' || field === 'Description') return field;
  if (error.code === ERROR_CATALOGUE.invalidParameterValue.code) return NAMED_IN_DETAILS.find((name) => error.details.includes(name)) ?? null;
  return null;
}

export interface SourceLookup {
  sourceId: string;
  wellFormed: boolean;
  pending: boolean;
  error: Error | null;
  found: Snapshot | null | undefined;
  accountId: string;
}

/** Why this source cannot be copied (or that it is still being looked up); null when it can, or is not an ID yet. */
export function sourceBlock({ sourceId, wellFormed, pending, error, found, accountId }: SourceLookup): string | null {
  if (!wellFormed) return null;
  if (pending) return 'Looking up the source snapshot…';
  if (error) return `The source could not be read: ${isOscApiError(error) ? explainError(error) : error.message}`;
  if (!found) return `${sourceId} does not exist, or belongs to another account that has not shared it with you (${accountId}).`;
  if (found.State !== 'completed') return `${sourceId} is ${found.State}: only a completed snapshot can be copied.`;
  return null;
}

export interface CommandBlockers {
  already: Snapshot | null;
  retryPending: boolean;
  blocked: string | null;
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** Why the Command view has no command to show: the reasons OUTSCALE would refuse, or the form's errors. */
export function commandReasons({ already, retryPending, blocked, issues }: CommandBlockers): string[] {
  const reasons: string[] = [];
  if (already) reasons.push(`This dialog's ClientToken already made ${already.SnapshotId}: open a new copy dialog to make another copy.`);
  if (retryPending) reasons.push("Reading the failed copy's settings…");
  if (blocked) reasons.push(blocked);
  for (const issue of issues) {
    const [field, index, part] = issue.path.map(String);
    const label = field === 'Tags' ? `Tag ${Number(index) + 1} ${part === 'Key' ? 'key' : 'value'}` : (FIELD_LABELS[field ?? ''] ?? field);
    reasons.push(`${label}: ${issue.message}`);
  }
  return reasons;
}
