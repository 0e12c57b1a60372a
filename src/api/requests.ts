/**
 * The request half of the OUTSCALE API contract: strict (OUTSCALE's schemas are `additionalProperties: false`,
 * so an unknown parameter is an error). The sandbox validates every request with these; the browser imports
 * only their types, which keeps them out of its bundle.
 */
import * as z from 'zod/mini';
import { CLIENT_TOKEN_MAX, DESCRIPTION_MAX, RESULTS_PER_PAGE_MAX, TAG_KEY_MAX, TAG_VALUE_MAX } from './limits';
import { exportActions } from './export-schemas';
import { responseSchemas, safeText, type ActionName } from './schemas';

/**
 * Every request string refuses the characters no answer may carry (see FORBIDDEN_TEXT_CHAR in ./schemas.ts):
 * what a request brings in is what a later answer, JSON or FCU's XML, sends back.
 */
const text = () => z.string().check(safeText);
/**
 * The words a form shows for a length limit (the copy form's fields are these schemas). The sandbox does not use
 * messages: it words its 4047 Details from the code and limit (server/osc/validation.ts).
 */
const atMost = (max: number) => `At most ${max} characters.`;

const permissionsOnResourceRequestSchema = z.strictObject({
  AccountIds: z.optional(z.array(text())),
  GlobalPermission: z.optional(z.boolean()),
});

const dryRun = z.optional(z.boolean());
const resultsPerPage = z.optional(z.int().check(z.minimum(1), z.maximum(RESULTS_PER_PAGE_MAX)));
const nextPageToken = z.optional(text().check(z.minLength(1)));
const stringList = z.optional(z.array(text()));

export const filtersSnapshotSchema = z.strictObject({
  AccountAliases: stringList,
  AccountIds: stringList,
  ClientTokens: stringList,
  Descriptions: stringList,
  FromCreationDate: z.optional(z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()])),
  PermissionsToCreateVolumeAccountIds: stringList,
  PermissionsToCreateVolumeGlobalPermission: z.optional(z.boolean()),
  Progresses: z.optional(z.array(z.int())),
  SnapshotIds: stringList,
  States: stringList,
  TagKeys: stringList,
  TagValues: stringList,
  Tags: stringList,
  ToCreationDate: z.optional(z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()])),
  VolumeIds: stringList,
  VolumeSizes: z.optional(z.array(z.int())),
});
export type FiltersSnapshot = z.infer<typeof filtersSnapshotSchema>;

export const readSnapshotsRequestSchema = z.strictObject({
  DryRun: dryRun,
  Filters: z.optional(filtersSnapshotSchema),
  NextPageToken: nextPageToken,
  ResultsPerPage: resultsPerPage,
});

export const createSnapshotRequestSchema = z.strictObject({
  ClientToken: z.optional(text().check(z.minLength(1), z.maxLength(CLIENT_TOKEN_MAX))),
  Description: z.optional(text().check(z.maxLength(DESCRIPTION_MAX, atMost(DESCRIPTION_MAX)))),
  DryRun: dryRun,
  FileLocation: z.optional(text().check(z.minLength(1))),
  SnapshotSize: z.optional(z.int().check(z.positive())),
  SourceRegionName: z.optional(text().check(z.minLength(1))),
  SourceSnapshotId: z.optional(text().check(z.minLength(1))),
  VolumeId: z.optional(text().check(z.minLength(1))),
});

export const deleteSnapshotRequestSchema = z.strictObject({
  DryRun: dryRun,
  SnapshotId: text().check(z.minLength(1)),
});

export const updateSnapshotRequestSchema = z.strictObject({
  DryRun: dryRun,
  PermissionsToCreateVolume: z.strictObject({
    Additions: z.optional(permissionsOnResourceRequestSchema),
    Removals: z.optional(permissionsOnResourceRequestSchema),
  }),
  SnapshotId: text().check(z.minLength(1)),
});

/** OUTSCALE's tag rules: a Key of 1 to 255 characters, a Value of at most 255. */
export const requestTagSchema = z.strictObject({
  Key: text().check(z.minLength(1, 'A tag needs a key.'), z.maxLength(TAG_KEY_MAX, atMost(TAG_KEY_MAX))),
  Value: text().check(z.maxLength(TAG_VALUE_MAX, atMost(TAG_VALUE_MAX))),
});

export const tagsRequestSchema = z.strictObject({
  DryRun: dryRun,
  ResourceIds: z.array(text().check(z.minLength(1))).check(z.minLength(1)),
  Tags: z.array(requestTagSchema).check(z.minLength(1)),
});
export const createTagsRequestSchema = tagsRequestSchema;
export const deleteTagsRequestSchema = tagsRequestSchema;

export const filtersVolumeSchema = z.strictObject({
  ClientTokens: stringList,
  CreationDates: stringList,
  LinkVolumeDeleteOnVmDeletion: z.optional(z.boolean()),
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
  VolumeSizes: z.optional(z.array(z.int())),
  VolumeStates: stringList,
  VolumeTypes: stringList,
});

export const readVolumesRequestSchema = z.strictObject({
  DryRun: dryRun,
  Filters: z.optional(filtersVolumeSchema),
  NextPageToken: nextPageToken,
  ResultsPerPage: resultsPerPage,
});

export const readAccountsRequestSchema = z.strictObject({ DryRun: dryRun });
export const readRegionsRequestSchema = z.strictObject({ DryRun: dryRun });

export const readSubregionsRequestSchema = z.strictObject({
  DryRun: dryRun,
  Filters: z.optional(z.strictObject({ RegionNames: stringList, States: stringList, SubregionNames: stringList })),
  NextPageToken: nextPageToken,
  ResultsPerPage: resultsPerPage,
});

/**
 * Every action the console speaks, with its request and response schema. The sandbox's router is driven by
 * this table, so adding an action starts here.
 */
export const actions = {
  ReadSnapshots: { request: readSnapshotsRequestSchema, response: responseSchemas.ReadSnapshots },
  CreateSnapshot: { request: createSnapshotRequestSchema, response: responseSchemas.CreateSnapshot },
  DeleteSnapshot: { request: deleteSnapshotRequestSchema, response: responseSchemas.DeleteSnapshot },
  UpdateSnapshot: { request: updateSnapshotRequestSchema, response: responseSchemas.UpdateSnapshot },
  CreateTags: { request: createTagsRequestSchema, response: responseSchemas.CreateTags },
  DeleteTags: { request: deleteTagsRequestSchema, response: responseSchemas.DeleteTags },
  ReadVolumes: { request: readVolumesRequestSchema, response: responseSchemas.ReadVolumes },
  ReadAccounts: { request: readAccountsRequestSchema, response: responseSchemas.ReadAccounts },
  ReadRegions: { request: readRegionsRequestSchema, response: responseSchemas.ReadRegions },
  ReadSubregions: { request: readSubregionsRequestSchema, response: responseSchemas.ReadSubregions },
  ...exportActions,
} as const;

export type ActionRequest<A extends ActionName> = z.input<(typeof actions)[A]['request']>;
