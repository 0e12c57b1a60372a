/**
 * Copies an ID to the clipboard; says "Copied" for a moment (and to assistive technology by its name). No state
 * of its own: the table remembers the one ID just copied, so a row costs no hook.
 */
export function CopyId({ id, copied, onCopied }: { id: string; copied: boolean; onCopied: (id: string) => void }) {
  return (
    <button
      type="button"
      tabIndex={-1}
      aria-label={copied ? `Copied ${id}` : `Copy ID ${id}`}
      title={copied ? 'Copied' : 'Copy ID to the clipboard'}
      className="ml-1 shrink-0 rounded px-1 text-xs text-slate-600 hover:bg-hover focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300"
      onClick={() => void navigator.clipboard.writeText(id).then(() => onCopied(id))}
    >
      {copied ? (
        '✓'
      ) : (
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
          <rect x="5.5" y="5.5" width="8" height="8" rx="1" />
          <path d="M10.5 3.5v-1a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h1" />
        </svg>
      )}
    </button>
  );
}
