/**
 * Issue 13 item 7: 200 copies of 40 sources through the bulk queue (src/lib/bulk-queue.ts) and the real signed
 * client (src/api/client.ts), against the real sandbox (createApp on node:http) in this process, with the
 * sandbox's default model (speed 1, 5 creations per source per 60 s).
 * Time is virtual, so the run takes seconds: Date is replaced for the run (the sandbox's clock, the signatures
 * and the queue read the same time); time stands still while a call is on the wire and jumps to the next timer
 * when nothing is; each call costs LATENCY_MS of virtual time (a real cloud's round trip). Date is given back.
 * Half-way (100 created) the page "reloads": the queue is dropped with calls on the wire and a new one is restored
 * from its storage, which keeps IDs and tokens only; it resumes by the app's path (src/features/bulk/bulk-resume.ts):
 * ReadSnapshots by the unconfirmed ClientTokens confirms what they made, the rest get their requests again from
 * the operator's second review (here: another description template, same tokens), so that a call of the first page
 * that lands after the check is refused as IdempotentParameterMismatch and taken as the item's copy. While copies run, a poller by the app's rules
 * (one ReadSnapshots for every copy in flight per interval, the interval from nextPollInterval) watches them.
 * Wall time: queue start → the poll that sees the last copy completed. Floor: the throttle lets a source's n-th
 * copy start at ⌊(n−1)/max⌋ windows; each copy then takes queueSeconds + size/rate (the model's defaults,
 * ÷ speed); the floor is the latest such end over all copies (no request or poll time in it).
 * Duplicates: ReadSnapshots by the 200 ClientTokens afterwards; each token must name exactly one snapshot.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOscClient, type OscClient } from '../src/api/client';
import type { Snapshot } from '../src/api/schemas';
import { copyRequest, type CopyOptions, type CopyRequest } from '../src/features/bulk/bulk-logic';
import { checkTokens, sendCopy } from '../src/features/bulk/bulk-resume';
import { createBulkQueue, type BulkItem, type BulkQueue, type QueueStorage } from '../src/lib/bulk-queue';
import { nextPollInterval, POLL_MIN_MS } from '../src/features/copy/progress-math';
import { createApp } from '../server/app';
import { modelDefaults } from '../server/backends/snapshots';
import { systemClock } from '../server/osc/clock';
import { DEMO_OPERATOR, seedDemo } from '../server/model/seed';
import { openStore } from '../server/model/store';
import type { Row } from './report';
import { virtualTime } from './virtual-time';

const COPIES = 200;
const SOURCES = 40;
/** Each API call's round trip, in virtual time (the calls themselves take none). */
const LATENCY_MS = Number(process.env.BENCH_BULK_LATENCY_MS ?? 100);
const RATIO_TARGET = 1.2;
/** The sandbox's throttle: creations per source per 60 s (default 5, the sandbox's own default). */
const THROTTLE = Number(process.env.BENCH_BULK_THROTTLE ?? 5);

export interface BulkFigures {
  copies: number;
  sources: number;
  latencyMs: number;
  /** Virtual ms from the queue's start: to the last copy seen completed, to the last one created. */
  wallMs: number;
  createdMs: number;
  floorMs: number;
  realMs: number;
  creates: number;
  throttled: number;
  resent: number;
  /** After the reload: unconfirmed items the check found made (not sent again), and those it left to the review. */
  foundByToken: number;
  reviewed: number;
  /** CreateSnapshot answers 409 (token used with another request: a first-page call that landed after the check). */
  mismatches: number;
  polls: number;
  idsPerPoll: [number, number];
  requests: number;
  duplicates: number;
  missing: number;
}

export async function measureBulk(): Promise<BulkFigures> {
  const time = virtualTime(Date.now());
  const store = openStore(':memory:');
  const server = createServer();
  try {
    seedDemo(store, new Date(), { extraSnapshots: SOURCES });
    const modelOptions = { throttle: { max: THROTTLE, windowSeconds: 60 } };
    server.on('request', createApp({ store, clock: systemClock, model: modelOptions }).listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const statuses = new Map<string, number[]>();
    const client = createOscClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: DEMO_OPERATOR.region,
      accessKey: DEMO_OPERATOR.accessKey,
      secretKey: DEMO_OPERATOR.secretKey,
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        const action = new URL((input as Request).url).pathname.split('/').pop()!;
        statuses.set(action, [...(statuses.get(action) ?? []), answer.status]);
        return answer;
      },
    });

    const own = (await client.call('ReadSnapshots', { Filters: { AccountIds: [DEMO_OPERATOR.accountId], States: ['completed'] }, ResultsPerPage: 1000 })).Snapshots;
    const sources = own.slice(0, SOURCES);
    if (sources.length < SOURCES) throw new Error(`only ${sources.length} completed snapshots to copy`);
    const run = Date.now().toString(36);
    // The review's choices: a template, no tags (one call per copy, as before this bench measured the resume).
    const review = (template: string): CopyOptions => ({ template, provenance: false, sourceTags: false, tags: [], region: DEMO_OPERATOR.region, at: new Date().toISOString() });
    const first = review('bulk copy of {id}');
    const items: BulkItem<CopyRequest>[] = Array.from({ length: COPIES }, (_, i) => {
      const source = sources[i % SOURCES]!;
      const clientToken = `bulk-${run}-${i}`;
      return { kind: 'copy', source: source.SnapshotId, clientToken, request: copyRequest(source, first, clientToken) };
    });

    // The floor the throttle allows (see the header).
    const model = modelDefaults(modelOptions);
    const windowMs = model.throttle.windowSeconds * 1000;
    const floorMs = Math.max(
      ...sources.map((s) => {
        const n = items.filter((item) => item.source === s.SnapshotId).length;
        const lastStart = Math.floor((n - 1) / model.throttle.max) * windowMs;
        return lastStart + ((model.queueSeconds + Math.max(s.VolumeSize, 1) / model.copyRateGiBPerSecond) * 1000) / model.speed;
      }),
    );

    let stored: string | null = null;
    const storage: QueueStorage = { load: () => stored, save: (value) => void (stored = value) };
    /** One call as the network would carry it: the round trip in virtual time, then the real call. */
    const onWire = async <T>(call: () => Promise<T>): Promise<T> => {
      await time.sleep(LATENCY_MS);
      return time.track(call());
    };
    // The app's client as the network carries it: every call (the send's, the resume's check) costs its round trip.
    const wired: OscClient = { ...client, call: ((action: string, params: unknown) => onWire(() => (client.call as (a: string, p: unknown) => Promise<unknown>)(action, params))) as OscClient['call'] };
    const sent = { a: new Set<string>(), b: new Set<string>() };
    const send = (page: 'a' | 'b') => (item: BulkItem<CopyRequest>) => {
      sent[page].add(item.clientToken);
      return sendCopy(wired, DEMO_OPERATOR.accountId, item);
    };
    const byId = new Map(sources.map((s) => [s.SnapshotId, s]));
    let foundByToken = 0;
    let reviewed = 0;
    /** The app's Resume after a reload: the check by ClientTokens, then the review's requests (same tokens), then run. */
    const resumeAfterReload = async (restored: BulkQueue<CopyRequest>) => {
      const unconfirmed = restored.getSnapshot().awaiting;
      const plan = await checkTokens(wired, DEMO_OPERATOR.accountId, restored);
      foundByToken = unconfirmed - plan.resend.length;
      reviewed = plan.resend.length;
      const again = review('bulk copy of {id} (resumed)');
      restored.supply(new Map(plan.resend.map((r) => [r.clientToken, copyRequest(byId.get(r.source)!, again, r.clientToken)])));
      restored.resume();
    };

    const startedAt = Date.now();
    const realStart = performance.now();
    const clock = { now: time.now, after: time.after };
    let queue: BulkQueue<CopyRequest> = createBulkQueue({ send: send('a'), items, clock, storage });
    let reloaded = false;
    let createdAt = 0;
    const watch = (q: BulkQueue<CopyRequest>) =>
      q.subscribe(() => {
        const view = q.getSnapshot();
        if (!reloaded && view.counts.created >= COPIES / 2) {
          // The reload: this page's queue goes away with calls on the wire; the next page restores and resumes.
          reloaded = true;
          q.dispose();
          queue = createBulkQueue({ send: send('b'), clock, storage });
          watch(queue);
          queue.start();
          void resumeAfterReload(queue);
        } else if (view.state === 'done' || view.state === 'cancelled') createdAt = Date.now();
      });
    watch(queue);
    queue.start();

    // The poller, by the app's rules (src/features/copy/poller.ts).
    const states = new Map<string, string>();
    const final = (id: string) => /^(completed|error)\//.test(states.get(id) ?? '');
    let polls = 0;
    let idsPerPoll: [number, number] = [Infinity, 0];
    let pace = POLL_MIN_MS;
    let done = false;
    let lastCompletedAt = 0;
    const poller = async () => {
      while (!done) {
        await time.sleep(pace);
        const watching = queue.report().created.flatMap((c) => (c.snapshotId && !final(c.snapshotId) ? [c.snapshotId] : []));
        if (watching.some((id) => !states.has(id))) pace = POLL_MIN_MS;
        if (watching.length === 0) {
          done = createdAt > 0;
          continue;
        }
        polls++;
        idsPerPoll = [Math.min(idsPerPoll[0], watching.length), Math.max(idsPerPoll[1], watching.length)];
        let read: Snapshot[];
        try {
          read = (await onWire(() => client.call('ReadSnapshots', { Filters: { SnapshotIds: watching } }))).Snapshots;
        } catch {
          pace = nextPollInterval(pace, 'throttled');
          continue;
        }
        const moved = read.some((s) => states.get(s.SnapshotId) !== `${s.State}/${s.Progress}`);
        for (const s of read) {
          if (s.State === 'completed' && !final(s.SnapshotId)) lastCompletedAt = Date.now();
          states.set(s.SnapshotId, `${s.State}/${s.Progress}`);
        }
        pace = nextPollInterval(pace, moved ? 'moved' : 'still');
      }
    };
    void poller();
    await time.run(() => done);
    const realMs = performance.now() - realStart;

    // Duplicates: every token must name exactly one snapshot.
    const tokens = items.map((item) => item.clientToken);
    const made = (await client.call('ReadSnapshots', { Filters: { ClientTokens: tokens }, ResultsPerPage: 1000 })).Snapshots;
    const perToken = new Map<string, number>();
    for (const s of made) perToken.set(s.ClientToken ?? '', (perToken.get(s.ClientToken ?? '') ?? 0) + 1);
    const all = [...statuses.values()].flat();
    return {
      copies: COPIES,
      sources: SOURCES,
      latencyMs: LATENCY_MS,
      wallMs: lastCompletedAt - startedAt,
      createdMs: createdAt - startedAt,
      floorMs,
      realMs,
      creates: (statuses.get('CreateSnapshot') ?? []).length,
      throttled: all.filter((status) => status === 429).length,
      resent: [...sent.b].filter((token) => sent.a.has(token)).length,
      foundByToken,
      reviewed,
      mismatches: (statuses.get('CreateSnapshot') ?? []).filter((status) => status === 409).length,
      polls,
      idsPerPoll: polls ? idsPerPoll : [0, 0],
      requests: all.length - 2, // less the bench's own two reads (the sources, the duplicates)
      duplicates: [...perToken.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      missing: tokens.filter((token) => !perToken.has(token)).length,
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    store.db.close();
    time.restore();
  }
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Prints the figures and adds them to the summary rows (bench/run.ts). */
export async function benchBulk(rows: Row[]): Promise<boolean> {
  console.log(
    `Bulk copy: ${COPIES} copies of ${SOURCES} sources through the bulk queue and the signed client, in-process sandbox ` +
      `(throttle ${THROTTLE} a source a minute), virtual clock, ${LATENCY_MS} ms a call, a reload half-way`,
  );
  try {
    const f = await measureBulk();
    const ratio = f.wallMs / f.floorMs;
    const perMinute = f.requests / (f.wallMs / 60_000);
    console.log(`  all created after ${sec(f.createdMs)}, all completed after ${sec(f.wallMs)} (virtual; ${sec(f.realMs)} real); throttle floor ${sec(f.floorMs)}`);
    console.log(`  reload: ${f.foundByToken} unconfirmed found made by their ClientTokens (not sent again), ${f.reviewed} reviewed again and sent with their own tokens`);
    console.log(`  ${f.creates} CreateSnapshot (${f.resent} of them sent again by the restored queue, ${f.mismatches} refused as a token used with another request and taken as the copy), ${f.throttled} answered 429; ${f.polls} polls of ${f.idsPerPoll[0]}–${f.idsPerPoll[1]} IDs; ${f.requests} requests`);
    console.log(`  snapshots per ClientToken afterwards: ${f.duplicates} duplicate(s), ${f.missing} missing`);
    rows.push({ metric: `bulk ${f.copies} copies: wall / throttle floor`, value: `${ratio.toFixed(2)} (${sec(f.wallMs)} / ${sec(f.floorMs)})`, target: `≤ ${RATIO_TARGET}`, ratio: ratio / RATIO_TARGET });
    rows.push({ metric: '  429 answers', value: String(f.throttled) });
    rows.push({ metric: '  duplicates (snapshots per ClientToken)', value: String(f.duplicates), target: '0', note: f.duplicates === 0 && f.missing === 0 ? 'ok' : 'over' });
    rows.push({ metric: '  requests per minute', value: perMinute.toFixed(1) });
    rows.push({ metric: '  polls while they ran', value: `${f.polls} (one ReadSnapshots each)` });
    return true;
  } catch (error) {
    console.error(`  bulk: the bench could not run: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows: Row[] = [];
  const ok = await benchBulk(rows);
  const { printTable } = await import('./report');
  printTable(rows);
  if (!ok) process.exitCode = 1;
}
