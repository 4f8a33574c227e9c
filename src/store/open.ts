// Opens (and creates, and migrates) the SQLite store.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { AttribError } from '../errors.js';
import { migrate, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Read-only: never creates or migrates; `query` runs on this. */
  readonly readonly?: boolean;
}

export const DEFAULT_DB_PATH = 'attrib.db';

/** The store path: --db, then $ATTRIB_DB, then ./attrib.db. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env['ATTRIB_DB'] ?? DEFAULT_DB_PATH;
}

export function openStore(path: string, options: OpenOptions = {}): Db {
  if (options.readonly && path !== ':memory:' && !existsSync(path)) {
    throw new AttribError('STORE_NOT_FOUND', `no store at ${path}`, {
      hint: 'import logs first (`attrib import <path>`), or point --db / $ATTRIB_DB at an existing store',
    });
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new AttribError('STORE_NOT_FOUND', `cannot open store ${path}: ${(error as Error).message}`);
  }
  // Another import holding the write lock: wait for it rather than fail at once.
  db.pragma('busy_timeout = 10000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new AttribError('STORE_NEWER', `${path} was written by a newer attrib (schema ${version}, this one knows ${SCHEMA_VERSION})`, {
      hint: 'upgrade attrib to read this store',
    });
  }
  if (options.readonly) {
    if (version === 0) {
      db.close();
      throw new AttribError('STORE_NOT_FOUND', `${path} is not an attrib store`, { hint: 'import logs into it first' });
    }
    if (version < SCHEMA_VERSION) {
      // A store written by an older attrib: bring its schema up once (no data changes), then read.
      db.close();
      openStore(path).close();
      return openStore(path, options);
    }
    db.pragma('query_only = ON');
    return db;
  }
  // WAL: readers never block the importer; synchronous=NORMAL: a process kill loses nothing committed,
  // an OS crash can lose the last transactions (whole batches, never half of one).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // The default 2 MB page cache thrashes once the indexes outgrow it and inserts slow with store size;
  // 64 MB keeps the hot index pages resident at a fixed memory cost.
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 16384');
  if (version < SCHEMA_VERSION) migrate(db);
  return db;
}
