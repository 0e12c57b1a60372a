/**
 * A test double of the sandbox's OOS (server/oos/contract.ts), in memory, for the model tests: buckets and objects
 * in maps; a "pre-signed URL" is `https://oos.test/BUCKET/KEY?sig=good&until=MS` (sig=good verifies, until is the
 * expiry in ms). The real OOS face (server/oos/) is tested with real SigV4 URLs over HTTP.
 */
import type { OosObjectInfo, OosStore, PresignedCheck } from '../oos/contract';

export class FakeOos implements OosStore {
  readonly buckets = new Map<string, string>();
  readonly objects = new Map<string, OosObjectInfo>();

  ensureBucket(region: string, accountId: string, bucket: string): 'created' | 'exists' | 'foreign' {
    const owner = this.buckets.get(`${region}/${bucket}`);
    if (owner === undefined) this.buckets.set(`${region}/${bucket}`, accountId);
    return owner === undefined ? 'created' : owner === accountId ? 'exists' : 'foreign';
  }

  bucketOwner(region: string, bucket: string): string | undefined {
    return this.buckets.get(`${region}/${bucket}`);
  }

  putObject(object: Omit<OosObjectInfo, 'lastModified'>, now: number): OosObjectInfo {
    if (!this.buckets.has(`${object.region}/${object.bucket}`)) throw new Error(`NoSuchBucket: ${object.bucket}`);
    const info = { ...object, lastModified: now };
    this.objects.set(`${object.bucket}/${object.key}`, info);
    return info;
  }

  headObject(_region: string, bucket: string, key: string): OosObjectInfo | undefined {
    return this.objects.get(`${bucket}/${key}`);
  }

  checkPresignedGet(url: string, now: number): PresignedCheck {
    const m = /^https:\/\/oos\.test\/([^/?]+)\/([^?]+)\?sig=(\w+)&until=(\d+)$/.exec(url);
    if (!m) return { ok: false, reason: 'malformed', message: 'not a pre-signed URL of this OOS' };
    if (m[3] !== 'good') return { ok: false, reason: 'bad-signature', message: 'the signature does not match' };
    if (Number(m[4]) < now) return { ok: false, reason: 'expired', message: 'the URL has expired' };
    if (![...this.buckets.keys()].some((k) => k.endsWith(`/${m[1]}`))) return { ok: false, reason: 'no-such-bucket', message: 'no such bucket' };
    const object = this.objects.get(`${m[1]}/${m[2]}`);
    return object ? { ok: true, object } : { ok: false, reason: 'no-such-key', message: 'no such key' };
  }

  /** An object of `uncompressedSize` bytes in the bucket `staged`, and a URL that verifies for it, for good. */
  stage(key: string, uncompressedSize: number): string {
    this.ensureBucket('eu-west-2', '000000000000', 'staged');
    this.putObject({ region: 'eu-west-2', bucket: 'staged', key, size: uncompressedSize, uncompressedSize, sourceSnapshotId: 'snap-00000000', sourceAccountId: '000000000000' }, 0);
    return `https://oos.test/staged/${key}?sig=good&until=${Number.MAX_SAFE_INTEGER}`;
  }
}
