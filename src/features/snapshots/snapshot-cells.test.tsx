// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import { selectionStore } from '../../lib/selection-store';
import { prepareRows } from './rows';
import { cell, rowIdLink, SELECT_LABEL_ID, type CellContext } from './snapshot-cells';

afterEach(() => {
  cleanup();
  selectionStore.clear();
});

const snapshot = (id: string, extra: Partial<Snapshot> = {}): Snapshot =>
  ({
    SnapshotId: id,
    Description: 'Weekly archive #12',
    Tags: [{ Key: 'Name', Value: 'db-primary' }],
    AccountId: '111122223333',
    CreationDate: '2026-11-20T10:00:00.000Z',
    VolumeId: 'vol-12345678',
    VolumeSize: 10,
    State: 'completed',
    Progress: 100,
    PermissionsToCreateVolume: { GlobalPermission: false, AccountIds: [] },
    ...extra,
  }) as Snapshot;

const context: CellContext = { words: [], now: Date.parse('2026-11-26T10:00:00Z'), tagsInline: true, copiedId: undefined, onCopied: () => undefined, region: '' };
const [a, b, c] = prepareRows([snapshot('snap-aaaa1111'), snapshot('snap-bbbb2222'), snapshot('snap-cccc3333', { State: 'error', VolumeSize: 20 })], '111122223333');

describe('row cells', () => {
  it("keeps a checkbox's element while its place and checked state are the same, whatever the snapshot", () => {
    // The cell is a <td> around the checkbox: the checkbox element is the one kept.
    const box = (row: typeof a, place: number) => (cell('select', row!, place, context) as ReactElement<{ children: unknown }>).props.children;
    const first = box(a, 3);
    expect(box(b, 3)).toBe(first);
    expect(box(a, 4)).not.toBe(first);
    selectionStore.toggle(b!, true);
    expect(box(b, 3)).not.toBe(first);
    expect(box(a, 3)).toBe(first);
  });

  it('keeps the state, size and owner cells per value', () => {
    expect(cell('state', b!, 0, context)).toBe(cell('state', a!, 5, context));
    expect(cell('state', c!, 0, context)).not.toBe(cell('state', a!, 0, context));
    expect(cell('size', b!, 0, context)).toBe(cell('size', a!, 1, context));
    expect(cell('size', c!, 0, context)).not.toBe(cell('size', a!, 0, context));
    expect(cell('owner', b!, 0, context)).toBe(cell('owner', a!, 0, context));
  });

  it("keeps a row's cells that the search does not mark while its snapshot, the list's time and the Region are the same", () => {
    for (const column of ['volume', 'progress', 'created', 'actions'] as const) {
      const first = cell(column, a!, 0, context);
      // At another place, or with other search words: the same element (React skips it where it was).
      expect(cell(column, a!, 7, { ...context, words: ['week'] })).toBe(first);
      // Another snapshot, a new read of the list (its relative times), another Region (its links): made again.
      expect(cell(column, b!, 0, context)).not.toBe(first);
      const later = { ...context, now: context.now + 60_000 };
      const again = cell(column, a!, 0, later);
      expect(again).not.toBe(first);
      expect(cell(column, a!, 3, later)).toBe(again);
      expect(cell(column, a!, 0, { ...later, region: 'us-east-2' })).not.toBe(again);
    }
    // The cells the search marks are made again for new words.
    expect(cell('id', a!, 0, context)).not.toBe(cell('id', a!, 0, context));
  });

  it("renders the kept cells with the row's own values, and the copy-ID button follows the copied ID", () => {
    render(
      <table>
        <tbody>
          <tr>
            {cell('id', c!, 0, { ...context, copiedId: 'snap-cccc3333' })}
            {cell('volume', c!, 0, { ...context, region: 'us-east-2' })}
            {cell('progress', c!, 0, context)}
            {cell('actions', c!, 0, context)}
          </tr>
        </tbody>
      </table>,
    );
    expect(screen.getByRole('button', { name: 'Copied snap-cccc3333' })).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Progress of snap-cccc3333' }).getAttribute('aria-valuetext')).toBe('failed at 100 %');
    expect(screen.getByRole('link', { name: 'vol-12345678' }).getAttribute('href')).toContain('volume=vol-12345678');
    expect(screen.getByRole('button', { name: 'snap-cccc3333 actions' })).toBeTruthy();
    cleanup();
    render(<table><tbody><tr>{cell('id', c!, 0, context)}</tr></tbody></table>);
    expect(screen.getByRole('button', { name: 'Copy ID snap-cccc3333' })).toBeTruthy();
  });

  it('names a checkbox "Select <ID>" from its row, and its click reaches the table body with its place', () => {
    const onClick = vi.fn((event: { target: EventTarget }) => (event.target as HTMLElement).closest('[data-row]')?.getAttribute('data-row'));
    render(
      <div>
        <span id={SELECT_LABEL_ID} hidden>
          Select
        </span>
        <table>
          <tbody onClick={(event) => onClick(event)}>
            {[a!, b!].map((row, place) => (
              <tr key={place} data-row={place}>
                {cell('select', row, place, context)}
                {cell('id', row, place, context)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>,
    );
    const box = screen.getByRole('checkbox', { name: 'Select snap-bbbb2222' });
    expect(box.getAttribute('aria-labelledby')).toBe(`${SELECT_LABEL_ID} ${rowIdLink(1)}`);
    fireEvent.click(box);
    expect(onClick).toHaveLastReturnedWith('1');
  });
});
