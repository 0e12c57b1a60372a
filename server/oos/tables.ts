/**
 * The OOS tables (schema.ts) as the face and the OosStore use them: buckets per Region and account, objects that
 * record what they stand for (size, uncompressed size, source, ETag), listed in S3's order (UTF-8 binary, which
 * is SQLite's BINARY collation) with prefix, delimiter and a start-after key.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../model/store';
import type { OosObjectInfo } from './contract';

export interface OosBucket {
  region: string;
  name: string;
  accountId: string;
  createdAt: number;
}

export interface OosObject extends OosObjectInfo {
  /** S3's ETag, without quotes: the MD5 of an uploaded body, or `md5-N` for an object that stands for an image. */
  etag: string;
  contentType: string;
}

export interface ListQuery {
  prefix: string;
  delimiter: string;
  /** Entries (keys or common prefixes) up to and including this one are skipped. */
  after: string;
  limit: number;
}

export interface Listing {
  objects: OosObject[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last entry returned (a key or a common prefix): where the next page starts after. */
  last?: string;
}

interface ObjectRow {
  region: string;
  bucket: string;
  key: string;
  size: number;
  uncompressed_size: number;
  source_snapshot_id: string;
  source_account_id: string;
  etag: string;
  content_type: string;
  last_modified: number;
}

/** A part size like the AWS CLI's default multipart chunk, only to count the parts an image's ETag names. */
const PART_BYTES = 8 * 1024 * 1024;

/** The ETag of an object that stands for an image: opaque, multipart-shaped (S3 clients skip MD5 checks on those). */
export function imageEtag(object: Pick<OosObjectInfo, 'region' | 'bucket' | 'key' | 'size' | 'sourceSnapshotId'>, now: number): string {
  const md5 = createHash('md5').update(`${object.region}\n${object.bucket}\n${object.key}\n${object.size}\n${object.sourceSnapshotId}\n${now}`).digest('hex');
  return `${md5}-${Math.max(1, Math.ceil(object.size / PART_BYTES))}`;
}

/** S3's key order: UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function toObject(row: ObjectRow): OosObject {
  return {
    region: row.region,
    bucket: row.bucket,
    key: row.key,
    size: row.size,
    uncompressedSize: row.uncompressed_size,
    sourceSnapshotId: row.source_snapshot_id,
    sourceAccountId: row.source_account_id,
    lastModified: row.last_modified,
    etag: row.etag,
    contentType: row.content_type,
  };
}

export class OosTables {
  constructor(private readonly store: Store) {}

  /** The store itself, for the multipart tables (multipart.ts). */
  get db(): Store {
    return this.store;
  }

  bucket(region: string, name: string): OosBucket | undefined {
    const row = this.store.statement('SELECT region, name, account_id, created_at FROM oos_buckets WHERE region = ? AND name = ?').get(region, name) as
      | { region: string; name: string; account_id: string; created_at: number }
      | undefined;
    return row && { region: row.region, name: row.name, accountId: row.account_id, createdAt: row.created_at };
  }

  /** Creates the bucket unless it exists: `exists` when the account owns it, `foreign` when another one does. */
  createBucket(region: string, accountId: string, name: string, now: number): 'created' | 'exists' | 'foreign' {
    return this.store.transaction(() => {
      const known = this.bucket(region, name);
      if (known) return known.accountId === accountId ? 'exists' : 'foreign';
      this.store.statement('INSERT INTO oos_buckets (region, name, account_id, created_at) VALUES (?, ?, ?, ?)').run(region, name, accountId, now);
      return 'created';
    });
  }

  listBuckets(region: string, accountId: string): OosBucket[] {
    const rows = this.store.statement('SELECT name, created_at FROM oos_buckets WHERE account_id = ? AND region = ? ORDER BY name').all(accountId, region) as {
      name: string;
      created_at: number;
    }[];
    return rows.map((row) => ({ region, name: row.name, accountId, createdAt: row.created_at }));
  }

  /** Deletes an empty bucket; `not-empty` while it holds an object. */
  deleteBucket(region: string, name: string): 'deleted' | 'not-empty' {
    return this.store.transaction(() => {
      if (this.store.statement('SELECT 1 FROM oos_objects WHERE region = ? AND bucket = ? LIMIT 1').get(region, name)) return 'not-empty';
      this.store.statement('DELETE FROM oos_buckets WHERE region = ? AND name = ?').run(region, name);
      return 'deleted';
    });
  }

  object(region: string, bucket: string, key: string): OosObject | undefined {
    const row = this.store.statement('SELECT * FROM oos_objects WHERE region = ? AND bucket = ? AND key = ?').get(region, bucket, key) as ObjectRow | undefined;
    return row && toObject(row);
  }

  /** Writes or replaces an object; the bucket is created for the source account if it is missing. */
  putObject(object: OosObject): OosObject {
    this.store.transaction(() => {
      if (!this.bucket(object.region, object.bucket)) this.createBucket(object.region, object.sourceAccountId, object.bucket, object.lastModified);
      this.store
        .statement(
          `INSERT INTO oos_objects (region, bucket, key, size, uncompressed_size, source_snapshot_id, source_account_id, etag, content_type, last_modified)
           VALUES (@region, @bucket, @key, @size, @uncompressedSize, @sourceSnapshotId, @sourceAccountId, @etag, @contentType, @lastModified)
           ON CONFLICT (region, bucket, key) DO UPDATE SET size = excluded.size, uncompressed_size = excluded.uncompressed_size,
             source_snapshot_id = excluded.source_snapshot_id, source_account_id = excluded.source_account_id, etag = excluded.etag,
             content_type = excluded.content_type, last_modified = excluded.last_modified`,
        )
        .run(object);
    });
    return object;
  }

  /** Deletes an object; S3 answers the same whether it existed or not. */
  deleteObject(region: string, bucket: string, key: string): void {
    this.store.statement('DELETE FROM oos_objects WHERE region = ? AND bucket = ? AND key = ?').run(region, bucket, key);
  }

  /**
   * One page of a bucket's keys under `prefix`, grouped by `delimiter`, after `after`, at most `limit` entries.
   * Past a common prefix the scan jumps over every key under it (one indexed seek), so a page costs about its size.
   */
  list(region: string, bucket: string, query: ListQuery): Listing {
    const { prefix, delimiter, after, limit } = query;
    const listing: Listing = { objects: [], commonPrefixes: [], truncated: false };
    const statement = this.store.db.prepare('SELECT * FROM oos_objects WHERE region = ? AND bucket = ? AND key >= ? ORDER BY key');
    let start = compareKeys(after, prefix) > 0 ? after : prefix;
    let count = 0;
    scan: for (;;) {
      let jump: string | undefined;
      for (const row of statement.iterate(region, bucket, start) as IterableIterator<ObjectRow>) {
        if (!row.key.startsWith(prefix)) {
          if (compareKeys(row.key, prefix) > 0) break scan;
          continue;
        }
        const at = delimiter ? row.key.indexOf(delimiter, prefix.length) : -1;
        const entry = at >= 0 ? row.key.slice(0, at + delimiter.length) : row.key;
        if (after && (entry === after || (at >= 0 && compareKeys(entry, after) <= 0))) {
          if (at >= 0) {
            jump = entry;
            break;
          }
          continue;
        }
        if (count >= limit) {
          listing.truncated = true;
          break scan;
        }
        count += 1;
        listing.last = entry;
        if (at < 0) {
          listing.objects.push(toObject(row));
          continue;
        }
        listing.commonPrefixes.push(entry);
        jump = entry;
        break;
      }
      if (jump === undefined) break;
      // Every key under the common prefix sorts before it followed by the highest code point.
      start = `${jump}\u{10FFFF}`;
    }
    return listing;
  }
}
