/**
 * The bulk copy's choices (issue 13 item 2): the description template ({id}, {name}, {description}) and the copies'
 * tags (provenance, the source's, the operator's own). Shared by the review (bulk-copy-dialog.tsx) and the review
 * a resume after a reload opens (bulk-resume-review.tsx), which prefills them.
 */
import type { ReactNode } from 'react';
import { inputClass } from '../../components/ui/field';
import { DEFAULT_TEMPLATE, parseTags } from './bulk-logic';
import type { TagChoices } from './bulk-resume';

export interface CopyChoices extends TagChoices {
  template: string;
}

export const defaultChoices = (tags?: TagChoices): CopyChoices => ({ template: DEFAULT_TEMPLATE, provenance: true, sourceTags: false, tagText: '', ...tags });

/** The operator's own tags as typed, and the lines that are not a tag. */
export const ownTags = (choices: CopyChoices) => parseTags(choices.tagText);

export function CopyFields({ choices, onChange, templateNote }: { choices: CopyChoices; onChange: (next: CopyChoices) => void; templateNote?: ReactNode }) {
  const { bad } = ownTags(choices);
  const set = (patch: Partial<CopyChoices>) => onChange({ ...choices, ...patch });
  return (
    <>
      <label className="block space-y-1 text-sm font-medium">
        <span>Description of each copy ({'{id}'}, {'{name}'} and {'{description}'} are the source's)</span>
        <input data-autofocus value={choices.template} maxLength={255} onChange={(e) => set({ template: e.target.value })} className={inputClass} aria-describedby={templateNote ? 'bulk-template-note' : undefined} />
      </label>
      {templateNote && (
        <p id="bulk-template-note" className="text-sm text-muted">
          {templateNote}
        </p>
      )}
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">Tags of the copies</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={choices.provenance} onChange={(e) => set({ provenance: e.target.checked })} /> Provenance (copied-from, copied-from-region, copied-at)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={choices.sourceTags} onChange={(e) => set({ sourceTags: e.target.checked })} /> Copy each source's tags
        </label>
        <label className="block space-y-1">
          <span>Your own tags, one key=value a line</span>
          <textarea rows={2} value={choices.tagText} onChange={(e) => set({ tagText: e.target.value })} aria-invalid={bad.length > 0} className={`${inputClass} font-mono`} />
        </label>
        {bad.length > 0 && <p className="text-red-700 dark:text-red-300">Not a tag: {bad.join(', ')}</p>}
      </fieldset>
    </>
  );
}
