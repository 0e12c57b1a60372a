/**
 * The few OOS (S3-compatible) calls the cross-Region route makes, signed with SigV4 service `s3` by the source
 * Region's client (OscClient.signOos: the keys stay inside the client). OUTSCALE's OOS is
 * https://oos.{region}.outscale.com; the sandbox's listens on its API port + 1, path style, for every Region.
 * Pure TypeScript: the answers are S3's XML, read with a few regular expressions (no DOM needed).
 */
import type { OscClient } from '../../api/client';
import { oosBaseFor } from '../../api/regions';

/** S3's refusal: its Code (NoSuchBucket, AccessDenied, ExpiredToken…), Message and HTTP status. */
export class OosError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly operation: string,
  ) {
    super(message);
    this.name = 'OosError';
  }
}

export interface OosObject {
  key: string;
  size: number;
}

export interface OosApi {
  readonly endpoint: string;
  listBuckets(): Promise<string[]>;
  createBucket(bucket: string): Promise<void>;
  listObjects(bucket: string, prefix: string): Promise<OosObject[]>;
  /** A pre-signed GET URL valid `seconds` from now (query form, service s3). Never stored. */
  presignGet(bucket: string, key: string, seconds: number): Promise<string>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

export { oosBaseFor };

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export const xmlText = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, name: string) =>
    name[0] === '#' ? String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1))) : XML_ENTITIES[name]!,
  );
const raw = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
const all = (xml: string, tag: string) => raw(xml, tag).map(xmlText);
const first = (xml: string, tag: string) => all(xml, tag)[0];

/** A path-style URL of a bucket (and key): each key segment encoded, `/` kept. */
export function objectUrl(base: string, bucket: string, key = ''): string {
  const path = key ? `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}` : `/${encodeURIComponent(bucket)}`;
  return `${base.replace(/\/+$/, '')}${path}`;
}

/**
 * A profile's connection holds no key: the server signs its OOS requests too (POST {profile}/oos-sign, with the path
 * and query only; the server puts its profile's own OOS endpoint in front). The answer is the signed request (header
 * form) or the pre-signed URL; no key comes back.
 */
export function profileSigner(profileEndpoint: string, fetcher: typeof fetch) {
  return async (url: string, init: RequestInit, presign = false): Promise<Request> => {
    const target = new URL(url);
    const method = (init.method ?? 'GET').toUpperCase();
    const response = await fetcher(`${profileEndpoint.replace(/\/+$/, '')}/oos-sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method, path: `${target.pathname}${target.search}`, presign }),
    });
    const answer = (await response.json().catch(() => ({}))) as { url?: string; headers?: Record<string, string>; Errors?: { Details?: string }[] };
    if (!response.ok || !answer.url) throw new OosError('NotSigned', `The server could not sign this OOS request for its profile: ${answer.Errors?.[0]?.Details ?? response.status}.`, response.status, 'sign');
    return new Request(answer.url, { method, headers: answer.headers ?? {} });
  };
}

/** `base`: another OOS endpoint than the one beside the client's (a bench's sandbox on its own port). */
export function createOosApi(client: OscClient, fetcher: typeof fetch = (input, init) => fetch(input, init), base = oosBaseFor(client.endpoint, client.region)): OosApi {
  const sign = client.signOos ?? profileSigner(client.endpoint, fetcher);
  const send = async (operation: string, method: string, url: string): Promise<string> => {
    const signed = await sign(url, { method });
    let response: Response;
    try {
      response = await fetcher(signed);
    } catch (cause) {
      throw new OosError('NetworkError', `No answer from OOS at ${base}: ${cause instanceof Error ? cause.message : String(cause)}`, 0, operation);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new OosError(first(text, 'Code') ?? `HTTP${response.status}`, first(text, 'Message') ?? `OOS answered ${response.status}.`, response.status, operation);
    }
    return text;
  };
  return {
    endpoint: base,
    listBuckets: async () => all(await send('ListBuckets', 'GET', `${base}/`), 'Name'),
    createBucket: async (bucket) => void (await send('CreateBucket', 'PUT', objectUrl(base, bucket))),
    listObjects: async (bucket, prefix) => {
      const objects: OosObject[] = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({ 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) });
        const xml = await send('ListObjectsV2', 'GET', `${objectUrl(base, bucket)}?${query}`);
        for (const entry of raw(xml, 'Contents')) {
          objects.push({ key: first(entry, 'Key') ?? '', size: Number(first(entry, 'Size') ?? 0) });
        }
        token = first(xml, 'IsTruncated') === 'true' ? first(xml, 'NextContinuationToken') : undefined;
      } while (token);
      return objects;
    },
    presignGet: async (bucket, key, seconds) => {
      const url = new URL(objectUrl(base, bucket, key));
      url.searchParams.set('X-Amz-Expires', String(seconds));
      return (await sign(url.toString(), { method: 'GET' }, true)).url;
    },
    deleteObject: async (bucket, key) => void (await send('DeleteObject', 'DELETE', objectUrl(base, bucket, key))),
  };
}
