/**
 * The sandbox's OOS: `createOosStore` is the OosStore of contract.ts for the OUTSCALE API side (export writes an
 * object, import checks a pre-signed URL), `createOosFace` the S3-compatible listener (face.ts). Both work on the
 * same SQLite tables and the same credentials, so a URL the face would serve is exactly a URL the import accepts.
 */
import { isLoopbackHost, parseHostHeader } from '../host-check';
import type { Store } from '../model/store';
import { systemClock, type Clock } from '../osc/clock';
import { authorize, type OosCredentials } from './auth';
import type { OosObjectInfo, OosStore, PresignedCheck } from './contract';
import { S3Error } from './errors';
import { imageEtag, OosTables, type OosObject } from './tables';

export { createOosFace, type OosFaceOptions } from './face';
export { isValidBucketName } from './call';
export type { OosCredentials } from './auth';

export interface OosDeps {
  store: Store;
  /** Access key → secret key and account: app.ts's `credentials.accountFor` (the demo keys as the server derives them). */
  secretFor: OosCredentials['secretFor'];
  /**
   * Whether a pre-signed URL's host is this OOS. Default: a loopback name on any port (the sandbox's OOS listener)
   * or `oos.{region}.outscale.com` for the Region the URL is signed for.
   */
  isOwnHost?: (host: string, region: string) => boolean;
  /** When ensureBucket creates a bucket (default: the system clock). */
  clock?: Clock;
}

/** The credentials of the OOS face and store: the account's Region from the accounts table. */
export function oosCredentials(store: Store, secretFor: OosCredentials['secretFor']): OosCredentials {
  return { secretFor, regionOf: (accountId) => store.account(accountId)?.region };
}

function defaultOwnHost(host: string, region: string): boolean {
  const parsed = parseHostHeader(host);
  if (!parsed) return false;
  return isLoopbackHost(parsed.name) || parsed.name === `oos.${region}.outscale.com`;
}

const info = (o: OosObject): OosObjectInfo => ({
  region: o.region,
  bucket: o.bucket,
  key: o.key,
  size: o.size,
  uncompressedSize: o.uncompressedSize,
  sourceSnapshotId: o.sourceSnapshotId,
  sourceAccountId: o.sourceAccountId,
  lastModified: o.lastModified,
});

export function createOosStore(deps: OosDeps): OosStore {
  const tables = new OosTables(deps.store);
  const credentials = oosCredentials(deps.store, deps.secretFor);
  const isOwnHost = deps.isOwnHost ?? defaultOwnHost;
  const refuse = (reason: Exclude<PresignedCheck, { ok: true }>['reason'], message: string): PresignedCheck => ({ ok: false, reason, message });

  return {
    ensureBucket: (region, accountId, bucket) => tables.createBucket(region, accountId, bucket, (deps.clock ?? systemClock).now().getTime()),
    bucketOwner: (region, bucket) => tables.bucket(region, bucket)?.accountId,
    putObject: (object, now) => info(tables.putObject({ ...object, lastModified: now, etag: imageEtag(object, now), contentType: 'application/octet-stream' })),
    headObject: (region, bucket, key) => {
      const found = tables.object(region, bucket, key);
      return found && info(found);
    },
    checkPresignedGet(url: string, now: number): PresignedCheck {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return refuse('malformed', 'The FileLocation is not a URL.');
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return refuse('malformed', 'The FileLocation must be an http or https URL.');
      const query = parsed.searchParams;
      if (!query.has('X-Amz-Signature') || !query.has('X-Amz-Credential')) {
        return refuse('malformed', 'The FileLocation is not a pre-signed URL (no X-Amz-Signature and X-Amz-Credential in its query).');
      }
      const region = query.get('X-Amz-Credential')!.split('/')[2] ?? '';
      if (!isOwnHost(parsed.host, region)) return refuse('malformed', `The FileLocation's host is not this OOS (oos.${region.slice(0, 40)}.outscale.com or the sandbox's OOS endpoint).`);
      const path = parsed.pathname;
      const slash = path.indexOf('/', 1);
      if (slash < 0 || slash === path.length - 1) return refuse('malformed', 'The FileLocation must name an object: /BUCKET/KEY.');
      try {
        const auth = authorize({ method: 'GET', path, rawQuery: parsed.search.slice(1), headers: { host: parsed.host } }, credentials, new Date(now));
        if (!auth) return refuse('malformed', 'The FileLocation is not signed.');
        const bucket = decodeURIComponent(path.slice(1, slash));
        const key = decodeURIComponent(path.slice(slash + 1));
        const owner = tables.bucket(auth.region, bucket);
        if (!owner) return refuse('no-such-bucket', `The bucket '${bucket.slice(0, 63)}' does not exist in ${auth.region}.`);
        if (owner.accountId !== auth.accountId) return refuse('bad-signature', 'The URL is signed by an account that does not own the bucket (AccessDenied).');
        const object = tables.object(auth.region, bucket, key);
        if (!object) return refuse('no-such-key', `The object '${key.slice(0, 200)}' does not exist in the bucket '${bucket.slice(0, 63)}'.`);
        return { ok: true, object: info(object) };
      } catch (error) {
        if (!(error instanceof S3Error)) return refuse('malformed', 'The FileLocation could not be read.');
        const reason = error.reason === 'denied' ? 'bad-signature' : error.reason === 'invalid' ? 'malformed' : error.reason;
        return refuse(reason, `${error.code}: ${error.message}`);
      }
    },
  };
}
