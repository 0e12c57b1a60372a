import { createHmac } from 'node:crypto';
import { AwsV4Signer } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import {
  ALGORITHMS,
  amzTimestamp,
  canonicalHeaderValue,
  canonicalPath,
  canonicalQuery,
  canonicalRequest,
  sha256Hex,
  signatureHex,
  signingKey,
  signRequest,
  stringToSign,
  uriEncode,
} from './sigv4';

const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('AWS published SigV4 example (IAM ListUsers, 2015-08-30)', () => {
  // The worked example of the AWS General Reference ("Signature Version 4 signing process").
  const request = canonicalRequest({
    method: 'get',
    path: '/',
    query: canonicalQuery('Version=2010-05-08&Action=ListUsers'),
    headers: [
      ['content-type', canonicalHeaderValue('application/x-www-form-urlencoded; charset=utf-8')],
      ['host', 'iam.amazonaws.com'],
      ['x-amz-date', '20150830T123600Z'],
    ],
    payloadHash: sha256Hex(''),
  });

  it('builds the same canonical request, byte for byte', () => {
    expect(request).toBe(
      [
        'GET',
        '/',
        'Action=ListUsers&Version=2010-05-08',
        'content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n',
        'content-type;host;x-amz-date',
        EMPTY_SHA,
      ].join('\n'),
    );
    expect(sha256Hex(request)).toBe('f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
  });

  it('derives the published signing key and signature', () => {
    const key = signingKey('AWS4-HMAC-SHA256', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam');
    expect(key.toString('hex')).toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
    const toSign = stringToSign('AWS4-HMAC-SHA256', '20150830T123600Z', '20150830/us-east-1/iam/aws4_request', request);
    expect(toSign).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59',
    );
    expect(signatureHex(key, toSign)).toBe('5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });
});

describe('OSC4 key derivation', () => {
  it('seeds with OSC4 and ends with osc4_request, as osc-cli does', () => {
    const h = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    const expected = h(h(h(h('OSC4secret', '20261124'), 'eu-west-2'), 'api'), 'osc4_request');
    expect(signingKey('OSC4-HMAC-SHA256', 'secret', '20261124', 'eu-west-2', 'api')).toEqual(expected);
    expect(signingKey('AWS4-HMAC-SHA256', 'secret', '20261124', 'eu-west-2', 'api')).not.toEqual(expected);
    expect(ALGORITHMS['OSC4-HMAC-SHA256']).toEqual({ seed: 'OSC4', terminator: 'osc4_request', dateHeader: 'x-osc-date' });
    expect(ALGORITHMS['AWS4-HMAC-SHA256']).toEqual({ seed: 'AWS4', terminator: 'aws4_request', dateHeader: 'x-amz-date' });
  });

  it('depends on every part of the scope', () => {
    const base = signingKey('AWS4-HMAC-SHA256', 's', '20261124', 'eu-west-2', 'api').toString('hex');
    for (const other of [
      signingKey('AWS4-HMAC-SHA256', 't', '20261124', 'eu-west-2', 'api'),
      signingKey('AWS4-HMAC-SHA256', 's', '20261125', 'eu-west-2', 'api'),
      signingKey('AWS4-HMAC-SHA256', 's', '20261124', 'us-east-2', 'api'),
      signingKey('AWS4-HMAC-SHA256', 's', '20261124', 'eu-west-2', 'ec2'),
    ]) {
      expect(other.toString('hex')).not.toBe(base);
    }
  });
});

describe('canonical forms', () => {
  it('encodes as RFC 3986: only unreserved characters stay', () => {
    expect(uriEncode("AZaz09-_.~!'()*")).toBe('AZaz09-_.~%21%27%28%29%2A');
    expect(uriEncode('a b/c=d&e+f%')).toBe('a%20b%2Fc%3Dd%26e%2Bf%25');
    expect(uriEncode('é')).toBe('%C3%A9');
  });

  it('encodes each path segment once, keeping the slashes', () => {
    expect(canonicalPath('')).toBe('/');
    expect(canonicalPath('/')).toBe('/');
    expect(canonicalPath('/api/v1/ReadSnapshots')).toBe('/api/v1/ReadSnapshots');
    expect(canonicalPath('/a b/c(d)')).toBe('/a%20b/c%28d%29');
    // an already-encoded path is not encoded twice
    expect(canonicalPath('/a%20b/c%28d%29')).toBe('/a%20b/c%28d%29');
    // a broken escape is encoded as it stands, never thrown
    expect(canonicalPath('/api/v1/%ZZ')).toBe('/api/v1/%25ZZ');
  });

  it('sorts the query by name then value, encodes both, and drops the excluded names', () => {
    expect(canonicalQuery('')).toBe('');
    expect(canonicalQuery('b=2&a=1')).toBe('a=1&b=2');
    expect(canonicalQuery('a=2&a=10&a=1')).toBe('a=1&a=10&a=2');
    for (const order of ['a=3&a=1&a=2', 'a=1&a=3&a=2', 'a=2&a=3&a=1', 'a=3&a=2&a=1', 'a=1&a=2&a=3']) {
      expect(canonicalQuery(order), order).toBe('a=1&a=2&a=3');
    }
    expect(canonicalQuery('b=1&a=2&b=0&a=1')).toBe('a=1&a=2&b=0&b=1');
    expect(canonicalQuery('=x&a=1')).toBe('=x&a=1');
    expect(canonicalQuery('b=1&B=2&a_=3&a=4')).toBe('B=2&a=4&a_=3&b=1');
    expect(canonicalQuery('flag&x=')).toBe('flag=&x=');
    expect(canonicalQuery('&&a=1&&')).toBe('a=1');
    expect(canonicalQuery('q=a%20b&r=a+b&s=%2F')).toBe('q=a%20b&r=a%20b&s=%2F');
    expect(canonicalQuery('p=%ZZ')).toBe('p=%25ZZ');
    expect(canonicalQuery('X-Amz-Signature=ab&a=1&X-Amz-Date=2', ['X-Amz-Signature'])).toBe('X-Amz-Date=2&a=1');
    expect(canonicalQuery('X-Amz-Signature=ab&a=1')).toBe('X-Amz-Signature=ab&a=1');
  });

  it('trims header values, folds inner whitespace and joins repeated headers with commas', () => {
    expect(canonicalHeaderValue('  a   b \t c  ')).toBe('a b c');
    expect(canonicalHeaderValue(['x ', ' y  z'])).toBe('x,y z');
    expect(canonicalHeaderValue('')).toBe('');
  });

  it('writes the date as YYYYMMDDTHHMMSSZ in UTC', () => {
    expect(amzTimestamp(new Date('2026-11-24T12:34:56.789Z'))).toBe('20261124T123456Z');
    expect(amzTimestamp(new Date('2027-01-02T03:04:05.000+02:00'))).toBe('20270102T010405Z');
  });
});

describe('signRequest', () => {
  const date = new Date('2026-11-24T12:00:00.000Z');

  it('signs exactly as aws4fetch (osc-sdk-js) does, header by header', async () => {
    const url = 'http://127.0.0.1:4173/api/v1/ReadSnapshots?b=2&a=1';
    const body = '{"Filters":{"SnapshotIds":["snap-0123abcd"]}}';
    const theirs = await new AwsV4Signer({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body,
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      service: 'api',
      region: 'eu-west-2',
      datetime: amzTimestamp(date),
    }).sign();
    const ours = signRequest({
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json' },
      body,
      accessKey: 'AK',
      secretKey: 'SK',
      region: 'eu-west-2',
      service: 'api',
      date,
    });
    expect(ours.authorization).toBe(theirs.headers.get('authorization'));
    expect(ours['x-amz-date']).toBe('20261124T120000Z');
    expect(ours.host).toBe('127.0.0.1:4173');
    expect(ours['content-type']).toBe('application/json');
  });

  it('signs host and the date header by default, sorted, with the OSC4 date header for OSC4', () => {
    const opts = { method: 'POST', url: 'https://api.eu-west-2.outscale.com/api/v1/ReadVolumes', headers: {}, body: '{}', accessKey: 'AK', secretKey: 'SK', region: 'eu-west-2', service: 'api', date };
    expect(signRequest(opts).authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AK\/20261124\/eu-west-2\/api\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    const osc = signRequest({ ...opts, algorithm: 'OSC4-HMAC-SHA256', signedHeaders: ['X-Osc-Date', 'Host'] });
    expect(osc['x-osc-date']).toBe('20261124T120000Z');
    expect(osc['x-amz-date']).toBeUndefined();
    expect(osc.authorization).toMatch(/^OSC4-HMAC-SHA256 Credential=AK\/20261124\/eu-west-2\/api\/osc4_request, SignedHeaders=host;x-osc-date, Signature=[0-9a-f]{64}$/);
  });

  it('keeps a host header given by the caller, and changes the signature with the body', () => {
    const opts = { method: 'POST', url: 'http://127.0.0.1:4173/api/v1/ReadVolumes', headers: { Host: 'api.example' }, body: '{}', accessKey: 'AK', secretKey: 'SK', region: 'r', service: 'api', date };
    const a = signRequest(opts);
    expect(a.host).toBe('api.example');
    expect(signRequest({ ...opts, body: '{"DryRun":true}' }).authorization).not.toBe(a.authorization);
    expect(signRequest({ ...opts, headers: {} }).authorization).not.toBe(a.authorization);
  });
});
