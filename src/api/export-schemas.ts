/**
 * The snapshot export calls of the OUTSCALE API contract (CreateSnapshotExportTask, ReadSnapshotExportTasks),
 * spelled as outscale.yaml v1.40.1 has them: requests strict (`additionalProperties: false`), answers loose like
 * every answer in ./schemas.ts. They live apart so that the snapshots list's first screen does not carry them:
 * importing this module adds the answer schemas to `responseSchemas` (./schemas.ts), so only the code
 * that exports a snapshot (a lazily loaded route) and the sandbox pay for them.
 */
import * as z from 'zod/mini';
import { RESULTS_PER_PAGE_MAX } from './limits';
import { responseContextSchema, responseSchemas, safeText } from './schemas';

/** DiskImageFormat's documented values (the yaml types it as a string: the sandbox refuses others with 4047). */
export const DISK_IMAGE_FORMATS = ['qcow2', 'raw'] as const;
export type DiskImageFormat = (typeof DISK_IMAGE_FORMATS)[number];

/** SnapshotExportTask.State's documented values; an unknown future one still parses, as a string. */
export const EXPORT_TASK_STATES = ['pending', 'active', 'completed', 'cancelled', 'failed'] as const;
export type ExportTaskState = (typeof EXPORT_TASK_STATES)[number];

// ---------- answers ----------

export const snapshotExportTaskSchema = z.looseObject({
  Comment: z.optional(z.string()),
  OsuExport: z.looseObject({
    DiskImageFormat: z.string(),
    OsuBucket: z.string(),
    OsuPrefix: z.optional(z.string()),
  }),
  Progress: z.int(),
  SnapshotId: z.string(),
  State: z.union([z.enum(EXPORT_TASK_STATES), z.string()]),
  Tags: z.array(z.looseObject({ Key: z.string(), Value: z.string() })),
  TaskId: z.string(),
});
export type SnapshotExportTask = z.infer<typeof snapshotExportTaskSchema>;

export const exportResponseSchemas = {
  CreateSnapshotExportTask: z.looseObject({
    SnapshotExportTask: z.optional(snapshotExportTaskSchema),
    ResponseContext: responseContextSchema,
  }),
  ReadSnapshotExportTasks: z.looseObject({
    SnapshotExportTasks: z.array(snapshotExportTaskSchema),
    NextPageToken: z.optional(z.string()),
    ResponseContext: responseContextSchema,
  }),
} as const;

// The client finds every action's answer schema in `responseSchemas` (see AllResponseSchemas in ./schemas.ts),
// and their types through LateResponseSchemas (declaration merging: ./schemas.ts imports nothing from here).
Object.assign(responseSchemas, exportResponseSchemas);
declare module './schemas' {
  interface LateResponseSchemas {
    CreateSnapshotExportTask: typeof exportResponseSchemas.CreateSnapshotExportTask;
    ReadSnapshotExportTasks: typeof exportResponseSchemas.ReadSnapshotExportTasks;
  }
}

// ---------- requests (the sandbox validates with these) ----------

const text = () => z.string().check(safeText);
const stringList = z.optional(z.array(text()));

export const osuApiKeySchema = z.strictObject({
  ApiKeyId: z.optional(text()),
  SecretKey: z.optional(text()),
});

export const osuExportToCreateSchema = z.strictObject({
  DiskImageFormat: text(),
  OsuApiKey: z.optional(osuApiKeySchema),
  OsuBucket: text(),
  OsuManifestUrl: z.optional(text()),
  OsuPrefix: z.optional(text()),
});

export const createSnapshotExportTaskRequestSchema = z.strictObject({
  DryRun: z.optional(z.boolean()),
  OsuExport: osuExportToCreateSchema,
  SnapshotId: text(),
});

export const filtersSnapshotExportTaskSchema = z.strictObject({
  SnapshotIds: stringList,
  TaskIds: stringList,
});
export type FiltersSnapshotExportTask = z.infer<typeof filtersSnapshotExportTaskSchema>;

export const readSnapshotExportTasksRequestSchema = z.strictObject({
  DryRun: z.optional(z.boolean()),
  Filters: z.optional(filtersSnapshotExportTaskSchema),
  NextPageToken: z.optional(text().check(z.minLength(1))),
  ResultsPerPage: z.optional(z.int().check(z.minimum(1), z.maximum(RESULTS_PER_PAGE_MAX))),
});

/** The rows of the `actions` table (./requests.ts) for the export calls. */
export const exportActions = {
  CreateSnapshotExportTask: { request: createSnapshotExportTaskRequestSchema, response: exportResponseSchemas.CreateSnapshotExportTask },
  ReadSnapshotExportTasks: { request: readSnapshotExportTasksRequestSchema, response: exportResponseSchemas.ReadSnapshotExportTasks },
} as const;
