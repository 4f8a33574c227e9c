// A file two adapters both claim is reported as ambiguous, and the rest of the import goes on.
// A look-alike second adapter is put in front of detection through detectFormat's `candidates` parameter.
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportWarning } from '../../src/app/import.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

vi.mock('../../src/adapters/registry.js', async (importOriginal) => {
  const registry = await importOriginal<typeof import('../../src/adapters/registry.js')>();
  const { cloudtrail } = await import('../../src/adapters/cloudtrail.js');
  const lookalike = {
    ...cloudtrail,
    name: 'sts-lookalike',
    title: 'a second adapter that also claims STS records',
    detect: (record: unknown): boolean =>
      cloudtrail.detect(record) && (record as Record<string, unknown>)['eventSource'] === 'sts.amazonaws.com',
  };
  return {
    ...registry,
    detectFormat: (sample: readonly unknown[]) => registry.detectFormat(sample, [cloudtrail, lookalike]),
  };
});

const CT = join(FIXTURES, 'cloudtrail');
let store: TempStore | undefined;
afterEach(() => store?.close());

describe('ambiguous detection during an import', () => {
  it('reports the file claimed twice as ambiguous and imports the next one', async () => {
    store = tempStore();
    const claimedTwice = join(CT, 'sts-assume-role.json');
    const claimedOnce = join(CT, 'identity-iam-user.json');
    const warnings: ImportWarning[] = [];
    const report = await importInto(store.db, [claimedTwice, claimedOnce], { onWarning: (w) => warnings.push(w) });
    expect(report.files.map((f) => [f.path, f.status, f.format, f.eventsNew])).toEqual([
      [claimedTwice, 'ambiguous', null, 0],
      [claimedOnce, 'imported', 'cloudtrail', 1],
    ]);
    const note = report.files[0]!.note!;
    expect(note).toMatch(/^ambiguous format: records match several formats \(cloudtrail, sts-lookalike\)/);
    expect(note).toContain('--format');
    expect(warnings).toEqual([{ file: claimedTwice, line: null, code: 'AMBIGUOUS_FORMAT', message: note }]);

    // --format settles it.
    const forced = await importInto(store.db, [claimedTwice], { format: 'cloudtrail' });
    expect(forced.files[0]).toMatchObject({ status: 'imported', eventsNew: 2 });
  });
});
