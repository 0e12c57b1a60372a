import { useState } from 'react';
import { Button } from './button';

export interface ShownCommand {
  title: string;
  /** The command text; absent when this tool cannot make the call, and `problem` says why. */
  command?: string;
  problem?: string;
}

/**
 * Commands that make the same calls as a dialog's submit, each with a button that copies it. Secrets never appear
 * in them: the CLIs read their profiles, curl the environment.
 */
export function CommandList({ commands }: { commands: ShownCommand[] }) {
  // What the last clipboard copy did, said beside its button (a notification would sit under the dialog).
  const [clip, setClip] = useState<{ title: string; ok: boolean } | null>(null);
  return (
    <>
      {commands.map(({ title, command, problem }) => {
        if (command === undefined) {
          return (
            <section key={title} aria-label={`${title} command`}>
              <h3 className="text-sm font-semibold">{title}</h3>
              <p role="note" className="text-sm">No command: {problem ?? 'this tool cannot make this call.'}</p>
            </section>
          );
        }
        return (
          <section key={title} aria-label={`${title} command`}>
            <div className="flex items-center gap-2">
              <h3 className="text-sm font-semibold">{title}</h3>
              <span role="status" className="ml-auto text-xs">
                {clip?.title === title && clip.ok ? 'Copied to the clipboard.' : ''}
              </span>
              {clip?.title === title && !clip.ok && (
                <span role="alert" className="text-xs text-red-800 dark:text-red-300">
                  The clipboard is not available here: select the text instead.
                </span>
              )}
              <Button
                variant="ghost"
                className="text-xs"
                onClick={() =>
                  void navigator.clipboard.writeText(command).then(
                    () => setClip({ title, ok: true }),
                    () => setClip({ title, ok: false }),
                  )
                }
              >
                Copy {title} command
              </Button>
            </div>
            <pre tabIndex={0} aria-label={`${title} command text`} className="overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
              {command}
            </pre>
          </section>
        );
      })}
    </>
  );
}
