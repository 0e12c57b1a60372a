/**
 * What the sandbox's OUTSCALE API needs from its OOS face (object storage, S3-compatible): the snapshot export
 * writes an object into a bucket, the import (CreateSnapshot with FileLocation) checks a pre-signed URL against it.
 * server/oos/ implements it (the S3 face and its SQLite tables); server/backends/ uses it through this interface
 * only, so the OUTSCALE API never depends on how OOS stores or serves anything.
 *
 * The object stands for a disk image: it records the image's size in bytes and where it came from, it holds no
 * disk (LIMITATIONS.md says so).
 */
export interface OosObjectInfo {
  region: string;
  bucket: string;
  key: string;
  /** The exported image's size in bytes (what Content-Length says on GET and HEAD). */
  size: number;
  /** The uncompressed size of the disk image in bytes (what an import's SnapshotSize must reach). */
  uncompressedSize: number;
  /** The snapshot it was exported from, and that snapshot's account. */
  sourceSnapshotId: string;
  sourceAccountId: string;
  /** ms since the epoch, by the sandbox clock. */
  lastModified: number;
}

export type PresignedCheck =
  | { ok: true; object: OosObjectInfo }
  | {
      ok: false;
      /** malformed: not an https/http URL of this OOS with a query signature; expired: X-Amz-Expires passed. */
      reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'no-such-bucket' | 'no-such-key';
      message: string;
    };

export interface OosStore {
  /** Creates the bucket in `region` for `accountId` unless it exists; `foreign` when another account owns it. */
  ensureBucket(region: string, accountId: string, bucket: string): 'created' | 'exists' | 'foreign';
  /** Whether `accountId` may write to the bucket (it owns it). */
  bucketOwner(region: string, bucket: string): string | undefined;
  /** Writes (or replaces) an object. */
  putObject(object: Omit<OosObjectInfo, 'lastModified'>, now: number): OosObjectInfo;
  headObject(region: string, bucket: string, key: string): OosObjectInfo | undefined;
  /** Checks a pre-signed GET URL as OOS would serve it: its signature (SigV4, service s3), its expiry, its object. */
  checkPresignedGet(url: string, now: number): PresignedCheck;
}
