/**
 * The sandbox's OOS face: an S3-compatible subset on its own listener (main.ts: `--oos-port`, default the API
 * port + 1), path-style (`http://127.0.0.1:PORT/bucket/key`), as the AWS CLI (`--endpoint-url`), s3cmd
 * (`host_base`) and a browser (a pre-signed URL) reach it. Before any operation: the Host check (host-check.ts,
 * DNS rebinding), CORS (every answer readable by any page: a signature is the credential), then SigV4 (auth.ts).
 * Every refusal is S3's error XML with S3's status; nothing a client sends gets a 5xx or stops the process.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Store } from '../model/store';
import type { Clock } from '../osc/clock';
import { printable } from '../osc/printable';
import type { HostVerdict } from '../host-check';
import { authorize, type OosCredentials } from './auth';
import { errorXml, S3Error, s3Errors } from './errors';
import { ownBucket, type OosCall } from './call';
import { bucketOperations, objectOperations, serviceOperations } from './operations';
import { READABLE, readSubresource } from './subresources';
import { multipartOperation } from './multipart';
import { OosTables } from './tables';

export interface OosFaceOptions {
  store: Store;
  clock: Clock;
  credentials: OosCredentials;
  /** The Host check of this listener (its own port); omitted in tests: any Host. */
  checkHost?: (host: string | undefined) => HostVerdict;
  log?: (line: string) => void;
}

const EXPOSE = 'ETag, Content-Range, Accept-Ranges, Last-Modified, x-amz-request-id, x-amz-id-2, x-amz-bucket-region';

/** Subresources of S3 the sandbox does not implement: named in the refusal rather than ignored. */
const UNSUPPORTED = new Set([
  'acl', 'policy', 'cors', 'versioning', 'versions', 'uploads', 'uploadId', 'partNumber', 'lifecycle', 'tagging', 'website', 'logging',
  'notification', 'replication', 'encryption', 'object-lock', 'retention', 'legal-hold', 'ownershipControls', 'publicAccessBlock',
  'requestPayment', 'accelerate', 'analytics', 'inventory', 'metrics', 'intelligent-tiering', 'restore', 'select', 'torrent', 'attributes',
  'delete', 'policyStatus',
]);

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  return { 'access-control-allow-origin': origin ?? '*', 'access-control-expose-headers': EXPOSE, vary: 'Origin' };
}

export function sendS3Error(req: IncomingMessage, res: ServerResponse, error: S3Error, requestId: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = req.method === 'HEAD' ? '' : errorXml(error, requestId);
  res.writeHead(error.status, {
    ...corsHeaders(req),
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
    'x-amz-request-id': requestId,
    ...(error.status === 416 && error.extra.ActualObjectSize ? { 'content-range': `bytes */${error.extra.ActualObjectSize}` } : {}),
  });
  res.end(body);
}

/** Splits `/bucket/key…` (percent-decoded once; '+' is a plus); InvalidURI when an escape is broken. */
export function splitPath(path: string): { bucket: string; key: string } {
  const slash = path.indexOf('/', 1);
  const rawBucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
  const rawKey = slash < 0 ? '' : path.slice(slash + 1);
  try {
    return { bucket: decodeURIComponent(rawBucket), key: decodeURIComponent(rawKey) };
  } catch {
    throw s3Errors.invalidUri();
  }
}

export function createOosFace(options: OosFaceOptions): RequestListener {
  const tables = new OosTables(options.store);

  const serve = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<string> => {
    const method = req.method ?? 'GET';
    const host = options.checkHost?.(req.headers.host);
    if (host && !host.ok) throw s3Errors.hostRefused(host.reason);
    const url = req.url ?? '/';
    if (!url.startsWith('/')) throw s3Errors.invalidUri();
    const at = url.indexOf('?');
    const path = at < 0 ? url : url.slice(0, at);
    const rawQuery = at < 0 ? '' : url.slice(at + 1);
    if (method === 'OPTIONS') {
      const requested = req.headers['access-control-request-headers'];
      res.writeHead(200, {
        ...corsHeaders(req),
        'access-control-allow-methods': 'GET, HEAD, PUT, POST, DELETE',
        'access-control-allow-headers': typeof requested === 'string' && requested ? requested : 'authorization, range, x-amz-date, x-amz-content-sha256',
        'access-control-max-age': '600',
        'content-length': '0',
        'x-amz-request-id': requestId,
      });
      res.end();
      return 'preflight';
    }
    if (method !== 'PUT' && method !== 'POST') req.resume();
    const { bucket, key } = splitPath(path);
    const query = new URLSearchParams(rawQuery);
    const unsupported = [...query.keys()].find((name) => UNSUPPORTED.has(name));
    const now = options.clock.now();
    const auth = authorize({ method, path, rawQuery, headers: req.headers }, options.credentials, now);
    if (!auth) throw s3Errors.anonymous();
    const call: OosCall = { req, res, auth, bucket, key, query, now, tables, requestId, cors: corsHeaders(req) };
    const multipart = key ? multipartOperation(call) : undefined;
    if (multipart) {
      await multipart(call);
      return `${auth.accountId} ${auth.region}`;
    }
    if (unsupported && method === 'GET' && bucket && READABLE.has(unsupported) && (!key || unsupported === 'acl' || unsupported === 'tagging')) {
      ownBucket(call);
      if (key && !tables.object(auth.region, bucket, key)) throw s3Errors.noSuchKey(key);
      readSubresource(call, unsupported, key ? 'object' : 'bucket');
      return `${auth.accountId} ${auth.region}`;
    }
    if (unsupported) throw s3Errors.notImplemented(`the ?${printable(unsupported, 40)} subresource`);
    const operations = !bucket ? serviceOperations : !key ? bucketOperations : objectOperations;
    const operation = operations[method];
    if (!operation) throw s3Errors.methodNotAllowed(method, !bucket ? 'SERVICE' : !key ? 'BUCKET' : 'OBJECT');
    await operation(call);
    return `${auth.accountId} ${auth.region}`;
  };

  return (req, res) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const done = (status: number, who: string) =>
      options.log?.(`${status} OOS ${printable(req.method ?? '-', 10)} ${printable((req.url ?? '').split('?')[0]!, 80)} ${who} ${requestId}`);
    serve(req, res, requestId)
      .then((who) => done(res.statusCode, who))
      .catch((error: unknown) => {
        if (!(error instanceof S3Error)) console.error(`[sandbox] OOS request failed on ${printable(req.url ?? '', 120)}:`, error);
        const answer = error instanceof S3Error ? error : s3Errors.internal();
        // The body of a refused request is not read: close the connection after the answer rather than read it.
        if (!req.readableEnded) res.setHeader('connection', 'close');
        sendS3Error(req, res, answer, requestId);
        req.resume();
        done(answer.status, 'anonymous');
      });
  };
}

/**
 * For the OOS listener's `clientError`: what node:http refuses before the face sees it (broken framing, a head over
 * 16 KiB), answered as S3 would, in its error XML, instead of node's bare 400.
 */
export function answerOosClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, answer] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', s3Errors.invalidRequest('The request line and headers are over 16 KiB.')]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', new S3Error(400, 'RequestTimeout', 'Your socket connection to the server was not read from or written to within the timeout period.', 'invalid')]
        : [400, 'Bad Request', s3Errors.invalidRequest('The request is not valid HTTP/1.1 (framing, version, Host or header syntax).')];
  const body = errorXml(answer, randomBytes(8).toString('hex').toUpperCase());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
