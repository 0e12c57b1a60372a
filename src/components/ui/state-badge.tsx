const STYLES: Record<string, string> = {
  completed: 'bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-100',
  pending: 'bg-blue-100 text-blue-900 dark:bg-blue-900 dark:text-blue-100',
  'in-queue': 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100',
  error: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
  deleting: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
};

/** A snapshot State; states the API may add later get a neutral look. */
export function StateBadge({ state }: { state: string }) {
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[state] ?? STYLES['in-queue']}`}>
      {state}
    </span>
  );
}
