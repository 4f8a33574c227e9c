// A store written by an older attrib is upgraded when first opened, even by a read-only command.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open.js';

describe('store upgrades', () => {
  it('migrates a schema-1 store on a read-only open, keeping its rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-upgrade-'));
    const path = join(dir, 'old.db');
    try {
      const old = new Database(path);
      old.exec(MIGRATIONS[0]!.up);
      old.pragma('user_version = 1');
      old.prepare("INSERT INTO meta (key, value) VALUES ('marker', 'kept')").run();
      old.close();
      const db = openStore(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'marker'").get()).toEqual({ value: 'kept' });
      expect(() => db.prepare('SELECT count(*) FROM identity_members').get()).not.toThrow();
      expect(() => db.prepare("INSERT INTO meta (key, value) VALUES ('x', 'y')").run()).toThrow();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
