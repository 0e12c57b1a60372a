/**
 * Opaque page tokens: the last (created_at, id) of a page, bound by an HMAC to the caller and the filters,
 * so a garbage, tampered or reused-with-other-filters token is refused with 4117.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { oscErrors } from '../osc/errors';

export interface Cursor {
  createdAt: number;
  id: string;
}

function bindingOf(scope: unknown): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 16);
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

export function encodeToken(key: Buffer, cursor: Cursor, scope: unknown): string {
  const payload = Buffer.from(JSON.stringify([cursor.createdAt, cursor.id, bindingOf(scope)])).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

export function decodeToken(key: Buffer, token: string, scope: unknown): Cursor {
  const invalid = () => oscErrors.invalidNextPageToken('The NextPageToken is invalid or does not belong to this request.');
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!Array.isArray(decoded) || decoded[2] !== bindingOf(scope)) throw invalid();
  const [createdAt, id] = decoded as [unknown, unknown];
  if (typeof createdAt !== 'number' || typeof id !== 'string') throw invalid();
  return { createdAt, id };
}

/** Runs a keyset query page by page: results sorted by creation date then ID. */
export function pageOf<T>(
  rows: T[],
  limit: number | undefined,
  cursorOf: (row: T) => Cursor,
  tokenFor: (cursor: Cursor) => string,
): { items: T[]; NextPageToken?: string } {
  if (limit === undefined || rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, NextPageToken: tokenFor(cursorOf(items[items.length - 1]!)) };
}
