/**
 * *Import from a bucket* (issue 12 item 5), as OUTSCALE's Cockpit does it: the pre-signed URL of the snapshot file
 * in a bucket and its size in bytes (at least the source's uncompressed size), a Name and a description;
 * CreateSnapshot with FileLocation, SnapshotSize and the dialog's ClientToken, then CreateTags. The import is
 * watched like a copy. Opened by `openAction('import')` (the snapshots page's *Import* button).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm, useWatch, type UseFormReturn } from 'react-hook-form';
import { Field, inputClass } from '../../components/ui/field';
import type { Connection } from '../../lib/connection';
import { CreateDialog } from './create-dialog';
import { probeObject } from './object-probe';
import { formatGiB, importPlan, importSource, makeImportFormSchema, parseBytes, presignedUrlProblem, volumeSizeGiB, type ImportForm, type ProbedObject } from './snapshot-forms';
import { NameDescriptionTags, type CommonForm } from './tag-fields';

/** What reading the URL's object found (one import dialog at a time; cleared when one opens). */
const probed: { current?: ProbedObject } = {};
/** The expiry of a pre-signed URL is checked against the clock at each validation; the object, once read. */
const schema = makeImportFormSchema(() => Date.now(), () => probed.current);

export default function ImportDialog({ connection, token }: { connection: Connection; id: string; token: string }) {
  useEffect(() => {
    probed.current = undefined;
  }, []);
  const [probe, setProbe] = useState<{ url: string; text: string } | undefined>();
  const form = useForm<ImportForm>({
    resolver: zodResolver(schema),
    mode: 'onChange',
    defaultValues: { FileLocation: '', SnapshotSize: '', Name: '', Description: '', Tags: [] },
  });
  const values = useWatch({ control: form.control });
  useEffect(() => form.setFocus('FileLocation'), [form]);
  // A well-formed URL is read (one byte) to say whether it works and how big the object is.
  const url = (values.FileLocation ?? '').trim();
  useEffect(() => {
    if (!url || presignedUrlProblem(url, Date.now()) !== undefined || probed.current?.url === url) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setProbe({ url, text: 'Reading the object…' });
      probeObject(url, fetch, AbortSignal.any([controller.signal, AbortSignal.timeout(8000)])).then(
        (result) => {
          probed.current = { url, ...(result.kind === 'found' ? { size: result.size } : result.kind === 'refused' ? { refused: result.message } : {}) };
          setProbe({ url, text: result.kind === 'found' ? `The object is ${result.size.toLocaleString('en')} bytes (${formatGiB(result.size)}), readable through this URL.` : result.kind === 'unreadable' ? result.message : '' });
          void form.trigger(['FileLocation', 'SnapshotSize']);
        },
        () => undefined,
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [url, form]);
  const errors = form.formState.errors;
  const bytes = parseBytes(values.SnapshotSize ?? '');
  const sizeHint =
    bytes && bytes >= 1
      ? `${bytes.toLocaleString('en')} bytes = ${formatGiB(bytes)}; the snapshot will be ${volumeSizeGiB(bytes)} GiB. It must be at least the source’s uncompressed size.`
      : 'In bytes, at least the uncompressed size of the source volume (a gzip or qcow2 file is smaller than that). 10 GiB = 10737418240.';

  const parsed = schema.safeParse(values);
  const plan = parsed.success
    ? { ok: true as const, plan: importPlan(parsed.data, token), sourceId: importSource(parsed.data.FileLocation) }
    : { ok: false as const, reasons: parsed.error.issues.map((issue) => `${issue.path.join(' ')}: ${issue.message}`) };

  return (
    <CreateDialog
      connection={connection}
      token={token}
      kind="import"
      title="Import a snapshot from a bucket"
      submitLabel="Import snapshot"
      startedText="import started"
      plan={plan}
      blocked={null}
      validate={async () => {
        if (!(await form.trigger())) return undefined;
        const data = form.getValues();
        return { plan: importPlan(data, token), sourceId: importSource(data.FileLocation) };
      }}
      summary={
        <p className="text-sm text-soft">
          OUTSCALE reads the snapshot file (e.g. one a snapshot export wrote to an OOS bucket) through a pre-signed URL, so no bucket key is
          given here. The URL must still be valid when the import starts.
        </p>
      }
    >
      <Field label="Pre-signed URL of the file" error={errors.FileLocation?.message} hint={probe?.url === url && probe.text ? probe.text : 'https://…?X-Amz-Signature=… (or Signature=…)'}>
        {(props) => <input {...props} {...form.register('FileLocation')} type="url" inputMode="url" className={`${inputClass} font-mono`} spellCheck={false} autoComplete="off" />}
      </Field>
      <Field label="Size in bytes" error={errors.SnapshotSize?.message} hint={sizeHint}>
        {(props) => <input {...props} {...form.register('SnapshotSize')} inputMode="numeric" className={`${inputClass} font-mono`} autoComplete="off" />}
      </Field>
      <NameDescriptionTags form={form as unknown as UseFormReturn<CommonForm>} what="snapshot" />
    </CreateDialog>
  );
}
