/**
 * The Connect screen's further Regions: field checks before any call, then ReadAccounts in each Region, and a
 * refusal that names the Region, says why keys fail there, and never carries a secret key.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OscApiError } from '../../api/errors';
import { checkDrafts, CUSTOM, draftCredentials, draftErrors, ExtraRegionError, newDraft, regionHint, type ExtraDraft } from './extra-regions-check';

const draft = (patch: Partial<ExtraDraft> = {}): ExtraDraft => ({ ...newDraft(['eu-west-2']), accessKey: 'AKUS', secretKey: 'SK-US-SECRET', ...patch });
const PROFILES = [
  { Name: 'paris', Region: 'eu-west-2', AccountId: '111111111111' },
  { Name: 'ohio', Region: 'us-east-2', AccountId: '333333333333' },
];

afterEach(() => vi.unstubAllGlobals());

describe('a further Region as typed', () => {
  it('starts at the first public Region not connected yet, and the first profile of another Region', () => {
    expect(newDraft(['eu-west-2']).region).toBe('us-east-2');
    expect(newDraft(['eu-west-2', 'us-east-2']).region).toBe('us-west-1');
    expect(newDraft(['eu-west-2'], PROFILES).profile).toBe('ohio');
  });

  it('asks for keys of its own, and refuses a Region connected already', () => {
    expect(draftErrors(draft(), ['eu-west-2'])).toEqual({});
    expect(draftErrors(draft({ accessKey: ' ', secretKey: '' }), ['eu-west-2'])).toEqual({
      accessKey: 'Enter the access key of your account in this Region.',
      secretKey: 'Enter the secret key of your account in this Region.',
    });
    expect(draftErrors(draft({ region: 'eu-west-2' }), ['eu-west-2']).region).toBe('eu-west-2 is already connected: one account per Region.');
    expect(draftErrors(draft({ region: CUSTOM, customEndpoint: 'nope', customRegion: 'Bad Region' }), ['eu-west-2'])).toMatchObject({
      customEndpoint: expect.stringContaining('Enter the endpoint URL') as string,
      customRegion: expect.stringContaining('Enter the Region name') as string,
    });
    expect(draftErrors(draft({ mode: 'profile', profile: 'paris' }), ['eu-west-2'], PROFILES).profile).toBe('eu-west-2 is already connected: one account per Region.');
    expect(draftErrors(draft({ mode: 'profile', profile: '' }), ['eu-west-2'], PROFILES).profile).toBe('Choose a profile.');
  });

  it("signs for its Region's endpoint, a custom one, or through the server's pass-through", () => {
    expect(draftCredentials(draft(), false, 'http://here')).toEqual({ endpoint: 'https://api.us-east-2.outscale.com', region: 'us-east-2', accessKey: 'AKUS', secretKey: 'SK-US-SECRET' });
    const custom = draftCredentials(draft({ region: CUSTOM, customEndpoint: 'http://127.0.0.1:4441/us-east-2/', customRegion: 'us-east-2' }), false, 'http://here');
    expect([custom.endpoint, custom.region]).toEqual(['http://127.0.0.1:4441/us-east-2', 'us-east-2']);
    expect(draftCredentials(draft(), true, 'http://here').via).toBe('http://here/passthrough/https%3A%2F%2Fapi.us-east-2.outscale.com');
  });
});

describe('checking further Regions', () => {
  const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('resolves to each Region with the account ReadAccounts names', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      urls.push(request.url);
      const accountId = request.url.includes('/profiles/ohio') ? '333333333333' : '222222222222';
      return answer(200, { Accounts: [{ AccountId: accountId }], ResponseContext: { RequestId: 'r' } });
    }));
    const regions = await checkDrafts([draft(), draft({ mode: 'profile', profile: 'ohio' })], { home: 'eu-west-2', viaServer: false, origin: 'http://here', profiles: PROFILES });
    expect(regions).toEqual([
      { credentials: { endpoint: 'https://api.us-east-2.outscale.com', region: 'us-east-2', accessKey: 'AKUS', secretKey: 'SK-US-SECRET' }, accountId: '222222222222' },
      { credentials: { endpoint: 'http://here/profiles/ohio', region: 'us-east-2' }, accountId: '333333333333', label: 'profile ohio' },
    ]);
    expect(urls).toEqual(['https://api.us-east-2.outscale.com/api/v1/ReadAccounts', 'http://here/profiles/ohio/api/v1/ReadAccounts']);
  });

  it("names the Region a key is refused in, and says an account's keys work in its own Region only", async () => {
    vi.stubGlobal('fetch', vi.fn(async () =>
      answer(401, { Errors: [{ Code: '1', Type: 'AccessDenied', Details: 'The access key AKUS belongs to an account of eu-west-2, not of us-east-2.' }], ResponseContext: { RequestId: 'r' } }),
    ));
    const error = await checkDrafts([draft()], { home: 'eu-west-2', viaServer: false, origin: 'http://here' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtraRegionError);
    const refused = error as ExtraRegionError;
    expect(refused.region).toBe('us-east-2');
    expect(refused.reason).toBeInstanceOf(OscApiError);
    expect(refused.hint).toBe(
      'The us-east-2 endpoint refused these keys. An OUTSCALE account lives in one Region: for us-east-2, enter the access key and secret key of your account in us-east-2 (the keys of your eu-west-2 account are not valid there).',
    );
    expect(`${refused.message} ${refused.hint} ${refused.reason.message}`).not.toContain('SK-US-SECRET');
  });

  it('says something else for a Region that cannot be reached', () => {
    expect(regionHint('us-east-2', 'eu-west-2', new Error('offline'))).toBe('Could not check the keys for us-east-2: fix them, or remove this Region to connect eu-west-2 alone.');
  });
});
