import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import { chunks, copyRequest, parseTags, refusal, renderTemplate } from './bulk-logic';
import { tagAll } from './bulk-edit-dialogs';

const snap = (extra: Partial<Snapshot> = {}): Snapshot =>
  ({ SnapshotId: 'snap-12345678', State: 'completed', VolumeSize: 10, Description: 'nightly db', Tags: [{ Key: 'Name', Value: 'db' }, { Key: 'env', Value: 'prod' }, { Key: 'copied-from', Value: 'snap-00000001' }], ...extra }) as Snapshot;

describe('bulk copy rules', () => {
  it('renders {id}, {name} and {description}, trimmed and cut to 255', () => {
    expect(renderTemplate('Copy of {id} ({name}): {description}', snap())).toBe('Copy of snap-12345678 (db): nightly db');
    expect(renderTemplate('{name} {description}', snap({ Tags: [], Description: undefined }))).toBe('');
    expect(renderTemplate('{description}{description}', snap({ Description: 'x'.repeat(200) }))).toHaveLength(255);
    expect(renderTemplate('{unknown}', snap())).toBe('{unknown}');
  });

  it('refuses with the reason: not visible, another Region, not completed', () => {
    expect(refusal(null, 'eu-west-2', 'eu-west-2', 'snap-1')).toMatch(/not visible/);
    expect(refusal(snap(), 'us-east-2', 'eu-west-2', 'snap-1')).toMatch(/Region/);
    expect(refusal(snap({ State: 'pending' }), 'eu-west-2', 'eu-west-2', 'snap-1')).toMatch(/is pending: only a completed/);
    expect(refusal(snap(), 'eu-west-2', 'eu-west-2', 'snap-1')).toBeUndefined();
  });

  it("the copy's request and tags: source's (never its provenance), operator's, then provenance", () => {
    const request = copyRequest(snap(), { template: '{id}', provenance: true, sourceTags: true, tags: [{ Key: 'env', Value: 'dr' }], region: 'eu-west-2', at: '2026-11-26T05:00:00.000Z' }, 'tok-1');
    expect(request).toMatchObject({ SourceSnapshotId: 'snap-12345678', SourceRegionName: 'eu-west-2', Description: 'snap-12345678', ClientToken: 'tok-1' });
    expect(request.Tags).toEqual([
      { Key: 'Name', Value: 'db' },
      { Key: 'env', Value: 'dr' },
      { Key: 'copied-from', Value: 'snap-12345678' },
      { Key: 'copied-from-region', Value: 'eu-west-2' },
      { Key: 'copied-at', Value: '2026-11-26T05:00:00.000Z' },
    ]);
    expect(copyRequest(snap(), { template: '', provenance: false, sourceTags: false, tags: [], region: 'eu-west-2', at: '' }, 't').Tags).toEqual([]);
  });

  it('parses tag lines and names the bad ones', () => {
    expect(parseTags('a=1\n b = 2 ,c\n\nosc:x=1\n=v')).toEqual({ tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '' }], bad: ['osc:x=1', '=v'] });
  });

  it('batches 250 IDs as 100, 100, 50', () => {
    expect(chunks(Array.from({ length: 250 }, (_, i) => i)).map((c) => c.length)).toEqual([100, 100, 50]);
  });

  it('tags in batches; a refused batch is retried one by one and reported item by item', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `snap-${String(i).padStart(8, '0')}`);
    const sent: number[] = [];
    const { outcomes, calls } = await tagAll(async (batch) => {
      sent.push(batch.length);
      if (batch.includes('snap-00000007')) throw new Error('refused');
    }, ids);
    expect(sent[0]).toBe(100);
    expect(sent.at(-1)).toBe(50);
    expect(calls).toBe(1 + 100 + 1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([{ id: 'snap-00000007', ok: false, text: 'refused' }]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(149);
  });
});
