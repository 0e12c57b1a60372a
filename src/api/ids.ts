/**
 * OUTSCALE's resource IDs, written once: the server validates and mints them with these patterns, the UI checks
 * what an operator types and what a link carries with the same ones.
 */

/** The prefix of each resource's ID (`snap-1a2b3c4d`): 8 lowercase hex digits follow it. */
export const ID_PREFIXES = { snapshot: "snap", volume: "vol" } as const;
export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

export const SNAPSHOT_ID_PATTERN = /^snap-[0-9a-f]{8}$/;
export const VOLUME_ID_PATTERN = /^vol-[0-9a-f]{8}$/;
/** An account ID is 12 digits. */
export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;
/** Any OUTSCALE-style ID (`prefix-xxxxxxxx`, the prefix possibly two words, e.g. `fcu-…`): group 1 is the prefix. */
export const ANY_ID_PATTERN = /^([a-z]+(?:-[a-z]+)?)-[0-9a-f]{8}$/;

export const ID_PATTERNS: Record<IdPrefix, RegExp> = {
  snap: SNAPSHOT_ID_PATTERN,
  vol: VOLUME_ID_PATTERN,
};

/** What an operator is shown as the shape of an ID. */
export const ID_EXAMPLES: Record<IdPrefix, string> = {
  snap: "snap-1a2b3c4d",
  vol: "vol-1a2b3c4d",
};

export const isSnapshotId = (value: string): boolean =>
  SNAPSHOT_ID_PATTERN.test(value);
export const isVolumeId = (value: string): boolean =>
  VOLUME_ID_PATTERN.test(value);
