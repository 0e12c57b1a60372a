/**
 * OUTSCALE's error catalogue, written once: each entry is the (HTTP status, Code, Type) OUTSCALE answers with
 * (../shared/outscale-api-notes.md §3) and what it means for an operator. The sandbox answers from it
 * (server/osc/errors.ts builds its errors from these entries); the UI explains a Code from it (explainCode), and
 * the copy form knows from it which field an error is about. Where the notes mark a code as inferred [I], the
 * choice made here is listed in server/LIMITATIONS.md.
 */

/** A form field an error can be pinned to. */
export type ErrorField =
  "SourceSnapshotId" | "SourceRegionName" | "Description" | "secretKey";

export interface ErrorEntry {
  status: number;
  code: string;
  type: string;
  /** The error in plain words for an operator (the raw Code, Type and Details are shown next to it). */
  explain: string;
  /** The form field it is about, when it is about one (the copy form and the connect screen pin it there). */
  field?: ErrorField;
  /** True for codes OUTSCALE answers that the sandbox never does (kept so the UI explains them). */
  cloudOnly?: boolean;
}

const ID_SHAPE =
  "The ID is not well formed: a snapshot ID looks like snap-1a2b3c4d.";
const LOCKED =
  "This access key is locked for this client after repeated failed signatures. Wait and retry with the right keys.";
const NOT_ALLOWED =
  "Your account is not allowed to do this (the resource may belong to another account).";
const THROTTLED =
  "OUTSCALE is throttling these requests. Wait a little and retry.";
const BAD_REQUEST =
  "OUTSCALE refused the request as malformed: a parameter is missing, unknown or has a wrong value.";

export const ERROR_CATALOGUE = {
  /** Bad access key, bad signature, stale date. */
  authFailed: {
    status: 401,
    code: "1",
    type: "AccessDenied",
    field: "secretKey",
    explain:
      "The access key or secret key was rejected, or your clock is more than 5 minutes off.",
  },
  /** Signed requests only: the call needs credentials and none were sent. */
  notAuthorized: {
    status: 401,
    code: "5",
    type: "AccessDenied",
    explain: NOT_ALLOWED,
  },
  methodNotAllowed: {
    status: 405,
    code: "2",
    type: "AccessDenied",
    explain: "The API refused the HTTP method: calls are POST.",
  },
  /** [I] the caller does not own the resource it tries to change. */
  notOwner: {
    status: 401,
    code: "4",
    type: "AccessDenied",
    explain: NOT_ALLOWED,
  },
  userNotAllowed: {
    status: 401,
    code: "7",
    type: "AccessDenied",
    explain: NOT_ALLOWED,
    cloudOnly: true,
  },
  permanentlyLocked: {
    status: 401,
    code: "11",
    type: "AccessDenied",
    cloudOnly: true,
    explain:
      "This access key is locked for good after repeated failed sign-ins. Contact OUTSCALE support.",
  },
  /** Brute-force protection: the access key is locked for a while. */
  temporarilyLocked: {
    status: 401,
    code: "13",
    type: "AccessDenied",
    explain: LOCKED,
  },
  /** [I] the Host header does not name this server (DNS rebinding); OUTSCALE's code for unmet access rules. */
  hostNotAllowed: {
    status: 401,
    code: "14",
    type: "AccessDenied",
    explain:
      "The server refused the address you reached it by (protection against DNS rebinding). Open it by its own address, or start it with --allowed-host NAME.",
  },
  throttledAccount: {
    status: 429,
    code: "24",
    type: "AccessDenied",
    explain: THROTTLED,
  },
  /** Per volume or source: the model passes the seconds until its window frees a slot. */
  throttledCall: {
    status: 429,
    code: "25",
    type: "AccessDenied",
    explain: THROTTLED,
  },
  /** [I] unknown parameter in the body. */
  invalidParameter: {
    status: 400,
    code: "3001",
    type: "InvalidParameter",
    explain: BAD_REQUEST,
  },
  /** [I] mutually exclusive parameters given together. */
  conflictingParameters: {
    status: 400,
    code: "3002",
    type: "InvalidParameter",
    explain: BAD_REQUEST,
  },
  /** [I] body is not JSON; also: the body could not be read (the client went away or sent a broken chunked body). */
  malformedJson: {
    status: 400,
    code: "4000",
    type: "InvalidParameterValue",
    explain: BAD_REQUEST,
  },
  /** [I] body larger than the limit. */
  bodyTooLarge: {
    status: 413,
    code: "4001",
    type: "InvalidParameterValue",
    explain: "The request is larger than the API accepts.",
  },
  /** [I] no such action. */
  unknownAction: {
    status: 404,
    code: "4002",
    type: "InvalidAction",
    explain: "The API does not know this call.",
  },
  /** [I] a parameter's value is out of range or not allowed. */
  invalidParameterValue: {
    status: 400,
    code: "4047",
    type: "InvalidParameterValue",
    explain: BAD_REQUEST,
  },
  wrongIdPrefix: {
    status: 400,
    code: "4104",
    type: "InvalidParameterValue",
    field: "SourceSnapshotId",
    explain: ID_SHAPE,
  },
  malformedId: {
    status: 400,
    code: "4105",
    type: "InvalidParameterValue",
    field: "SourceSnapshotId",
    explain: ID_SHAPE,
  },
  /** [I] a parameter has the wrong JSON type. */
  invalidParameterType: {
    status: 400,
    code: "4108",
    type: "InvalidParameterValue",
    explain: BAD_REQUEST,
  },
  invalidNextPageToken: {
    status: 400,
    code: "4117",
    type: "InvalidParameterValue",
    explain:
      "The list changed while it was being read page by page. Refresh to read it again.",
  },
  /** An import's SnapshotSize below the exported image's uncompressed size (also: not a positive number of bytes). */
  invalidSnapshotSize: {
    status: 400,
    code: "4203",
    type: "InvalidParameterValue",
    explain:
      "The snapshot size is too small: give it in bytes, at least the uncompressed size of the exported snapshot (its volume size in GiB × 1,073,741,824).",
  },
  /** [I] 4075 invalid-url-format (OUTSCALE's 2019 catalogue): FileLocation is not a pre-signed URL of this OOS. */
  malformedUrl: {
    status: 400,
    code: "4075",
    type: "InvalidParameterValue",
    explain:
      "The file location is not a pre-signed URL of an OOS object: make one with aws s3 presign (or Cockpit) and paste it whole.",
  },
  /** [I] 4074 invalid-url: the pre-signed URL's signature does not verify, its key is unknown, or it has expired. */
  invalidPresignedUrl: {
    status: 400,
    code: "4074",
    type: "InvalidParameterValue",
    explain:
      "The pre-signed URL was refused: it has expired, or its signature does not match (the URL was changed, or signed with keys OOS does not know). Make a new one and import again.",
  },
  /** [I] 4088 osu-connection-error: the export cannot write to that bucket (another account's, or the keys given were refused). */
  osuExportRefused: {
    status: 400,
    code: "4088",
    type: "InvalidParameterValue",
    explain:
      "OUTSCALE cannot write the export to that bucket: it belongs to another account (give that account's keys in OsuApiKey), or the keys given were refused. Pick one of your buckets, or a new name.",
  },
  snapshotNotFound: {
    status: 400,
    code: "5054",
    type: "InvalidResource",
    field: "SourceSnapshotId",
    explain:
      "No such snapshot, or it belongs to another account that has not shared it with you.",
  },
  /** [I] 5037 no-such-object: the pre-signed URL names a bucket or an object OOS does not have (deleted since?). */
  objectNotFound: {
    status: 400,
    code: "5037",
    type: "InvalidResource",
    explain:
      "The pre-signed URL points to a bucket or object that does not exist (it may have been deleted). Export the snapshot again and make a new URL.",
  },
  /** 5058 no-such-task: OUTSCALE's answer for an unknown snap-export- ID (its QA suite, DeleteExportTask). */
  exportTaskNotFound: {
    status: 400,
    code: "5058",
    type: "InvalidResource",
    explain: "No such export task in your account.",
  },
  volumeNotFound: {
    status: 400,
    code: "5064",
    type: "InvalidResource",
    explain: "No such volume in your account.",
  },
  /** [I] the resource is not in a state that allows the call. */
  invalidState: {
    status: 409,
    code: "6003",
    type: "InvalidState",
    field: "SourceSnapshotId",
    explain: "The resource is not in a state that allows this.",
  },
  /** [I] required parameter absent. */
  missingParameter: {
    status: 400,
    code: "7000",
    type: "MissingParameter",
    explain: BAD_REQUEST,
  },
  /** [I] ClientToken reused with other parameters (EC2: IdempotentParameterMismatch). */
  idempotentMismatch: {
    status: 409,
    code: "9004",
    type: "ResourceConflict",
    explain:
      "This dialog already made a copy with other settings (same ClientToken). Open a new copy dialog to make another.",
  },
  /**
   * [I] DeleteSnapshot of a snapshot an OMI uses (OUTSCALE documents the refusal, not its code; 9002 is "busy" in
   * OUTSCALE's 2019 catalogue; FCU answers InvalidSnapshot.InUse).
   */
  snapshotInUse: {
    status: 409,
    code: "9002",
    type: "ResourceConflict",
    explain:
      "An OMI (machine image) is made from this snapshot. Delete that OMI first (DeleteImage), then the snapshot.",
  },
  /**
   * [I] UpdateSnapshot naming an account of another Region (sharing stays within a Region); 5075 is
   * "no-such-user" in OUTSCALE's 2019 catalogue: seen from this Region, that account does not exist.
   */
  accountNotInRegion: {
    status: 400,
    code: "5075",
    type: "InvalidResource",
    explain:
      "That account is not in this Region: a snapshot can be shared only with accounts of its own Region. Copy it across Regions through a bucket instead.",
  },
  tooManyTags: {
    status: 400,
    code: "10041",
    type: "TooManyResources (QuotaExceded)",
    explain: "The resource would have more tags than allowed.",
  },
  internal: {
    status: 500,
    code: "0",
    type: "DefaultError",
    explain: "OUTSCALE had an internal error. Retry in a moment.",
  },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorName = keyof typeof ERROR_CATALOGUE;

const byCode = new Map<string, ErrorEntry>();
for (const entry of Object.values(ERROR_CATALOGUE) as ErrorEntry[])
  if (!byCode.has(entry.code)) byCode.set(entry.code, entry);

/** The catalogue's entry for a Code OUTSCALE answered, if it is one this dashboard knows. */
export const errorEntry = (code: string): ErrorEntry | undefined =>
  byCode.get(code);
