/**
 * The OOS face over real HTTP: every operation, S3's XML answers and error codes with their statuses, buckets per
 * Region and account, Range reads of the generated body, signed and aws-chunked uploads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ABROAD, DEMO_OPERATOR, DEMO_PARTNER } from '../model/seed';
import { amzTimestamp, sha256Hex, signingKey } from '../osc/sigv4';
import { objectBytes, objectTile } from './body';
import { encodeChunks } from './chunked';
import { codeOf, presignS3, send, startFace, type FaceKit } from './test-kit';

let kit: FaceKit;
beforeAll(async () => {
  kit = await startFace();
});
afterAll(() => kit.close());

const md5Etag = (body: string) => `"${createHashHex('md5', body)}"`;
import { createHash } from 'node:crypto';
function createHashHex(algorithm: string, body: string | Buffer) {
  return createHash(algorithm).update(body).digest('hex');
}

describe('buckets', () => {
  it('creates, lists and refuses buckets as S3 does, per Region and account', async () => {
    expect((await kit.call('GET', '/')).text).toContain('<Buckets></Buckets>');
    const made = await kit.call('PUT', '/alpha', {
      body: '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-2</LocationConstraint></CreateBucketConfiguration>',
    });
    expect(made.status).toBe(200);
    expect(made.headers.location).toBe('/alpha');
    const again = await kit.call('PUT', '/alpha');
    expect([again.status, codeOf(again)]).toEqual([409, 'BucketAlreadyOwnedByYou']);
    const partner = await kit.call('PUT', '/alpha', { keys: DEMO_PARTNER });
    expect([partner.status, codeOf(partner)]).toEqual([409, 'BucketAlreadyExists']);
    // Another Region is another OOS: the same name is free there.
    expect((await kit.call('PUT', '/alpha', { keys: DEMO_ABROAD, region: 'us-east-2' })).status).toBe(200);
    const list = await kit.call('GET', '/');
    expect(list.text).toMatch(/<Owner><ID>339215505907<\/ID>.*<Bucket><Name>alpha<\/Name><CreationDate>2026-11-24T12:00:00.000Z<\/CreationDate><\/Bucket>/);
    expect((await kit.call('GET', '/', { keys: DEMO_PARTNER })).text).not.toContain('alpha');
    for (const name of ['ab', 'Upper', 'a..b', '192.168.1.1', '-ab', 'x'.repeat(64)]) {
      const bad = await kit.call('PUT', `/${name}`);
      expect([bad.status, codeOf(bad)], name).toEqual([400, 'InvalidBucketName']);
    }
    const elsewhere = await kit.call('PUT', '/beta', { body: '<CreateBucketConfiguration><LocationConstraint>us-east-2</LocationConstraint></CreateBucketConfiguration>' });
    expect([elsewhere.status, codeOf(elsewhere)]).toEqual([400, 'IllegalLocationConstraintException']);
    const garbled = await kit.call('PUT', '/beta', { body: '<nope' });
    expect([garbled.status, codeOf(garbled)]).toEqual([400, 'MalformedXML']);
    const location = await kit.call('GET', '/alpha?location');
    expect(location.text).toContain('>eu-west-2</LocationConstraint>');
    const head = await kit.call('HEAD', '/alpha');
    expect([head.status, head.headers['x-amz-bucket-region']]).toEqual([200, 'eu-west-2']);
    const foreign = await kit.call('GET', '/alpha?list-type=2', { keys: DEMO_PARTNER });
    expect([foreign.status, codeOf(foreign)]).toEqual([403, 'AccessDenied']);
    const missing = await kit.call('GET', '/nothing-here?list-type=2');
    expect([missing.status, codeOf(missing)]).toEqual([404, 'NoSuchBucket']);
    expect(missing.text).toContain('<BucketName>nothing-here</BucketName>');
  });

  it('deletes only an empty bucket', async () => {
    await kit.call('PUT', '/gamma');
    await kit.call('PUT', '/gamma/k', { body: 'x' });
    const full = await kit.call('DELETE', '/gamma');
    expect([full.status, codeOf(full)]).toEqual([409, 'BucketNotEmpty']);
    expect((await kit.call('DELETE', '/gamma/k')).status).toBe(204);
    expect((await kit.call('DELETE', '/gamma')).status).toBe(204);
    expect(codeOf(await kit.call('HEAD', '/gamma'))).toBeUndefined();
    expect((await kit.call('HEAD', '/gamma')).status).toBe(404);
  });
});

describe('objects', () => {
  beforeAll(async () => {
    await kit.call('PUT', '/objects');
  });

  it('stores the size and MD5 of a signed upload, and serves a generated body of that size, by Range', async () => {
    const body = 'hello OOS '.repeat(100);
    const put = await kit.call('PUT', '/objects/dir/hello.txt', { body, headers: { 'content-type': 'text/plain', 'content-md5': createHash('md5').update(body).digest('base64') } });
    expect([put.status, put.headers.etag]).toEqual([200, md5Etag(body)]);
    const head = await kit.call('HEAD', '/objects/dir/hello.txt');
    expect(head.headers).toMatchObject({ 'content-length': '1000', etag: md5Etag(body), 'content-type': 'text/plain', 'accept-ranges': 'bytes' });
    const whole = await kit.call('GET', '/objects/dir/hello.txt');
    expect(whole.body.length).toBe(1000);
    expect(whole.text).toMatch(/^OUTSCALE OOS sandbox object objects\/dir\/hello.txt/);
    const tile = objectTile({ region: 'eu-west-2', bucket: 'objects', key: 'dir/hello.txt', etag: createHashHex('md5', body), size: 1000, sourceSnapshotId: '' });
    expect(whole.body.equals(objectBytes(tile, 0, 999))).toBe(true);
    const part = await kit.call('GET', '/objects/dir/hello.txt', { headers: { range: 'bytes=990-2000' } });
    expect([part.status, part.headers['content-range'], part.body.equals(whole.body.subarray(990))]).toEqual([206, 'bytes 990-999/1000', true]);
    const suffix = await kit.call('GET', '/objects/dir/hello.txt', { headers: { range: 'bytes=-10' } });
    expect(suffix.body.equals(whole.body.subarray(990))).toBe(true);
    const beyond = await kit.call('GET', '/objects/dir/hello.txt', { headers: { range: 'bytes=1000-' } });
    expect([beyond.status, codeOf(beyond), beyond.headers['content-range']]).toEqual([416, 'InvalidRange', 'bytes */1000']);
    const nokey = await kit.call('GET', '/objects/dir/none');
    expect([nokey.status, codeOf(nokey)]).toEqual([404, 'NoSuchKey']);
    expect(nokey.text).toContain('<Key>dir/none</Key>');
  });

  it('refuses a body that is not what was signed or declared', async () => {
    const lying = await kit.call('PUT', '/objects/x', { body: 'abc', payload: sha256Hex('abd') });
    expect([lying.status, codeOf(lying)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    const md5 = await kit.call('PUT', '/objects/x', { body: 'abc', headers: { 'content-md5': createHash('md5').update('abd').digest('base64') } });
    expect([md5.status, codeOf(md5)]).toEqual([400, 'BadDigest']);
    const bogus = await kit.call('PUT', '/objects/x', { body: 'abc', headers: { 'content-md5': 'zz' } });
    expect([bogus.status, codeOf(bogus)]).toEqual([400, 'InvalidDigest']);
    const unsigned = await kit.call('PUT', '/objects/unsigned', { body: 'abc', payload: 'UNSIGNED-PAYLOAD' });
    expect(unsigned.status).toBe(200);
    const tooLong = await kit.call('PUT', `/objects/${'k'.repeat(1025)}`, { body: 'a' });
    expect([tooLong.status, codeOf(tooLong)]).toEqual([400, 'KeyTooLongError']);
    const copy = await kit.call('PUT', '/objects/copy', { body: '', headers: { 'x-amz-copy-source': '/objects/unsigned' } });
    expect([copy.status, codeOf(copy)]).toEqual([400, 'InvalidRequest']);
    expect((await kit.call('GET', '/objects/x')).status).toBe(404);
  });

  it('takes an aws-chunked upload whose every chunk is signed, and refuses a tampered chunk', async () => {
    const date = kit.clock.now();
    const timestamp = amzTimestamp(date);
    const scope = `${timestamp.slice(0, 8)}/eu-west-2/s3/aws4_request`;
    const payload = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
    const { signS3 } = await import('./test-kit');
    const chunks = [Buffer.alloc(8192, 1), Buffer.alloc(100, 2)];
    const head = signS3({ method: 'PUT', target: '/objects/chunked', host: kit.host, date, payload, headers: { 'x-amz-decoded-content-length': '8292', 'content-encoding': 'aws-chunked' } });
    const seed = /Signature=([0-9a-f]{64})/.exec(head.authorization!)![1]!;
    const key = signingKey('AWS4-HMAC-SHA256', DEMO_OPERATOR.secretKey, timestamp.slice(0, 8), 'eu-west-2', 's3');
    const body = encodeChunks({ key, scope, timestamp, seed }, chunks);
    const ok = await send(kit.port, 'PUT', '/objects/chunked', head, body);
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe(`"${createHashHex('md5', Buffer.concat(chunks))}"`);
    expect((await kit.call('HEAD', '/objects/chunked')).headers['content-length']).toBe('8292');
    const tampered = Buffer.from(body);
    tampered[tampered.indexOf('\r\n') + 10] = 9;
    const refused = await send(kit.port, 'PUT', '/objects/chunked', head, tampered);
    expect([refused.status, codeOf(refused)]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('lists keys in order, by prefix and delimiter, in pages (V2 tokens, V1 markers)', async () => {
    await kit.call('PUT', '/listing');
    for (const key of ['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd é+ü']) await kit.call('PUT', `/listing/${encodeURIComponent(key).replace(/%2F/g, '/')}`, { body: key });
    const keys = (text: string) => [...text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
    const prefixes = (text: string) => [...text.matchAll(/<CommonPrefixes><Prefix>([^<]*)<\/Prefix>/g)].map((m) => m[1]!);
    expect(keys((await kit.call('GET', '/listing?list-type=2')).text)).toEqual(['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd é+ü']);
    const grouped = (await kit.call('GET', '/listing?list-type=2&delimiter=%2F')).text;
    expect([keys(grouped), prefixes(grouped)]).toEqual([['b', 'd é+ü'], ['a/', 'c/']]);
    expect(prefixes((await kit.call('GET', '/listing?list-type=2&delimiter=%2F&prefix=c%2F')).text)).toEqual(['c/x/']);
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const answer = (await kit.call('GET', `/listing?list-type=2&max-keys=2&delimiter=%2F${token ? `&continuation-token=${token}` : ''}`)).text;
      seen.push(...keys(answer), ...prefixes(answer));
      token = /<NextContinuationToken>([^<]*)</.exec(answer)?.[1];
      if (!token) {
        expect(answer).toContain('<IsTruncated>false</IsTruncated>');
        break;
      }
    }
    expect(seen.sort()).toEqual(['a/', 'b', 'c/', 'd é+ü']);
    const v1 = (await kit.call('GET', '/listing?marker=b&max-keys=1')).text;
    expect([keys(v1), v1.includes('<IsTruncated>true</IsTruncated>')]).toEqual([['c/x/1'], true]);
    const encoded = (await kit.call('GET', '/listing?list-type=2&encoding-type=url&prefix=d')).text;
    expect(keys(encoded)).toEqual(['d+%C3%A9%2B%C3%BC']);
    const badToken = await kit.call('GET', '/listing?list-type=2&continuation-token=%25%25');
    expect([badToken.status, codeOf(badToken)]).toEqual([400, 'InvalidArgument']);
    const badMax = await kit.call('GET', '/listing?list-type=2&max-keys=-1');
    expect([badMax.status, codeOf(badMax)]).toEqual([400, 'InvalidArgument']);
  });
});

describe('signatures, Regions and pre-signed URLs', () => {
  it('answers each refusal with S3 code and status', async () => {
    const cases: [Promise<import('./test-kit').Answer>, number, string][] = [
      [kit.call('GET', '/', { keys: { ...DEMO_OPERATOR, secretKey: 'wrong' } }), 403, 'SignatureDoesNotMatch'],
      [kit.call('GET', '/', { keys: { accessKey: 'NOSUCHKEY', secretKey: 'x' } }), 403, 'InvalidAccessKeyId'],
      [kit.call('GET', '/', { date: new Date(kit.clock.now().getTime() - 16 * 60_000) }), 403, 'RequestTimeTooSkewed'],
      [kit.call('GET', '/', { region: 'us-east-2' }), 400, 'AuthorizationHeaderMalformed'],
      [kit.call('GET', '/', { service: 'ec2' }), 400, 'AuthorizationHeaderMalformed'],
      [send(kit.port, 'GET', '/', { host: kit.host }), 403, 'AccessDenied'],
      [send(kit.port, 'GET', '/', { host: kit.host, authorization: 'AWS DEMOOPERATORAK000001:abc=' }), 400, 'InvalidRequest'],
      [send(kit.port, 'GET', '/', { host: kit.host, authorization: 'Bearer x' }), 400, 'InvalidArgument'],
      [kit.call('PUT', '/objects?acl', { body: '' }), 400, 'InvalidRequest'],
      [kit.call('GET', '/objects?policy'), 404, 'NoSuchBucketPolicy'],
      [kit.call('POST', '/'), 405, 'MethodNotAllowed'],
      [send(kit.port, 'GET', '/%E0%A4%A/x', { host: kit.host }), 400, 'InvalidURI'],
    ];
    for (const [answer, status, code] of cases) {
      const got = await answer;
      expect([got.status, codeOf(got)], got.text).toEqual([status, code]);
      expect(got.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>/);
    }
    const wrongRegion = await kit.call('GET', '/', { region: 'us-east-2' });
    expect(wrongRegion.text).toContain("the region 'us-east-2' is wrong; expecting 'eu-west-2'");
    expect(wrongRegion.text).toContain('<Region>eu-west-2</Region>');
  });

  it('serves a pre-signed URL until X-Amz-Expires passes on the sandbox clock', async () => {
    await kit.call('PUT', '/presigned');
    await kit.call('PUT', '/presigned/image.qcow2.gz', { body: 'x'.repeat(2048) });
    const url = presignS3({ base: kit.base, path: '/presigned/image.qcow2.gz', date: kit.clock.now(), expires: 60 });
    const target = url.slice(kit.base.length);
    const ok = await send(kit.port, 'GET', target, { host: kit.host, range: 'bytes=0-0', origin: 'https://console.example' });
    expect([ok.status, ok.headers['content-range'], ok.headers['access-control-allow-origin']]).toEqual([206, 'bytes 0-0/2048', 'https://console.example']);
    kit.clock.advance(61_000);
    const late = await send(kit.port, 'GET', target, { host: kit.host });
    expect([late.status, codeOf(late)]).toEqual([403, 'AccessDenied']);
    expect(late.text).toContain('<Message>Request has expired</Message>');
    const week = presignS3({ base: kit.base, path: '/presigned/image.qcow2.gz', date: kit.clock.now(), expires: 604_801 }).slice(kit.base.length);
    expect(codeOf(await send(kit.port, 'GET', week, { host: kit.host }))).toBe('AuthorizationQueryParametersError');
    const tampered = presignS3({ base: kit.base, path: '/presigned/image.qcow2.gz', date: kit.clock.now(), expires: 60 }).slice(kit.base.length).replace('X-Amz-Expires=60', 'X-Amz-Expires=600');
    expect(codeOf(await send(kit.port, 'GET', tampered, { host: kit.host }))).toBe('SignatureDoesNotMatch');
    const abroad = presignS3({ base: kit.base, path: '/presigned/image.qcow2.gz', date: kit.clock.now(), expires: 60, region: 'us-east-2' }).slice(kit.base.length);
    expect(codeOf(await send(kit.port, 'GET', abroad, { host: kit.host }))).toBe('AuthorizationQueryParametersError');
  });

  it('answers CORS preflights, and every answer is readable by a page', async () => {
    const preflight = await send(kit.port, 'OPTIONS', '/presigned/image.qcow2.gz', {
      host: kit.host,
      origin: 'https://console.example',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'range',
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'https://console.example', 'access-control-allow-headers': 'range' });
    const refused = await send(kit.port, 'GET', '/', { host: kit.host, origin: 'https://console.example' });
    expect(refused.headers['access-control-allow-origin']).toBe('https://console.example');
    expect(refused.headers['access-control-expose-headers']).toContain('Content-Range');
  });
});

describe('multipart uploads', () => {
  it('creates, uploads parts, refuses a bad completion, completes with S3 ETag, and aborts', async () => {
    await kit.call('PUT', '/multi');
    const started = await kit.call('POST', '/multi/big.img?uploads');
    const uploadId = /<UploadId>([^<]+)</.exec(started.text)![1]!;
    const big = Buffer.alloc(5 * 1024 * 1024, 1);
    const tail = Buffer.from('tail');
    const p1 = await kit.call('PUT', `/multi/big.img?partNumber=1&uploadId=${uploadId}`, { body: big });
    const p2 = await kit.call('PUT', `/multi/big.img?partNumber=2&uploadId=${uploadId}`, { body: tail });
    expect([p1.status, p1.headers.etag, p2.headers.etag]).toEqual([200, `"${createHashHex('md5', big)}"`, `"${createHashHex('md5', tail)}"`]);
    const xml = (parts: [number, string][]) =>
      `<CompleteMultipartUpload>${parts.map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
    const e1 = p1.headers.etag as string;
    const e2 = p2.headers.etag as string;
    const target = `/multi/big.img?uploadId=${uploadId}`;
    const refusals: [string, string][] = [
      [xml([[2, e2], [1, e1]]), 'InvalidPartOrder'],
      [xml([[1, e1], [3, e2]]), 'InvalidPart'],
      [xml([[1, e2]]), 'InvalidPart'],
      ['<nope/>', 'MalformedXML'],
    ];
    for (const [body, code] of refusals) expect(codeOf(await kit.call('POST', target, { body })), code).toBe(code);
    // Parts other than the last must be 5 MiB at least.
    const small = await kit.call('POST', '/multi/small?uploads');
    const smallId = /<UploadId>([^<]+)</.exec(small.text)![1]!;
    const s1 = await kit.call('PUT', `/multi/small?partNumber=1&uploadId=${smallId}`, { body: tail });
    await kit.call('PUT', `/multi/small?partNumber=2&uploadId=${smallId}`, { body: tail });
    expect(codeOf(await kit.call('POST', `/multi/small?uploadId=${smallId}`, { body: xml([[1, s1.headers.etag as string], [2, s1.headers.etag as string]]) }))).toBe('EntityTooSmall');
    expect((await kit.call('DELETE', `/multi/small?uploadId=${smallId}`)).status).toBe(204);
    expect(codeOf(await kit.call('PUT', `/multi/small?partNumber=3&uploadId=${smallId}`, { body: tail }))).toBe('NoSuchUpload');

    const done = await kit.call('POST', target, { body: xml([[1, e1], [2, e2]]) });
    const expected = `${createHash('md5').update(Buffer.concat([createHash('md5').update(big).digest(), createHash('md5').update(tail).digest()])).digest('hex')}-2`;
    expect([done.status, /<ETag>"([^"<]+)"<\/ETag>/.exec(done.text)?.[1]]).toEqual([200, expected]);
    const head = await kit.call('HEAD', '/multi/big.img');
    expect([head.headers['content-length'], head.headers.etag]).toEqual([String(big.length + tail.length), `"${expected}"`]);
    expect(codeOf(await kit.call('POST', target, { body: xml([[1, e1], [2, e2]]) }))).toBe('NoSuchUpload');
    expect(codeOf(await kit.call('GET', `/multi/big.img?uploadId=${uploadId}`))).toBe('InvalidRequest');
  });
});
