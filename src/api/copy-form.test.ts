import { describe, expect, it } from 'vitest';
import { COPY_TIME, copyPlan, copyTags, defaultDescription, formFromCopy, makeCopyFormSchema, toCreateSnapshotRequest, type CopyForm } from './copy-form';
import { createSnapshotRequestSchema } from './requests';

const schema = makeCopyFormSchema('eu-west-2');
const form: CopyForm = { SourceSnapshotId: ' snap-0123abcd ', SourceRegionName: 'eu-west-2', Description: 'd', Tags: [{ Key: 'env', Value: 'prod' }], Provenance: true, SourceTags: false };

describe('copy form', () => {
  it('checks the ID format, the Region rule, and lengths', () => {
    const messages = (value: unknown) => {
      const result = schema.safeParse(value);
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(messages(form)).toEqual([]);
    expect(messages({ ...form, SourceSnapshotId: 'snap-zz' })).toEqual(['SourceSnapshotId: A snapshot ID looks like snap-1a2b3c4d.']);
    expect(messages({ ...form, SourceRegionName: 'us-east-2' })).toEqual(["SourceRegionName: A copy must stay in your account's Region (eu-west-2); 'us-east-2' is another Region."]);
    expect(messages({ ...form, Description: 'x'.repeat(256) })).toEqual(['Description: At most 255 characters.']);
    expect(messages({ ...form, Tags: [{ Key: ' ', Value: '' }] })).toEqual(['Tags.0.Key: A tag needs a key.']);
  });

  it('is the CreateSnapshot request schema, field by field (one set of limits and refused characters)', () => {
    expect(schema.shape.Description).toBe(createSnapshotRequestSchema.shape.Description.def.innerType);
    // Every request check runs in the form too: a Description the API would refuse, the form refuses.
    for (const description of ['x'.repeat(256), 'bell\u0007']) {
      expect(createSnapshotRequestSchema.safeParse({ SourceSnapshotId: 'snap-0123abcd', Description: description }).success).toBe(false);
      expect(schema.safeParse({ ...form, Description: description }).success).toBe(false);
    }
    expect(schema.safeParse({ ...form, SourceSnapshotId: 'bell\u0007snap-0123abcd' }).success).toBe(false);
  });

  it('refuses, field by field, the characters the API refuses (no answer could carry them)', () => {
    const paths = (value: unknown) => {
      const result = schema.safeParse(value);
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(paths({ ...form, Description: 'a\u0001b' })).toEqual(['Description']);
    expect(paths({ ...form, Tags: [{ Key: 'k\uFFFF', Value: 'v' }] })).toEqual(['Tags.0.Key']);
    expect(paths({ ...form, Tags: [{ Key: 'k', Value: 'half \uD800' }] })).toEqual(['Tags.0.Value']);
    expect(paths({ ...form, Description: 'tab\tline\nreturn\r and 😀' })).toEqual([]);
  });

  it('pre-fills a useful description within the limit', () => {
    expect(defaultDescription('snap-0123abcd', 'Nightly')).toBe('Copy of snap-0123abcd: Nightly');
    expect(defaultDescription('snap-0123abcd', undefined)).toBe('Copy of snap-0123abcd');
    expect(defaultDescription('snap-0123abcd', 'x'.repeat(300))).toHaveLength(255);
  });

  it('maps to a CreateSnapshot request the API schema accepts, with the ClientToken', () => {
    const request = toCreateSnapshotRequest(form, 'token-1', true);
    expect(request).toEqual({ SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2', Description: 'd', ClientToken: 'token-1', DryRun: true });
    expect(createSnapshotRequestSchema.safeParse(request).success).toBe(true);
  });

  it('adds provenance tags when asked', () => {
    const at = '2026-11-24T12:00:00.000Z';
    expect(copyTags(form, at)).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'copied-from', Value: 'snap-0123abcd' },
      { Key: 'copied-from-region', Value: 'eu-west-2' },
      { Key: 'copied-at', Value: '2026-11-24T12:00:00.000Z' },
    ]);
    expect(copyTags({ ...form, Provenance: false, Tags: [] }, at)).toEqual([]);
  });

  it("copies the source's own tags only when asked, never its provenance, and lets the operator's and provenance win", () => {
    const source = [
      { Key: 'Name', Value: 'db-prod' },
      { Key: 'env', Value: 'staging' },
      { Key: 'copied-from', Value: 'snap-99999999' },
      { Key: 'copied-at', Value: '2020-01-01T00:00:00Z' },
    ];
    expect(copyTags(form, 'T', source).map((t) => t.Key)).toEqual(['env', 'copied-from', 'copied-from-region', 'copied-at']);
    expect(copyTags({ ...form, SourceTags: true }, 'T', source)).toEqual([
      { Key: 'Name', Value: 'db-prod' },
      { Key: 'env', Value: 'prod' },
      { Key: 'copied-from', Value: 'snap-0123abcd' },
      { Key: 'copied-from-region', Value: 'eu-west-2' },
      { Key: 'copied-at', Value: 'T' },
    ]);
    // Without provenance, the source's provenance tags still stay behind: the copy was not copied from snap-99999999.
    expect(copyTags({ ...form, SourceTags: true, Provenance: false, Tags: [] }, 'T', source)).toEqual([
      { Key: 'Name', Value: 'db-prod' },
      { Key: 'env', Value: 'staging' },
    ]);
    expect(copyPlan({ ...form, SourceTags: true }, 'tok', 'T', source).tags).toHaveLength(5);
    expect(formFromCopy({ Tags: source }, 'snap-0123abcd', 'eu-west-2').SourceTags).toBe(false);
  });

  it('plans CreateSnapshot then CreateTags; a shown plan leaves the copy time to the shell', () => {
    expect(copyPlan(form, 'token-1', '2026-11-24T12:00:00.000Z')).toEqual({
      create: { SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2', Description: 'd', ClientToken: 'token-1' },
      tags: copyTags(form, '2026-11-24T12:00:00.000Z'),
    });
    expect(copyPlan(form, 'token-1', COPY_TIME).tags.at(-1)).toEqual({ Key: 'copied-at', Value: COPY_TIME });
    expect(copyPlan({ ...form, Tags: [], Provenance: false, SourceTags: false }, 't', COPY_TIME).tags).toEqual([]);
  });

  it('rebuilds the form of a copy for a retry: same description and tags, provenance set apart', () => {
    const failed = { Description: 'Copy of snap-0123abcd', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'copied-from', Value: 'snap-0123abcd' }, { Key: 'copied-at', Value: 'x' }] };
    expect(formFromCopy(failed, 'snap-0123abcd', 'eu-west-2')).toEqual({
      SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2', Description: 'Copy of snap-0123abcd', Tags: [{ Key: 'env', Value: 'prod' }], Provenance: true, SourceTags: false,
    });
    expect(formFromCopy({ Tags: [] }, 'snap-0123abcd', 'eu-west-2')).toMatchObject({ Description: '', Tags: [], Provenance: false, SourceTags: false });
  });
});
