import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../api/error-catalogue';
import { OscApiError } from '../../api/errors';
import type { Snapshot } from '../../api/schemas';
import { commandReasons, fieldOf, sourceBlock } from './copy-problems';

const refusal = (entry: { status: number; code: string; type: string }, details = '') =>
  new OscApiError({ kind: 'api', action: 'CreateSnapshot', status: entry.status, errors: [{ Code: entry.code, Type: entry.type, Details: details }] });

const source = (State: string): Snapshot => ({
  SnapshotId: 'snap-0000aaaa',
  AccountId: '339215505907',
  CreationDate: '2026-11-25T10:00:00.000Z',
  PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
  Progress: 100,
  State,
  Tags: [],
  VolumeSize: 10,
});

describe('fieldOf', () => {
  it('pins an error to the field the catalogue names', () => {
    for (const entry of [ERROR_CATALOGUE.wrongIdPrefix, ERROR_CATALOGUE.malformedId, ERROR_CATALOGUE.snapshotNotFound, ERROR_CATALOGUE.invalidState]) {
      expect(fieldOf(refusal(entry))).toBe('SourceSnapshotId');
    }
  });

  it('pins an InvalidParameterValue to the field its Details name, else to none', () => {
    const invalid = ERROR_CATALOGUE.invalidParameterValue;
    expect(fieldOf(refusal(invalid, "SourceRegionName: 'us-east-2' is another Region"))).toBe('SourceRegionName');
    expect(fieldOf(refusal(invalid, 'Description: too long'))).toBe('Description');
    expect(fieldOf(refusal(invalid, 'ClientToken: too long'))).toBeNull();
  });

  it('pins no copy-form field for errors about something else (the keys, throttling)', () => {
    expect(fieldOf(refusal(ERROR_CATALOGUE.authFailed))).toBeNull();
    expect(fieldOf(refusal({ status: 429, code: '25', type: 'Throttled' }))).toBeNull();
  });
});

describe('sourceBlock', () => {
  const base = { sourceId: 'snap-0000aaaa', wellFormed: true, pending: false, error: null, found: source('completed'), accountId: '339215505907' };
  it('says nothing for a completed source, or for text that is not an ID yet', () => {
    expect(sourceBlock(base)).toBeNull();
    expect(sourceBlock({ ...base, wellFormed: false, pending: true })).toBeNull();
  });
  it('says why a source cannot be copied, or that it is being looked up', () => {
    expect(sourceBlock({ ...base, pending: true })).toBe('Looking up the source snapshot…');
    expect(sourceBlock({ ...base, found: null })).toBe(
      'snap-0000aaaa does not exist, or belongs to another account that has not shared it with you (339215505907).',
    );
    expect(sourceBlock({ ...base, found: source('pending') })).toBe('snap-0000aaaa is pending: only a completed snapshot can be copied.');
    expect(sourceBlock({ ...base, found: undefined, error: refusal(ERROR_CATALOGUE.snapshotNotFound) })).toBe(
      `The source could not be read: ${ERROR_CATALOGUE.snapshotNotFound.explain}`,
    );
    expect(sourceBlock({ ...base, found: undefined, error: new Error('offline') })).toBe('The source could not be read: offline');
  });
});

describe('commandReasons', () => {
  it('lists every reason, with the form fields by their labels', () => {
    expect(
      commandReasons({
        already: source('pending'),
        retryPending: true,
        blocked: 'snap-0000aaaa is pending: only a completed snapshot can be copied.',
        issues: [
          { path: ['Description'], message: 'Too long.' },
          { path: ['Tags', 1, 'Key'], message: 'A tag needs a key.' },
          { path: ['Tags', 0, 'Value'], message: 'Too long.' },
        ],
      }),
    ).toEqual([
      "This dialog's ClientToken already made snap-0000aaaa: open a new copy dialog to make another copy.",
      "Reading the failed copy's settings…",
      'snap-0000aaaa is pending: only a completed snapshot can be copied.',
      'Description: Too long.',
      'Tag 2 key: A tag needs a key.',
      'Tag 1 value: Too long.',
    ]);
    expect(commandReasons({ already: null, retryPending: false, blocked: null, issues: [] })).toEqual([]);
  });
});
