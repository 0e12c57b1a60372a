import { useFieldArray, useWatch, type UseFormReturn } from 'react-hook-form';
import { DESCRIPTION_MAX, TAG_KEY_MAX, TAG_VALUE_MAX } from '../../api/limits';
import { TagRows } from '../../components/ui/tag-rows';
import { Field, inputClass } from '../../components/ui/field';

/** The fields both dialogs have. */
export interface CommonForm {
  Name: string;
  Description: string;
  Tags: { Key: string; Value: string }[];
}

/**
 * Name (the `Name` tag), description and more tags, with OUTSCALE's limits (key 1–255 characters, value 0–255,
 * description 255) said under each field as it is typed.
 */
export function NameDescriptionTags({ form, what }: { form: UseFormReturn<CommonForm>; what: string }) {
  const { register, control, formState } = form;
  const tags = useFieldArray({ control, name: 'Tags' });
  const [name, description] = useWatch({ control, name: ['Name', 'Description'] });
  const errors = formState.errors;
  return (
    <>
      <Field label="Name" error={errors.Name?.message} hint={`The Name tag of the new ${what}; optional. ${name.length} / ${TAG_VALUE_MAX} characters`}>
        {(props) => <input {...props} {...register('Name')} className={inputClass} autoComplete="off" />}
      </Field>
      <Field label="Description" error={errors.Description?.message} hint={`${description.length} / ${DESCRIPTION_MAX} characters`}>
        {(props) => <textarea {...props} {...register('Description')} rows={2} className={inputClass} />}
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">More tags</legend>
        <p className="text-xs text-muted">
          Key 1 to {TAG_KEY_MAX} characters, value up to {TAG_VALUE_MAX}. Set after the snapshot is created (CreateTags).
        </p>
        {errors.Tags?.root?.message || errors.Tags?.message ? (
          <p role="alert" className="text-xs text-red-700 dark:text-red-300">
            {errors.Tags.root?.message ?? errors.Tags.message}
          </p>
        ) : null}
        <TagRows fields={tags.fields} register={register} errors={errors.Tags} onAppend={() => tags.append({ Key: '', Value: '' })} onRemove={tags.remove} />
      </fieldset>
    </>
  );
}
