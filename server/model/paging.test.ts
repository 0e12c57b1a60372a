import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, pageOf, type Cursor } from './paging';
import { expectOscError } from './test-kit';

const KEY = Buffer.from('a'.repeat(64), 'hex');
const OTHER_KEY = Buffer.from('b'.repeat(64), 'hex');
const SCOPE = { me: '339215505907', filters: { States: ['completed'] } };
const CURSOR: Cursor = { createdAt: 1_795_000_000_000, id: 'snap-0123abcd' };

const refused = (fn: () => unknown) => expectOscError(fn, 400, '4117', 'InvalidParameterValue');

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
