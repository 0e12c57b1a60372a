/**
 * The phone's Filters sheet: the filter bar in a native modal dialog docked at the bottom of the window, opened
 * by "Filters (n)" (filter-bar.tsx). Selects and dates apply at once (the list behind follows); Apply applies the
 * tag and volume fields and closes the sheet; Escape or Close closes it. Focus starts on the first filter and
 * goes back to the button. Loaded when first opened.
 */
import { useModalDialog } from '../../components/ui/use-modal-dialog';
import { Button } from '../../components/ui/button';
import { FilterBar } from './filter-bar';
import type { ListState } from './list-state';

interface FiltersSheetProps {
  view: ListState;
  onChange: (patch: Partial<ListState>) => void;
  onClose: () => void;
}

export default function FiltersSheet({ view, onChange, onClose }: FiltersSheetProps) {
  const dialog = useModalDialog(onClose, 'select, input');
  return (
    <dialog
      ref={dialog}
      aria-labelledby="filters-heading"
      className="mx-0 mt-auto mb-0 max-h-[85vh] w-full max-w-full overflow-y-auto rounded-t-xl border-t border-control bg-surface p-4 text-ink shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="mb-3 flex items-center gap-2">
        <h2 id="filters-heading" className="text-heading">
          Filters
        </h2>
        <Button variant="ghost" className="ml-auto" onClick={() => dialog.current?.close()}>
          Close
        </Button>
      </div>
      <FilterBar view={view} onChange={onChange} sheet onApplied={() => dialog.current?.close()} />
    </dialog>
  );
}
