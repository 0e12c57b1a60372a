import { Button } from './button';

export type DialogView = 'form' | 'command';

/** A dialog's Form / Command switch: the same request as fields to fill, or as the commands that send it. */
export function ViewToggle({ view, onView }: { view: DialogView; onView: (view: DialogView) => void }) {
  return (
    <div role="group" aria-label="View" className="ml-auto flex gap-1">
      <Button variant={view === 'form' ? 'secondary' : 'ghost'} aria-pressed={view === 'form'} onClick={() => onView('form')}>
        Form
      </Button>
      <Button variant={view === 'command' ? 'secondary' : 'ghost'} aria-pressed={view === 'command'} onClick={() => onView('command')}>
        Command
      </Button>
    </div>
  );
}
