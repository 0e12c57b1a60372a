import { lazy, Suspense, useState } from 'react';
import { Button } from '../../components/ui/button';
import { activeFilterCount } from './filter-count';
import type { FilterBarProps } from './filter-bar';

const FiltersSheet = lazy(() => import('./filters-sheet'));

/**
 * On a phone (below `md`), the filters sit behind this button: "Filters (n)", n the filters on; it opens the
 * filter bar in a sheet (loaded when first opened). Hidden from `md` up, where the bar itself shows.
 */
export function FiltersButton({ view, onChange }: Pick<FilterBarProps, 'view' | 'onChange'>) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" aria-haspopup="dialog" className="shrink-0 md:hidden" onClick={() => setOpen(true)}>
        Filters ({activeFilterCount(view)})
      </Button>
      {open && (
        <Suspense fallback={null}>
          <FiltersSheet view={view} onChange={onChange} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
