/**
 * The whole cross-Region route as shell commands (issue 14 item 8): osc-cli in the source Region for the own copy
 * and the export, the AWS CLI against OOS for the bucket, the object and `aws s3 presign`, osc-cli in the
 * destination Region for the import and its tags. No secret: osc-cli and the AWS CLI read their profiles.
 */
import { oscCliCall, shellQuote } from '../../api/commands';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import { routePrefix, URL_SECONDS, type NewRoute } from './route-state';

export interface RouteCommandInput extends NewRoute {
  routeId: string;
  copyToken: string;
  importToken: string;
  /** Create the bucket first (the default one, missing). */
  createBucket: boolean;
  /** The OOS endpoint of the source Region. */
  oosEndpoint: string;
  sourceProfile?: string;
  destProfile?: string;
  /** The exported snapshot's size in bytes (SnapshotSize). */
  sizeBytes: number;
}

const s3 = (input: RouteCommandInput, words: string[]) =>
  [...words, `--endpoint-url ${shellQuote(input.oosEndpoint)}`, `--region ${shellQuote(input.sourceRegion)}`].join(' \\\n  ');

export function routeCommands(input: RouteCommandInput): string {
  const src = { region: input.sourceRegion, endpoint: '', ...(input.sourceProfile ? { profile: input.sourceProfile } : {}) };
  const prefix = routePrefix(input.routeId);
  const lines: string[] = [`# Source Region ${input.sourceRegion} (its profile); destination ${input.destRegion} (another account, its own profile).`];
  let exported = input.sourceId;
  if (input.needsOwnCopy) {
    lines.push('# 1. The source belongs to another account: copy it into yours first, and wait until it is completed.');
    lines.push(`OWN_ID=$(${oscCliCall({ ...src, action: 'CreateSnapshot', body: { SourceSnapshotId: input.sourceId, SourceRegionName: input.sourceRegion, ClientToken: input.copyToken } })} | jq -er .Snapshot.SnapshotId)`);
    exported = '$OWN_ID';
  }
  lines.push('# Export to a bucket, and wait until the task is completed.');
  if (input.createBucket) lines.push(s3(input, [`aws s3 mb s3://${shellQuote(input.bucket)}`]));
  const exportCall = oscCliCall({ ...src, action: 'CreateSnapshotExportTask', body: { SnapshotId: input.needsOwnCopy ? 'OWN_ID' : exported, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: input.bucket, OsuPrefix: prefix } } });
  lines.push(`TASK_ID=$(${input.needsOwnCopy ? exportCall.replace(`'"OWN_ID"'`, '"\\"$OWN_ID\\""') : exportCall} | jq -er .SnapshotExportTask.TaskId)`);
  lines.push(`${oscCliCall({ ...src, action: 'ReadSnapshotExportTasks', body: { Filters: { TaskIds: ['TASK_ID'] } } }).replace('TASK_ID', '\'"$TASK_ID"\'')}  # until State is completed`);
  lines.push('# The exported object, and a pre-signed GET URL for it (short-lived; never store it).');
  lines.push(`KEY=$(${s3(input, [`aws s3api list-objects-v2 --bucket ${shellQuote(input.bucket)} --prefix ${shellQuote(prefix)} --query 'Contents[0].Key' --output text`])})`);
  lines.push(`URL=$(${s3(input, [`aws s3 presign "s3://${input.bucket}/$KEY" --expires-in ${URL_SECONDS}`])})`);
  lines.push(`# Import in ${input.destRegion} with the destination's profile, then tag it with its provenance.`);
  const dest = ['osc-cli api CreateSnapshot', ...(input.destProfile ? [`--profile ${shellQuote(input.destProfile)}`] : ['--profile "$DEST_PROFILE"'])];
  lines.push(
    `NEW_ID=$(${[...dest, '--FileLocation "\\"$URL\\""', `--SnapshotSize ${input.sizeBytes}`, `--ClientToken ${input.importToken}`].join(' \\\n  ')} | jq -er .Snapshot.SnapshotId)`,
  );
  const tags = [
    { Key: PROVENANCE_KEYS.source, Value: input.sourceId },
    { Key: PROVENANCE_KEYS.region, Value: input.sourceRegion },
    { Key: PROVENANCE_KEYS.at, Value: '$(date -u +%Y-%m-%dT%H:%M:%SZ)' },
  ];
  lines.push(
    [
      `osc-cli api CreateTags ${input.destProfile ? `--profile ${shellQuote(input.destProfile)}` : '--profile "$DEST_PROFILE"'}`,
      `--ResourceIds "[\\"$NEW_ID\\"]"`,
      `--Tags "${JSON.stringify(tags).replace(/"/g, '\\"')}"`,
    ].join(' \\\n  '),
  );
  if (input.deleteObject) {
    lines.push('# When the import is completed: delete the exported object.');
    lines.push(s3(input, ['aws s3 rm "s3://' + input.bucket + '/$KEY"']));
  }
  return lines.join('\n');
}
