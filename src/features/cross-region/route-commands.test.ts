import { describe, expect, it } from 'vitest';
import { routeCommands, type RouteCommandInput } from './route-commands';

const input: RouteCommandInput = {
  routeId: 'abc123def456',
  sourceId: 'snap-aaaaaaaa',
  sourceRegion: 'eu-west-2',
  destRegion: 'us-east-2',
  needsOwnCopy: false,
  bucket: 'snapshot-console-exports-111122223333',
  deleteObject: true,
  description: 'd',
  copyToken: 'route-abc123def456-copy',
  importToken: 'route-abc123def456-import',
  createBucket: true,
  oosEndpoint: 'https://oos.eu-west-2.outscale.com',
  sizeBytes: 4 * 2 ** 30,
};

describe('route commands', () => {
  it('covers export, presign, import in the destination and clean-up, without a secret', () => {
    const text = routeCommands(input);
    expect(text).toContain('aws s3 mb s3://snapshot-console-exports-111122223333');
    expect(text).toMatch(/osc-cli api CreateSnapshotExportTask[\s\S]*--SnapshotId snap-aaaaaaaa/);
    expect(text).toContain('--OsuExport \'{"DiskImageFormat":"qcow2","OsuBucket":"snapshot-console-exports-111122223333","OsuPrefix":"snapshot-console/abc123def456/"}\'');
    expect(text).toContain('aws s3 presign "s3://snapshot-console-exports-111122223333/$KEY" --expires-in 900');
    expect(text).toContain('--endpoint-url https://oos.eu-west-2.outscale.com');
    expect(text).toMatch(/osc-cli api CreateSnapshot \\\n {2}--profile "\$DEST_PROFILE" \\\n {2}--FileLocation "\\"\$URL\\"" \\\n {2}--SnapshotSize 4294967296 \\\n {2}--ClientToken route-abc123def456-import/);
    expect(text).toContain('--Tags "[{\\"Key\\":\\"copied-from\\",\\"Value\\":\\"snap-aaaaaaaa\\"}');
    expect(text).toContain('aws s3 rm');
    expect(text).not.toMatch(/secret|X-Amz-Signature|OWN_ID/i);
  });

  it('copies a shared source into the account first and exports that copy', () => {
    const text = routeCommands({ ...input, needsOwnCopy: true, createBucket: false, deleteObject: false, destProfile: 'us' });
    expect(text).toMatch(/OWN_ID=\$\(osc-cli api CreateSnapshot[\s\S]*--SourceRegionName eu-west-2[\s\S]*--ClientToken route-abc123def456-copy/);
    expect(text).toContain('--SnapshotId "\\"$OWN_ID\\""');
    expect(text).toContain("--profile us");
    expect(text).not.toContain('aws s3 mb');
    expect(text).not.toContain('aws s3 rm');
  });
});
