/**
 * The S3 operations of the OOS face, by target and method: ListBuckets; CreateBucket, HeadBucket, DeleteBucket,
 * GetBucketLocation, ListObjects (V1, s3cmd) and ListObjectsV2 (the AWS CLI); PutObject (objects.ts),
 * GetObject with Range, HeadObject, DeleteObject. A bucket lives in one Region (the signature's) and belongs to the
 * account that made it: another account gets AccessDenied, another Region's bucket is not there (NoSuchBucket).
 */
import { isoTime, isValidBucketName, ownBucket, sendEmpty, sendXml, type OosCall } from './call';
import { elements, S3Error, s3Errors } from './errors';
import { getObject, putObject, readSmallBody } from './objects';

type Operation = (call: OosCall) => void | Promise<void>;

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const MAX_KEYS = 1000;

const owner = (accountId: string) => `<Owner>${elements({ ID: accountId, DisplayName: accountId })}</Owner>`;

export const serviceOperations: Record<string, Operation> = {
  GET: (call) => {
    const buckets = call.tables
      .listBuckets(call.auth.region, call.auth.accountId)
      .map((b) => `<Bucket>${elements({ Name: b.name, CreationDate: isoTime(b.createdAt) })}</Bucket>`)
      .join('');
    sendXml(call, 200, `<ListAllMyBucketsResult xmlns="${NS}">${owner(call.auth.accountId)}<Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`);
  },
};

async function createBucket(call: OosCall) {
  if (!isValidBucketName(call.bucket)) throw s3Errors.invalidBucketName(call.bucket);
  const body = (await readSmallBody(call)).toString('utf8').trim();
  if (body) {
    if (!/^(<\?xml[^>]*\?>\s*)?<CreateBucketConfiguration[\s>][\s\S]*<\/CreateBucketConfiguration>$/.test(body)) throw s3Errors.malformedXml();
    const constraint = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(body)?.[1];
    if (constraint !== undefined && constraint !== call.auth.region) throw s3Errors.illegalLocation(constraint);
  }
  const made = call.tables.createBucket(call.auth.region, call.auth.accountId, call.bucket, call.now.getTime());
  if (made === 'foreign') throw s3Errors.bucketAlreadyExists(call.bucket);
  if (made === 'exists') throw s3Errors.bucketAlreadyOwnedByYou(call.bucket);
  sendEmpty(call, 200, { location: `/${encodeURIComponent(call.bucket)}` });
}

/** S3's `encoding-type=url`: keys percent-encoded as a form would (botocore decodes them with unquote_plus). */
const urlEncoded = (value: string) => encodeURIComponent(value).replace(/%20/g, '+').replace(/%2F/g, '/');

function maxKeys(call: OosCall): number {
  const raw = call.query.get('max-keys');
  if (raw === null) return MAX_KEYS;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 2 ** 31 - 1) throw s3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', raw);
  return Math.min(Number(raw), MAX_KEYS);
}

function listObjects(call: OosCall) {
  ownBucket(call);
  const q = call.query;
  const v2 = q.get('list-type') === '2';
  if (q.has('list-type') && !v2) throw s3Errors.invalidArgument('Invalid List Type specified', 'list-type', q.get('list-type')!);
  const encodingType = q.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  const enc = encodingType === 'url' ? urlEncoded : (value: string) => value;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const limit = maxKeys(call);
  let after = '';
  const token = q.get('continuation-token');
  if (v2 && token !== null) {
    const decoded = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
    if (!decoded.startsWith('k:')) throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
    after = decoded.slice(2);
  } else if (v2) after = q.get('start-after') ?? '';
  else after = q.get('marker') ?? '';
  const listing = limit === 0 ? { objects: [], commonPrefixes: [], truncated: false, last: undefined } : call.tables.list(call.auth.region, call.bucket, { prefix, delimiter, after, limit });
  const contents = listing.objects
    .map(
      (o) =>
        `<Contents>${elements({ Key: enc(o.key), LastModified: isoTime(o.lastModified), ETag: `"${o.etag}"`, Size: o.size })}` +
        `${v2 && q.get('fetch-owner') !== 'true' ? '' : owner(o.sourceAccountId)}<StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('');
  const prefixes = listing.commonPrefixes.map((p) => `<CommonPrefixes>${elements({ Prefix: enc(p) })}</CommonPrefixes>`).join('');
  const head = {
    Name: call.bucket,
    Prefix: enc(prefix),
    ...(v2
      ? {
          KeyCount: listing.objects.length + listing.commonPrefixes.length,
          ContinuationToken: token ?? undefined,
          NextContinuationToken: listing.truncated && listing.last !== undefined ? Buffer.from(`k:${listing.last}`).toString('base64url') : undefined,
          StartAfter: q.has('start-after') ? enc(q.get('start-after')!) : undefined,
        }
      : { Marker: enc(after), NextMarker: listing.truncated && delimiter && listing.last !== undefined ? enc(listing.last) : undefined }),
    MaxKeys: limit,
    Delimiter: delimiter ? enc(delimiter) : undefined,
    EncodingType: encodingType ?? undefined,
    IsTruncated: listing.truncated,
  };
  sendXml(call, 200, `<ListBucketResult xmlns="${NS}">${elements(head)}${contents}${prefixes}</ListBucketResult>`);
}

export const bucketOperations: Record<string, Operation> = {
  PUT: createBucket,
  HEAD: (call) => {
    ownBucket(call);
    sendEmpty(call, 200, { 'x-amz-bucket-region': call.auth.region });
  },
  GET: (call) => {
    if (call.query.has('location')) {
      ownBucket(call);
      sendXml(call, 200, `<LocationConstraint xmlns="${NS}">${call.auth.region}</LocationConstraint>`);
      return;
    }
    listObjects(call);
  },
  DELETE: (call) => {
    ownBucket(call);
    if (call.tables.deleteBucket(call.auth.region, call.bucket) === 'not-empty') throw s3Errors.bucketNotEmpty(call.bucket);
    sendEmpty(call, 204);
  },
};

export const objectOperations: Record<string, Operation> = {
  PUT: putObject,
  GET: getObject,
  HEAD: getObject,
  DELETE: (call) => {
    ownBucket(call);
    call.tables.deleteObject(call.auth.region, call.bucket, call.key);
    sendEmpty(call, 204);
  },
};

export { S3Error };
