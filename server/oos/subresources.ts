/**
 * The read-only subresources S3 clients ask for about a bucket or object (`s3cmd info` asks for ?policy, ?cors,
 * ?lifecycle and ?acl), answered as S3 answers a bucket that has none of them configured: the owner's ACL with
 * FULL_CONTROL, versioning never enabled, and S3's 404 codes for "no policy / CORS / lifecycle / tags /
 * encryption". Writing any of them is not implemented (400 InvalidRequest naming it, face.ts).
 */
import { elements, S3Error } from './errors';
import { sendXml, type OosCall } from './call';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const missing: Record<string, [string, string]> = {
  policy: ['NoSuchBucketPolicy', 'The bucket policy does not exist'],
  cors: ['NoSuchCORSConfiguration', 'The CORS configuration does not exist'],
  lifecycle: ['NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'],
  tagging: ['NoSuchTagSet', 'The TagSet does not exist'],
  encryption: ['ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found'],
  website: ['NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'],
};

/** The subresources answered here for GET, by name. */
export const READABLE = new Set(['acl', 'versioning', ...Object.keys(missing)]);

/** Answers GET ?name on a bucket (or ?acl on an object) the caller owns; the face has checked ownership. */
export function readSubresource(call: OosCall, name: string, target: 'bucket' | 'object'): void {
  const owner = elements({ ID: call.auth.accountId, DisplayName: call.auth.accountId });
  if (name === 'acl') {
    const grant = `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">${owner}</Grantee><Permission>FULL_CONTROL</Permission></Grant>`;
    sendXml(call, 200, `<AccessControlPolicy xmlns="${NS}"><Owner>${owner}</Owner><AccessControlList>${grant}</AccessControlList></AccessControlPolicy>`);
    return;
  }
  if (name === 'versioning' && target === 'bucket') {
    sendXml(call, 200, `<VersioningConfiguration xmlns="${NS}"/>`);
    return;
  }
  const [code, message] = missing[name] ?? ['NoSuchTagSet', 'The TagSet does not exist'];
  throw new S3Error(404, code, message, 'invalid', target === 'bucket' ? { BucketName: call.bucket } : {});
}
