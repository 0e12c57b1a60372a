/**
 * Durability: the real server (a child process on a real SQLite file) is killed with SIGKILL in the middle
 * of a burst of writes (CreateSnapshot copies and CreateTags), twice, and restarted on the same data. Every
 * write that was answered 200 before the kill must be there afterwards, a ClientToken must still return
 * its copy, and the copies that were in flight must carry on to `completed` after the restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOscClient, type OscClient } from '../src/api/client';
import type { Snapshot } from '../src/api/schemas';
import { demoKeys, startServer, type ServerChild } from './fuzz/harness';
import { DEMO_OPERATOR } from './model/seed';

const SPEED = 20;
const ROUNDS = 2;
const WRITES_PER_ROUND = 160;
const KILL_AFTER_ACKS = 50;
const CONCURRENCY = 8;

let dir = '';
let server: ServerChild | undefined;

const start = () => startServer(['--data', dir, '--quiet', '--port', '0', '--speed', String(SPEED), '--throttle', '1000000']);
// The keys the server lists (it refuses the published demo constants); the same after every restart on `dir`.
const clientOf = async (s: ServerChild): Promise<OscClient> => {
  const { operator } = await demoKeys(s.base);
  return createOscClient({ endpoint: s.base, region: operator.region, accessKey: operator.accessKey, secretKey: operator.secretKey, timeoutMs: 60_000 });
};

interface AckedCopy {
  id: string;
  token: string;
  source: string;
  description: string;
  state: string;
}
interface AckedTag {
  resource: string;
  key: string;
  value: string;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'durability-'));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function readByIds(client: OscClient, ids: string[]): Promise<Map<string, Snapshot>> {
  const found = new Map<string, Snapshot>();
  for (let at = 0; at < ids.length; at += 500) {
    let token: string | undefined;
    do {
      const page = await client.call('ReadSnapshots', { Filters: { SnapshotIds: ids.slice(at, at + 500) }, ResultsPerPage: 1000, ...(token ? { NextPageToken: token } : {}) });
      for (const snapshot of page.Snapshots) found.set(snapshot.SnapshotId, snapshot);
      token = page.NextPageToken;
    } while (token);
  }
  return found;
}

/**
 * Runs a burst of writes with CONCURRENCY callers and kills the server with SIGKILL once KILL_AFTER_ACKS of
 * them were answered 200; returns what was acknowledged before the kill.
 */
async function burstAndKill(s: ServerChild, round: number, sources: string[], tagTargets: string[]) {
  const client = await clientOf(s);
  const copies: AckedCopy[] = [];
  const tags: AckedTag[] = [];
  let acks = 0;
  let next = 0;
  let killed: Promise<void> | undefined;
  let unanswered = 0;
  const worker = async () => {
    while (next < WRITES_PER_ROUND && !killed) {
      const i = next++;
      try {
        if (i % 5 < 3) {
          const request = {
            SourceSnapshotId: sources[i % sources.length]!,
            SourceRegionName: DEMO_OPERATOR.region,
            Description: `durability round ${round} write ${i}`,
            ClientToken: `durability-${round}-${i}`,
          };
          const answer = await client.call('CreateSnapshot', request);
          const snapshot = answer.Snapshot!;
          if (!killed) copies.push({ id: snapshot.SnapshotId, token: request.ClientToken, source: request.SourceSnapshotId, description: request.Description, state: snapshot.State });
        } else {
          const tag = { resource: tagTargets[i % tagTargets.length]!, key: `durability-${round}-${i}`, value: `value ${i}` };
          await client.call('CreateTags', { ResourceIds: [tag.resource], Tags: [{ Key: tag.key, Value: tag.value }] });
          if (!killed) tags.push(tag);
        }
        acks++;
        if (acks >= KILL_AFTER_ACKS && !killed) killed = s.kill9();
      } catch (error) {
        // Only a call cut by the kill may fail; any answered error before it is a defect.
        if (!killed) throw error;
        unanswered++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await killed;
  return { copies, tags, unanswered };
}

describe('kill -9 during a burst of writes', () => {
  it('keeps every acknowledged write, and the copies in flight complete after the restart', async () => {
    server = await start();
    const first = await clientOf(server);
    const own = (await first.call('ReadSnapshots', { Filters: { AccountIds: [DEMO_OPERATOR.accountId], States: ['completed'] } })).Snapshots;
    // Sources of 100-200 GiB: at --speed 20 each copy runs 5-10 s, so the last ones are in flight at the kill.
    const sized = own.filter((s) => (s.VolumeSize ?? 0) >= 100 && (s.VolumeSize ?? 0) <= 200);
    const sources = (sized.length ? sized : own).slice(0, 6).map((s) => s.SnapshotId);
    const tagTargets = own.slice(0, 10).map((s) => s.SnapshotId);
    expect(sources.length).toBeGreaterThan(0);

    const copies: AckedCopy[] = [];
    const tags: AckedTag[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const result = await burstAndKill(server, round, sources, tagTargets);
      expect(server.exit()).toMatch(/SIGKILL/);
      copies.push(...result.copies);
      tags.push(...result.tags);
      expect(result.copies.length + result.tags.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      server = await start();
    }
    const client = await clientOf(server);
    console.log(`durability: ${ROUNDS} kills; acknowledged before them: ${copies.length} copies, ${tags.length} tags`);
    // Copies answered in-queue or pending: in flight when the server died.
    const inFlight = copies.filter((c) => c.state === 'in-queue' || c.state === 'pending');
    expect(inFlight.length).toBeGreaterThan(0);

    // Every acknowledged copy is there, with what was asked.
    const found = await readByIds(client, copies.map((c) => c.id));
    expect(copies.filter((c) => !found.has(c.id)).map((c) => c.id)).toEqual([]);
    for (const copy of copies) {
      expect(found.get(copy.id)?.Description).toBe(copy.description);
      expect(['in-queue', 'pending', 'completed']).toContain(found.get(copy.id)?.State);
    }
    // Every acknowledged tag is there.
    const targets = await readByIds(client, [...new Set(tags.map((t) => t.resource))]);
    const missingTags = tags.filter((t) => !(targets.get(t.resource)?.Tags ?? []).some((x) => x.Key === t.key && x.Value === t.value));
    expect(missingTags).toEqual([]);
    // A ClientToken still names its copy: the retry of an acknowledged call makes no second copy.
    for (const copy of copies.slice(0, 5)) {
      const again = await client.call('CreateSnapshot', { SourceSnapshotId: copy.source, SourceRegionName: DEMO_OPERATOR.region, Description: copy.description, ClientToken: copy.token });
      expect(again.Snapshot?.SnapshotId).toBe(copy.id);
    }

    // The copies that were in flight carry on: State only moves forward, Progress never goes back, and
    // every one ends completed at 100 %.
    const order = ['in-queue', 'pending', 'completed'];
    const last = new Map(inFlight.map((c) => [c.id, { state: found.get(c.id)!.State, progress: found.get(c.id)!.Progress }]));
    for (;;) {
      const now = await readByIds(client, inFlight.map((c) => c.id));
      for (const [id, before] of last) {
        const snapshot = now.get(id);
        expect(snapshot, id).toBeDefined();
        expect(order.indexOf(snapshot!.State)).toBeGreaterThanOrEqual(order.indexOf(before.state));
        expect(snapshot!.Progress).toBeGreaterThanOrEqual(before.progress);
        last.set(id, { state: snapshot!.State, progress: snapshot!.Progress });
      }
      if ([...last.values()].every((s) => s.state === 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect([...last.values()].every((s) => s.progress === 100)).toBe(true);
    expect(server.stderr.filter((line) => /^\s+at /.test(line))).toEqual([]);
  }, 240_000);
});
