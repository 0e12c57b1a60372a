/** The operator actions' pure rules: delete blocks and warnings, sharing changes, tag limits and undo, commands. */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import { confirmMatches, deleteBlock, deleteCommands, deleteWarnings, needsTypedConfirm } from './delete-logic';
import { accountIdProblem, sharingCalls, sharingCommands } from './share-logic';
import { applyTagChange, tagCall, tagCommands, tagProblems, undoTagChange } from './tags-logic';

const ME = '339215505907';
const PARTNER = '771632402196';
const snap = (extra: Partial<Snapshot> = {}): Snapshot => ({
  SnapshotId: 'snap-0000000a', AccountId: ME, CreationDate: '2026-11-25T10:00:00.000Z', PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
  Progress: 100, State: 'completed', Tags: [], VolumeSize: 10, ...extra,
});
const where = { region: 'eu-west-2', endpoint: 'https://api.eu-west-2.outscale.com' };

describe('delete', () => {
  it('blocks what this account cannot delete now, with the reason', () => {
    expect(deleteBlock(snap(), ME)).toBeNull();
    expect(deleteBlock(snap({ State: 'error' }), ME)).toBeNull();
    expect(deleteBlock(snap({ AccountId: PARTNER }), ME)).toContain(`owner, account ${PARTNER}`);
    expect(deleteBlock(snap({ State: 'pending' }), ME)).toContain('pending');
    expect(deleteBlock(snap({ State: 'in-queue' }), ME)).toContain('in-queue');
    expect(deleteBlock(snap({ State: 'deleting' }), ME)).toContain('already being deleted');
  });

  it('warns of copies, sharing and public, and only then asks for the typed word', () => {
    const plain = deleteWarnings(snap(), []);
    expect(plain).toEqual([]);
    expect(needsTypedConfirm(plain)).toBe(false);
    const copies = [snap({ SnapshotId: 'snap-0000000b' }), snap({ SnapshotId: 'snap-0000000c' })];
    const all = deleteWarnings(snap({ PermissionsToCreateVolume: { AccountIds: [PARTNER], GlobalPermission: true } }), copies);
    expect(all.map((w) => w.kind)).toEqual(['copies', 'shared', 'public']);
    expect(all[0]!.text).toContain('2 copies (snap-0000000b, snap-0000000c)');
    expect(all[1]!.text).toContain(`account ${PARTNER}`);
    expect(needsTypedConfirm(all)).toBe(true);
    // a snapshot is not its own copy
    expect(deleteWarnings(snap(), [snap()])).toEqual([]);
  });

  it('matches the typed word whatever its case, and nothing else', () => {
    expect(confirmMatches(' Confirm ')).toBe(true);
    expect(confirmMatches('confirmed')).toBe(false);
    expect(confirmMatches('')).toBe(false);
  });

  it('gives DeleteSnapshot as osc-cli, AWS CLI and curl', () => {
    const [osc, aws, curl] = deleteCommands(where, 'snap-0000000a');
    expect(osc!.command).toBe('osc-cli api DeleteSnapshot \\\n  --SnapshotId snap-0000000a');
    expect(aws!.command).toContain('aws ec2 delete-snapshot \\\n  --snapshot-id=snap-0000000a');
    expect(aws!.command).toContain('--endpoint https://fcu.eu-west-2.outscale.com');
    expect(curl!.command).toContain(`--data '{"SnapshotId":"snap-0000000a"}'`);
    expect(curl!.command).toContain('/api/v1/DeleteSnapshot');
  });
});

describe('sharing', () => {
  it('checks an account ID: 12 digits, not the owner, not listed; spaces and dashes ignored', () => {
    expect(accountIdProblem('7716-3240-2196', ME, [])).toBeNull();
    expect(accountIdProblem('', ME, [])).toContain('Enter an account ID');
    expect(accountIdProblem('12345', ME, [])).toContain('12 digits');
    expect(accountIdProblem('abcdefghijkl', ME, [])).toContain('12 digits');
    expect(accountIdProblem(ME, ME, [])).toContain('owner');
    expect(accountIdProblem(PARTNER, ME, [PARTNER])).toContain('already');
  });

  it('turns a change into Additions, then Removals, one call each, and nothing for no change', () => {
    const from = { accountIds: [PARTNER], isPublic: false };
    expect(sharingCalls(from, from)).toEqual([]);
    expect(sharingCalls(from, { accountIds: [PARTNER, '111111111111'], isPublic: true })).toEqual([{ Additions: { AccountIds: ['111111111111'], GlobalPermission: true } }]);
    expect(sharingCalls({ accountIds: [PARTNER], isPublic: true }, { accountIds: ['111111111111'], isPublic: false })).toEqual([
      { Additions: { AccountIds: ['111111111111'] } },
      { Removals: { AccountIds: [PARTNER], GlobalPermission: true } },
    ]);
  });

  it('gives the same calls as commands, the AWS CLI with createVolumePermission Add and Remove', () => {
    const [osc, aws, curl] = sharingCommands(where, 'snap-0000000a', { accountIds: [PARTNER], isPublic: false }, { accountIds: [], isPublic: true });
    expect(osc!.command).toContain(`--PermissionsToCreateVolume '{"Additions":{"GlobalPermission":True}}'`);
    expect(osc!.command).toContain(`--PermissionsToCreateVolume '{"Removals":{"AccountIds":["${PARTNER}"]}}' `.trim());
    expect(aws!.command).toContain(`--create-volume-permission '{"Add":[{"Group":"all"}]}'`);
    expect(aws!.command).toContain(`--create-volume-permission '{"Remove":[{"UserId":"${PARTNER}"}]}'`);
    expect(aws!.command!.split(' &&\n')).toHaveLength(2);
    expect(curl!.command).toContain('"Additions":{"GlobalPermission":true}');
  });
});

describe('tags', () => {
  it("checks OUTSCALE's limits: key 1 to 255, value 0 to 255, 50 tags", () => {
    expect(tagProblems('env', '', [])).toEqual({});
    expect(tagProblems('', 'x', []).Key).toContain('needs a key');
    expect(tagProblems('k'.repeat(255), 'v'.repeat(255), [])).toEqual({});
    expect(tagProblems('k'.repeat(256), '', []).Key).toContain('at most 255');
    expect(tagProblems('env', 'v'.repeat(256), []).Value).toContain('at most 255');
    expect(tagProblems(' env', '', []).Key).toContain('space');
    const full = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    expect(tagProblems('new', '', full).Key).toContain('at most 50 tags');
    expect(tagProblems('k3', 'overwrite', full)).toEqual({});
  });

  it('applies a change at once and undoes only that change when refused', () => {
    const before = [{ Key: 'Name', Value: 'web' }, { Key: 'env', Value: 'prod' }];
    const edited = applyTagChange(before, { kind: 'set', Key: 'env', Value: 'staging' });
    expect(edited).toEqual([{ Key: 'Name', Value: 'web' }, { Key: 'env', Value: 'staging' }]);
    const added = applyTagChange(edited, { kind: 'set', Key: 'team', Value: 'ops' });
    expect(added.at(-1)).toEqual({ Key: 'team', Value: 'ops' });
    // the edit of env is refused while the team tag (another change) stays
    expect(undoTagChange(added, before, { kind: 'set', Key: 'env', Value: 'staging' })).toEqual([...before, { Key: 'team', Value: 'ops' }]);
    // a refused add disappears; a refused remove comes back
    expect(undoTagChange(added, edited, { kind: 'set', Key: 'team', Value: 'ops' })).toEqual(edited);
    const removed = applyTagChange(before, { kind: 'remove', Key: 'Name' });
    expect(removed).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(undoTagChange(removed, before, { kind: 'remove', Key: 'Name' })).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'Name', Value: 'web' }]);
  });

  it('sends CreateTags for a set and DeleteTags with an empty Value for a remove, and shows the same as commands', () => {
    expect(tagCall('snap-0000000a', { kind: 'set', Key: 'env', Value: 'prod' })).toEqual({ action: 'CreateTags', body: { ResourceIds: ['snap-0000000a'], Tags: [{ Key: 'env', Value: 'prod' }] } });
    expect(tagCall('snap-0000000a', { kind: 'remove', Key: 'env' })).toEqual({ action: 'DeleteTags', body: { ResourceIds: ['snap-0000000a'], Tags: [{ Key: 'env', Value: '' }] } });
    const [osc, aws, curl] = tagCommands(where, 'snap-0000000a', { kind: 'set', Key: 'team name', Value: "it's" });
    expect(osc!.command).toContain('osc-cli api CreateTags');
    expect(aws!.command).toContain(`aws ec2 create-tags \\\n  --resources=snap-0000000a \\\n  --tags '[{"Key":"team name","Value":"it'\\''s"}]'`);
    expect(curl!.command).toContain('/api/v1/CreateTags');
    const [, awsDelete] = tagCommands(where, 'snap-0000000a', { kind: 'remove', Key: 'env' });
    expect(awsDelete!.command).toContain(`aws ec2 delete-tags \\\n  --resources=snap-0000000a \\\n  --tags '[{"Key":"env"}]'`);
  });
});
