/**
 * The OOS face's tables in the sandbox's SQLite database (run by server/model/store.ts with the rest of the
 * schema; `CREATE … IF NOT EXISTS`, so an older data file gains them on open). A bucket belongs to one Region and
 * one account; an object records what it stands for (size, uncompressed size, source snapshot), never its bytes;
 * a multipart upload in progress records its parts' sizes and MD5s.
 */
export const OOS_SCHEMA = `
CREATE TABLE IF NOT EXISTS oos_buckets (
  region TEXT NOT NULL, name TEXT NOT NULL, account_id TEXT NOT NULL, created_at INTEGER NOT NULL,
  PRIMARY KEY (region, name)
);
CREATE INDEX IF NOT EXISTS oos_buckets_account ON oos_buckets(account_id, region, name);
CREATE TABLE IF NOT EXISTS oos_objects (
  region TEXT NOT NULL, bucket TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL,
  uncompressed_size INTEGER NOT NULL, source_snapshot_id TEXT NOT NULL, source_account_id TEXT NOT NULL,
  etag TEXT NOT NULL, content_type TEXT NOT NULL, last_modified INTEGER NOT NULL,
  PRIMARY KEY (region, bucket, key),
  FOREIGN KEY (region, bucket) REFERENCES oos_buckets(region, name) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS oos_uploads (
  upload_id TEXT PRIMARY KEY, region TEXT NOT NULL, bucket TEXT NOT NULL, key TEXT NOT NULL, account_id TEXT NOT NULL,
  content_type TEXT NOT NULL, created_at INTEGER NOT NULL,
  FOREIGN KEY (region, bucket) REFERENCES oos_buckets(region, name) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS oos_parts (
  upload_id TEXT NOT NULL REFERENCES oos_uploads(upload_id) ON DELETE CASCADE, part_number INTEGER NOT NULL,
  size INTEGER NOT NULL, md5 TEXT NOT NULL, PRIMARY KEY (upload_id, part_number)
);
`;

/** Emptied by Store.reset (before the accounts). */
export const OOS_TABLES = ['oos_parts', 'oos_uploads', 'oos_objects', 'oos_buckets'] as const;
