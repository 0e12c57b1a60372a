/**
 * Check permissions before the route runs: DryRun where the API has it (the own copy of a shared source, or the
 * export when the bucket exists), and a plain read with the destination's keys (the import cannot be checked
 * before its object exists: CreateSnapshot with FileLocation checks the URL).
 */
import { useMutation } from '@tanstack/react-query';
import type { OscClient } from '../../api/client';
import { Button } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';

interface Props {
  source: OscClient;
  dest: OscClient;
  sourceId: string;
  region: string;
  needsOwnCopy: boolean;
  bucket: string;
  bucketExists: boolean;
}

export function PermissionCheck({ source, dest, sourceId, region, needsOwnCopy, bucket, bucketExists }: Props) {
  const check = useMutation({
    mutationFn: async () => {
      const lines: string[] = [];
      if (needsOwnCopy) {
        const answer = await source.call('CreateSnapshot', { SourceSnapshotId: sourceId, SourceRegionName: region, DryRun: true });
        lines.push(`The copy into your account would be accepted (DryRun, RequestId ${answer.ResponseContext.RequestId}); the export is checked when the copy exists.`);
      } else if (bucketExists) {
        await import('../../api/export-schemas');
        const answer = await source.call('CreateSnapshotExportTask', { SnapshotId: sourceId, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: bucket }, DryRun: true });
        lines.push(`The export to ${bucket} would be accepted (DryRun, RequestId ${answer.ResponseContext.RequestId}).`);
      } else {
        lines.push(`The export is checked once the bucket ${bucket} exists (it is created first).`);
      }
      const read = await dest.call('ReadSnapshots', { Filters: { SnapshotIds: [sourceId] } });
      lines.push(`Your ${dest.region} keys are accepted (a read, RequestId ${read.ResponseContext.RequestId}); the import itself is checked when it runs, with its URL.`);
      return lines;
    },
  });
  return (
    <div className="space-y-2">
      <Button variant="secondary" aria-disabled={check.isPending} onClick={() => !check.isPending && check.mutate()}>
        {check.isPending ? 'Checking…' : 'Check permissions'}
      </Button>
      <div aria-live="polite">
        {check.data && (
          <ul role="status" className="list-disc rounded-md bg-green-50 p-2 pl-6 text-sm text-green-900 dark:bg-green-950 dark:text-green-100">
            {check.data.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
      {check.error && <ErrorPanel error={check.error} title="Permission check failed (nothing created)" />}
    </div>
  );
}
