/**
 * Multipart uploads, as `aws s3 cp` sends a file of 8 MiB or more and s3cmd one over 15 MiB:
 * CreateMultipartUpload (POST ?uploads), UploadPart (PUT ?partNumber&uploadId), CompleteMultipartUpload
 * (POST ?uploadId) and AbortMultipartUpload (DELETE ?uploadId). Parts are read as they come and only their size
 * and MD5 kept; the completed object's ETag is S3's: the MD5 of the parts' MD5s, then `-` and the part count.
 *
 * LIMITATIONS: no ListParts, ListMultipartUploads or UploadPartCopy; an upload never completed stays until its
 * bucket is deleted (no lifecycle rule aborts it).
 */
import { createHash, randomBytes } from 'node:crypto';
import { header } from './auth';
import { elements, S3Error, s3Errors } from './errors';
import { declaredLength, readSmallBody, readUpload } from './objects';
import { ownBucket, sendEmpty, sendXml, type OosCall } from './call';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const MIN_PART = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

interface Upload {
  upload_id: string;
  region: string;
  bucket: string;
  key: string;
  account_id: string;
  content_type: string;
}

const noSuchUpload = (uploadId: string) =>
  new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 'invalid', {
    UploadId: uploadId.slice(0, 128),
  });

function upload(call: OosCall): Upload {
  const uploadId = call.query.get('uploadId') ?? '';
  const row = call.tables.db.statement('SELECT * FROM oos_uploads WHERE upload_id = ?').get(uploadId) as Upload | undefined;
  if (!row || row.region !== call.auth.region || row.bucket !== call.bucket || row.key !== call.key) throw noSuchUpload(uploadId);
  return row;
}

async function create(call: OosCall) {
  ownBucket(call);
  if (Buffer.byteLength(call.key) > 1024) throw s3Errors.keyTooLong();
  const uploadId = randomBytes(24).toString('base64url');
  const contentType = header(call.req.headers, 'content-type')?.slice(0, 256) ?? 'binary/octet-stream';
  call.tables.db
    .statement('INSERT INTO oos_uploads (upload_id, region, bucket, key, account_id, content_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(uploadId, call.auth.region, call.bucket, call.key, call.auth.accountId, contentType, call.now.getTime());
  sendXml(call, 200, `<InitiateMultipartUploadResult xmlns="${NS}">${elements({ Bucket: call.bucket, Key: call.key, UploadId: uploadId })}</InitiateMultipartUploadResult>`);
}

async function uploadPart(call: OosCall) {
  ownBucket(call);
  const row = upload(call);
  const raw = call.query.get('partNumber') ?? '';
  const partNumber = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(partNumber >= 1 && partNumber <= MAX_PARTS)) throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', raw);
  const { size, digest } = await readUpload(call, declaredLength(call));
  const etag = digest.toString('hex');
  call.tables.db
    .statement('INSERT INTO oos_parts (upload_id, part_number, size, md5) VALUES (?, ?, ?, ?) ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, md5 = excluded.md5')
    .run(row.upload_id, partNumber, size, etag);
  sendEmpty(call, 200, { etag: `"${etag}"` });
}

/** The parts a CompleteMultipartUpload body lists, in its order: MalformedXML when it lists none or is garbled. */
export function listedParts(xml: string): { partNumber: number; etag: string }[] {
  if (!/^(<\?xml[^>]*\?>\s*)?<CompleteMultipartUpload[\s>][\s\S]*<\/CompleteMultipartUpload>$/.test(xml.trim())) throw s3Errors.malformedXml();
  const parts = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => {
    const partNumber = /<PartNumber>\s*(\d{1,5})\s*<\/PartNumber>/.exec(m[1]!)?.[1];
    const etag = /<ETag>([^<]*)<\/ETag>/.exec(m[1]!)?.[1];
    if (partNumber === undefined || etag === undefined) throw s3Errors.malformedXml();
    return { partNumber: Number(partNumber), etag: etag.replace(/&quot;|"/g, '').trim().toLowerCase() };
  });
  if (parts.length === 0 || parts.length > MAX_PARTS) throw s3Errors.malformedXml();
  return parts;
}

async function complete(call: OosCall) {
  ownBucket(call);
  const row = upload(call);
  const listed = listedParts((await readSmallBody(call, 2 * 1024 * 1024)).toString('utf8'));
  const stored = new Map(
    (call.tables.db.statement('SELECT part_number, size, md5 FROM oos_parts WHERE upload_id = ?').all(row.upload_id) as { part_number: number; size: number; md5: string }[]).map((p) => [
      p.part_number,
      p,
    ]),
  );
  let size = 0;
  const digests: Buffer[] = [];
  if (listed.some((part, i) => i > 0 && part.partNumber <= listed[i - 1]!.partNumber)) {
    throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 'invalid');
  }
  listed.forEach((part, i) => {
    const found = stored.get(part.partNumber);
    if (!found || found.md5 !== part.etag) {
      throw new S3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part\'s entity tag.', 'invalid', {
        PartNumber: String(part.partNumber),
      });
    }
    if (i < listed.length - 1 && found.size < MIN_PART) {
      throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 'invalid', { PartNumber: String(part.partNumber), ProposedSize: String(found.size), MinSizeAllowed: String(MIN_PART) });
    }
    size += found.size;
    digests.push(Buffer.from(found.md5, 'hex'));
  });
  const etag = `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${listed.length}`;
  call.tables.db.transaction(() => {
    call.tables.putObject({
      region: row.region,
      bucket: row.bucket,
      key: row.key,
      size,
      uncompressedSize: size,
      sourceSnapshotId: '',
      sourceAccountId: call.auth.accountId,
      lastModified: call.now.getTime(),
      etag,
      contentType: row.content_type,
    });
    call.tables.db.statement('DELETE FROM oos_uploads WHERE upload_id = ?').run(row.upload_id);
  });
  const location = `/${encodeURIComponent(row.bucket)}/${encodeURIComponent(row.key)}`;
  sendXml(call, 200, `<CompleteMultipartUploadResult xmlns="${NS}">${elements({ Location: location, Bucket: row.bucket, Key: row.key, ETag: `"${etag}"` })}</CompleteMultipartUploadResult>`);
}

/** The multipart operation of an object request carrying ?uploads or ?uploadId, or undefined. */
export function multipartOperation(call: OosCall): ((call: OosCall) => Promise<void>) | undefined {
  const method = call.req.method;
  if (call.query.has('uploads')) return method === 'POST' ? create : undefined;
  if (!call.query.has('uploadId')) return undefined;
  if (method === 'PUT' && call.query.has('partNumber')) return uploadPart;
  if (method === 'POST') return complete;
  if (method === 'DELETE') {
    return async (c) => {
      ownBucket(c);
      c.tables.db.statement('DELETE FROM oos_uploads WHERE upload_id = ?').run(upload(c).upload_id);
      sendEmpty(c, 204);
    };
  }
  return undefined;
}
