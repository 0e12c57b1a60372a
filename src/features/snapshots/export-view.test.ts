import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import { csvField, exportColumns, exportFileName, toCsv, toJson } from './export-view';
import { prepareRows } from './rows';

const snap = (id: string, extra: Partial<Snapshot> = {}): Snapshot => ({
  AccountId: '339215505907',
  CreationDate: '2026-11-25T12:00:00.000Z',
  Description: 'nightly',
  PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
  Progress: 100,
  SnapshotId: id,
  State: 'completed',
  Tags: [{ Key: 'Name', Value: 'db' }],
  VolumeId: 'vol-0123abcd',
  VolumeSize: 10,
  ...extra,
});

/** A minimal RFC 4180 reader, to check that what is written reads back as the same fields. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('export the view', () => {
  it('writes the visible columns in table order, the ID always, never the actions', () => {
    expect(exportColumns(['tags'])).toEqual(['id', 'name', 'description', 'volume', 'size', 'state', 'progress', 'owner', 'created']);
    expect(exportColumns(['id', 'name', 'description', 'volume', 'size', 'state', 'progress', 'owner', 'created', 'tags'])).toEqual(['id']);
  });

  it('CSV reads back as the same values, whatever the text holds', () => {
    const hostile = 'a, "quoted"\nsecond line; é 日本';
    const rows = prepareRows([snap('snap-0000aaaa', { Description: hostile, Tags: [{ Key: 'Name', Value: 'x,y' }, { Key: 'env', Value: 'prod' }] }), snap('snap-0000bbbb')], '339215505907');
    const text = toCsv(rows, []);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const table = readCsv(text.slice(1));
    expect(table[0]).toEqual(['SnapshotId', 'Name', 'Description', 'VolumeId', 'VolumeSize (GiB)', 'State', 'Progress (%)', 'AccountId', 'CreationDate (UTC)', 'Tags']);
    expect(table[1]).toEqual(['snap-0000aaaa', 'x,y', hostile, 'vol-0123abcd', '10', 'completed', '100', '339215505907', '2026-11-25T12:00:00.000Z', 'Name=x,y; env=prod']);
    expect(table).toHaveLength(3);
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    for (const text of ['=HYPERLINK("http://evil")', '+1', '-2+3', '@SUM(A1)', '\tx']) expect(csvField(text).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
  });

  it('JSON is the raw OUTSCALE objects, every field kept', () => {
    const odd = snap('snap-0000aaaa', { AccountAlias: 'ops' } as Partial<Snapshot>);
    expect(JSON.parse(toJson(prepareRows([odd], 'me')))).toEqual([odd]);
  });

  it('names the file by account and UTC time', () => {
    expect(exportFileName('339215505907', new Date('2026-11-26T03:12:45Z'), 'csv')).toBe('snapshots-339215505907-20261126-0312.csv');
  });
});
