/**
 * A cross-Region route's state, kept in sessionStorage so that a reload resumes it at the right step: IDs and
 * flags only (route ID, source, Regions, own copy, bucket, export task, object key, import ClientToken, imported
 * snapshot), never a key, a secret or a pre-signed URL (the URL is made again, short-lived, when the import runs).
 */

export const STEPS = ['own-copy', 'export', 'url', 'import', 'watch', 'cleanup'] as const;
export type StepName = (typeof STEPS)[number];

export const STEP_TITLES: Record<StepName, string> = {
  'own-copy': 'Copy the shared snapshot into your account',
  export: 'Export to a bucket',
  url: 'Make a pre-signed URL',
  import: 'Import in the destination Region',
  watch: 'Watch the import to completed',
  cleanup: 'Delete the exported object',
};

/** The tag an export task of this route carries, and the prefix its object is written under. */
export const ROUTE_TAG = 'snapshot-console-route';
export const routePrefix = (routeId: string) => `snapshot-console/${routeId}/`;
/** The bucket the console creates when the operator has none to pick (OOS bucket names are global on OUTSCALE). */
export const defaultBucket = (accountId: string) => `snapshot-console-exports-${accountId}`;
/** How long the import's pre-signed URL lives (OUTSCALE reads the object when the import starts). */
export const URL_SECONDS = 15 * 60;

export interface RouteState {
  v: 1;
  routeId: string;
  sourceId: string;
  sourceRegion: string;
  destRegion: string;
  /** The source is another account's (shared or public): copied into the operator's own account first. */
  needsOwnCopy: boolean;
  /** ClientToken of the own copy (fixed for the route). */
  copyToken: string;
  copyId?: string;
  bucket: string;
  taskId?: string;
  objectKey?: string;
  /** SnapshotSize of the import in bytes: the exported snapshot's uncompressed size (VolumeSize GiB). */
  sizeBytes?: number;
  /** ClientToken of the import (fixed for the route). */
  importToken: string;
  importedId?: string;
  /** Delete the exported object once the import has completed. */
  deleteObject: boolean;
  description: string;
  /** When the route started (the provenance tag `copied-at`). */
  startedAt: string;
  /** Steps finished (flags only). */
  done: Partial<Record<StepName | 'tags' | 'bucket', true>>;
}

export interface NewRoute {
  sourceId: string;
  sourceRegion: string;
  destRegion: string;
  needsOwnCopy: boolean;
  bucket: string;
  deleteObject: boolean;
  description: string;
}

/** A route's ID from the dialog's ClientToken (the URL's `token`): the same after a reload. */
export const routeIdOf = (token: string) => token.replace(/[^A-Za-z0-9]/g, '').slice(0, 12);

export function newRoute(input: NewRoute, token: string = crypto.randomUUID(), now = new Date()): RouteState {
  const routeId = routeIdOf(token);
  return { v: 1, routeId, ...input, copyToken: `route-${routeId}-copy`, importToken: `route-${routeId}-import`, startedAt: now.toISOString(), done: {} };
}

/** The steps this route has, in order (the shared-source copy only when needed, the clean-up only when asked). */
export function stepsOf(state: Pick<RouteState, 'needsOwnCopy' | 'deleteObject'>): StepName[] {
  return STEPS.filter((step) => (step !== 'own-copy' || state.needsOwnCopy) && (step !== 'cleanup' || state.deleteObject));
}

/** The first step not done, or 'done'. */
export function currentStep(state: RouteState): StepName | 'done' {
  return stepsOf(state).find((step) => !state.done[step]) ?? 'done';
}

const KEY = (routeId: string) => `snapshot-console.route.${routeId}`;
const FORBIDDEN = /X-Amz-Signature|X-Amz-Credential|secret/i;

export const routeStorage = {
  save(state: RouteState, storage: Storage = sessionStorage) {
    const text = JSON.stringify(state);
    // Belt and braces: nothing signed ever reaches storage.
    if (FORBIDDEN.test(text)) throw new Error('A route state must hold IDs only.');
    storage.setItem(KEY(state.routeId), text);
  },
  load(routeId: string, storage: Storage = sessionStorage): RouteState | null {
    try {
      const value = JSON.parse(storage.getItem(KEY(routeId)) ?? 'null') as RouteState | null;
      return value?.v === 1 && value.routeId === routeId && typeof value.sourceId === 'string' && value.done ? value : null;
    } catch {
      return null;
    }
  },
  remove(routeId: string, storage: Storage = sessionStorage) {
    storage.removeItem(KEY(routeId));
  },
};
