import { describe, expect, it } from 'vitest';
import { canMove, EXISTS_SQL, PROGRESS_SQL, STATE_SQL, stateAt, type LifecycleRow } from './lifecycle';
import { openStore } from './store';

const rows: LifecycleRow[] = [
  { created_at: 1_000, queue_ms: 3_000, run_ms: 20_000, outcome: 'completed', fail_progress: 0, deleting_at: null, delete_ms: 0 },
  { created_at: 1_000, queue_ms: 0, run_ms: 7_000, outcome: 'error', fail_progress: 37, deleting_at: null, delete_ms: 0 },
  { created_at: 0, queue_ms: 0, run_ms: 1, outcome: 'completed', fail_progress: 0, deleting_at: 15_000, delete_ms: 2_000 },
  { created_at: 500, queue_ms: 1, run_ms: 333_333, outcome: 'completed', fail_progress: 0, deleting_at: null, delete_ms: 0 },
];

describe('lifecycle', () => {
  it('allows only the moves of the table', () => {
    expect(canMove('in-queue', 'pending')).toBe(true);
    expect(canMove('pending', 'completed')).toBe(true);
    expect(canMove('pending', 'error')).toBe(true);
    expect(canMove('completed', 'deleting')).toBe(true);
    expect(canMove('in-queue', 'completed')).toBe(false);
    expect(canMove('completed', 'pending')).toBe(false);
    expect(canMove('deleting', 'completed')).toBe(false);
  });

  it('computes state and progress from timestamps', () => {
    const [copy, failing, deleted] = rows as [LifecycleRow, LifecycleRow, LifecycleRow];
    expect(stateAt(copy, 2_000)).toEqual({ State: 'in-queue', Progress: 0 });
    expect(stateAt(copy, 4_000)).toEqual({ State: 'pending', Progress: 0 });
    expect(stateAt(copy, 14_000)).toEqual({ State: 'pending', Progress: 50 });
    expect(stateAt(copy, 23_999)).toEqual({ State: 'pending', Progress: 99 });
    expect(stateAt(copy, 24_000)).toEqual({ State: 'completed', Progress: 100 });
    expect(stateAt(failing, 4_500)).toEqual({ State: 'pending', Progress: 18 });
    expect(stateAt(failing, 9_000)).toEqual({ State: 'error', Progress: 37 });
    expect(stateAt(deleted, 16_000)).toEqual({ State: 'deleting', Progress: 100 });
    expect(stateAt(deleted, 17_000)).toEqual({ State: 'gone', Progress: 100 });
  });

  it('agrees with the SQL expressions on a grid of times', () => {
    const store = openStore(':memory:');
    const sql = store.db.prepare(
      `SELECT ${STATE_SQL} AS state, ${PROGRESS_SQL} AS progress, ${EXISTS_SQL} AS present
       FROM (SELECT :created_at AS created_at, :queue_ms AS queue_ms, :run_ms AS run_ms, :outcome AS outcome,
             :fail_progress AS fail_progress, :deleting_at AS deleting_at, :delete_ms AS delete_ms) s`,
    );
    for (const row of rows) {
      for (let now = 0; now <= 40_000; now += 250) {
        const got = sql.get({ ...row, now }) as { state: string; progress: number; present: number };
        const want = stateAt(row, now);
        if (want.State === 'gone') expect(got.present, `gone at ${now}`).toBe(0);
        else expect({ State: got.state, Progress: got.progress }, `at ${now}`).toEqual(want);
        expect(Number.isInteger(got.progress)).toBe(true);
      }
    }
    store.close();
  });
});
