/**
 * The sandbox's backends, one per resource, over one store (like moto's models): each holds its state (SQLite
 * rows), its SQL and its rules, and knows nothing of HTTP, JSON or XML. The faces' responses (oapi/responses.ts,
 * fcu/responses.ts) turn requests into calls to them and their results into answers.
 */
import type { Store } from '../model/store';
import { AccountsBackend } from './accounts';
import { SnapshotsBackend, type ModelOptions } from './snapshots';
import { TagsBackend } from './tags';
import { VolumesBackend } from './volumes';

export type { ModelOptions };

export interface Backends {
  accounts: AccountsBackend;
  volumes: VolumesBackend;
  snapshots: SnapshotsBackend;
  tags: TagsBackend;
  /** Several backend calls as one: all written or none (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
}

export function createBackends(store: Store, options: ModelOptions = {}): Backends {
  return {
    accounts: new AccountsBackend(store),
    volumes: new VolumesBackend(store),
    snapshots: new SnapshotsBackend(store, options),
    tags: new TagsBackend(store),
    transaction: (fn) => store.transaction(fn),
  };
}
