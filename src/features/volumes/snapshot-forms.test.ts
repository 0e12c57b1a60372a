import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AWS_NO_IMPORT, planCommands } from './snapshot-commands';
import {
  formatGiB,
  importPlan,
  importSource,
  makeImportFormSchema,
  parseBytes,
  presignedUrlProblem,
  volumeSizeGiB,
  volumeSnapshotFormSchema,
  volumeSnapshotPlan,
} from './snapshot-forms';

const NOW = Date.UTC(2026, 10, 26, 3, 0, 0);
const SIGNED = 'https://oos.eu-west-2.outscale.com/backups/disk.qcow2?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261126T020000Z&X-Amz-Expires=7200&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123';

describe('the pre-signed URL', () => {
  it('accepts an https URL signed with SigV4 or SigV2 that has not expired', () => {
    expect(presignedUrlProblem(SIGNED, NOW)).toBeUndefined();
    expect(presignedUrlProblem(`https://oos.eu-west-2.outscale.com/b/k?AWSAccessKeyId=AK&Expires=${NOW / 1000 + 60}&Signature=xyz`, NOW)).toBeUndefined();
    // no expiry in the query: nothing to check
    expect(presignedUrlProblem('https://bucket.example/k?X-Amz-Signature=abc', NOW)).toBeUndefined();
  });

  it('refuses what OUTSCALE could not read, saying why', () => {
    expect(presignedUrlProblem('', NOW)).toMatch(/Enter the pre-signed URL/);
    expect(presignedUrlProblem('oos/bucket/key', NOW)).toMatch(/not a URL/);
    expect(presignedUrlProblem(SIGNED.replace('https:', 'http:'), NOW)).toMatch(/https:\/\//);
    expect(presignedUrlProblem('https://oos.eu-west-2.outscale.com/b/k', NOW)).toMatch(/not pre-signed/);
    expect(presignedUrlProblem('https://oos.eu-west-2.outscale.com/b/k?X-Amz-Signature=', NOW)).toMatch(/not pre-signed/);
    // 02:00 + 7200 s = 04:00: expired at 04:00, not one second before
    expect(presignedUrlProblem(SIGNED, Date.UTC(2026, 10, 26, 4, 0, 0))).toMatch(/expired on 2026-11-26T04:00:00Z/);
    expect(presignedUrlProblem(SIGNED, Date.UTC(2026, 10, 26, 3, 59, 59))).toBeUndefined();
    expect(presignedUrlProblem(`https://b.example/k?Expires=${NOW / 1000 - 1}&Signature=xyz`, NOW)).toMatch(/expired/);
  });

  it('the tray keeps the object without its query: the signature is not stored', () => {
    expect(importSource(SIGNED)).toBe('https://oos.eu-west-2.outscale.com/backups/disk.qcow2');
    expect(importSource('nope')).toBe('');
  });
});

describe('the size in bytes', () => {
  it('reads whole numbers, with spaces or underscores between groups, and never guesses a comma or a dot', () => {
    expect(parseBytes('10737418240')).toBe(10737418240);
    expect(parseBytes(' 10 737 418 240 ')).toBe(10737418240);
    expect(parseBytes('10_737_418_240')).toBe(10737418240);
    expect(parseBytes('10,737,418,240')).toBeUndefined();
    expect(parseBytes('12.5')).toBeUndefined();
    expect(parseBytes('1e9')).toBeUndefined();
    expect(parseBytes('-5')).toBeUndefined();
    expect(parseBytes('')).toBeUndefined();
    expect(parseBytes('99999999999999999999')).toBeUndefined();
  });

  it('is shown in GiB, and OUTSCALE rounds the volume size up to whole GiB', () => {
    expect(formatGiB(10737418240)).toBe('10 GiB');
    expect(formatGiB(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(formatGiB(2 ** 20)).toBe('0.001 GiB');
    expect(formatGiB(1)).toBe('< 0.001 GiB');
    expect(formatGiB(500 * 2 ** 30)).toBe('500 GiB');
    expect(volumeSizeGiB(10737418240)).toBe(10);
    expect(volumeSizeGiB(10737418241)).toBe(11);
    expect(volumeSizeGiB(1)).toBe(1);
  });
});

describe('the import form', () => {
  const schema = makeImportFormSchema(() => NOW);
  const form = { FileLocation: ` ${SIGNED} `, SnapshotSize: '10737418240', Name: 'restored', Description: 'From the bucket', Tags: [] };

  it('makes CreateSnapshot with FileLocation, SnapshotSize (a number), Description and ClientToken, then the Name tag', () => {
    const parsed = schema.parse(form);
    expect(importPlan(parsed, 'tok-1')).toEqual({
      create: { FileLocation: SIGNED, SnapshotSize: 10737418240, Description: 'From the bucket', ClientToken: 'tok-1' },
      tags: [{ Key: 'Name', Value: 'restored' }],
    });
  });

  it('says what is wrong with each field', () => {
    const result = schema.safeParse({ ...form, FileLocation: 'http://x.example/k', SnapshotSize: '0', Description: 'x'.repeat(256) });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [String(issue.path[0]), issue.message]));
    expect(messages.FileLocation).toMatch(/https:\/\//);
    expect(messages.SnapshotSize).toMatch(/at least 1 byte/);
    expect(messages.Description).toBe('At most 255 characters.');
    expect(schema.safeParse({ ...form, SnapshotSize: '12.5' }).error?.issues[0]?.message).toMatch(/whole number/);
  });
});

describe('snapshot this volume', () => {
  it('CreateSnapshot with VolumeId and ClientToken, then the Name tag first and the other tags', () => {
    const parsed = volumeSnapshotFormSchema.parse({ Name: ' nightly ', Description: '', Tags: [{ Key: ' team ', Value: 'ops' }] });
    expect(volumeSnapshotPlan('vol-0000000a', parsed, 'tok')).toEqual({
      create: { VolumeId: 'vol-0000000a', ClientToken: 'tok' },
      tags: [{ Key: 'Name', Value: 'nightly' }, { Key: 'team', Value: 'ops' }],
    });
  });

  it('refuses a Name given as a tag, a key twice, an empty key and a key over 255 characters', () => {
    const issues = (tags: { Key: string; Value: string }[]) => volumeSnapshotFormSchema.safeParse({ Name: '', Description: '', Tags: tags }).error?.issues.map((i) => i.message);
    expect(issues([{ Key: 'Name', Value: 'x' }])).toEqual(['Give the Name in its own field above, not as a tag.']);
    expect(issues([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }])).toEqual(['Each tag key once: a second value would replace the first.']);
    expect(issues([{ Key: ' ', Value: '' }])).toContain('A tag needs a key.');
    expect(issues([{ Key: 'k'.repeat(256), Value: '' }])).toContain('At most 255 characters.');
  });
});

describe('the commands', () => {
  const target = { region: 'eu-west-2', endpoint: 'https://api.eu-west-2.outscale.com' };
  const volumePlan = volumeSnapshotPlan('vol-0000000a', { Name: "it's nightly", Description: 'before upgrade', Tags: [] }, 'tok-1');

  /** Runs a command with stand-ins for osc-cli, curl and aws that print their arguments, one per line. */
  function run(script: string): string {
    const stubs = `osc-cli() { printf '<%s>\\n' "$@" >&2; echo '{"Snapshot":{"SnapshotId":"snap-12345678"}}'; }
curl() { printf '<%s>\\n' "$@" >&2; echo '{"Snapshot":{"SnapshotId":"snap-12345678"}}'; }
aws() { printf '<%s>\\n' "$@" >&2; echo snap-12345678; }
jq() { cat >/dev/null; echo snap-12345678; }
`;
    return execFileSync('bash', ['-c', `{\n${stubs}${script}\n} 2>&1`], { encoding: 'utf8' });
  }

  it('osc-cli: CreateSnapshot with VolumeId and ClientToken, then CreateTags on the new ID, as one script', () => {
    const [osc] = planCommands(volumePlan, target);
    expect(osc!.command).toContain('osc-cli api CreateSnapshot');
    expect(osc!.command).toContain('--VolumeId vol-0000000a');
    expect(osc!.command).toContain('--ClientToken tok-1');
    const out = run(osc!.command!);
    expect(out).toContain('<CreateTags>');
    expect(out).toContain('<["snap-12345678"]>');
    expect(out).toContain(`<[{"Key":"Name","Value":"it's nightly"}]>`);
  });

  it('curl: the same bodies, signed, the new ID filled in', () => {
    const curl = planCommands(volumePlan, target)[2]!.command!;
    const out = run(curl);
    expect(out).toContain('<{"VolumeId":"vol-0000000a","Description":"before upgrade","ClientToken":"tok-1"}>');
    expect(out).toContain(`<{"ResourceIds":["snap-12345678"],"Tags":[{"Key":"Name","Value":"it's nightly"}]}>`);
    expect(out).toContain('<https://api.eu-west-2.outscale.com/api/v1/CreateTags>');
    expect(curl).not.toMatch(/SECRET_KEY[^"]/);
  });

  it('AWS CLI: create-snapshot --volume-id, then create-tags on the FCU endpoint; no import there', () => {
    const aws = planCommands(volumePlan, target)[1]!;
    expect(aws.command).toContain('aws ec2 create-snapshot');
    expect(aws.command).toContain('--volume-id vol-0000000a');
    expect(aws.command).toContain("--endpoint https://fcu.eu-west-2.outscale.com");
    expect(run(aws.command!)).toContain('<--resources>\n<snap-12345678>');
    const imported = importPlan(makeImportFormSchema(() => NOW).parse({ FileLocation: SIGNED, SnapshotSize: '1', Name: '', Description: '', Tags: [] }), 'tok');
    const commands = planCommands(imported, target);
    expect(commands[1]).toEqual({ title: 'AWS CLI (FCU endpoint)', problem: AWS_NO_IMPORT });
    // no tags: one call only
    expect(commands[0]!.command).not.toContain('CreateTags');
    expect(run(commands[0]!.command!)).toContain('<--SnapshotSize>\n<1>');
  });
});

describe('the import form against the object its URL names', () => {
  const form = (SnapshotSize: string, FileLocation = SIGNED) => ({ FileLocation, SnapshotSize, Name: '', Description: '', Tags: [] });
  const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it("refuses a size below the object's own, once the object was read for that URL", () => {
    let probed: { url: string; size?: number; refused?: string } | undefined;
    const schema = makeImportFormSchema(() => NOW, () => probed);
    expect(schema.safeParse(form('1000')).success).toBe(true);
    probed = { url: SIGNED, size: 5000 };
    expect(issues(schema.safeParse(form('1000')))).toEqual(["SnapshotSize: The object itself is 5,000 bytes: the size must be at least that, and at least the source's uncompressed size."]);
    expect(schema.safeParse(form('5000')).success).toBe(true);
    // Read for another URL: says nothing of this one.
    probed = { url: `${SIGNED}&x=1`, size: 5000 };
    expect(schema.safeParse(form('1000')).success).toBe(true);
  });

  it("puts OOS's refusal of the URL on the URL's field", () => {
    const schema = makeImportFormSchema(() => NOW, () => ({ url: SIGNED, refused: 'This pre-signed URL has expired.' }));
    expect(issues(schema.safeParse(form('1000')))).toEqual(['FileLocation: This pre-signed URL has expired.']);
  });

  it("takes http only from this machine (the sandbox's OOS)", () => {
    const local = 'http://127.0.0.1:4400/b/k?X-Amz-Signature=abc';
    expect(presignedUrlProblem(local, NOW)).toBeUndefined();
    expect(presignedUrlProblem(local.replace('127.0.0.1', 'localhost'), NOW)).toBeUndefined();
    expect(presignedUrlProblem(local.replace('127.0.0.1', 'oos.eu-west-2.outscale.com'), NOW)).toMatch(/https:\/\//);
  });
});
