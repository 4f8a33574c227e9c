// One eventID, two different records: the second is evidence of something, so it is kept as a reject.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport, ImportWarning } from '../../src/app/import.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

const FILE = join(FIXTURES, 'cloudtrail/bad/conflicting-duplicate.jsonl');

describe('conflicting duplicates', () => {
  let store: TempStore;
  let report: ImportReport;
  const warnings: ImportWarning[] = [];
  beforeAll(async () => {
    store = tempStore();
    report = await importInto(store.db, [FILE], { onWarning: (w) => warnings.push(w) });
  });
  afterAll(() => store.close());

  it('stores the first record, counts the identical copy as a duplicate, rejects the different one', () => {
    expect(report.files[0]).toMatchObject({ records: 3, eventsNew: 1, eventsDuplicate: 1, rejects: 1 });
    const stored = store.db.prepare('SELECT target FROM events').all() as Array<{ target: string }>;
    expect(stored).toEqual([{ target: 'arn:aws:s3:::fx-conflict-bucket/a.txt' }]);
  });

  it('keeps the conflicting record whole, with file, line and where the first copy is', () => {
    const rows = store.db.prepare('SELECT line, code, message, raw FROM rejects').all() as Array<{
      line: number;
      code: string;
      message: string;
      raw: string;
    }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ line: 3, code: 'CONFLICTING_DUPLICATE' });
    expect(rows[0]!.message).toMatch(/cloudtrail:c0f1c700-0001-4000-8000-000000000001 is already stored from .*conflicting-duplicate\.jsonl:1 with different content/);
    expect((JSON.parse(rows[0]!.raw) as { requestParameters: { key: string } }).requestParameters.key).toBe('b.txt');
    expect(warnings).toEqual([expect.objectContaining({ file: FILE, line: 3, code: 'CONFLICTING_DUPLICATE' })]);
  });
});
