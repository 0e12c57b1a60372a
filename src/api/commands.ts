/**
 * A copy's plan (src/api/copy-form.ts: CreateSnapshot, then CreateTags on the new snapshot) as shell
 * commands: osc-cli, the AWS CLI against FCU, and curl signing with SigV4. Each form makes the same calls as
 * the dashboard's submit, in the same order. Values are single-quoted for POSIX shells; secrets never appear
 * (they come from the environment or the CLI's own profile).
 *
 * Two values only exist when the commands run, and the shell fills them in: `$SNAPSHOT_ID` (the new copy, read
 * from the first call's answer with jq or the AWS CLI's --query) and `$COPIED_AT` (the copy time, from `date`).
 */
import { isCopyTime, type CopyPlan, type CopyTime } from './copy-form';
import { fcuEndpoint } from './regions';

export interface CopyCommandInput {
  plan: CopyPlan<string | CopyTime>;
  /** The account's Region: where the copy lands. */
  region: string;
  /** `https://api.REGION.outscale.com` or the sandbox's origin. */
  endpoint: string;
  /** The osc-cli profile the keys come from, when the dashboard uses one. */
  profile?: string;
}

/** Why no command can make this copy (OUTSCALE would refuse it), or null. */
export function impossibleCopy(input: CopyCommandInput): string | null {
  const from = input.plan.create.SourceRegionName;
  if (from !== input.region) {
    return `OUTSCALE copies a snapshot only within your account's Region (${input.region}), not from ${from ?? 'another Region'}.`;
  }
  return null;
}

/** Quotes a value for sh/bash/zsh: safe for any character, including quotes and newlines. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A piece of one shell word: literal text, or a shell variable expanded when the command runs. */
type Part = string | { shellVar: 'SNAPSHOT_ID' | 'COPIED_AT' };
const NEW_SNAPSHOT: Part = { shellVar: 'SNAPSHOT_ID' };
const COPIED_AT: Part = { shellVar: 'COPIED_AT' };

/** One shell word from its pieces: literals quoted, variables in double quotes, side by side. */
function word(parts: Part[]): string {
  const text = parts.map((part) => (typeof part === 'string' ? (part ? shellQuote(part) : '') : `"$${part.shellVar}"`)).join('');
  return text || "''";
}

/** Compact JSON whose strings may be shell variables (their values are plain: IDs and dates). */
function json(value: unknown): Part[] {
  if (value === NEW_SNAPSHOT || value === COPIED_AT) return ['"', value as Part, '"'];
  if (isCopyTime(value)) return json(COPIED_AT);
  const glue = (items: Part[][], open: string, close: string): Part[] => [open, ...items.flatMap((item, i) => (i ? [',', ...item] : item)), close];
  if (Array.isArray(value)) return glue(value.map(json), '[', ']');
  if (value && typeof value === 'object') {
    return glue(
      Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [JSON.stringify(k), ':', ...json(v)]),
      '{',
      '}',
    );
  }
  return [JSON.stringify(value)];
}

const jsonWord = (value: unknown) => word(merge(json(value)));
function merge(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (typeof part === 'string' && typeof last === 'string') out[out.length - 1] = last + part;
    else out.push(part);
  }
  return out;
}

const line = (parts: string[]) => parts.join(' \\\n  ');

/**
 * The whole script: the copy time when a tag needs it, the copy (its ID kept when tags follow), the tags.
 * `capture` turns the first command into one that prints only the new snapshot's ID.
 */
function script(input: CopyCommandInput, create: string[], capture: string, tags: (ids: Part, tags: Part[]) => string[]): string {
  const { plan } = input;
  if (plan.tags.length === 0) return line(create);
  const lines: string[] = [];
  if (plan.tags.some((tag) => isCopyTime(tag.Value))) lines.push('COPIED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)');
  lines.push(`SNAPSHOT_ID=$(${capture.startsWith('|') ? `${line(create)} ${capture}` : line([...create, capture])}) &&`);
  lines.push(line(tags(NEW_SNAPSHOT, merge(json(plan.tags)))));
  return lines.join('\n');
}

/**
 * osc-cli reads each value as a Python literal (python-fire): `123` would be a number and `True` a boolean, so
 * a string is written as a quoted literal (`'"text"'`) unless it is a hyphenated token such as an ID, which
 * it keeps as text. JSON is a valid Python literal for strings, lists and objects of strings.
 */
function oscArg(value: string): string {
  return /^[A-Za-z0-9]+(-[A-Za-z0-9]+)+$/.test(value) ? value : shellQuote(JSON.stringify(value));
}

export function oscCliCommand(input: CopyCommandInput): string {
  const { create } = input.plan;
  const head = (action: string) => [`osc-cli api ${action}`, ...(input.profile ? [`--profile ${shellQuote(input.profile)}`] : [])];
  const parts = [...head('CreateSnapshot'), `--SourceSnapshotId ${oscArg(create.SourceSnapshotId ?? '')}`, `--SourceRegionName ${oscArg(create.SourceRegionName ?? '')}`];
  if (create.Description) parts.push(`--Description ${oscArg(create.Description)}`);
  if (create.ClientToken) parts.push(`--ClientToken ${oscArg(create.ClientToken)}`);
  return script(input, parts, '| jq -er .Snapshot.SnapshotId', (id, tags) => [
    ...head('CreateTags'),
    `--ResourceIds ${jsonWord([id])}`,
    `--Tags ${word(tags)}`,
  ]);
}

/**
 * Why the AWS CLI form cannot carry this request as it is, or null: the AWS CLI reads a parameter value that starts
 * with file://, fileb:// (and, in v1, http:// or https://) as the content of that file or URL.
 */
export function awsCliProblem(input: CopyCommandInput): string | null {
  const description = input.plan.create.Description ?? '';
  return /^(file|fileb|https?):\/\//i.test(description)
    ? 'The AWS CLI would read this description as a file or URL to fetch (it starts with a scheme such as file:// or https://), so it would not send it as written.'
    : null;
}

/**
 * FCU's CopySnapshot, then FCU's CreateTags (OUTSCALE documents no TagSpecification on CopySnapshot).
 * EC2's copy-snapshot has no ClientToken parameter, so this form is not idempotent.
 */
export function awsCliCommand(input: CopyCommandInput): string {
  const { create } = input.plan;
  const endpoint = `--endpoint ${shellQuote(fcuEndpoint(input.region))}`;
  const parts = [
    'aws ec2 copy-snapshot',
    `--source-region ${shellQuote(create.SourceRegionName ?? '')}`,
    `--source-snapshot-id ${shellQuote(create.SourceSnapshotId ?? '')}`,
    `--destination-region ${shellQuote(input.region)}`,
    `--region ${shellQuote(input.region)}`,
  ];
  // `=` keeps a description that starts with "-" from being read as an option.
  if (create.Description) parts.push(word(['--description=', create.Description]));
  parts.push(endpoint);
  return script(input, parts, '--query SnapshotId --output text', (id, tags) => [
    'aws ec2 create-tags',
    `--resources ${word([id])}`,
    `--tags ${word(tags)}`,
    `--region ${shellQuote(input.region)}`,
    endpoint,
  ]);
}

export function curlCommand(input: CopyCommandInput): string {
  const base = input.endpoint.replace(/\/+$/, '');
  const curl = (action: string, body: string, extra: string[] = []) => [
    `curl --aws-sigv4 ${shellQuote(`osc:osc:${input.region}:api`)}`,
    '--user "$OSC_ACCESS_KEY:$OSC_SECRET_KEY"',
    "--header 'Content-Type: application/json'",
    ...extra,
    `--data ${body}`,
    shellQuote(`${base}/api/v1/${action}`),
  ];
  const create = jsonWord(input.plan.create);
  if (input.plan.tags.length === 0) return line(curl('CreateSnapshot', create));
  return script(input, curl('CreateSnapshot', create, ['--silent', '--show-error', '--fail-with-body']), '| jq -er .Snapshot.SnapshotId', (id, tags) =>
    curl('CreateTags', word(merge(['{"ResourceIds":[', ...json(id), '],"Tags":', ...tags, '}']))),
  );
}

/**
 * Any one OUTSCALE call as commands, for the operator actions (delete, share, tags, snapshot a volume, import):
 * the same action and body the dashboard sends. The AWS CLI form is given by the caller (its words differ per
 * call, and FCU lacks some calls); this adds its Region and FCU endpoint.
 */
export interface CallCommandInput {
  action: string;
  /** The request body as the dashboard sends it (DryRun left out: a command does the action). */
  body: Record<string, unknown>;
  region: string;
  endpoint: string;
  profile?: string;
}

/** A value as the Python literal python-fire (osc-cli) reads back as the same JSON value. */
function pythonLiteral(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${pythonLiteral(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const present = (body: Record<string, unknown>) => Object.entries(body).filter(([key, value]) => value !== undefined && key !== 'DryRun');

export function oscCliCall(input: CallCommandInput): string {
  return line([
    `osc-cli api ${input.action}`,
    ...(input.profile ? [`--profile ${shellQuote(input.profile)}`] : []),
    ...present(input.body).map(([key, value]) => `--${key} ${typeof value === 'string' ? oscArg(value) : shellQuote(pythonLiteral(value))}`),
  ]);
}

export function curlCall(input: CallCommandInput): string {
  const base = input.endpoint.replace(/\/+$/, '');
  return line([
    `curl --aws-sigv4 ${shellQuote(`osc:osc:${input.region}:api`)}`,
    '--user "$OSC_ACCESS_KEY:$OSC_SECRET_KEY"',
    "--header 'Content-Type: application/json'",
    `--data ${shellQuote(JSON.stringify(Object.fromEntries(present(input.body))))}`,
    shellQuote(`${base}/api/v1/${input.action}`),
  ]);
}

/**
 * An AWS CLI command against the Region's FCU endpoint: `words` are the command and its options, each already a
 * shell word or built with `awsOption`.
 */
export function awsCliCall(region: string, words: string[]): string {
  return line([...words, `--region ${shellQuote(region)}`, `--endpoint ${shellQuote(fcuEndpoint(region))}`]);
}

/** `--name=value`, quoted: `=` keeps a value that starts with "-" from being read as an option. */
export function awsOption(name: string, value: string): string {
  return word([`--${name}=`, value]);
}
