/**
 * A snapshot plan (snapshot-forms.ts) as shell commands: the same CreateSnapshot, then CreateTags on the new
 * snapshot, as the dialog's submit. The new snapshot's ID exists only when the commands run: the first command
 * prints it (jq, or the AWS CLI's --query) into `$SNAPSHOT_ID`, which the second one reads.
 */
import { awsCliCall, awsOption, curlCall, oscCliCall, shellQuote, type CallCommandInput } from '../../api/commands';
import type { ShownCommand } from '../../components/ui/command-list';
import type { SnapshotPlan } from './snapshot-forms';

export interface Target {
  region: string;
  endpoint: string;
  profile?: string;
}

/** Stands for the new snapshot's ID inside a single-quoted word; becomes `'"$SNAPSHOT_ID"'` (quote, variable, quote). */
const NEW_ID = '__SNAPSHOT_ID__';
const withNewId = (command: string) => command.split(NEW_ID).join(`'"$SNAPSHOT_ID"'`);

type Build = (input: CallCommandInput) => string;

function chained(build: Build, target: Target, plan: SnapshotPlan, capture: string): string {
  const call = (action: string, body: Record<string, unknown>) => build({ action, body, ...target });
  const first = call('CreateSnapshot', plan.create);
  if (plan.tags.length === 0) return first;
  return [`SNAPSHOT_ID=$(${first} ${capture}) &&`, withNewId(call('CreateTags', { ResourceIds: [NEW_ID], Tags: plan.tags }))].join('\n');
}

export function oscCliSnapshot(plan: SnapshotPlan, target: Target): string {
  return chained(oscCliCall, target, plan, '| jq -er .Snapshot.SnapshotId');
}

export function curlSnapshot(plan: SnapshotPlan, target: Target): string {
  // --fail-with-body: an error answer stops the chain instead of feeding jq.
  const build: Build = (input) => curlCall(input).replace('--user ', plan.tags.length ? '--silent --show-error --fail-with-body \\\n  --user ' : '--user ');
  return chained(build, target, plan, '| jq -er .Snapshot.SnapshotId');
}

/** FCU's CreateSnapshot (a volume's snapshot; EC2's create-snapshot has no ClientToken), then CreateTags. */
export function awsCliVolumeSnapshot(plan: SnapshotPlan, region: string): string {
  const words = ['aws ec2 create-snapshot', `--volume-id ${shellQuote(plan.create.VolumeId ?? '')}`];
  if (plan.create.Description) words.push(awsOption('description', plan.create.Description));
  if (plan.tags.length === 0) return awsCliCall(region, words);
  return [
    `SNAPSHOT_ID=$(${awsCliCall(region, [...words, '--query SnapshotId', '--output text'])}) &&`,
    awsCliCall(region, ['aws ec2 create-tags', '--resources "$SNAPSHOT_ID"', awsOption('tags', JSON.stringify(plan.tags))]),
  ].join('\n');
}

/**
 * Why the AWS CLI cannot carry this request as written, or null: it reads a value that starts with file://,
 * fileb:// (and, in v1, http(s)://) as the content of that file or URL.
 */
function awsCliProblem(plan: SnapshotPlan): string | null {
  const values = [plan.create.Description ?? '', ...plan.tags.map((tag) => tag.Value)];
  return values.some((value) => /^(file|fileb|https?):\/\//i.test(value))
    ? 'The AWS CLI would read a value that starts with file:// or https:// as a file or URL to fetch, so it would not send it as written.'
    : null;
}

export const AWS_NO_IMPORT =
  'FCU has no import of a snapshot from a bucket (no CreateSnapshot with a file location, and EC2’s import-snapshot is not part of OUTSCALE’s FCU): use osc-cli or curl.';

/** The three forms of a plan, for the command list: osc-cli, the AWS CLI (volumes only), signed curl. */
export function planCommands(plan: SnapshotPlan, target: Target): ShownCommand[] {
  const aws = plan.create.VolumeId ? awsCliProblem(plan) : AWS_NO_IMPORT;
  return [
    { title: 'osc-cli', command: oscCliSnapshot(plan, target) },
    aws ? { title: 'AWS CLI (FCU endpoint)', problem: aws } : { title: 'AWS CLI (FCU endpoint)', command: awsCliVolumeSnapshot(plan, target.region) },
    { title: 'curl, signed with SigV4', command: curlSnapshot(plan, target) },
  ];
}
