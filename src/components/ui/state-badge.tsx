/**
 * A snapshot State as an icon and a word, in the state's colour (tokens in src/index.css): never colour alone.
 * Waiting and in-progress states are grey in rows, so a list of copies does not look alarming; states the API
 * may add later get the neutral look.
 */
const LOOKS: Record<string, { icon: string; className: string }> = {
  completed: { icon: '✓', className: 'text-state-ok' },
  error: { icon: '✕', className: 'text-state-error' },
  pending: { icon: '◔', className: 'text-state-neutral' },
  'in-queue': { icon: '○', className: 'text-state-neutral' },
  deleting: { icon: '−', className: 'text-state-warn' },
};

export function StateBadge({ state }: { state: string }) {
  const look = LOOKS[state] ?? LOOKS['in-queue']!;
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-medium whitespace-nowrap ${look.className}`}>
      <span aria-hidden="true">{look.icon}</span>
      <span>{state}</span>
    </span>
  );
}
