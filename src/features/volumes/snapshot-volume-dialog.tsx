/**
 * *Snapshot this volume* (issue 12 item 4), opened from the Volumes page by `openAction('snapshot-volume', id)`:
 * a Name, a description and tags, CreateSnapshot with VolumeId and the dialog's ClientToken, then CreateTags; the
 * new snapshot joins the tray and the poller. The shared parts are in create-dialog.tsx.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useForm, useWatch, type UseFormReturn } from 'react-hook-form';
import { isVolumeId } from '../../api/ids';
import type { Volume } from '../../api/schemas';
import type { Connection } from '../../lib/connection';
import { CreateDialog } from './create-dialog';
import { volumeSnapshotFormSchema, volumeSnapshotPlan, type VolumeSnapshotForm } from './snapshot-forms';
import { NameDescriptionTags, type CommonForm } from './tag-fields';
import { volumeQueries } from './volume-queries';

const SNAPSHOTTABLE = new Set(['available', 'in-use']);

function VolumeSummary({ volume }: { volume: Volume }) {
  const name = volume.Tags.find((tag) => tag.Key === 'Name')?.Value;
  const vm = volume.LinkedVolumes.find((link) => link.VmId)?.VmId;
  return (
    <dl aria-label="Volume" className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800">
      <dt className="font-medium">Volume</dt>
      <dd className="font-mono">{volume.VolumeId}</dd>
      <dt className="font-medium">Name</dt>
      <dd>{name || '-'}</dd>
      <dt className="font-medium">Size</dt>
      <dd>
        {volume.Size} GiB, {volume.VolumeType}
      </dd>
      <dt className="font-medium">State</dt>
      <dd>
        {volume.State}
        {vm ? `, attached to ${vm}` : ''}
      </dd>
    </dl>
  );
}

export default function SnapshotVolumeDialog({ connection, id, token }: { connection: Connection; id: string; token: string }) {
  const wellFormed = isVolumeId(id);
  const lookup = useQuery({ ...volumeQueries.one(connection.client, id), enabled: wellFormed });
  const volume = lookup.data ?? undefined;
  const form = useForm<VolumeSnapshotForm>({ resolver: zodResolver(volumeSnapshotFormSchema), mode: 'onChange', defaultValues: { Name: '', Description: '', Tags: [] } });
  const values = useWatch({ control: form.control });
  useEffect(() => form.setFocus('Name'), [form]);

  const blocked = !wellFormed
    ? `“${id}” is not a volume ID (vol- and 8 hexadecimal digits).`
    : lookup.isError
      ? 'The volume could not be read: see the error above.'
      : lookup.isPending
        ? 'Reading the volume…'
        : !volume
          ? `No volume ${id} in this account.`
          : !SNAPSHOTTABLE.has(volume.State)
            ? `The volume is ${volume.State}: OUTSCALE snapshots only available or in-use volumes.`
            : null;
  const parsed = volumeSnapshotFormSchema.safeParse(values);
  const plan = parsed.success
    ? { ok: true as const, plan: volumeSnapshotPlan(id, parsed.data, token), sourceId: id }
    : { ok: false as const, reasons: parsed.error.issues.map((issue) => `${issue.path.join(' ')}: ${issue.message}`) };

  return (
    <CreateDialog
      connection={connection}
      token={token}
      kind="volume"
      title="Snapshot this volume"
      submitLabel="Create snapshot"
      startedText={`of ${id} started`}
      plan={plan}
      blocked={blocked}
      validate={async () => ((await form.trigger()) ? { plan: volumeSnapshotPlan(id, form.getValues(), token), sourceId: id } : undefined)}
      summary={
        <>
          {volume && <VolumeSummary volume={volume} />}
          {lookup.isError && (
            <p role="alert" className="text-sm text-red-800 dark:text-red-300">
              ReadVolumes failed: {lookup.error.message}
            </p>
          )}
        </>
      }
    >
      <NameDescriptionTags form={form as unknown as UseFormReturn<CommonForm>} what="snapshot" />
      <p className="text-xs text-muted">
        OUTSCALE may refuse for a while a volume that was snapshotted many times in a short time; the dialog then says when to try again.
      </p>
    </CreateDialog>
  );
}
