import { useState, type FormEvent } from 'react';
import { ID_EXAMPLES, VOLUME_ID_PATTERN } from '../../api/ids';
import { SNAPSHOT_STATES } from '../../api/schemas';
import { Button } from '../../components/ui/button';
import { Field, inputClass } from '../../components/ui/field';
import { activeFilterCount } from './filter-count';
import type { ListState } from './list-state';

type Filters = Omit<ListState, 'sort' | 'dir' | 'q'>;

const TAG = /^[^=]+(=.*)?$/;

export interface FilterBarProps {
  view: ListState;
  onChange: (patch: Partial<Filters>) => void;
  /** In the phone's Filters sheet: always shown, and `onApplied` once Apply has applied the fields. */
  sheet?: boolean;
  onApplied?: () => void;
}

/**
 * Server-side filters (state, owner kind, tag, volume, creation dates). Selects and dates apply at once;
 * the tag and volume fields apply on Enter or with the Apply button, after their format is checked.
 * Below `md` (768 px) the bar is hidden: the "Filters (n)" button (filters-button.tsx) opens it in a sheet.
 */
export function FilterBar({ view, onChange, sheet = false, onApplied }: FilterBarProps) {
  const [tag, setTag] = useState(view.tag ?? '');
  const [volume, setVolume] = useState(view.volume ?? '');
  const [errors, setErrors] = useState<{ tag?: string; volume?: string }>({});
  const [lastView, setLastView] = useState(view);
  if (lastView !== view && (lastView.tag !== view.tag || lastView.volume !== view.volume)) {
    // The URL changed under us (Back, a link): show what it says.
    setLastView(view);
    setTag(view.tag ?? '');
    setVolume(view.volume ?? '');
    setErrors({});
  }

  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    const next = {
      tag: tag.trim() && !TAG.test(tag.trim()) ? 'Write the tag as KEY=VALUE or KEY, e.g. env=prod.' : undefined,
      volume: volume.trim() && !volume.trim().split(',').every((id) => VOLUME_ID_PATTERN.test(id)) ? `A volume ID looks like ${ID_EXAMPLES.vol}.` : undefined,
    };
    setErrors(next);
    if (next.tag || next.volume) return;
    onChange({ tag: tag.trim() || undefined, volume: volume.trim() || undefined });
    onApplied?.();
  };

  const hasFilters = activeFilterCount(view) > 0;
  return (
    <form role="search" aria-label="Filter snapshots" onSubmit={apply} noValidate className={`${sheet ? 'grid' : 'hidden md:grid'} grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-7 lg:items-start`}>
      <Field label="State">
        {(props) => (
          <select {...props} className={inputClass} value={view.state ?? ''} onChange={(e) => onChange({ state: e.target.value || undefined })}>
            <option value="">All states</option>
            {SNAPSHOT_STATES.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Owner">
        {(props) => (
          <select
            {...props}
            className={inputClass}
            value={view.owner ?? ''}
            onChange={(e) => onChange({ owner: (e.target.value || undefined) as Filters['owner'] })}
          >
            <option value="">Mine and shared</option>
            <option value="mine">Owned by me</option>
            <option value="shared">Shared with me</option>
            <option value="public">Public</option>
            <option value="all">All, with public</option>
          </select>
        )}
      </Field>
      <Field label="Tag" error={errors.tag}>
        {(props) => <input {...props} className={inputClass} placeholder="KEY=VALUE" value={tag} onChange={(e) => setTag(e.target.value)} />}
      </Field>
      <Field label="Volume ID" error={errors.volume}>
        {(props) => <input {...props} className={inputClass} placeholder="vol-…" value={volume} onChange={(e) => setVolume(e.target.value)} spellCheck={false} />}
      </Field>
      <Field label="Created from">
        {(props) => <input {...props} type="date" className={inputClass} value={view.from ?? ''} onChange={(e) => onChange({ from: e.target.value || undefined })} />}
      </Field>
      <Field label="Created to">
        {(props) => <input {...props} type="date" className={inputClass} value={view.to ?? ''} onChange={(e) => onChange({ to: e.target.value || undefined })} />}
      </Field>
      <div className="flex items-end gap-2 self-end">
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {hasFilters && (
          <Button
            variant="ghost"
            onClick={() => onChange({ state: undefined, owner: undefined, tag: undefined, volume: undefined, from: undefined, to: undefined })}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}
