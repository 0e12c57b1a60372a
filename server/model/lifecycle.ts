/**
 * The snapshot lifecycle as a table of allowed moves (the snapshots backend asks it before a deletion), and
 * State/Progress computed from stored timestamps and the clock, never from timers: a restart (even kill -9)
 * resumes every copy where it was.
 *
 * LIMITATIONS:
 * - Progress rises linearly with time (OUTSCALE's real progress is uneven).
 * - Only `completed` and `error` snapshots can be deleted; OUTSCALE may allow deleting earlier.
 */
export const TRANSITIONS = {
  'in-queue': ['pending'],
  pending: ['completed', 'error'],
  completed: ['deleting'],
  error: ['deleting'],
  deleting: [],
} as const;

export type LifecycleState = keyof typeof TRANSITIONS;

export interface LifecycleRow {
  created_at: number;
  queue_ms: number;
  run_ms: number;
  outcome: 'completed' | 'error';
  fail_progress: number;
  deleting_at: number | null;
  delete_ms: number;
}

export function canMove(from: LifecycleState, to: LifecycleState): boolean {
  return (TRANSITIONS[from] as readonly string[]).includes(to);
}

/** Where the snapshot stands at `now`, or 'gone' once a deletion has finished. */
export function stateAt(row: LifecycleRow, now: number): { State: LifecycleState | 'gone'; Progress: number } {
  const final = row.outcome === 'completed' ? 100 : row.fail_progress;
  if (row.deleting_at !== null && now >= row.deleting_at) {
    return { State: now >= row.deleting_at + row.delete_ms ? 'gone' : 'deleting', Progress: final };
  }
  const started = row.created_at + row.queue_ms;
  if (now < started) return { State: 'in-queue', Progress: 0 };
  if (now < started + row.run_ms) {
    return { State: 'pending', Progress: Math.min(99, Math.floor((final * (now - started)) / row.run_ms)) };
  }
  return { State: row.outcome, Progress: final };
}

/**
 * The same rules in SQL, so filters on State and Progress and paging run inside SQLite.
 * better-sqlite3 binds JS numbers as REAL, so Progress is cast back to an integer.
 */
export const STATE_SQL = `(CASE
  WHEN s.deleting_at IS NOT NULL AND :now >= s.deleting_at THEN 'deleting'
  WHEN :now < s.created_at + s.queue_ms THEN 'in-queue'
  WHEN :now < s.created_at + s.queue_ms + s.run_ms THEN 'pending'
  ELSE s.outcome END)`;

const FINAL_SQL = `(CASE s.outcome WHEN 'completed' THEN 100 ELSE s.fail_progress END)`;

export const PROGRESS_SQL = `(CASE
  WHEN s.deleting_at IS NOT NULL AND :now >= s.deleting_at THEN ${FINAL_SQL}
  WHEN :now < s.created_at + s.queue_ms THEN 0
  WHEN :now < s.created_at + s.queue_ms + s.run_ms
    THEN MIN(99, CAST((${FINAL_SQL} * (:now - s.created_at - s.queue_ms)) / s.run_ms AS INTEGER))
  ELSE ${FINAL_SQL} END)`;

/** Rows whose deletion has finished are invisible (and purged later). */
export const EXISTS_SQL = `(s.deleting_at IS NULL OR :now < s.deleting_at + s.delete_ms)`;
