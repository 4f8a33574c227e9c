// Test helpers: a fresh store in a temp folder, and imports into it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { importPaths, type ImportOptions, type ImportReport } from '../../src/app/import.js';
import { openStore, type Db } from '../../src/store/open.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'fixtures');

export interface TempStore {
  readonly db: Db;
  readonly path: string;
  readonly dir: string;
  close(): void;
}

export function tempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-test-'));
  const path = join(dir, 'test.db');
  const db = openStore(path);
  return {
    db,
    path,
    dir,
    close() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function importInto(db: Db, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  return importPaths(db, paths, options);
}

/** Absolute paths in documents → paths relative to the project root, so goldens hold on any machine. */
export function relativizePaths<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === 'file' && typeof v === 'string' ? relative(ROOT, v) : v)),
  ) as T;
}
