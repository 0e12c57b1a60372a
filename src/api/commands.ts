/**
 * The same CreateSnapshot copy as shell commands: osc-cli, the AWS CLI against FCU, and curl signing with
 * SigV4. Values are single-quoted for POSIX shells; secrets never appear (they come from the environment
 * or the CLI's own profile).
 */
export interface CopyCommandInput {
  sourceSnapshotId: string;
  sourceRegion: string;
  /** The account's Region: where the copy lands. */
  region: string;
  description?: string;
  clientToken?: string;
  dryRun?: boolean;
  /** `https://api.REGION.outscale.com` or the sandbox's origin. */
  endpoint: string;
  /** The osc-cli profile the keys come from, when the dashboard uses one. */
  profile?: string;
}

/** Quotes a value for sh/bash/zsh: safe for any character, including quotes and newlines. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const line = (parts: string[]) => parts.join(' \\\n  ');

export function oscCliCommand(input: CopyCommandInput): string {
  const parts = [
    'osc-cli api CreateSnapshot',
    ...(input.profile ? [`--profile ${shellQuote(input.profile)}`] : []),
    `--SourceSnapshotId ${shellQuote(input.sourceSnapshotId)}`,
    `--SourceRegionName ${shellQuote(input.sourceRegion)}`,
  ];
  if (input.description) parts.push(`--Description ${shellQuote(input.description)}`);
  if (input.clientToken) parts.push(`--ClientToken ${shellQuote(input.clientToken)}`);
  if (input.dryRun) parts.push('--DryRun True');
  return line(parts);
}

export function awsCliCommand(input: CopyCommandInput): string {
  const parts = [
    'aws ec2 copy-snapshot',
    `--source-region ${shellQuote(input.sourceRegion)}`,
    `--source-snapshot-id ${shellQuote(input.sourceSnapshotId)}`,
    `--destination-region ${shellQuote(input.region)}`,
    `--region ${shellQuote(input.region)}`,
  ];
  if (input.description) parts.push(`--description ${shellQuote(input.description)}`);
  if (input.dryRun) parts.push('--dry-run');
  parts.push(`--endpoint ${shellQuote(`https://fcu.${input.region}.outscale.com`)}`);
  return line(parts);
}

export function curlCommand(input: CopyCommandInput): string {
  const body: Record<string, unknown> = {
    SourceSnapshotId: input.sourceSnapshotId,
    SourceRegionName: input.sourceRegion,
  };
  if (input.description) body.Description = input.description;
  if (input.clientToken) body.ClientToken = input.clientToken;
  if (input.dryRun) body.DryRun = true;
  return line([
    `curl --aws-sigv4 ${shellQuote(`osc:osc:${input.region}:api`)}`,
    '--user "$OSC_ACCESS_KEY:$OSC_SECRET_KEY"',
    "--header 'Content-Type: application/json'",
    `--data ${shellQuote(JSON.stringify(body))}`,
    shellQuote(`${input.endpoint.replace(/\/+$/, '')}/api/v1/CreateSnapshot`),
  ]);
}
