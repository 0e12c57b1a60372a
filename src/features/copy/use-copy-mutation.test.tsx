// @vitest-environment happy-dom
/**
 * The copy dialog's submit, as the hook runs it against a stand-in OUTSCALE: the calls it makes, the jobs entry,
 * the snapshot caches, and what it tells the dialog.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OscClient } from '../../api/client';
import type { CopyForm } from '../../api/copy-form';
import { OscApiError } from '../../api/errors';
import type { Snapshot } from '../../api/schemas';
import type { Connection } from '../../lib/connection';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { jobsStore } from '../../lib/jobs-store';
import { useCopyMutation, type CopyMutationEvents } from './use-copy-mutation';

const ME = '339215505907';
const TOKEN = '7d1c2b9e-0000-4000-8000-000000000001';
const SOURCE = 'snap-1111bbbb';

const snap = (id: string, State: string, Progress: number, extra: Partial<Snapshot> = {}): Snapshot => ({
  AccountId: ME,
  CreationDate: '2026-11-25T12:00:00.000Z',
  Description: `Copy of ${SOURCE}`,
  PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
  Progress,
  SnapshotId: id,
  State,
  Tags: [],
  VolumeSize: 10,
  ...extra,
});

const form: CopyForm = { SourceSnapshotId: ` ${SOURCE} `, SourceRegionName: 'eu-west-2', Description: `Copy of ${SOURCE}`, Tags: [{ Key: 'env', Value: 'prod' }], Provenance: true, SourceTags: false };

type Handler = (request: Record<string, unknown>) => unknown;

/** A stand-in OUTSCALE that records every call and answers from `handlers` (an Error is thrown). */
function fakeCloud(handlers: Record<string, Handler>) {
  const calls: { action: string; request: Record<string, unknown> }[] = [];
  const client = {
    endpoint: 'https://api.test',
    region: 'eu-west-2',
    identity: `AK-${Math.random()}`,
    call: vi.fn(async (action: string, request: Record<string, unknown> = {}) => {
      calls.push({ action, request });
      const handler = handlers[action];
      if (!handler) throw new Error(`unexpected ${action}`);
      const answer = handler(request);
      if (answer instanceof Error) throw answer;
      return { ResponseContext: { RequestId: 'req-1' }, ...(answer as object) };
    }),
  } as unknown as OscClient;
  const home = { client, region: 'eu-west-2', accountId: ME, label: 'sandbox' };
  const connection: Connection = { kind: 'sandbox', ...home, regions: [home], clientFor: (region) => (region === home.region ? client : undefined) };
  return { client, connection, calls };
}

let queryClient: QueryClient;
let accounts = 0;

beforeEach(() => {
  sessionStorage.clear();
  jobsStore.load(`55556666${String(1000 + accounts++)}`);
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
});
afterEach(() => {
  cleanup();
  queryClient.clear();
});

function mount(connection: Connection, events: CopyMutationEvents) {
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  return renderHook(() => useCopyMutation(connection, TOKEN, events), { wrapper });
}

async function submit(connection: Connection, events: CopyMutationEvents = {}, values: CopyForm = form) {
  const { result } = mount(connection, events);
  await act(async () => {
    await result.current.mutateAsync(values).catch(() => {});
  });
  await waitFor(() => expect(result.current.isPending).toBe(false));
  return result.current;
}

describe('the copy mutation', () => {
  it('checks the ClientToken, creates the copy, tags it, watches it, and shows it in the lists and its detail', async () => {
    const made = snap('snap-0000aaaa', 'in-queue', 0);
    const { client, connection, calls } = fakeCloud({
      ReadSnapshots: () => ({ Snapshots: [] }),
      CreateSnapshot: () => ({ Snapshot: made }),
      CreateTags: () => ({}),
    });
    const all = snapshotQueries.list(client, {}).queryKey;
    const completedOnly = snapshotQueries.list(client, { States: ['completed'] }).queryKey;
    queryClient.setQueryData(all, [snap('snap-0000cccc', 'completed', 100)]);
    queryClient.setQueryData(completedOnly, []);
    const onStarted = vi.fn();
    const onError = vi.fn();
    const done = await submit(connection, { onStarted, onError });

    expect(calls.map((c) => c.action)).toEqual(['ReadSnapshots', 'CreateSnapshot', 'CreateTags']);
    expect(calls[0]!.request).toEqual({ Filters: { ClientTokens: [TOKEN], AccountIds: [ME] } });
    expect(calls[1]!.request).toMatchObject({ SourceSnapshotId: SOURCE, SourceRegionName: 'eu-west-2', ClientToken: TOKEN, Description: `Copy of ${SOURCE}` });
    const tags = calls[2]!.request as { ResourceIds: string[]; Tags: { Key: string; Value: string }[] };
    expect(tags.ResourceIds).toEqual(['snap-0000aaaa']);
    expect(tags.Tags.map((t) => t.Key)).toEqual(['env', 'copied-from', 'copied-from-region', 'copied-at']);
    expect(tags.Tags[1]!.Value).toBe(SOURCE);

    expect(done.data).toMatchObject({ already: false, tagError: null, snapshot: { SnapshotId: 'snap-0000aaaa', Tags: tags.Tags } });
    expect(onStarted).toHaveBeenCalledTimes(1);
    expect(onStarted.mock.calls[0]![0]).toMatchObject({ snapshot: { SnapshotId: 'snap-0000aaaa' }, tagError: null });
    expect(onError).not.toHaveBeenCalled();

    expect(jobsStore.get().map((job) => [job.id, job.sourceId, job.snapshot?.State])).toEqual([['snap-0000aaaa', SOURCE, 'in-queue']]);
    expect(jobsStore.watching()).toEqual(['snap-0000aaaa']);
    expect(queryClient.getQueryData<Snapshot[]>(all)!.map((s) => s.SnapshotId)).toEqual(['snap-0000cccc', 'snap-0000aaaa']);
    expect(queryClient.getQueryData(completedOnly)).toEqual([]);
    expect(queryClient.getQueryData<Snapshot>(snapshotQueries.detail(client, 'snap-0000aaaa').queryKey)!.Tags).toEqual(tags.Tags);
  });

  it("with 'copy the source's tags', reads the source's tags as they are now and puts them on the copy", async () => {
    const made = snap('snap-0000aaaa', 'in-queue', 0);
    const { connection, calls } = fakeCloud({
      ReadSnapshots: (request) =>
        (request.Filters as { SnapshotIds?: string[] }).SnapshotIds
          ? { Snapshots: [snap(SOURCE, 'completed', 100, { Tags: [{ Key: 'Name', Value: 'db' }, { Key: 'env', Value: 'staging' }, { Key: 'copied-from', Value: 'snap-99999999' }] })] }
          : { Snapshots: [] },
      CreateSnapshot: () => ({ Snapshot: made }),
      CreateTags: () => ({}),
    });
    await submit(connection, {}, { ...form, SourceTags: true });
    expect(calls.map((c) => c.action)).toEqual(['ReadSnapshots', 'ReadSnapshots', 'CreateSnapshot', 'CreateTags']);
    expect(calls[1]!.request).toEqual({ Filters: { SnapshotIds: [SOURCE] } });
    const tags = (calls[3]!.request as { Tags: { Key: string; Value: string }[] }).Tags;
    expect(tags.map((t) => `${t.Key}=${t.Key === 'copied-at' ? '…' : t.Value}`)).toEqual(['Name=db', 'env=prod', `copied-from=${SOURCE}`, 'copied-from-region=eu-west-2', 'copied-at=…']);
  });

  it('a copy this ClientToken already made is not made again: the dialog learns of it, and it is watched while in flight', async () => {
    const existing = snap('snap-0000dddd', 'pending', 40);
    const { client, connection, calls } = fakeCloud({ ReadSnapshots: () => ({ Snapshots: [existing] }) });
    const onStarted = vi.fn();
    const done = await submit(connection, { onStarted });
    expect(calls.map((c) => c.action)).toEqual(['ReadSnapshots']);
    expect(done.data).toEqual({ snapshot: existing, tagError: null, already: true });
    expect(onStarted).not.toHaveBeenCalled();
    expect(queryClient.getQueryData(snapshotQueries.byClientToken(client, TOKEN, ME).queryKey)).toEqual(existing);
    expect(jobsStore.watching()).toEqual(['snap-0000dddd']);
  });

  it('a copy already made and already completed is shown to the dialog, not watched', async () => {
    const existing = snap('snap-0000dddd', 'completed', 100);
    const { client, connection } = fakeCloud({ ReadSnapshots: () => ({ Snapshots: [existing] }) });
    await submit(connection);
    expect(queryClient.getQueryData(snapshotQueries.byClientToken(client, TOKEN, ME).queryKey)).toEqual(existing);
    expect(jobsStore.get()).toEqual([]);
    expect(queryClient.getQueryData(snapshotQueries.detail(client, 'snap-0000dddd').queryKey)).toBeUndefined();
  });

  it('a copy whose tags failed is still started and watched, and the dialog is told about the tags', async () => {
    const made = snap('snap-0000aaaa', 'in-queue', 0);
    const { connection } = fakeCloud({
      ReadSnapshots: () => ({ Snapshots: [] }),
      CreateSnapshot: () => ({ Snapshot: made }),
      CreateTags: () => new OscApiError({ kind: 'api', action: 'CreateTags', status: 400, errors: [{ Code: '4047', Type: 'InvalidParameterValue', Details: 'Tags' }] }),
    });
    const onStarted = vi.fn();
    await submit(connection, { onStarted });
    expect(onStarted).toHaveBeenCalledTimes(1);
    const outcome = onStarted.mock.calls[0]![0] as { snapshot: Snapshot; tagError: Error | null };
    expect(outcome.snapshot).toEqual(made);
    expect(outcome.tagError).toBeInstanceOf(OscApiError);
    expect(jobsStore.watching()).toEqual(['snap-0000aaaa']);
  });

  it('a refused CreateSnapshot goes to the dialog as the API error, and nothing is watched or cached', async () => {
    const refusal = new OscApiError({ kind: 'api', action: 'CreateSnapshot', status: 400, errors: [{ Code: '5054', Type: 'InvalidResource', Details: SOURCE }] });
    const { client, connection } = fakeCloud({ ReadSnapshots: () => ({ Snapshots: [] }), CreateSnapshot: () => refusal });
    const all = snapshotQueries.list(client, {}).queryKey;
    queryClient.setQueryData(all, []);
    const onStarted = vi.fn();
    const onError = vi.fn();
    const done = await submit(connection, { onStarted, onError });
    expect(done.isError).toBe(true);
    expect(onError).toHaveBeenCalledWith(refusal);
    expect(onStarted).not.toHaveBeenCalled();
    expect(jobsStore.get()).toEqual([]);
    expect(queryClient.getQueryData(all)).toEqual([]);
  });
});
