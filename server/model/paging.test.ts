import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, pageOf, type Cursor } from './paging';
import { expectOscError } from '../test-kit';

const KEY = Buffer.from('a'.repeat(64), 'hex');
const OTHER_KEY = Buffer.from('b'.repeat(64), 'hex');
const SCOPE = { me: '339215505907', filters: { States: ['completed'] } };
const CURSOR: Cursor = { createdAt: 1_795_000_000_000, id: 'snap-0123abcd' };

const refused = (fn: () => unknown) => {
  const error = expectOscError(fn, 400, '4117', 'InvalidParameterValue');
  expect(error.details).toMatch(/NextPageToken/);
  return error;
};

describe('page tokens', () => {
  it('give back the cursor they were made from, for the same key and scope', () => {
    for (const cursor of [CURSOR, { createdAt: 0, id: 'snap-00000000' }, { createdAt: 1, id: '' }]) {
      expect(decodeToken(KEY, encodeToken(KEY, cursor, SCOPE), SCOPE)).toEqual(cursor);
    }
    // an equal scope built afresh is the same scope
    expect(decodeToken(KEY, encodeToken(KEY, CURSOR, SCOPE), { me: '339215505907', filters: { States: ['completed'] } })).toEqual(CURSOR);
  });

  it('are refused with 4117 when made with another key (the MAC is checked)', () => {
    refused(() => decodeToken(KEY, encodeToken(OTHER_KEY, CURSOR, SCOPE), SCOPE));
    refused(() => decodeToken(OTHER_KEY, encodeToken(KEY, CURSOR, SCOPE), SCOPE));
    const random = randomBytes(32);
    refused(() => decodeToken(random, encodeToken(KEY, CURSOR, SCOPE), SCOPE));
  });

  it('are refused with 4117 for another caller or other filters', () => {
    const token = encodeToken(KEY, CURSOR, SCOPE);
    refused(() => decodeToken(KEY, token, { ...SCOPE, me: '726094853215' }));
    refused(() => decodeToken(KEY, token, { ...SCOPE, filters: { States: ['pending'] } }));
    refused(() => decodeToken(KEY, token, { ...SCOPE, filters: {} }));
  });

  it('are refused with 4117 when any of their leading characters is changed', () => {
    const token = encodeToken(KEY, CURSOR, SCOPE);
    for (let i = 0; i < Math.min(12, token.length); i++) {
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      refused(() => decodeToken(KEY, changed, SCOPE));
    }
  });

  it('are refused with 4117 when cut, extended, empty or garbage, never with another error', () => {
    const token = encodeToken(KEY, CURSOR, SCOPE);
    for (const bad of [
      '',
      'garbage',
      '.',
      '..',
      token.slice(0, -4),
      token.slice(4),
      `${token}.x`,
      `${token}AAAA`,
      `x${token}`,
      token.split('').reverse().join(''),
      'eyJ9.AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      refused(() => decodeToken(KEY, bad, SCOPE));
    }
  });

  it('never turn a cursor of the wrong types into a position', () => {
    refused(() => decodeToken(KEY, encodeToken(KEY, { createdAt: '1' as unknown as number, id: 'snap-0123abcd' }, SCOPE), SCOPE));
    refused(() => decodeToken(KEY, encodeToken(KEY, { createdAt: 1, id: 5 as unknown as string }, SCOPE), SCOPE));
  });

  it('differ for different cursors and scopes', () => {
    const tokens = new Set([
      encodeToken(KEY, CURSOR, SCOPE),
      encodeToken(KEY, { ...CURSOR, id: 'snap-0123abce' }, SCOPE),
      encodeToken(KEY, { ...CURSOR, createdAt: CURSOR.createdAt + 1 }, SCOPE),
      encodeToken(KEY, CURSOR, { ...SCOPE, me: '726094853215' }),
      encodeToken(OTHER_KEY, CURSOR, SCOPE),
    ]);
    expect(tokens.size).toBe(5);
  });
});

describe('page tokens signed with the right key but carrying a bad payload', () => {
  // The token format (16-byte HMAC then the JSON payload, in standard base64): only the key holder can make
  // such a token, so this is defence in depth behind the MAC, e.g. against a future encoder bug.
  const signed = (payload: string) => {
    const body = Buffer.from(payload, 'utf8');
    return Buffer.concat([createHmac('sha256', KEY).update(body).digest().subarray(0, 16), body]).toString('base64');
  };
  const binding = () => {
    // the third element of a real token's payload
    const token = Buffer.from(encodeToken(KEY, CURSOR, SCOPE), 'base64');
    return (JSON.parse(token.subarray(16).toString('utf8')) as unknown[])[2];
  };

  it('reads a hand-made token like a real one (the format is as described)', () => {
    expect(decodeToken(KEY, signed(JSON.stringify([5, 'snap-00000005', binding()])), SCOPE)).toEqual({ createdAt: 5, id: 'snap-00000005' });
  });

  it.each([
    ['not JSON', () => '{'],
    ['not an array', () => JSON.stringify({ 0: 5, 1: 'snap-00000005', 2: binding(), length: 3 })],
    ['too short', () => JSON.stringify([5, 'snap-00000005'])],
    ['too long', () => JSON.stringify([5, 'snap-00000005', binding(), 'extra'])],
    ['another binding', () => JSON.stringify([5, 'snap-00000005', 'x'])],
    ['a string date', () => JSON.stringify(['5', 'snap-00000005', binding()])],
    ['a numeric ID', () => JSON.stringify([5, 5, binding()])],
    ['an empty payload', () => ''],
  ])('refuses %s with 4117', (_name, payload) => {
    refused(() => decodeToken(KEY, signed(payload()), SCOPE));
  });
});

describe('pageOf', () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ id: `snap-0000000${i}`, at: 100 + i }));
  const cursorOf = (row: (typeof rows)[number]): Cursor => ({ createdAt: row.at, id: row.id });
  const tokenFor = (cursor: Cursor) => `after:${cursor.createdAt}:${cursor.id}`;

  it('returns every row and no token without a limit', () => {
    expect(pageOf(rows, undefined, cursorOf, tokenFor)).toEqual({ items: rows });
  });

  it('returns every row and no token when they fit the limit exactly or with room', () => {
    expect(pageOf(rows, 5, cursorOf, tokenFor)).toEqual({ items: rows });
    expect(pageOf(rows, 1000, cursorOf, tokenFor)).toEqual({ items: rows });
    expect(pageOf([], 1, cursorOf, tokenFor)).toEqual({ items: [] });
  });

  it('cuts at the limit and points the token after the last row returned', () => {
    expect(pageOf(rows, 4, cursorOf, tokenFor)).toEqual({ items: rows.slice(0, 4), NextPageToken: 'after:103:snap-00000003' });
    expect(pageOf(rows, 1, cursorOf, tokenFor)).toEqual({ items: rows.slice(0, 1), NextPageToken: 'after:100:snap-00000000' });
  });
});
