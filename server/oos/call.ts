/**
 * One OOS call as the operations see it (the request, its signature, its bucket and key), and what every operation
 * answers with: S3's XML, an empty answer, the caller's own bucket. Shared by operations.ts, objects.ts,
 * multipart.ts and subresources.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authorized } from './auth';
import { s3Errors, XML_HEAD } from './errors';
import type { OosBucket, OosTables } from './tables';

export interface OosCall {
  req: IncomingMessage;
  res: ServerResponse;
  auth: Authorized;
  bucket: string;
  key: string;
  query: URLSearchParams;
  now: Date;
  tables: OosTables;
  requestId: string;
  cors: Record<string, string>;
}

export function sendXml(call: OosCall, status: number, xml: string, headers: Record<string, string> = {}): void {
  const body = `${XML_HEAD}${xml}`;
  call.res.writeHead(status, {
    ...call.cors,
    ...headers,
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
    'x-amz-request-id': call.requestId,
  });
  call.res.end(call.req.method === 'HEAD' ? undefined : body);
}

export function sendEmpty(call: OosCall, status: number, headers: Record<string, string> = {}): void {
  call.res.writeHead(status, { ...call.cors, ...headers, 'content-length': '0', 'x-amz-request-id': call.requestId });
  call.res.end();
}

export const isoTime = (ms: number) => new Date(ms).toISOString();

/** S3's bucket naming rules (3–63 characters: lowercase letters, digits, dots, hyphens; not an IP address). */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias')
  );
}

/** The caller's bucket in the signature's Region: NoSuchBucket, or AccessDenied when another account owns it. */
export function ownBucket(call: OosCall): OosBucket {
  const bucket = call.tables.bucket(call.auth.region, call.bucket);
  if (!bucket) throw s3Errors.noSuchBucket(call.bucket);
  if (bucket.accountId !== call.auth.accountId) throw s3Errors.accessDenied();
  return bucket;
}
