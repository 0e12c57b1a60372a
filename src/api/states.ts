/**
 * A snapshot's States, as OUTSCALE names them: a module of its own, without zod, so that the list's view
 * (list-state.ts) can be parsed by src/early-read.ts before the app's scripts (and zod) have arrived.
 */
export const SNAPSHOT_STATES = ['in-queue', 'pending', 'completed', 'error', 'deleting'] as const;
export type KnownSnapshotState = (typeof SNAPSHOT_STATES)[number];
