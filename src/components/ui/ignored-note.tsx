import { Button } from './button';

/** Names a link's values that made no sense and were dropped from the URL (src/lib/dropped-params.ts). */
export default function IgnoredNote({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  return (
    <p role="status" className="flex items-center gap-2 rounded-md border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
      Ignored from the link, not a valid value: {text}.
      <Button variant="ghost" className="ml-auto" onClick={onDismiss}>
        Dismiss
      </Button>
    </p>
  );
}
