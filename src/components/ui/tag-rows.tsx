import type { UseFormRegisterReturn } from 'react-hook-form';
import { Button } from './button';
import { Field, inputClass } from './field';

type TagPath = `Tags.${number}.Key` | `Tags.${number}.Value`;

/**
 * The rows of a form's `Tags` array (react-hook-form's useFieldArray): key and value fields with their messages, a
 * Remove button per row and *Add a tag*. Used by every dialog that puts tags on a new snapshot.
 */
export function TagRows({
  fields,
  register,
  errors,
  onAppend,
  onRemove,
}: {
  fields: readonly { id: string }[];
  register: (name: TagPath) => UseFormRegisterReturn;
  /** The form's errors under `Tags` (by row index). */
  errors: { readonly [index: number]: { Key?: { message?: string }; Value?: { message?: string } } | undefined } | undefined;
  onAppend: () => void;
  onRemove: (index: number) => void;
}) {
  return (
    <>
      {fields.map((field, index) => (
        <div key={field.id} className="flex flex-wrap items-start gap-2 sm:flex-nowrap">
          <Field label={`Tag ${index + 1} key`} error={errors?.[index]?.Key?.message}>
            {(props) => <input {...props} {...register(`Tags.${index}.Key`)} className={inputClass} autoComplete="off" />}
          </Field>
          <Field label={`Tag ${index + 1} value`} error={errors?.[index]?.Value?.message}>
            {(props) => <input {...props} {...register(`Tags.${index}.Value`)} className={inputClass} autoComplete="off" />}
          </Field>
          <Button variant="ghost" className="sm:mt-6" onClick={() => onRemove(index)} aria-label={`Remove tag ${index + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button variant="ghost" onClick={onAppend}>
        Add a tag
      </Button>
    </>
  );
}
