/**
 * S3's error answers as OOS gives them (S3-compatible): `<Error><Code/><Message/>…<RequestId/></Error>` with S3's
 * codes, messages and HTTP statuses (Amazon S3 API reference, "Error responses"). Every value a client sent is
 * printable and bounded before it is echoed, and escaped for XML.
 *
 * LIMITATIONS: where S3 answers 501 NotImplemented (a feature the sandbox lacks), the sandbox answers 400
 * InvalidRequest naming it: no request gets a 5xx.
 */
import { printable } from '../osc/printable';

/** What went wrong, for OosStore.checkPresignedGet (contract.ts) as much as for the HTTP answer. */
export type S3Reason = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'no-such-bucket' | 'no-such-key' | 'denied' | 'invalid';

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason: S3Reason,
    /** Extra elements after Message (S3 adds e.g. BucketName, Key, ServerTime). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot carry are exactly what this replaces
const XML_TEXT = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** XML text (never an attribute): &, < and > escaped; characters XML 1.0 cannot carry become U+FFFD. */
export function xmlText(value: string): string {
  return value.replace(XML_TEXT, (c) => ENTITIES[c] ?? '\ufffd');
}

/** `<Name>text</Name>` for each entry, in order (arrays repeat the element). */
export function elements(fields: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${xmlText(String(value))}</${name}>`)
    .join('');
}

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function errorXml(error: S3Error, requestId: string): string {
  return `${XML_HEAD}<Error>${elements({ Code: error.code, Message: error.message, ...error.extra, RequestId: requestId })}</Error>`;
}

const echo = (value: string) => printable(value, 256);

/** S3's errors the face answers, by code. */
export const s3Errors = {
  accessDenied: (message = 'Access Denied') => new S3Error(403, 'AccessDenied', message, 'denied'),
  anonymous: () => new S3Error(403, 'AccessDenied', 'Access Denied', 'malformed'),
  expired: (expires: string, at: Date, now: Date) =>
    new S3Error(403, 'AccessDenied', 'Request has expired', 'expired', { 'X-Amz-Expires': echo(expires), Expires: iso(at), ServerTime: iso(now) }),
  notYetValid: (at: Date, now: Date) =>
    new S3Error(403, 'AccessDenied', 'Request is not valid yet', 'malformed', { 'X-Amz-Date': iso(at), ServerTime: iso(now) }),
  noDate: () => new S3Error(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 'malformed'),
  invalidAccessKeyId: (accessKey: string) =>
    new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 'unknown-key', { AWSAccessKeyId: echo(accessKey) }),
  signatureDoesNotMatch: (accessKey: string, stringToSign: string, canonicalRequest: string) =>
    new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      'bad-signature',
      { AWSAccessKeyId: echo(accessKey), StringToSign: stringToSign.slice(0, 2048), CanonicalRequest: canonicalRequest.slice(0, 4096) },
    ),
  tooSkewed: (requestTime: string, now: Date) =>
    new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 'malformed', {
      RequestTime: echo(requestTime),
      ServerTime: iso(now),
      MaxAllowedSkewMilliseconds: '900000',
    }),
  headerMalformed: (detail: string, region?: string) =>
    new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; ${detail}`, 'malformed', region ? { Region: region } : {}),
  queryParameters: (message: string, region?: string) =>
    new S3Error(400, 'AuthorizationQueryParametersError', message, 'malformed', region ? { Region: region } : {}),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new S3Error(400, 'InvalidArgument', message, 'invalid', name ? { ArgumentName: name, ArgumentValue: echo(value ?? '') } : {}),
  invalidRequest: (message: string) => new S3Error(400, 'InvalidRequest', message, 'invalid'),
  unsupportedAuth: () =>
    new S3Error(400, 'InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', 'malformed'),
  noSuchBucket: (bucket: string) => new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', 'no-such-bucket', { BucketName: echo(bucket) }),
  noSuchKey: (key: string) => new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', 'no-such-key', { Key: echo(key) }),
  invalidBucketName: (bucket: string) => new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', 'invalid', { BucketName: echo(bucket) }),
  bucketAlreadyExists: (bucket: string) =>
    new S3Error(
      409,
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      'invalid',
      { BucketName: echo(bucket) },
    ),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new S3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 'invalid', {
      BucketName: echo(bucket),
    }),
  bucketNotEmpty: (bucket: string) => new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', 'invalid', { BucketName: echo(bucket) }),
  illegalLocation: (constraint: string) =>
    new S3Error(
      400,
      'IllegalLocationConstraintException',
      `The ${echo(constraint)} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      'invalid',
    ),
  malformedXml: () =>
    new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 'invalid'),
  invalidUri: () => new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.", 'malformed'),
  keyTooLong: () => new S3Error(400, 'KeyTooLongError', 'Your key is too long', 'invalid'),
  invalidRange: (range: string, size: number) =>
    new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', 'invalid', { RangeRequested: echo(range), ActualObjectSize: String(size) }),
  methodNotAllowed: (method: string, resource: string) =>
    new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', 'invalid', { Method: echo(method), ResourceType: resource }),
  missingContentLength: () => new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.', 'invalid'),
  entityTooLarge: (size: number, max: number) =>
    new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 'invalid', { ProposedSize: String(size), MaxSizeAllowed: String(max) }),
  incompleteBody: (message = 'You did not provide the number of bytes specified by the Content-Length HTTP header') =>
    new S3Error(400, 'IncompleteBody', message, 'invalid'),
  sha256Mismatch: (client: string, computed: string) =>
    new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 'bad-signature', {
      ClientComputedContentSHA256: echo(client),
      S3ComputedContentSHA256: computed,
    }),
  badDigest: () => new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.', 'invalid'),
  invalidDigest: () => new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', 'invalid'),
  notImplemented: (what: string) =>
    new S3Error(400, 'InvalidRequest', `The OOS sandbox does not implement ${what}; see server/LIMITATIONS.md.`, 'invalid'),
  hostRefused: (reason: string) => new S3Error(403, 'AccessDenied', reason, 'denied'),
  internal: () => new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.', 'invalid'),
};

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
