/**
 * An export task survives `kill -9`: the real server (a child process on a real SQLite file) is killed while the
 * task is `active`, restarted on the same data, and the task goes on to `completed` by the clock alone; its object
 * is then in the sandbox's OOS, as an import of a pre-signed URL for it proves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClient } from 'aws4fetch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOscClient, type OscClient } from '../src/api/client';
import '../src/api/export-schemas';
import { demoKeys, startServer, type ServerChild } from './fuzz/harness';

const SPEED = 20;
const GiB = 2 ** 30;
let dir = '';
let server: ServerChild | undefined;

const start = () => startServer(['--data', dir, '--quiet', '--port', '0', '--speed', String(SPEED)]);

async function operatorOf(s: ServerChild): Promise<{ client: OscClient; keys: Awaited<ReturnType<typeof demoKeys>>['operator'] }> {
  const { operator } = await demoKeys(s.base);
  return { client: createOscClient({ endpoint: s.base, region: operator.region, accessKey: operator.accessKey, secretKey: operator.secretKey }), keys: operator };
}

/** Reads the task until `done` says so (the server's clock is the real one here). */
async function until(client: OscClient, taskId: string, done: (state: string) => boolean): Promise<string> {
  for (;;) {
    const [task] = (await client.call('ReadSnapshotExportTasks', { Filters: { TaskIds: [taskId] } })).SnapshotExportTasks;
    if (done(task!.State)) return task!.State;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-durability-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('an export killed with SIGKILL while active completes after the restart, and its object can be imported', async () => {
  server = await start();
  const { client } = await operatorOf(server);
  const own = await client.call('ReadSnapshots', { Filters: { AccountIds: [(await demoKeys(server.base)).operator.accountId], States: ['completed'] } });
  // The largest of 20 to 200 GiB: up to 20 s of export at 0.5 GiB/s × 20, time enough to see it active on a busy machine
  const snapshot = own.Snapshots.filter((s) => s.VolumeSize >= 20 && s.VolumeSize <= 200).sort((a, b) => b.VolumeSize - a.VolumeSize)[0];
  expect(snapshot, 'a completed snapshot of 20 to 200 GiB in the seed').toBeDefined();
  const task = (await client.call('CreateSnapshotExportTask', { SnapshotId: snapshot!.SnapshotId, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'durable-bucket' } })).SnapshotExportTask!;
  expect(await until(client, task.TaskId, (state) => state !== 'pending')).toBe('active');
  await server.kill9();

  server = await start();
  const again = await operatorOf(server);
  expect(await until(again.client, task.TaskId, (state) => state === 'completed' || state === 'failed')).toBe('completed');
  const key = `${snapshot!.SnapshotId}-${task.TaskId.slice(-8)}.qcow2.gz`;
  const s3 = new AwsClient({ accessKeyId: again.keys.accessKey, secretAccessKey: again.keys.secretKey, service: 's3', region: again.keys.region, retries: 0 });
  const url = (await s3.sign(`https://oos.${again.keys.region}.outscale.com/durable-bucket/${key}?X-Amz-Expires=600`, { method: 'GET', aws: { signQuery: true } })).url;
  const imported = await again.client.call('CreateSnapshot', { FileLocation: url, SnapshotSize: snapshot!.VolumeSize * GiB });
  expect(imported.Snapshot).toMatchObject({ VolumeSize: snapshot!.VolumeSize, State: 'in-queue' });
}, 120_000);
