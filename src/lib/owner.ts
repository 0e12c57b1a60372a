/** Whose a snapshot is, from the caller's side: the list's Owner filter and column, and the detail page. */
import type { Snapshot } from '../api/schemas';

export const OWNER_KINDS = ['mine', 'shared', 'public'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

export function ownerKind(snapshot: Snapshot, me: string): OwnerKind {
  if (snapshot.AccountId === me) return 'mine';
  if (snapshot.PermissionsToCreateVolume.AccountIds.includes(me)) return 'shared';
  return 'public';
}
