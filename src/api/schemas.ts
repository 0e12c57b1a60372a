/**
 * The OUTSCALE API contract for the calls Snapshot Console uses, written once and parsed on both sides:
 * the browser client parses responses with it, the sandbox validates requests with it.
 *
 * Requests are strict (OUTSCALE's schemas are `additionalProperties: false`, so an unknown parameter is an
 * error). Responses are loose: unknown extra fields pass through, unknown future State values are kept as
 * strings, but fields the API always returns are required so a broken answer fails loudly.
 * Field names are spelled exactly as in OUTSCALE's OpenAPI description (outscale.yaml v1.40.1).
 */
import { z } from 'zod';

export const SNAPSHOT_STATES = ['in-queue', 'pending', 'completed', 'error', 'deleting'] as const;
export type KnownSnapshotState = (typeof SNAPSHOT_STATES)[number];
/** A State the API may add later still parses: it is kept as a plain string. */
export const snapshotStateSchema = z.union([z.enum(SNAPSHOT_STATES), z.string()]);

export const SNAPSHOT_ID_PATTERN = /^snap-[0-9a-f]{8}$/;
export const VOLUME_ID_PATTERN = /^vol-[0-9a-f]{8}$/;
export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;

export const PUBLIC_REGIONS = [
  'eu-west-2',
  'us-east-2',
  'us-west-1',
  'cloudgouv-eu-west-1',
  'ap-northeast-1',
] as const;

// ---------- shared shapes ----------

export const responseContextSchema = z.looseObject({ RequestId: z.string() });
export type ResponseContext = z.infer<typeof responseContextSchema>;

export const errorsSchema = z.looseObject({
  Code: z.string(),
  Type: z.string(),
  Details: z.string().default(''),
});
export type OscErrorItem = z.infer<typeof errorsSchema>;

export const errorResponseSchema = z.looseObject({
  Errors: z.array(errorsSchema),
  ResponseContext: responseContextSchema.optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const resourceTagSchema = z.strictObject({ Key: z.string(), Value: z.string() });
export type ResourceTag = z.infer<typeof resourceTagSchema>;

const permissionsOnResourceRequestSchema = z.strictObject({
  AccountIds: z.array(z.string()).optional(),
  GlobalPermission: z.boolean().optional(),
});

export const permissionsOnResourceSchema = z.looseObject({
  AccountIds: z.array(z.string()),
  GlobalPermission: z.boolean(),
});
export type PermissionsOnResource = z.infer<typeof permissionsOnResourceSchema>;

// ---------- resources ----------

export const snapshotSchema = z.looseObject({
  AccountAlias: z.string().optional(),
  AccountId: z.string(),
  ClientToken: z.string().optional(),
  CreationDate: z.string(),
  Description: z.string().optional(),
  PermissionsToCreateVolume: permissionsOnResourceSchema,
  Progress: z.number().int(),
  SnapshotId: z.string(),
  State: snapshotStateSchema,
  Tags: z.array(z.looseObject({ Key: z.string(), Value: z.string() })),
  VolumeId: z.string().optional(),
  VolumeSize: z.number().int(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export const linkedVolumeSchema = z.looseObject({
  DeleteOnVmDeletion: z.boolean().optional(),
  DeviceName: z.string().optional(),
  State: z.string().optional(),
  VmId: z.string().optional(),
  VolumeId: z.string().optional(),
});

export const volumeSchema = z.looseObject({
  ClientToken: z.string().optional(),
  CreationDate: z.string(),
  Iops: z.number().int().optional(),
  LinkedVolumes: z.array(linkedVolumeSchema),
  Size: z.number().int(),
  SnapshotId: z.string().optional(),
  State: z.string(),
  SubregionName: z.string(),
  Tags: z.array(z.looseObject({ Key: z.string(), Value: z.string() })),
  VolumeId: z.string(),
  VolumeType: z.string(),
});
export type Volume = z.infer<typeof volumeSchema>;

export const accountSchema = z.looseObject({
  AccountId: z.string(),
  City: z.string().optional(),
  CompanyName: z.string().optional(),
  Country: z.string().optional(),
  CustomerId: z.string().optional(),
  Email: z.string().optional(),
  FirstName: z.string().optional(),
  LastName: z.string().optional(),
  ZipCode: z.string().optional(),
});
export type Account = z.infer<typeof accountSchema>;

export const regionSchema = z.looseObject({ Endpoint: z.string(), RegionName: z.string() });
export type Region = z.infer<typeof regionSchema>;

export const subregionSchema = z.looseObject({
  LocationCode: z.string().optional(),
  RegionName: z.string(),
  State: z.string(),
  SubregionName: z.string(),
});
export type Subregion = z.infer<typeof subregionSchema>;

// ---------- requests ----------

const dryRun = z.boolean().optional();
const resultsPerPage = z.number().int().min(1).max(1000).optional();
const nextPageToken = z.string().min(1).optional();
const stringList = z.array(z.string()).optional();

export const filtersSnapshotSchema = z.strictObject({
  AccountAliases: stringList,
  AccountIds: stringList,
  ClientTokens: stringList,
  Descriptions: stringList,
  FromCreationDate: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional(),
  PermissionsToCreateVolumeAccountIds: stringList,
  PermissionsToCreateVolumeGlobalPermission: z.boolean().optional(),
  Progresses: z.array(z.number().int()).optional(),
  SnapshotIds: stringList,
  States: stringList,
  TagKeys: stringList,
  TagValues: stringList,
  Tags: stringList,
  ToCreationDate: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional(),
  VolumeIds: stringList,
  VolumeSizes: z.array(z.number().int()).optional(),
});
export type FiltersSnapshot = z.infer<typeof filtersSnapshotSchema>;

export const readSnapshotsRequestSchema = z.strictObject({
  DryRun: dryRun,
  Filters: filtersSnapshotSchema.optional(),
  NextPageToken: nextPageToken,
  ResultsPerPage: resultsPerPage,
});

export const createSnapshotRequestSchema = z.strictObject({
  ClientToken: z.string().min(1).max(64).optional(),
  Description: z.string().max(255).optional(),
  DryRun: dryRun,
  FileLocation: z.string().min(1).optional(),
  SnapshotSize: z.number().int().positive().optional(),
  SourceRegionName: z.string().min(1).optional(),
  SourceSnapshotId: z.string().min(1).optional(),
  VolumeId: z.string().min(1).optional(),
});

export const deleteSnapshotRequestSchema = z.strictObject({
  DryRun: dryRun,
  SnapshotId: z.string().min(1),
});

export const updateSnapshotRequestSchema = z.strictObject({
  DryRun: dryRun,
  PermissionsToCreateVolume: z.strictObject({
    Additions: permissionsOnResourceRequestSchema.optional(),
    Removals: permissionsOnResourceRequestSchema.optional(),
  }),
  SnapshotId: z.string().min(1),
});

export const tagsRequestSchema = z.strictObject({
  DryRun: dryRun,
  ResourceIds: z.array(z.string().min(1)).min(1),
  Tags: z.array(resourceTagSchema).min(1),
});
export const createTagsRequestSchema = tagsRequestSchema;
export const deleteTagsRequestSchema = tagsRequestSchema;

export const filtersVolumeSchema = z.strictObject({
  ClientTokens: stringList,
  CreationDates: stringList,
  LinkVolumeDeleteOnVmDeletion: z.boolean().optional(),
  LinkVolumeDeviceNames: stringList,
  LinkVolumeLinkDates: stringList,
  LinkVolumeLinkStates: stringList,
  LinkVolumeVmIds: stringList,
  SnapshotIds: stringList,
  SubregionNames: stringList,
  TagKeys: stringList,
  TagValues: stringList,
  Tags: stringList,
  VolumeIds: stringList,
  VolumeSizes: z.array(z.number().int()).optional(),
  VolumeStates: stringList,
  VolumeTypes: stringList,
});

export const readVolumesRequestSchema = z.strictObject({
  DryRun: dryRun,
  Filters: filtersVolumeSchema.optional(),
  NextPageToken: nextPageToken,
  ResultsPerPage: resultsPerPage,
});

export const readAccountsRequestSchema = z.strictObject({ DryRun: dryRun });
export const readRegionsRequestSchema = z.strictObject({ DryRun: dryRun });

export const readSubregionsRequestSchema = z.strictObject({
  DryRun: dryRun,
  Filters: z
    .strictObject({ RegionNames: stringList, States: stringList, SubregionNames: stringList })
    .optional(),
  NextPageToken: nextPageToken,
  ResultsPerPage: resultsPerPage,
});

// ---------- responses ----------

const withContext = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.looseObject({ ...shape, ResponseContext: responseContextSchema });

export const contextOnlyResponseSchema = withContext({});
export const readSnapshotsResponseSchema = withContext({
  Snapshots: z.array(snapshotSchema),
  NextPageToken: z.string().optional(),
});
export const createSnapshotResponseSchema = withContext({ Snapshot: snapshotSchema.optional() });
export const updateSnapshotResponseSchema = withContext({ Snapshot: snapshotSchema.optional() });
export const readVolumesResponseSchema = withContext({
  Volumes: z.array(volumeSchema),
  NextPageToken: z.string().optional(),
});
export const readAccountsResponseSchema = withContext({ Accounts: z.array(accountSchema) });
export const readRegionsResponseSchema = withContext({ Regions: z.array(regionSchema) });
export const readSubregionsResponseSchema = withContext({
  Subregions: z.array(subregionSchema),
  NextPageToken: z.string().optional(),
});

/**
 * Every action the console speaks, with its request and response schema. The client and the sandbox's
 * router are both driven by this table, so adding an action starts here.
 */
export const actions = {
  ReadSnapshots: { request: readSnapshotsRequestSchema, response: readSnapshotsResponseSchema },
  CreateSnapshot: { request: createSnapshotRequestSchema, response: createSnapshotResponseSchema },
  DeleteSnapshot: { request: deleteSnapshotRequestSchema, response: contextOnlyResponseSchema },
  UpdateSnapshot: { request: updateSnapshotRequestSchema, response: updateSnapshotResponseSchema },
  CreateTags: { request: createTagsRequestSchema, response: contextOnlyResponseSchema },
  DeleteTags: { request: deleteTagsRequestSchema, response: contextOnlyResponseSchema },
  ReadVolumes: { request: readVolumesRequestSchema, response: readVolumesResponseSchema },
  ReadAccounts: { request: readAccountsRequestSchema, response: readAccountsResponseSchema },
  ReadRegions: { request: readRegionsRequestSchema, response: readRegionsResponseSchema },
  ReadSubregions: { request: readSubregionsRequestSchema, response: readSubregionsResponseSchema },
} as const;

export type ActionName = keyof typeof actions;
export type ActionRequest<A extends ActionName> = z.input<(typeof actions)[A]['request']>;
export type ActionResponse<A extends ActionName> = z.output<(typeof actions)[A]['response']>;

export function isActionName(name: string): name is ActionName {
  return Object.prototype.hasOwnProperty.call(actions, name);
}
