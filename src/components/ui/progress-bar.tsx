/** A progress bar; a snapshot in `error` gets a red bar that says where it stopped, never a blue one. */
export function ProgressBar({ value, label, max = 100, state }: { value: number; label: string; max?: number; state?: string }) {
  const percent = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  const failed = state === 'error';
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={failed ? `failed at ${value} %` : undefined}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
    >
      <div className={`h-full rounded-full ${failed ? 'bg-state-error' : 'bg-state-progress'}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
