/**
 * The snapshot table's cells: one plain call per cell (not a component: rows re-rendered on a keystroke cost no
 * instances), the search's highlights, the copy-ID button and the row's actions.
 */
import type { ReactNode } from 'react';
import { Link } from '../../lib/link';
import { snapshotHref } from '../../lib/router';
import { ProgressBar } from '../../components/ui/progress-bar';
import { Time } from '../../components/ui/time';
import { StateBadge } from '../../components/ui/state-badge';
import { openCopyDialog } from '../../lib/copy-url';
import { openAction } from '../../lib/action-url';
import { navigate } from '../../lib/router';
import { MenuButton, type MenuItem } from '../../components/ui/menu';
import { CopyId } from '../../components/ui/copy-id';
import type { Snapshot } from '../../api/schemas';
import { DEFAULT_SORT, serializeListState } from './list-state';
import { markMatches } from './highlight';
import type { Row } from './rows';
import type { ColumnKey } from './columns';
import { selectionStore } from '../../lib/selection-store';

const OWNER_LABEL = { mine: 'Mine', shared: 'Shared with me', public: 'Public' } as const;
const MUTED = 'text-muted';
const LINK = 'text-link underline-offset-2 hover:underline';

/** Text with the search's matches in `<mark>` (a plain call, not a component: no instance per cell). */
export function marked(text: string, words: readonly string[]): ReactNode {
  if (words.length === 0) return text;
  return markMatches(text, words).map((part, i) =>
    part.match ? (
      <mark key={i} className="rounded-sm bg-yellow-200 text-inherit dark:bg-yellow-700">
        {part.text}
      </mark>
    ) : (
      part.text
    ),
  );
}

const ACTION = 'rounded px-1 py-1 text-xs font-medium text-link hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-slate-800';

/** The copy this row offers: copy a completed snapshot; retry a failed copy whose source is known; else none. */
export function rowCopy(s: Snapshot): { source: string; retryOf?: string } | undefined {
  const source = s.State === 'error' ? s.Tags.find((t) => t.Key === 'copied-from')?.Value : undefined;
  if (source) return { source, retryOf: s.SnapshotId };
  return s.State === 'completed' ? { source: s.SnapshotId } : undefined;
}

const MENU = 'rounded px-1 text-sm leading-5 text-slate-700 hover:bg-hover focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-200';

/**
 * The row's actions menu, made when it opens: Copy (Retry), Open, Manage sharing, Delete last. An item this
 * account cannot use says why; `owner` unknown (undefined) leaves the refusal to the action's dialog.
 */
export function rowMenuItems(s: Snapshot, owner?: 'mine' | 'shared' | 'public'): MenuItem[] {
  const copy = rowCopy(s);
  const notMine = owner !== undefined && owner !== 'mine' ? `Only its owner (${s.AccountId}) can do this.` : undefined;
  const busy = s.State === 'deleting' ? 'It is being deleted.' : undefined;
  const inFlight = s.State === 'in-queue' || s.State === 'pending' ? `It is ${s.State}: wait until it finishes.` : undefined;
  return [
    ...(copy ? [{ label: copy.retryOf ? 'Retry copy' : 'Copy', onSelect: () => openCopyDialog(copy.source, copy.retryOf) }] : []),
    { label: 'Open details', onSelect: () => navigate(snapshotHref(s.SnapshotId)) },
    { label: 'Manage sharing', onSelect: () => openAction('share', s.SnapshotId), disabled: notMine ?? busy },
    { label: 'Delete', danger: true, onSelect: () => openAction('delete', s.SnapshotId), disabled: notMine ?? busy ?? inFlight },
  ];
}

/** The row's quick action (Copy, or Retry for a failed copy) and its actions menu; no hook, no state. */
export function RowAction({ s, owner }: { s: Snapshot; owner?: 'mine' | 'shared' | 'public' }) {
  const copy = rowCopy(s);
  return (
    <span className="flex items-center justify-end gap-0.5">
      {copy && (
        <button type="button" tabIndex={-1} className={ACTION} aria-label={`${copy.retryOf ? 'Retry copy' : 'Copy'} ${s.SnapshotId}`} onClick={() => openCopyDialog(copy.source, copy.retryOf)}>
          {copy.retryOf ? 'Retry' : 'Copy'}
        </button>
      )}
      {/* A plain call, not an instance: a row re-rendered on a keystroke costs no component for its menu. */}
      {MenuButton({ label: `${s.SnapshotId} actions`, tabIndex: -1, arrows: false, className: MENU, items: () => rowMenuItems(s, owner), children: <span aria-hidden="true">⋯</span> })}
    </span>
  );
}

const tagText = (s: Snapshot) => s.Tags.map((t) => `${t.Key}=${t.Value}`).join(', ');

export interface CellContext {
  words: readonly string[];
  now: number;
  tagsInline: boolean;
  copiedId: string | undefined;
  onCopied: (id: string) => void;
  /** The Region the URL names (router.ts regionParam): the links' hrefs carry it. */
  region: string;
}

const noop = () => undefined;

/** The hidden word "Select" that names each row's checkbox with the row's ID link (snapshot-table-body.tsx). */
export const SELECT_LABEL_ID = 'snapshot-select-label';
/** The ID link of the row at this place (its checkbox's name comes from it). */
export const rowIdLink = (place: number) => `snapshot-row-${place}-id`;

/**
 * A row's checkbox: the same element object at a place for as long as its `checked` is the same, so that React
 * skips it when a keystroke brings another snapshot to that place. React rewrites an input whose element is new
 * whole (its name, type and checked), whatever changed. So nothing in it names the snapshot: it is named
 * "Select <ID>" by reference to the row's ID link, and its clicks are handled by the table body
 * (snapshot-table-body.tsx, by `data-select`).
 */
const selectBoxes = new Map<number, ReactNode>();
function selectBox(place: number, checked: boolean): ReactNode {
  const key = place * 2 + Number(checked);
  let box = selectBoxes.get(key);
  if (!box) {
    if (selectBoxes.size >= 400) selectBoxes.clear();
    box = <input type="checkbox" tabIndex={-1} data-select="" aria-labelledby={`${SELECT_LABEL_ID} ${rowIdLink(place)}`} checked={checked} onChange={noop} className="h-4 w-4 align-middle accent-blue-700" />;
    selectBoxes.set(key, box);
  }
  return box;
}

/**
 * A cell that depends only on `key` (a state, a size, an owner): one element object per key, so that React skips
 * it when a keystroke brings a snapshot with the same value to that place.
 */
const sameCells = new Map<string, ReactNode>();
function same(key: string, make: () => ReactNode): ReactNode {
  let element = sameCells.get(key);
  if (element === undefined) {
    if (sameCells.size >= 1000) sameCells.clear();
    element = make();
    sameCells.set(key, element);
  }
  return element;
}

/**
 * The cells of a row that do not depend on the search (volume, progress, created, actions, the copy-ID button),
 * made once per row: a Row is prepared again when its snapshot changes (snapshots-page.tsx rowsOf), and `now` and
 * the Region are the rest of what they show. When a keystroke leaves a snapshot at its place (the same rows with
 * other highlights, or a Backspace back to rows shown a moment ago), React is given the same element and skips it
 * whole: no render, no commit, no layout of its contents.
 */
const rowCells = new WeakMap<Row, { now: number; region: string; cells: Map<string, ReactNode> }>();
function kept(row: Row, key: string, { now, region }: CellContext, make: () => ReactNode): ReactNode {
  let entry = rowCells.get(row);
  if (!entry || entry.now !== now || entry.region !== region) rowCells.set(row, (entry = { now, region, cells: new Map() }));
  let element = entry.cells.get(key);
  if (element === undefined) {
    element = make();
    entry.cells.set(key, element);
  }
  return element;
}

/**
 * One cell (a plain call, not a component: the rows re-rendered on a keystroke cost no instances), keyed by its
 * column (the row's children need no wrapper).
 */
export function cell(column: ColumnKey, row: Row, place: number, context: CellContext): ReactNode {
  const { words, now, tagsInline, copiedId, onCopied } = context;
  const { snapshot: s, owner } = row;
  switch (column) {
    case 'select':
      return <td key={column} className="px-1.5">{selectBox(place, selectionStore.has(s.SnapshotId))}</td>;
    case 'id': {
      const copied = copiedId === s.SnapshotId;
      return (
        <td key={column} className="px-2">
          <span className="flex items-center font-mono">
            <Link id={rowIdLink(place)} to={snapshotHref(s.SnapshotId)} tabIndex={-1} className={`truncate ${LINK}`}>
              {marked(s.SnapshotId, words)}
            </Link>
            {kept(row, copied ? 'copied' : 'copy', context, () => <CopyId id={s.SnapshotId} copied={copied} onCopied={onCopied} />)}
          </span>
        </td>
      );
    }
    case 'name':
      return <td key={column} className="truncate px-2" title={row.name || undefined}>{row.name ? marked(row.name, words) : <span className={MUTED}>-</span>}</td>;
    case 'description': {
      const tags = tagsInline ? tagText(s) : '';
      return (
        <td key={column} className="px-2 leading-tight" title={[s.Description, tags].filter(Boolean).join('\n') || undefined}>
          <span className="block truncate">{s.Description ? marked(s.Description, words) : <span className={MUTED}>-</span>}</span>
          {tags && (
            <span className={`block truncate text-xs ${MUTED}`}>
              {marked(tags, words)}
            </span>
          )}
        </td>
      );
    }
    case 'volume':
      return kept(row, column, context, () => (
        <td key={column} className="truncate px-2 font-mono text-xs">
          {s.VolumeId ? (
            <Link to={`/${serializeListState({ ...DEFAULT_SORT, volume: s.VolumeId })}`} tabIndex={-1} className={LINK} title={`Snapshots of ${s.VolumeId}`}>
              {s.VolumeId}
            </Link>
          ) : (
            '-'
          )}
        </td>
      ));
    case 'size':
      return same(`size ${s.VolumeSize}`, () => <td key={column} className="px-2 text-right tabular-nums">{s.VolumeSize}</td>);
    case 'state':
      return same(`state ${s.State}`, () => (
        <td key={column} className="px-2">
          <StateBadge state={s.State} />
        </td>
      ));
    case 'progress':
      return kept(row, column, context, () => (
        <td key={column} className="px-2">
          <div className="flex items-center gap-2">
            <ProgressBar value={s.Progress} label={`Progress of ${s.SnapshotId}`} state={s.State} />
            <span className={`w-9 shrink-0 text-right text-xs tabular-nums ${s.State === 'error' ? 'text-red-700 dark:text-red-300' : ''}`}>{s.Progress}%</span>
          </div>
        </td>
      ));
    case 'owner':
      return same(owner === 'mine' ? 'owner mine' : `owner ${owner} ${s.AccountAlias ?? s.AccountId}`, () => (
        <td key={column} className="truncate px-2 leading-tight">
          {OWNER_LABEL[owner]}
          {owner !== 'mine' && <span className={`block truncate text-xs ${MUTED}`}>{s.AccountAlias ?? s.AccountId}</span>}
        </td>
      ));
    case 'created':
      return kept(row, column, context, () => (
        <td key={column} className="truncate px-2">
          <Time iso={s.CreationDate} now={now} zone="header" stacked />
        </td>
      ));
    case 'tags': {
      const tags = tagText(s);
      return (
        <td key={column} className="truncate px-2 text-xs" title={tags || undefined}>
          {tags ? marked(tags, words) : <span className={MUTED}>-</span>}
        </td>
      );
    }
    case 'actions':
      return kept(row, column, context, () => (
        <td key={column} className="px-1">
          <RowAction s={s} owner={owner} />
        </td>
      ));
  }
}

