import { describe, expect, it } from 'vitest';
import { probeObject, refusalText, s3Error } from './object-probe';

const answer = (status: number, body: string, headers: Record<string, string> = {}) => async () => new Response(body, { status, headers });

describe('reading the object a pre-signed URL names', () => {
  it('takes the size from Content-Range (206) or Content-Length (200), and sends a one-byte Range', async () => {
    let sent: RequestInit | undefined;
    const ranged: typeof fetch = async (_url, init) => ((sent = init), new Response('x', { status: 206, headers: { 'content-range': 'bytes 0-0/1073741824' } }));
    expect(await probeObject('https://oos/b/k?X-Amz-Signature=a', ranged)).toEqual({ kind: 'found', size: 1073741824 });
    expect(new Headers(sent?.headers).get('range')).toBe('bytes=0-0');
    expect(sent?.credentials).toBe('omit');
    expect(await probeObject('u', answer(200, 'abc', { 'content-length': '3' }))).toEqual({ kind: 'found', size: 3 });
  });

  it('says an expired URL, a bad signature and a missing object in plain words, with what OOS answered', async () => {
    const expired = await probeObject('u', answer(403, '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>'));
    expect(expired).toEqual({ kind: 'refused', message: expect.stringMatching(/^This pre-signed URL has expired\. .*OOS answered 403 AccessDenied: Request has expired\.$/) });
    expect((await probeObject('u', answer(403, '<Error><Code>SignatureDoesNotMatch</Code><Message>m</Message></Error>'))).kind).toBe('refused');
    expect(refusalText(404, s3Error('<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'))).toMatch(/^There is no such object/);
    expect(refusalText(500, undefined)).toBe('The object cannot be read through this URL. OOS answered 500.');
  });

  it('does not call a bucket it cannot read from this page (CORS, network) an error', async () => {
    const blocked: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect((await probeObject('u', blocked)).kind).toBe('unreadable');
    expect((await probeObject('u', answer(206, 'x', { 'content-range': 'bytes 0-0/*' }))).kind).toBe('unreadable');
  });
});
