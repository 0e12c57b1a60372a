import { describe, expect, it } from 'vitest';
import { OosError, profileSigner } from './oos';

describe("a profile's OOS requests, signed by the server", () => {
  it('sends the path and query only, and returns the signed request (header form) or the pre-signed URL', async () => {
    const sent: { url: string; body: unknown }[] = [];
    const server: typeof fetch = async (url, init) => {
      sent.push({ url: String(url), body: JSON.parse(String(init?.body)) });
      return Response.json({ url: 'https://oos.eu-west-2.outscale.com/b/k?x=1', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AK/x', 'x-amz-date': '20261126T000000Z' } });
    };
    const sign = profileSigner('http://127.0.0.1:4173/profiles/paris/', server);
    const signed = await sign('http://127.0.0.1:4174/b/k?x=1', { method: 'delete' });
    expect(sent[0]).toEqual({ url: 'http://127.0.0.1:4173/profiles/paris/oos-sign', body: { method: 'DELETE', path: '/b/k?x=1', presign: false } });
    expect(signed.method).toBe('DELETE');
    expect(signed.url).toBe('https://oos.eu-west-2.outscale.com/b/k?x=1');
    expect(signed.headers.get('x-amz-date')).toBe('20261126T000000Z');
    await sign('http://127.0.0.1:4174/b/k?X-Amz-Expires=900', { method: 'GET' }, true);
    expect(sent[1]!.body).toEqual({ method: 'GET', path: '/b/k?X-Amz-Expires=900', presign: true });
  });

  it("says the server's refusal", async () => {
    const refusing: typeof fetch = async () => Response.json({ Errors: [{ Code: '4000', Details: 'No profile named x.' }] }, { status: 400 });
    const error = await profileSigner('http://h/profiles/x', refusing)('http://h:1/b', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OosError);
    expect((error as OosError).message).toContain('No profile named x.');
  });
});
