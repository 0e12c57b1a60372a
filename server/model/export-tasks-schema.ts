/**
 * The snapshot export tasks' table (CreateSnapshotExportTask, server/backends/export-tasks.ts), run by
 * model/store.ts beside its own schema. State and Progress are derived from the timestamps and the clock, like a
 * snapshot's (model/lifecycle.ts); `written` says whether the completed task's object is in OOS yet.
 */
export const EXPORT_TASKS_SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshot_export_tasks (
  task_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(account_id), snapshot_id TEXT NOT NULL,
  region TEXT NOT NULL, disk_image_format TEXT NOT NULL, osu_bucket TEXT NOT NULL, osu_prefix TEXT,
  volume_size INTEGER NOT NULL, created_at INTEGER NOT NULL, queue_ms INTEGER NOT NULL,
  run_ms INTEGER NOT NULL CHECK (run_ms > 0), outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'failed')),
  fail_progress INTEGER NOT NULL DEFAULT 0, written INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS snapshot_export_tasks_account ON snapshot_export_tasks(account_id, created_at, task_id);
CREATE INDEX IF NOT EXISTS snapshot_export_tasks_unwritten ON snapshot_export_tasks(written) WHERE written = 0;
`;

/** Emptied by Store.reset, before the accounts they reference. */
export const EXPORT_TASKS_TABLES = ['snapshot_export_tasks'] as const;
