/**
 * FCU's snapshot export calls, which FCU has as OUTSCALE extensions of the EC2 API (EC2 has no such action):
 * CreateSnapshotExportTask (`SnapshotId`, `ExportToOsu.DiskImageFormat`, `ExportToOsu.OsuBucket`,
 * `ExportToOsu.OsuPrefix`, `ExportToOsu.aksk.AccessKey` / `.SecretKey`) and DescribeSnapshotExportTasks
 * (`SnapshotExportTaskId.N`), as Outscale's boto extension (osc_cloud_builder, vendor/outscale/fcu) and its QA
 * suite (qa_tina_tests, DescribeSnapshotExportTasks) call them. Each turns into the same backend calls as the
 * OUTSCALE face's CreateSnapshotExportTask and ReadSnapshotExportTasks (server/backends/export-tasks.ts).
 *
 * LIMITATIONS:
 * - The answer's element names follow that boto extension's parser (snapshotExportTask, snapshotExportTaskId,
 *   state, statusMessage, completion, exportToOsu{diskImageFormat, osuBucket, osuPrefix, osuKey}); the full FCU
 *   answer is not published. osuKey is the object's key.
 * - DescribeSnapshotExportTasks takes no Filter.N (none is documented) and answers every task in one page.
 */
import { actions } from '../../src/api/requests';
import type { SnapshotExportTask } from '../../src/api/export-schemas';
import type { Backends } from '../backends';
import { exportKey } from '../backends/export-tasks';
import type { RequestContext } from '../osc/context';
import { validateInput } from '../osc/validation';
import { FcuError, fcuErrors } from './errors';
import { bool, indexed, required, type Params } from './params';
import type { XmlNode } from './xml';

type Action = (params: Params, ctx: RequestContext) => XmlNode;

function taskXml(task: SnapshotExportTask): XmlNode {
  const prefix = task.OsuExport.OsuPrefix ?? '';
  return {
    snapshotExportTaskId: task.TaskId,
    snapshotId: task.SnapshotId,
    state: task.State,
    statusMessage: task.Comment,
    completion: task.Progress,
    exportToOsu: {
      diskImageFormat: task.OsuExport.DiskImageFormat,
      osuBucket: task.OsuExport.OsuBucket,
      osuPrefix: task.OsuExport.OsuPrefix,
      osuKey: exportKey(prefix, task.SnapshotId, task.TaskId, task.OsuExport.DiskImageFormat),
    },
    tagSet: task.Tags.map((t) => ({ key: t.Key, value: t.Value })),
  };
}

export function createExportActions(backends: Backends): Record<string, Action> {
  const { exportTasks } = backends;
  return {
    CreateSnapshotExportTask: (params, ctx) => {
      const accessKey = params.get('ExportToOsu.aksk.AccessKey') ?? params.get('ExportToOsu.OsuAkSk.AccessKey');
      const secretKey = params.get('ExportToOsu.aksk.SecretKey') ?? params.get('ExportToOsu.OsuAkSk.SecretKey');
      const prefix = params.get('ExportToOsu.OsuPrefix');
      const request = validateInput(actions.CreateSnapshotExportTask.request, {
        SnapshotId: required(params, 'SnapshotId'),
        OsuExport: {
          DiskImageFormat: required(params, 'ExportToOsu.DiskImageFormat'),
          OsuBucket: required(params, 'ExportToOsu.OsuBucket'),
          ...(prefix !== undefined ? { OsuPrefix: prefix } : {}),
          ...(accessKey !== undefined || secretKey !== undefined ? { OsuApiKey: { ApiKeyId: accessKey, SecretKey: secretKey } } : {}),
        },
      });
      const dryRun = bool(params.get('DryRun'));
      const task = exportTasks.create(ctx, request, dryRun);
      if (!task) throw fcuErrors.dryRun();
      return { snapshotExportTask: taskXml(task) };
    },

    DescribeSnapshotExportTasks: (params, ctx) => {
      const ids = indexed(params, 'SnapshotExportTaskId');
      const filters = validateInput(actions.ReadSnapshotExportTasks.request, { Filters: ids.length ? { TaskIds: ids } : {} }).Filters ?? {};
      const dryRun = bool(params.get('DryRun'));
      const found: SnapshotExportTask[] = [];
      let token: string | undefined;
      do {
        const page = exportTasks.read(ctx, filters, { limit: 1000, token });
        found.push(...page.items);
        token = page.nextPageToken;
      } while (token);
      if (dryRun) throw fcuErrors.dryRun();
      // FCU names the first ID it does not find (another account's task is not found either).
      const missing = ids.find((id) => !found.some((task) => task.TaskId === id));
      if (missing !== undefined) {
        throw new FcuError(400, 'InvalidSnapshotExportTaskID.NotFound', `The snapshot export task ID '${missing}' does not exist`);
      }
      return { snapshotExportTaskSet: found.map(taskXml) };
    },
  };
}
