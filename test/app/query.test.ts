// `attrib query` reads and never writes or escapes the store.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../src/app/query.js';
import { isAttribError } from '../../src/errors.js';
import { openStore, type Db } from '../../src/store/open.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

function refusal(db: Db, sql: string): string {
  try {
    runQuery(db, sql);
  } catch (error) {
    if (isAttribError(error)) return error.code;
    throw error;
  }
  return 'ran';
}

describe('read-only query', () => {
  let store: TempStore;
  let db: Db;
  beforeAll(async () => {
    store = tempStore();
    await importInto(store.db, [join(FIXTURES, 'cloudtrail/sts-assume-role.json')]);
    store.db.close();
    db = openStore(store.path, { readonly: true });
  });
  afterAll(() => {
    db.close();
    store.close();
  });

  it('answers a select', () => {
    expect(runQuery(db, 'select count(*) as n from events')).toEqual([{ n: 2 }]);
  });

  it.each([
    ['an insert', "insert into meta (key, value) values ('x', 'y')"],
    ['a delete', 'delete from events'],
    ['an update hidden in a CTE', "with x as (select 1) update events set name = 'x'"],
    ['DDL', 'drop table events'],
    ['ATTACH', "attach database '/tmp/attrib-escape.db' as other"],
    ['a writable pragma', 'pragma journal_mode = delete'],
    ['VACUUM INTO', "vacuum into '/tmp/attrib-copy.db'"],
  ])('refuses %s', (_what, sql) => {
    expect(refusal(db, sql)).toBe('QUERY_REFUSED');
    expect(runQuery(db, 'select count(*) as n from events')).toEqual([{ n: 2 }]);
  });

  it('cannot load an extension through SQL', () => {
    expect(refusal(db, "select load_extension('/tmp/nothing.so')")).toBe('QUERY_FAILED');
  });
});
