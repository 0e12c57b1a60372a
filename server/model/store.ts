/**
 * All sandbox state in SQLite (better-sqlite3; WAL for files). Accounts, volumes, snapshots, tags,
 * share permissions, throttling events, and the OMIs (images) that use snapshots (only so that DeleteSnapshot can
 * refuse, as OUTSCALE does: the sandbox has no image calls); State and Progress are derived, never stored.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { DemoAccount } from '../../src/api/sandbox';
import { OOS_SCHEMA, OOS_TABLES } from '../oos/schema';
import { EXPORT_TASKS_SCHEMA, EXPORT_TASKS_TABLES } from './export-tasks-schema';

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
  account_id TEXT PRIMARY KEY, alias TEXT, email TEXT NOT NULL, first_name TEXT, last_name TEXT,
  company TEXT, city TEXT, country TEXT, zip TEXT, customer_id TEXT NOT NULL, region TEXT NOT NULL,
  access_key TEXT NOT NULL UNIQUE, secret_key TEXT NOT NULL, role TEXT NOT NULL, position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS volumes (
  volume_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(account_id), size INTEGER NOT NULL,
  state TEXT NOT NULL, subregion TEXT NOT NULL, volume_type TEXT NOT NULL, iops INTEGER, snapshot_id TEXT,
  created_at INTEGER NOT NULL, vm_id TEXT, device_name TEXT
);
CREATE INDEX IF NOT EXISTS volumes_account ON volumes(account_id, created_at, volume_id);
CREATE TABLE IF NOT EXISTS snapshots (
  snapshot_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(account_id),
  volume_id TEXT, volume_size INTEGER NOT NULL, description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL, queue_ms INTEGER NOT NULL, run_ms INTEGER NOT NULL CHECK (run_ms > 0),
  outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'error')), fail_progress INTEGER NOT NULL DEFAULT 0,
  deleting_at INTEGER, delete_ms INTEGER NOT NULL DEFAULT 0, global_permission INTEGER NOT NULL DEFAULT 0,
  client_token TEXT, request_hash TEXT, source_snapshot_id TEXT, origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_order ON snapshots(created_at, snapshot_id);
CREATE INDEX IF NOT EXISTS snapshots_account ON snapshots(account_id, created_at, snapshot_id);
CREATE INDEX IF NOT EXISTS snapshots_public ON snapshots(global_permission) WHERE global_permission = 1;
CREATE UNIQUE INDEX IF NOT EXISTS snapshots_token ON snapshots(account_id, client_token) WHERE client_token IS NOT NULL;
CREATE TABLE IF NOT EXISTS snapshot_permissions (
  snapshot_id TEXT NOT NULL REFERENCES snapshots(snapshot_id) ON DELETE CASCADE,
  account_id TEXT NOT NULL, PRIMARY KEY (snapshot_id, account_id)
);
CREATE INDEX IF NOT EXISTS snapshot_permissions_account ON snapshot_permissions(account_id);
CREATE TABLE IF NOT EXISTS tags (
  resource_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource_id, key)
);
CREATE INDEX IF NOT EXISTS tags_key_value ON tags(key, value);
CREATE TABLE IF NOT EXISTS images (
  image_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(account_id), name TEXT NOT NULL,
  snapshot_id TEXT NOT NULL REFERENCES snapshots(snapshot_id)
);
CREATE INDEX IF NOT EXISTS images_snapshot ON images(snapshot_id);
CREATE TABLE IF NOT EXISTS creation_events (subject TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS creation_events_subject ON creation_events(subject, at);
`;

export interface AccountRow {
  account_id: string;
  alias: string | null;
  email: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  city: string | null;
  country: string | null;
  zip: string | null;
  customer_id: string;
  region: string;
  access_key: string;
  secret_key: string;
  role: string;
  position: number;
}

/** How many distinct SQL texts keep their prepared statement (filters of new shapes make new texts). */
const STATEMENT_CACHE_SIZE = 256;

export class Store {
  readonly db: Database.Database;
  /** Signs page tokens; kept in the database so tokens survive a restart. */
  readonly tokenKey: Buffer;
  private readonly statements = new Map<string, Database.Statement>();
  private credentials: Map<string, { secretKey: string; accountId: string }> | undefined;

  constructor(path: string) {
    this.db = new Database(path);
    if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`The sandbox database was written by a newer version (schema ${version}); use --reset.`);
    }
    this.db.exec(SCHEMA);
    this.db.exec(OOS_SCHEMA);
    this.db.exec(EXPORT_TASKS_SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    this.tokenKey = Buffer.from(this.meta('token_key', () => randomBytes(32).toString('hex')), 'hex');
  }

  private meta(key: string, create: () => string): string {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    if (row) return row.value;
    const value = create();
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
    return value;
  }

  /**
   * The prepared statement of this SQL text, compiled once (SQLite's prepare costs more than a small query).
   * The oldest texts are dropped beyond STATEMENT_CACHE_SIZE. Use it with `.all`, `.get` or `.run`,
   * not `.iterate`: a statement that is being iterated cannot run again until the iteration ends.
   */
  statement(sql: string): Database.Statement {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    const statement = this.db.prepare(sql);
    // Oldest first: a hit costs one lookup (no reordering); the hot texts are prepared again soon if dropped.
    if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value as string);
    this.statements.set(sql, statement);
    return statement;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  isEmpty(): boolean {
    return !this.db.prepare('SELECT 1 FROM accounts LIMIT 1').get();
  }

  addAccount(row: AccountRow): void {
    this.credentials = undefined;
    this.db
      .prepare(
        `INSERT INTO accounts VALUES (@account_id, @alias, @email, @first_name, @last_name, @company, @city,
          @country, @zip, @customer_id, @region, @access_key, @secret_key, @role, @position)`,
      )
      .run(row);
  }

  account(accountId: string): AccountRow | undefined {
    return this.statement('SELECT * FROM accounts WHERE account_id = ?').get(accountId) as AccountRow | undefined;
  }

  /** Every signed call asks: answered from memory, read again after any change to the accounts. */
  secretFor(accessKey: string): { secretKey: string; accountId: string } | undefined {
    if (!this.credentials) {
      const rows = this.statement('SELECT access_key, secret_key, account_id FROM accounts').all() as {
        access_key: string;
        secret_key: string;
        account_id: string;
      }[];
      this.credentials = new Map(rows.map((row) => [row.access_key, { secretKey: row.secret_key, accountId: row.account_id }]));
    }
    return this.credentials.get(accessKey);
  }

  /** The demo credentials, for the sandbox-only endpoint. */
  listAccounts(): DemoAccount[] {
    const rows = this.db.prepare('SELECT * FROM accounts ORDER BY position').all() as AccountRow[];
    return rows.map((row) => ({
      AccountId: row.account_id,
      ...(row.alias ? { AccountAlias: row.alias } : {}),
      Email: row.email,
      AccessKey: row.access_key,
      SecretKey: row.secret_key,
      Region: row.region,
      Role: row.role,
    }));
  }

  /** Drops every account and resource (the token key stays), for a fresh seed. */
  reset(): void {
    this.credentials = undefined;
    this.transaction(() => {
      for (const table of [...OOS_TABLES, ...EXPORT_TASKS_TABLES, 'images', 'tags', 'snapshot_permissions', 'creation_events', 'snapshots', 'volumes', 'accounts']) {
        this.db.exec(`DELETE FROM ${table}`);
      }
    });
  }

  close(): void {
    this.db.close();
  }
}

export function openStore(path: string): Store {
  return new Store(path);
}
