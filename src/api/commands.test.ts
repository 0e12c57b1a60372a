import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as commands from './commands';
import { awsCliCommand, curlCommand, oscCliCommand, shellQuote, type CopyCommandInput } from './commands';
import { COPY_TIME, copyPlan } from './copy-form';

const description = `Copy of "prod" db; it's $HOME \`whoami\` & more\nline two`;
const input: CopyCommandInput = {
  plan: copyPlan(
    { SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2', Description: description, Tags: [], Provenance: false, SourceTags: false },
    'f3b5c1e2-1111-4222-8333-944445555666',
    COPY_TIME,
  ),
  region: 'eu-west-2',
  endpoint: 'https://api.eu-west-2.outscale.com/',
};
const withTags: CopyCommandInput = {
  ...input,
  plan: copyPlan({ SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2', Description: '', Tags: [{ Key: 'env', Value: 'prod' }], Provenance: true, SourceTags: false }, 'tok-1', COPY_TIME),
};

/** What a real shell makes of a quoted word. */
const shellRoundTrip = (quoted: string) => execFileSync('sh', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });

describe('shellQuote', () => {
  it.each(["it's", '$HOME `id` $(id)', 'a\nb', '', ' spaced ', '"double"', "'", 'snap-0123abcd', 'a=b'])(
    'survives a real shell: %j',
    (value) => {
      expect(shellRoundTrip(shellQuote(value))).toBe(value);
    },
  );
});

describe('command builders', () => {
  it('builds the osc-cli command, strings as Python literals so osc-cli keeps them text', () => {
    expect(oscCliCommand(input)).toBe(
      `osc-cli api CreateSnapshot \\\n  --SourceSnapshotId snap-0123abcd \\\n  --SourceRegionName eu-west-2 \\\n  --Description ${shellQuote(JSON.stringify(description))} \\\n  --ClientToken f3b5c1e2-1111-4222-8333-944445555666`,
    );
  });

  it('adds the CreateTags call on the new copy, with the copy time from the shell', () => {
    for (const command of [oscCliCommand(withTags), awsCliCommand(withTags), curlCommand(withTags)]) {
      const lines = command.split('\n');
      expect(lines[0]).toBe('COPIED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)');
      expect(lines[1]).toMatch(/^SNAPSHOT_ID=\$\((osc-cli api CreateSnapshot|aws ec2 copy-snapshot|curl --aws-sigv4)/);
      expect(command).toMatch(/(osc-cli api CreateTags|aws ec2 create-tags|curl --aws-sigv4)[^]*"\$SNAPSHOT_ID"[^]*"copied-at","Value":"'"\$COPIED_AT"'"/);
    }
  });

  it('names the osc-cli profile when the dashboard uses one', () => {
    expect(oscCliCommand({ ...input, profile: 'prod eu' })).toContain("osc-cli api CreateSnapshot \\\n  --profile 'prod eu' \\\n  --SourceSnapshotId");
  });

  it('builds the AWS CLI copy-snapshot command against FCU, as in the seed', () => {
    const command = awsCliCommand(input);
    expect(command).toContain('aws ec2 copy-snapshot');
    expect(command).toContain('--source-region eu-west-2');
    expect(command).toContain('--source-snapshot-id snap-0123abcd');
    expect(command).toContain('--destination-region eu-west-2');
    expect(command).not.toContain('--client-token');
    expect(command).toMatch(/--endpoint https:\/\/fcu\.eu-west-2\.outscale\.com$/);
  });

  it('builds a signed curl command whose body is the exact JSON request', () => {
    const command = curlCommand(input);
    expect(command).toContain(`--aws-sigv4 osc:osc:eu-west-2:api`);
    expect(command).toContain('--user "$OSC_ACCESS_KEY:$OSC_SECRET_KEY"');
    const data = /--data ('(?:[^']|'\\'')*')/.exec(command)![1]!;
    expect(JSON.parse(shellRoundTrip(data))).toEqual({
      SourceSnapshotId: 'snap-0123abcd',
      SourceRegionName: 'eu-west-2',
      Description: description,
      ClientToken: 'f3b5c1e2-1111-4222-8333-944445555666',
    });
    expect(command.endsWith('https://api.eu-west-2.outscale.com/api/v1/CreateSnapshot')).toBe(true);
  });

  it('never carries a secret, even when the caller hands the connection\'s keys over with the input', () => {
    const secretKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const accessKey = 'AKIAOSCNEVERSHOWN001';
    // Every command form the module exports, so a new form is held to the same rule.
    const forms = Object.entries(commands).filter(
      (entry): entry is [string, (input: CopyCommandInput) => string] => entry[0].endsWith('Command') && typeof entry[1] === 'function',
    );
    expect(forms.map(([name]) => name)).toEqual(expect.arrayContaining(['oscCliCommand', 'awsCliCommand', 'curlCommand']));
    /** The key in any spelling a command could carry it: raw, JSON- or URL-escaped, or a telling part of it. */
    const shows = (command: string, key: string) =>
      [key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key), key.slice(0, 12), key.slice(-12)].some((form) => command.includes(form));
    // The check itself can fail: a builder that read the key from its input would be caught.
    const leaky = (given: CopyCommandInput) => curlCommand(given).replace('$OSC_SECRET_KEY', (given as { secretKey?: string }).secretKey ?? '');
    const connected = (base: CopyCommandInput) => ({ ...base, accessKey, secretKey, secretAccessKey: secretKey, sk: secretKey }) as CopyCommandInput;
    expect(shows(leaky(connected(input)), secretKey)).toBe(true);
    for (const base of [input, withTags, { ...withTags, profile: 'prod' }]) {
      for (const [name, build] of forms) {
        const command = build(connected(base));
        expect(shows(command, secretKey), `${name} shows the secret key`).toBe(false);
        expect(shows(command, accessKey), `${name} shows the access key`).toBe(false);
      }
    }
  });
});

describe('one call as commands (operator actions)', () => {
  const call = {
    action: 'UpdateSnapshot',
    body: { SnapshotId: 'snap-0123abcd', PermissionsToCreateVolume: { Additions: { AccountIds: ['012345678901'], GlobalPermission: false } }, DryRun: true },
    region: 'eu-west-2',
    endpoint: 'https://api.eu-west-2.outscale.com',
  };
  it('osc-cli: IDs as words, structures as Python literals (True, not true), DryRun left out', () => {
    expect(commands.oscCliCall({ ...call, profile: 'prod eu' })).toBe(
      `osc-cli api UpdateSnapshot \\\n  --profile 'prod eu' \\\n  --SnapshotId snap-0123abcd \\\n  --PermissionsToCreateVolume '{"Additions":{"AccountIds":["012345678901"],"GlobalPermission":False}}'`,
    );
  });
  it('curl: the JSON body the dashboard sends, without DryRun', () => {
    const command = commands.curlCall(call);
    expect(command).toContain(`--data '{"SnapshotId":"snap-0123abcd","PermissionsToCreateVolume":{"Additions":{"AccountIds":["012345678901"],"GlobalPermission":false}}}'`);
    expect(command.endsWith('\n  https://api.eu-west-2.outscale.com/api/v1/UpdateSnapshot')).toBe(true);
    expect(command).not.toContain('DryRun');
  });
  it('a hostile description survives the shell in every form', () => {
    const hostile = { ...call, action: 'CreateSnapshot', body: { VolumeId: 'vol-0123abcd', Description: description } };
    const osc = commands.oscCliCall(hostile);
    const value = osc.split('--Description ')[1]!;
    expect(JSON.parse(shellRoundTrip(value))).toBe(description);
    const curl = commands.curlCall(hostile);
    const data = curl.split('--data ')[1]!.split(' \\\n')[0]!;
    expect(JSON.parse(shellRoundTrip(data))).toEqual({ VolumeId: 'vol-0123abcd', Description: description });
    const aws = commands.awsCliCall('eu-west-2', ['aws ec2 create-snapshot', commands.awsOption('description', description)]);
    expect(shellRoundTrip(aws.split(' \\\n')[1]!.trim())).toBe(`--description=${description}`);
    expect(aws).toContain('--endpoint https://fcu.eu-west-2.outscale.com');
  });
});
