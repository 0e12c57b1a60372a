/**
 * The OosStore of contract.ts, as the OUTSCALE API side uses it: buckets per Region and account, objects that
 * stand for images, and the pre-signed URL check an import runs (signature, expiry, host, bucket, key), which
 * must agree with what the face serves.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_ABROAD, DEMO_OPERATOR, DEMO_PARTNER, seedDemo } from '../model/seed';
import { openStore } from '../model/store';
import { ManualClock } from '../osc/clock';
import { xmlText } from './errors';
import { createOosStore } from './index';
import { parseRange } from './objects';
import { presignS3 } from './test-kit';

function setup() {
  const store = openStore(':memory:');
  const clock = new ManualClock('2026-11-24T12:00:00.000Z');
  seedDemo(store, clock.now());
  const oos = createOosStore({ store, secretFor: (ak) => store.secretFor(ak), clock });
  return { store, clock, oos };
}

const GiB = 1024 ** 3;
const image = { region: 'eu-west-2', bucket: 'exports', key: 'snap-1a2b3c4d-export.qcow2.gz', size: 3 * GiB, uncompressedSize: 10 * GiB, sourceSnapshotId: 'snap-1a2b3c4d', sourceAccountId: DEMO_OPERATOR.accountId };

describe('OosStore', () => {
  it('keeps buckets per Region and account', () => {
    const { oos } = setup();
    expect(oos.ensureBucket('eu-west-2', DEMO_OPERATOR.accountId, 'exports')).toBe('created');
    expect(oos.ensureBucket('eu-west-2', DEMO_OPERATOR.accountId, 'exports')).toBe('exists');
    expect(oos.ensureBucket('eu-west-2', DEMO_PARTNER.accountId, 'exports')).toBe('foreign');
    expect(oos.ensureBucket('us-east-2', DEMO_ABROAD.accountId, 'exports')).toBe('created');
    expect(oos.bucketOwner('eu-west-2', 'exports')).toBe(DEMO_OPERATOR.accountId);
    expect(oos.bucketOwner('us-east-2', 'exports')).toBe(DEMO_ABROAD.accountId);
    expect(oos.bucketOwner('ap-northeast-1', 'exports')).toBeUndefined();
  });

  it('writes, replaces and reads an object that stands for an image', () => {
    const { oos, store } = setup();
    oos.ensureBucket('eu-west-2', DEMO_OPERATOR.accountId, 'exports');
    const written = oos.putObject(image, Date.parse('2026-11-24T12:05:00Z'));
    expect(written).toEqual({ ...image, lastModified: Date.parse('2026-11-24T12:05:00Z') });
    expect(oos.headObject('eu-west-2', 'exports', image.key)).toEqual(written);
    oos.putObject({ ...image, size: GiB }, Date.parse('2026-11-24T12:06:00Z'));
    expect(oos.headObject('eu-west-2', 'exports', image.key)?.size).toBe(GiB);
    expect(oos.headObject('us-east-2', 'exports', image.key)).toBeUndefined();
    // A bucket that was never made is made for the source account (the export writes into it).
    oos.putObject({ ...image, bucket: 'fresh' }, 0);
    expect(oos.bucketOwner('eu-west-2', 'fresh')).toBe(DEMO_OPERATOR.accountId);
    store.reset();
    expect(oos.headObject('eu-west-2', 'exports', image.key)).toBeUndefined();
  });

  it('checks a pre-signed URL as the face would serve it', () => {
    const { oos, clock } = setup();
    oos.putObject(image, clock.now().getTime());
    const base = 'http://127.0.0.1:4174';
    const path = `/exports/${image.key}`;
    const url = presignS3({ base, path, date: clock.now(), expires: 600 });
    expect(oos.checkPresignedGet(url, clock.now().getTime())).toEqual({ ok: true, object: { ...image, lastModified: clock.now().getTime() } });
    const real = presignS3({ base: 'https://oos.eu-west-2.outscale.com', path, date: clock.now(), expires: 600 });
    expect(oos.checkPresignedGet(real, clock.now().getTime()).ok).toBe(true);

    const reason = (u: string, at = clock.now().getTime()) => {
      const check = oos.checkPresignedGet(u, at);
      return check.ok ? 'ok' : check.reason;
    };
    expect(reason(url, clock.now().getTime() + 601_000)).toBe('expired');
    expect(reason(url.replace('X-Amz-Expires=600', 'X-Amz-Expires=6000'))).toBe('bad-signature');
    expect(reason(presignS3({ base, path, date: clock.now(), expires: 600, keys: { ...DEMO_OPERATOR, secretKey: 'nope' } }))).toBe('bad-signature');
    expect(reason(presignS3({ base, path, date: clock.now(), expires: 600, keys: { accessKey: 'UNKNOWN', secretKey: 'x' } }))).toBe('unknown-key');
    expect(reason(presignS3({ base, path, date: clock.now(), expires: 600, keys: DEMO_PARTNER }))).toBe('bad-signature');
    expect(reason(presignS3({ base, path: '/nobucket/x', date: clock.now(), expires: 600 }))).toBe('no-such-bucket');
    expect(reason(presignS3({ base, path: '/exports/other.gz', date: clock.now(), expires: 600 }))).toBe('no-such-key');
    expect(reason(presignS3({ base, path, date: clock.now(), expires: 600, region: 'us-east-2' }))).toBe('malformed');
    expect(reason(presignS3({ base: 'https://evil.example', path, date: clock.now(), expires: 600 }))).toBe('malformed');
    expect(reason('not a url')).toBe('malformed');
    expect(reason(`ftp://127.0.0.1${path}`)).toBe('malformed');
    expect(reason(`${base}${path}`)).toBe('malformed');
    expect(reason(`${base}/exports?X-Amz-Signature=00&X-Amz-Credential=a/b/eu-west-2/s3/aws4_request`)).toBe('malformed');
  });
});

describe('helpers', () => {
  it('reads one Range as S3 does, ignoring what HTTP says to ignore', () => {
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=5-', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-0', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 10)).toBeUndefined();
    expect(parseRange('bytes=0-1,3-4', 10)).toBeUndefined();
    expect(parseRange('items=0-1', 10)).toBeUndefined();
  });

  it('writes only text XML can carry, keeping characters beyond the BMP', () => {
    expect(xmlText('a<b>&c "d" \u0001 \ud800 😀')).toBe('a&lt;b&gt;&amp;c "d" \ufffd \ufffd 😀');
  });
});

describe('listing', () => {
  it('pages through keys and common prefixes in UTF-8 order, jumping over grouped keys', async () => {
    const { store, oos } = setup();
    const { OosTables, compareKeys } = await import('./tables');
    const tables = new OosTables(store);
    const keys = ['a/1', 'a/😀', 'a/\uffff', 'b', 'b/x', 'c😀/1', 'c\uffff', 'd'];
    for (const key of keys) oos.putObject({ ...image, bucket: 'l', key }, 0);
    const all = tables.list('eu-west-2', 'l', { prefix: '', delimiter: '', after: '', limit: 1000 });
    // UTF-8 byte order: U+FFFF (EF BF BF) before U+1F600 (F0 9F 98 80).
    expect(all.objects.map((o) => o.key)).toEqual(['a/1', 'a/\uffff', 'a/😀', 'b', 'b/x', 'c\uffff', 'c😀/1', 'd']);
    const entries: string[] = [];
    let after = '';
    for (let page = 0; page < 10; page += 1) {
      const got = tables.list('eu-west-2', 'l', { prefix: '', delimiter: '/', after, limit: 2 });
      entries.push(...got.objects.map((o) => o.key), ...got.commonPrefixes);
      if (!got.truncated) break;
      after = got.last!;
    }
    expect(entries.sort(compareKeys)).toEqual(['a/', 'b', 'b/', 'c\uffff', 'c😀/', 'd']);
    expect(tables.list('eu-west-2', 'l', { prefix: 'a/', delimiter: '/', after: 'a/1', limit: 10 }).objects.map((o) => o.key)).toEqual(['a/\uffff', 'a/😀']);
    expect(tables.list('eu-west-2', 'l', { prefix: '', delimiter: '/', after: 'a/1', limit: 10 }).commonPrefixes).toEqual(['b/', 'c😀/']);
  });
});
