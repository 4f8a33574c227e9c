// The third-party corpus: the complete samples import without a single reject; the partial ones
// (Panther rule tests) without a crash, every record accounted for.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../src/app/import.js';
import { corpusPath } from '../helpers/fixtures.js';
import { importInto, tempStore, type TempStore } from '../helpers/store.js';

const COMPLETE = ['stratus/cloudtrail.jsonl', 'github-webhooks', 'otlp'].map(corpusPath);
const PARTIAL = ['panther', 'stratus/cloudtrail_doc_samples.jsonl'].map(corpusPath);
const present = [...COMPLETE, ...PARTIAL].every((p) => existsSync(p));

describe.skipIf(!present)('shared/corpus', () => {
  let store: TempStore;
  let complete: ImportReport;
  let partial: ImportReport;
  beforeAll(async () => {
    store = tempStore();
    complete = await importInto(store.db, COMPLETE);
    partial = await importInto(store.db, PARTIAL);
  });
  afterAll(() => store?.close());

  it('imports every complete sample file with no reject', () => {
    expect(complete.files.filter((f) => f.status !== 'imported').map((f) => `${f.path}: ${f.note}`)).toEqual([]);
    expect(complete.files.reduce((n, f) => n + f.rejects, 0)).toBe(0);
    expect(new Set(complete.files.map((f) => f.format))).toEqual(new Set(['cloudtrail', 'github-webhook', 'otel', 'otel-logs']));
  });

  it('accounts for every record of the partial samples: stored, duplicate or rejected with a code', () => {
    for (const f of partial.files.filter((x) => x.status === 'imported')) {
      expect(f.eventsNew + f.eventsDuplicate + f.rejects).toBeGreaterThanOrEqual(f.records);
    }
    const codes = store.db.prepare('SELECT DISTINCT code FROM rejects').all() as Array<{ code: string }>;
    expect(codes.every((c) => /^[A-Z_]+$/.test(c.code))).toBe(true);
  });
});
