/**
 * Opaque page tokens: the last (created_at, id) of a page, bound by an HMAC to the caller and the filters,
 * so a garbage, tampered or reused-with-other-filters token is refused with 4117.
 *
 * A token is standard, padded base64 (RFC 4648 §4), as OUTSCALE's OpenAPI declares it (`format: byte`): the
 * 16-byte MAC followed by the JSON payload it signs. Only the canonical spelling is accepted.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { oscErrors } from '../osc/errors';

export interface Cursor {
  createdAt: number;
  id: string;
}

const MAC_BYTES = 16;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function bindingOf(scope: unknown): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64').slice(0, 16);
}

function mac(key: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
}

export function encodeToken(key: Buffer, cursor: Cursor, scope: unknown): string {
  const payload = Buffer.from(JSON.stringify([cursor.createdAt, cursor.id, bindingOf(scope)]), 'utf8');
  return Buffer.concat([mac(key, payload), payload]).toString('base64');
}

export function decodeToken(key: Buffer, token: string, scope: unknown): Cursor {
  const invalid = () => oscErrors.invalidNextPageToken('The NextPageToken is invalid or does not belong to this request.');
  if (!BASE64.test(token)) throw invalid();
  const raw = Buffer.from(token, 'base64');
  if (raw.length <= MAC_BYTES || raw.toString('base64') !== token) throw invalid();
  const given = raw.subarray(0, MAC_BYTES);
  const payload = raw.subarray(MAC_BYTES);
  if (!timingSafeEqual(given, mac(key, payload))) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(payload.toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || decoded[2] !== bindingOf(scope)) throw invalid();
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
