/**
 * The OUTSCALE API contract for the calls Snapshot Console uses, written once and parsed on both sides:
 * the browser client parses responses with it, the sandbox validates requests with it.
 *
 * Request schemas live in ./requests.ts (the sandbox validates with them; the browser only needs their types).
 * Responses are loose: unknown extra fields pass through, unknown future State values are kept as
 * strings, but fields the API always returns are required so a broken answer fails loudly.
 * Field names are spelled exactly as in OUTSCALE's OpenAPI description (outscale.yaml v1.40.1).
 * zod/mini keeps the browser bundle small; the sandbox uses the very same schemas.
 */
import * as z from 'zod/mini';
import { SNAPSHOT_STATES } from './states';

export { SNAPSHOT_STATES, type KnownSnapshotState } from './states';
/** A State the API may add later still parses: it is kept as a plain string. */
export const snapshotStateSchema = z.union([z.enum(SNAPSHOT_STATES), z.string()]);

// OUTSCALE's facts have their own modules: ids.ts, regions.ts, limits.ts, error-catalogue.ts.

// ---------- shared shapes ----------

export const responseContextSchema = z.looseObject({ RequestId: z.string() });
export type ResponseContext = z.infer<typeof responseContextSchema>;

export const errorsSchema = z.looseObject({
  Code: z.string(),
  Type: z.string(),
  Details: z._default(z.string(), ''),
});
export type OscErrorItem = z.infer<typeof errorsSchema>;

export const errorResponseSchema = z.looseObject({
  Errors: z.array(errorsSchema),
  ResponseContext: z.optional(responseContextSchema),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/**
 * Characters no answer may carry, so no request may bring them in: the C0 control characters other than TAB, LF
 * and CR, U+FFFE and U+FFFF (XML 1.0 forbids them even as character references, so FCU's XML could not hold
 * them), and UTF-16 surrogates that are not part of a pair (not Unicode text: strict JSON parsers refuse them, and
 * SQLite would store them as invalid UTF-8). The sandbox refuses them in every request string with 4047; the copy
 * form applies the same rule as you type.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const FORBIDDEN_TEXT_CHAR = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/u;
export const FORBIDDEN_TEXT_MESSAGE =
  'must not contain control characters (other than tab, line feed and carriage return), U+FFFE, U+FFFF or unpaired surrogates.';
const FORBIDDEN_TEXT_CHARS = /* @__PURE__ */ new RegExp(FORBIDDEN_TEXT_CHAR.source, 'gu');

export function isSafeText(value: string): boolean {
  return !FORBIDDEN_TEXT_CHAR.test(value);
}

/** A last line of defence for text put into an answer: each forbidden character becomes U+FFFD. */
export function toSafeText(value: string): string {
  return isSafeText(value) ? value : value.replace(FORBIDDEN_TEXT_CHARS, '\uFFFD');
}

/** A string check that refuses the characters above (zod issue `custom`, mapped to 4047 by the sandbox). */
export const safeText = /* @__PURE__ */ z.refine<string>(isSafeText, { message: FORBIDDEN_TEXT_MESSAGE });

export const resourceTagSchema = z.strictObject({ Key: z.string(), Value: z.string() });
export type ResourceTag = z.infer<typeof resourceTagSchema>;


export const permissionsOnResourceSchema = z.looseObject({
  AccountIds: z.array(z.string()),
  GlobalPermission: z.boolean(),
});
export type PermissionsOnResource = z.infer<typeof permissionsOnResourceSchema>;

// ---------- resources ----------

export const snapshotSchema = z.looseObject({
  AccountAlias: z.optional(z.string()),
  AccountId: z.string(),
  ClientToken: z.optional(z.string()),
  CreationDate: z.string(),
  Description: z.optional(z.string()),
  PermissionsToCreateVolume: permissionsOnResourceSchema,
  Progress: z.int(),
  SnapshotId: z.string(),
  State: snapshotStateSchema,
  Tags: z.array(z.looseObject({ Key: z.string(), Value: z.string() })),
  VolumeId: z.optional(z.string()),
  VolumeSize: z.int(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export const linkedVolumeSchema = z.looseObject({
  DeleteOnVmDeletion: z.optional(z.boolean()),
  DeviceName: z.optional(z.string()),
  State: z.optional(z.string()),
  VmId: z.optional(z.string()),
  VolumeId: z.optional(z.string()),
});

export const volumeSchema = z.looseObject({
  ClientToken: z.optional(z.string()),
  CreationDate: z.string(),
  Iops: z.optional(z.int()),
  LinkedVolumes: z.array(linkedVolumeSchema),
  Size: z.int(),
  SnapshotId: z.optional(z.string()),
  State: z.string(),
  SubregionName: z.string(),
  Tags: z.array(z.looseObject({ Key: z.string(), Value: z.string() })),
  VolumeId: z.string(),
  VolumeType: z.string(),
});
export type Volume = z.infer<typeof volumeSchema>;

export const accountSchema = z.looseObject({
  AccountId: z.string(),
  City: z.optional(z.string()),
  CompanyName: z.optional(z.string()),
  Country: z.optional(z.string()),
  CustomerId: z.optional(z.string()),
  Email: z.optional(z.string()),
  FirstName: z.optional(z.string()),
  LastName: z.optional(z.string()),
  ZipCode: z.optional(z.string()),
});
export type Account = z.infer<typeof accountSchema>;

export const regionSchema = z.looseObject({ Endpoint: z.string(), RegionName: z.string() });
export type Region = z.infer<typeof regionSchema>;

export const subregionSchema = z.looseObject({
  LocationCode: z.optional(z.string()),
  RegionName: z.string(),
  State: z.string(),
  SubregionName: z.string(),
});
export type Subregion = z.infer<typeof subregionSchema>;

// ---------- responses ----------

const withContext = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.looseObject({ ...shape, ResponseContext: responseContextSchema });

export const contextOnlyResponseSchema = withContext({});
export const readSnapshotsResponseSchema = withContext({
  Snapshots: z.array(snapshotSchema),
  NextPageToken: z.optional(z.string()),
});
export const createSnapshotResponseSchema = withContext({ Snapshot: z.optional(snapshotSchema) });
export const updateSnapshotResponseSchema = withContext({ Snapshot: z.optional(snapshotSchema) });
export const readVolumesResponseSchema = withContext({
  Volumes: z.array(volumeSchema),
  NextPageToken: z.optional(z.string()),
});
export const readAccountsResponseSchema = withContext({ Accounts: z.array(accountSchema) });
export const readRegionsResponseSchema = withContext({ Regions: z.array(regionSchema) });
export const readSubregionsResponseSchema = withContext({
  Subregions: z.array(subregionSchema),
  NextPageToken: z.optional(z.string()),
});

/** The answer schema of every action: all the browser needs (request schemas stay out of its bundle). */
export const responseSchemas = {
  ReadSnapshots: readSnapshotsResponseSchema,
  CreateSnapshot: createSnapshotResponseSchema,
  DeleteSnapshot: contextOnlyResponseSchema,
  UpdateSnapshot: updateSnapshotResponseSchema,
  CreateTags: contextOnlyResponseSchema,
  DeleteTags: contextOnlyResponseSchema,
  ReadVolumes: readVolumesResponseSchema,
  ReadAccounts: readAccountsResponseSchema,
  ReadRegions: readRegionsResponseSchema,
  ReadSubregions: readSubregionsResponseSchema,
} as const;

/**
 * Actions whose answer schemas load with the code that uses them, so that the first screen's bundle does not carry
 * them: importing ./export-schemas.ts adds them to `responseSchemas` (the client reads them from there).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in ./export-schemas.ts
export interface LateResponseSchemas {}
type LateSchemas = LateResponseSchemas;
/** Every action's answer schema (`responseSchemas` once ./export-schemas.ts is loaded). */
export type AllResponseSchemas = typeof responseSchemas & LateSchemas;
export type ActionName = keyof AllResponseSchemas;
export type ActionResponse<A extends ActionName> = z.output<AllResponseSchemas[A]>;

/** Their names, for the sandbox (the browser never asks). */
const LATE_ACTIONS: readonly string[] = ['CreateSnapshotExportTask', 'ReadSnapshotExportTasks'] satisfies (keyof LateSchemas)[];

export function isActionName(name: string): name is ActionName {
  return Object.prototype.hasOwnProperty.call(responseSchemas, name) || LATE_ACTIONS.includes(name);
}
