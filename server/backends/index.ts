/**
 * The sandbox's backends, one per resource, over one store (like moto's models): each holds its state (SQLite
 * rows), its SQL and its rules, and knows nothing of HTTP, JSON or XML. The faces' responses (oapi/responses.ts,
 * fcu/responses.ts) turn requests into calls to them and their results into answers.
 */
import type { Store } from '../model/store';
import type { OosStore } from '../oos/contract';
import { AccountsBackend } from './accounts';
import { ExportTasksBackend } from './export-tasks';
import { SnapshotsBackend, type ModelOptions } from './snapshots';
import { TagsBackend } from './tags';
import { VolumesBackend } from './volumes';

export type { ModelOptions };

export interface Backends {
  accounts: AccountsBackend;
  volumes: VolumesBackend;
  snapshots: SnapshotsBackend;
  exportTasks: ExportTasksBackend;
  tags: TagsBackend;
  /** Several backend calls as one: all written or none (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
}

/** The sandbox's OOS (exports write to it, imports check their URL against it) and the keys OsuApiKey may name. */
export interface BackendDeps {
  oos?: OosStore;
  credentialsFor?: (accessKey: string) => { secretKey: string; accountId: string } | undefined;
}

export function createBackends(store: Store, options: ModelOptions = {}, deps: BackendDeps = {}): Backends {
  const exportTasks = new ExportTasksBackend(store, options, deps);
  return {
    accounts: new AccountsBackend(store),
    volumes: new VolumesBackend(store),
    snapshots: new SnapshotsBackend(store, options, { oos: deps.oos, settle: (now) => exportTasks.settle(now) }),
    exportTasks,
    tags: new TagsBackend(store),
    transaction: (fn) => store.transaction(fn),
  };
}
