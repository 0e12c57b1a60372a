/**
 * Object bodies: PutObject reads the body as it comes (never buffered whole), checks it against what the client
 * signed (x-amz-content-sha256, or each chunk's signature for STREAMING-AWS4-HMAC-SHA256-PAYLOAD, chunked.ts) and
 * Content-MD5, and keeps only its size and MD5 (the ETag): the sandbox stores no bytes. GetObject and HeadObject
 * answer the recorded size with a generated body (body.ts), one Range (`bytes=a-b`, `a-`, `-n`) at a time.
 */
import { createHash } from 'node:crypto';
import { header } from './auth';
import { objectTile, writeObjectBytes } from './body';
import { ChunkDecoder } from './chunked';
import { s3Errors } from './errors';
import { ownBucket, sendEmpty, type OosCall } from './call';

/** S3's largest single PUT. */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 3;
const MAX_KEY_BYTES = 1024;
const SMALL_BODY = 64 * 1024;

/** The decoded body's bytes as they arrive, checked against the signature's payload when it ends. */
export async function* bodyOf(call: OosCall, limit: number): AsyncGenerator<Buffer> {
  const decoder = call.auth.payload.kind === 'streaming' ? new ChunkDecoder(call.auth.chain) : undefined;
  const sha = call.auth.payload.kind === 'sha256' ? createHash('sha256') : undefined;
  let size = 0;
  for await (const chunk of call.req as AsyncIterable<Buffer>) {
    const pieces = decoder ? decoder.push(chunk) : [chunk];
    for (const piece of pieces) {
      size += piece.length;
      if (size > limit) throw s3Errors.entityTooLarge(size, limit);
      sha?.update(piece);
      yield piece;
    }
  }
  decoder?.end();
  if (call.auth.payload.kind === 'sha256') {
    const computed = sha!.digest('hex');
    if (computed !== call.auth.payload.hex) throw s3Errors.sha256Mismatch(call.auth.payload.hex, computed);
  }
}

/** A small body (a CreateBucketConfiguration, a CompleteMultipartUpload), whole, checked like any other. */
export async function readSmallBody(call: OosCall, limit = SMALL_BODY): Promise<Buffer> {
  const parts: Buffer[] = [];
  try {
    for await (const piece of bodyOf(call, limit)) parts.push(piece);
  } catch (error) {
    if ((error as { code?: string }).code === 'EntityTooLarge') throw s3Errors.malformedXml();
    throw error;
  }
  return Buffer.concat(parts);
}

/** An upload's declared length (decoded length when streamed), refused when missing or beyond an object's limit. */
export function declaredLength(call: OosCall): number {
  const streaming = call.auth.payload.kind === 'streaming';
  const lengthHeader = header(call.req.headers, streaming ? 'x-amz-decoded-content-length' : 'content-length');
  if (lengthHeader === undefined || !/^\d{1,15}$/.test(lengthHeader)) throw s3Errors.missingContentLength();
  const declared = Number(lengthHeader);
  if (declared > MAX_OBJECT_BYTES) throw s3Errors.entityTooLarge(declared, MAX_OBJECT_BYTES);
  return declared;
}

/** Reads an upload's body whole: its size (refused unless the declared one) and its MD5. */
export async function readUpload(call: OosCall, declared: number): Promise<{ size: number; digest: Buffer }> {
  const md5 = createHash('md5');
  let size = 0;
  for await (const piece of bodyOf(call, declared)) {
    md5.update(piece);
    size += piece.length;
  }
  if (size !== declared) throw s3Errors.incompleteBody();
  return { size, digest: md5.digest() };
}

export async function putObject(call: OosCall): Promise<void> {
  ownBucket(call);
  if (Buffer.byteLength(call.key) > MAX_KEY_BYTES) throw s3Errors.keyTooLong();
  if (header(call.req.headers, 'x-amz-copy-source') !== undefined) throw s3Errors.notImplemented('CopyObject (x-amz-copy-source)');
  const declared = declaredLength(call);
  const md5Header = header(call.req.headers, 'content-md5');
  const expectedMd5 = md5Header === undefined ? undefined : Buffer.from(md5Header, 'base64');
  if (md5Header !== undefined && (expectedMd5!.length !== 16 || !/^[A-Za-z0-9+/]{22}==$/.test(md5Header))) throw s3Errors.invalidDigest();

  const { size, digest } = await readUpload(call, declared);
  if (expectedMd5 && !digest.equals(expectedMd5)) throw s3Errors.badDigest();
  const etag = digest.toString('hex');
  call.tables.putObject({
    region: call.auth.region,
    bucket: call.bucket,
    key: call.key,
    size,
    uncompressedSize: size,
    sourceSnapshotId: '',
    sourceAccountId: call.auth.accountId,
    lastModified: call.now.getTime(),
    etag,
    contentType: header(call.req.headers, 'content-type')?.slice(0, 256) ?? 'binary/octet-stream',
  });
  sendEmpty(call, 200, { etag: `"${etag}"` });
}

/** The one range asked for, inclusive; undefined for the whole object (no Range, or one HTTP says to ignore). */
export function parseRange(value: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (value === undefined) return undefined;
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

export function getObject(call: OosCall): void {
  ownBucket(call);
  const object = call.tables.object(call.auth.region, call.bucket, call.key);
  if (!object) throw s3Errors.noSuchKey(call.key);
  const rangeHeader = header(call.req.headers, 'range');
  const range = parseRange(rangeHeader, object.size);
  if (range === 'unsatisfiable') throw s3Errors.invalidRange(rangeHeader!, object.size);
  const start = range?.start ?? 0;
  const end = range?.end ?? object.size - 1;
  const headers: Record<string, string> = {
    ...call.cors,
    'content-type': object.contentType,
    'content-length': String(Math.max(0, end - start + 1)),
    etag: `"${object.etag}"`,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-request-id': call.requestId,
    ...(range ? { 'content-range': `bytes ${start}-${end}/${object.size}` } : {}),
  };
  call.res.writeHead(range ? 206 : 200, headers);
  if (call.req.method === 'HEAD' || object.size === 0) {
    call.res.end();
    return;
  }
  writeObjectBytes(call.res, objectTile(object), start, end);
}
