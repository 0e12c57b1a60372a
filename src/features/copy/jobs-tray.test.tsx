// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import type { Job } from '../../lib/jobs-store';
import JobsTray from './jobs-tray';

const T0 = Date.now();
const jobs = (n: number, state = 'pending'): Job[] =>
  Array.from({ length: n }, (_, i) => {
    const id = `snap-${i.toString(16).padStart(8, '0')}`;
    return { id, startedAt: T0, samples: [{ at: T0, progress: 10, state }], snapshot: { SnapshotId: id, State: state, Progress: 10, Tags: [] } as unknown as Snapshot };
  });
const STATUS = { watching: 0, intervalMs: 2000 };

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('the jobs tray', () => {
  it('starts collapsed to one line, opens with a real button, and remembers the choice', () => {
    const { unmount } = render(<JobsTray jobs={[...jobs(4), ...jobs(1, 'error').map((j) => ({ ...j, id: 'snap-ffffffff' }))]} status={STATUS} />);
    const toggle = screen.getByRole('button', { name: /^Copies/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent).toContain('4 running · 1 failed');
    expect(screen.queryByRole('list')).toBeNull();
    act(() => fireEvent.click(toggle));
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(within(screen.getByRole('list', { name: 'Copies in this tab' })).getAllByRole('listitem')).toHaveLength(5);
    unmount();
    render(<JobsTray jobs={jobs(1)} status={STATUS} />);
    expect(screen.getByRole('button', { name: /^Copies/ }).getAttribute('aria-expanded')).toBe('true');
    act(() => fireEvent.click(screen.getByRole('button', { name: /^Copies/ })));
    expect(localStorage.getItem('snapshot-console.tray-open')).toBe('closed');
  });

  it('renders only the rows in view of hundreds of copies, each saying its place in the whole list', () => {
    localStorage.setItem('snapshot-console.tray-open', 'open');
    render(<JobsTray jobs={jobs(200)} status={STATUS} />);
    const items = within(screen.getByRole('list', { name: 'Copies in this tab' }))
      .getAllByRole('listitem')
      .filter((li) => li.hasAttribute('aria-posinset'));
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(30);
    expect(items[0]!.getAttribute('aria-setsize')).toBe('200');
    expect(items[0]!.getAttribute('aria-posinset')).toBe('1');
  });

  it('narrows hundreds of copies to the failed ones', () => {
    localStorage.setItem('snapshot-console.tray-open', 'open');
    const failed = jobs(3, 'error').map((j, i) => ({ ...j, id: `snap-f000000${i}` }));
    render(<JobsTray jobs={[...jobs(120), ...failed]} status={STATUS} />);
    const only = screen.getByRole('checkbox', { name: 'Failed only (3)' });
    act(() => fireEvent.click(only));
    const items = within(screen.getByRole('list', { name: 'Copies in this tab' })).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    for (const item of items) expect(item.textContent).toContain('snap-f000000');
  });

  it('says a failure this tab saw in an alert', () => {
    const failed = jobs(1, 'error');
    render(<JobsTray jobs={failed} status={STATUS} failures={failed} />);
    expect(screen.getByRole('alert').textContent).toContain(`Copy ${failed[0]!.id} failed at 10 %`);
  });
});
