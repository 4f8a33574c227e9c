// The import pipeline end to end: rejects, detection failures, truncation, idempotence, resume, redaction.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudtrail } from '../../src/adapters/cloudtrail.js';
import { detectFormat } from '../../src/adapters/registry.js';
import type { Adapter } from '../../src/adapters/types.js';
import type { ImportOptions, ImportWarning } from '../../src/app/import.js';
import { AttribError } from '../../src/errors.js';
import { listInputFiles } from '../../src/readers/walk.js';
import { openStore, type Db } from '../../src/store/open.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

const CT = join(FIXTURES, 'cloudtrail');
const BAD_LINES = join(CT, 'bad/bad-lines.jsonl');
const NOT_CLOUDTRAIL = join(CT, 'bad/not-cloudtrail.json');
const TRUNCATED = join(CT, 'bad/truncated.json.gz');
const S3_LAYOUT = join(CT, 's3-layout');

const stores: TempStore[] = [];
function store(): TempStore {
  const s = tempStore();
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

interface Totals {
  readonly events: number;
  readonly rejects: number;
  readonly links: number;
  readonly files: number;
  readonly principals: number;
  readonly credentials: number;
}

function totals(db: Db): Totals {
  return {
    events: count(db, 'SELECT count(*) AS n FROM events'),
    rejects: count(db, 'SELECT count(*) AS n FROM rejects'),
    links: count(db, 'SELECT count(*) AS n FROM links'),
    files: count(db, 'SELECT count(*) AS n FROM files'),
    principals: count(db, 'SELECT count(*) AS n FROM principals'),
    credentials: count(db, 'SELECT count(*) AS n FROM credentials'),
  };
}

interface FileRowLite {
  readonly path: string;
  readonly status: string;
  readonly format: string | null;
  readonly records: number;
  readonly events_new: number;
  readonly events_duplicate: number;
  readonly rejects: number;
  readonly note: string | null;
}

function fileRow(db: Db, path: string): FileRowLite | undefined {
  return db.prepare('SELECT path, status, format, records, events_new, events_duplicate, rejects, note FROM files WHERE path = ?').get(path) as
    | FileRowLite
    | undefined;
}

function withWarnings(options: ImportOptions = {}): { options: ImportOptions; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  return { options: { ...options, onWarning: (w) => warnings.push(w) }, warnings };
}

function lineOf(path: string, line: number): string {
  return readFileSync(path, 'utf8').split('\n')[line - 1]!;
}

/** A temp file in the store's folder. */
function temp(s: TempStore, name: string, content: string | Buffer): string {
  const path = join(s.dir, name);
  writeFileSync(path, content);
  return path;
}

describe('bad records (bad/bad-lines.jsonl)', () => {
  const GOOD = ['3201e8dd-3c04-4570-8ee9-f8f9ce7c12ba', '3202292f-12fc-4025-8ba6-ffdacbf2ae62', '32053248-3b05-4548-85d1-ab6150afa059'];
  const EXPECTED_REJECTS = [
    { line: 2, record_index: 1, code: 'BAD_JSON', message: /^not valid JSON: Unterminated string/ },
    { line: 4, record_index: 3, code: 'NOT_AN_OBJECT', message: /must be a JSON object/ },
    { line: 5, record_index: 4, code: 'MISSING_FIELD', message: /eventTime is missing/ },
    { line: 6, record_index: 5, code: 'BAD_TIME', message: /"redacted" is not an ISO-8601 time/ },
  ];

  it('stores the good records and every bad line as a reject with its line, code, message and raw text', async () => {
    const s = store();
    const { options, warnings } = withWarnings();
    const report = await importInto(s.db, [BAD_LINES], options);
    expect(report.files).toEqual([
      { path: BAD_LINES, format: 'cloudtrail', status: 'imported', records: 7, eventsNew: 3, eventsDuplicate: 0, rejects: 4, note: null },
    ]);
    const stored = s.db.prepare('SELECT id, line, record_index FROM events ORDER BY record_index').all();
    expect(stored).toEqual([
      { id: `cloudtrail:${GOOD[0]}`, line: 1, record_index: 0 },
      { id: `cloudtrail:${GOOD[1]}`, line: 3, record_index: 2 },
      { id: `cloudtrail:${GOOD[2]}`, line: 7, record_index: 6 },
    ]);
    expect(count(s.db, "SELECT count(*) AS n FROM events WHERE id = 'cloudtrail:32063e80-2030-4481-8eb3-a8f235d7feb8'")).toBe(0);

    const rejects = s.db.prepare('SELECT path, line, record_index, code, message, raw FROM rejects ORDER BY line').all() as Array<{
      path: string;
      line: number;
      record_index: number;
      code: string;
      message: string;
      raw: string;
    }>;
    expect(rejects).toHaveLength(4);
    rejects.forEach((r, i) => {
      const want = EXPECTED_REJECTS[i]!;
      expect(r).toMatchObject({ path: BAD_LINES, line: want.line, record_index: want.record_index, code: want.code });
      expect(r.message).toMatch(want.message);
    });
    // Unparseable text is kept verbatim; records the adapter refused are kept as their JSON.
    expect(rejects[0]!.raw).toBe(lineOf(BAD_LINES, 2));
    for (const r of rejects.slice(1)) expect(JSON.parse(r.raw)).toEqual(JSON.parse(lineOf(BAD_LINES, r.line)));

    expect(warnings.map((w) => [w.file, w.line, w.code])).toEqual(EXPECTED_REJECTS.map((r) => [BAD_LINES, r.line, r.code]));
    expect(fileRow(s.db, BAD_LINES)).toMatchObject({ status: 'complete', records: 7, events_new: 3, rejects: 4 });
  });

  it('--strict stops at the first bad line naming file:line, and leaves a consistent store that a normal run completes', async () => {
    const s = store();
    const error = await importInto(s.db, [BAD_LINES], { strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AttribError);
    expect(error).toMatchObject({ code: 'BAD_RECORD', exitCode: 2 });
    expect((error as AttribError).message).toContain(`${BAD_LINES}:2`);
    expect((error as AttribError).message).toContain('BAD_JSON');
    expect((error as AttribError).hint).toMatch(/--strict/);

    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(s.db.prepare('SELECT id FROM events').all()).toEqual([{ id: 'cloudtrail:3201e8dd-3c04-4570-8ee9-f8f9ce7c12ba' }]);
    expect(s.db.prepare('SELECT line, code FROM rejects').all()).toEqual([{ line: 2, code: 'BAD_JSON' }]);
    expect(fileRow(s.db, BAD_LINES)).toMatchObject({ status: 'failed', note: expect.stringMatching(/--strict/) });

    const again = await importInto(s.db, [BAD_LINES]);
    expect(again.files[0]).toMatchObject({ status: 'imported', eventsNew: 3, eventsDuplicate: 0, rejects: 4 });
    expect(totals(s.db)).toMatchObject({ events: 3, rejects: 4, files: 1 });
    expect(fileRow(s.db, BAD_LINES)).toMatchObject({ status: 'complete', events_new: 3, events_duplicate: 0, rejects: 4 });
  });
});

describe('detection', () => {
  it('reports a file no adapter claims as unrecognized, pointing to `attrib formats`, and imports the others', async () => {
    const s = store();
    const assumeRole = join(CT, 'sts-assume-role.json');
    const { options, warnings } = withWarnings();
    const report = await importInto(s.db, [NOT_CLOUDTRAIL, assumeRole, join(CT, 'ndjson.jsonl')], options);
    expect(report.files.map((f) => [f.path, f.status, f.eventsNew])).toEqual([
      [NOT_CLOUDTRAIL, 'unrecognized', 0],
      [assumeRole, 'imported', 2],
      [join(CT, 'ndjson.jsonl'), 'imported', 3],
    ]);
    const note = report.files[0]!.note!;
    expect(note).toMatch(/^unrecognized format/);
    expect(note).toContain('attrib formats');
    expect(note).toContain('--format');
    expect(warnings).toEqual([{ file: NOT_CLOUDTRAIL, line: null, code: 'UNRECOGNIZED_FORMAT', message: note }]);
    expect(count(s.db, 'SELECT count(*) AS n FROM events')).toBe(5);
    expect(fileRow(s.db, NOT_CLOUDTRAIL)).toMatchObject({ status: 'failed', format: null });
  });

  it('says why when none of the first records is even JSON, without reading the whole file first', async () => {
    const s = store();
    const path = temp(s, 'syslog.log', Array.from({ length: 5000 }, (_, i) => `May  1 10:00:${i % 60} host sshd[1]: line ${i}`).join('\n'));
    const report = await importInto(s.db, [path]);
    expect(report.files[0]).toMatchObject({ status: 'unrecognized', records: 0 });
    expect(report.files[0]!.note).toMatch(/none of its first 100 records is readable \(line 1: not valid JSON/);
    expect(count(s.db, 'SELECT count(*) AS n FROM rejects')).toBe(0);
  });

  it('calls a record claimed by two adapters ambiguous', () => {
    const lookalike: Adapter = { ...cloudtrail, name: 'cloudtrail-lookalike', title: 'a second adapter claiming CloudTrail records' };
    const record = JSON.parse(lineOf(join(CT, 'ndjson.jsonl'), 1)) as unknown;
    expect(detectFormat([record], [cloudtrail])).toMatchObject({ ok: true, adapter: cloudtrail });
    const detection = detectFormat([record], [cloudtrail, lookalike]);
    expect(detection).toMatchObject({ ok: false, code: 'AMBIGUOUS_FORMAT' });
    expect(!detection.ok && detection.message).toContain('cloudtrail, cloudtrail-lookalike');
    const onlyOther: Adapter = { ...lookalike, detect: (r) => typeof r === 'object' && r !== null && 'other' in r };
    expect(detectFormat([record, { other: 1 }], [cloudtrail, onlyOther])).toMatchObject({ ok: false, code: 'AMBIGUOUS_FORMAT' });
  });

  it('--format cloudtrail imports a file detection refuses', async () => {
    const s = store();
    const record = JSON.parse(lineOf(join(CT, 'ndjson.jsonl'), 3)) as Record<string, unknown>;
    delete record['eventVersion'];
    delete record['userIdentity'];
    delete record['eventID'];
    const path = temp(s, 'stripped.json', `${JSON.stringify(record)}\n`);
    const refused = await importInto(s.db, [path]);
    expect(refused.files[0]).toMatchObject({ status: 'unrecognized' });
    const forced = await importInto(s.db, [path], { format: 'cloudtrail' });
    expect(forced.files[0]).toMatchObject({ status: 'imported', format: 'cloudtrail', eventsNew: 1, rejects: 0 });
    expect(s.db.prepare('SELECT name FROM events').all()).toEqual([{ name: 'ec2:ModifySnapshotAttribute' }]);
  });

  it('refuses an unknown --format before reading anything', async () => {
    const s = store();
    const error = await importInto(s.db, [BAD_LINES], { format: 'no-such-format' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNKNOWN_FORMAT' });
    expect(totals(s.db).files).toBe(0);
  });

  it('skips an empty file with a note', async () => {
    const s = store();
    const path = temp(s, 'empty.json', '\n\n');
    const report = await importInto(s.db, [path]);
    expect(report.files[0]).toMatchObject({ status: 'skipped', note: 'empty file: no records' });
  });
});

describe('truncated input', () => {
  it('reports truncated.json.gz as a read fault naming the file (not as unrecognized), keeping the cut text', async () => {
    const s = store();
    const { options, warnings } = withWarnings();
    const report = await importInto(s.db, [TRUNCATED, join(CT, 'ndjson.jsonl')], options);
    const [cut, next] = report.files;
    expect(cut).toMatchObject({ path: TRUNCATED, status: 'failed', eventsNew: 0, rejects: 1 });
    expect(cut!.note).toMatch(/^gzip stream is truncated \(unexpected end of file\) at line \d+; no complete record before it$/);
    expect(next).toMatchObject({ status: 'imported', eventsNew: 3 });
    expect(warnings).toEqual([{ file: TRUNCATED, line: 3, code: 'TRUNCATED', message: expect.stringMatching(/gzip stream is truncated/) }]);
    const reject = s.db.prepare('SELECT path, line, code, raw FROM rejects').get() as { path: string; line: number; code: string; raw: string };
    expect(reject).toMatchObject({ path: TRUNCATED, line: 3, code: 'TRUNCATED' });
    expect(reject.raw).toContain('"accessKeyId": "ASIAFXTRUNCGZSESS033"');
    expect(fileRow(s.db, TRUNCATED)).toMatchObject({ status: 'failed', rejects: 1 });
  });

  it('imports the complete records of a compact delivery whose gzip stream is cut, and rejects the tail', async () => {
    const s = store();
    const records = readFileSync(join(CT, 'ndjson.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // Distinct padding per record: repeated records compress so well that a cut would land in the first one.
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...records[2],
      eventID: `2dee0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      requestID: `req-${i}`,
      additionalEventData: { pad: createHash('sha256').update(`pad-${i}`).digest('hex').repeat(8) },
    }));
    const gz = gzipSync(JSON.stringify({ Records: [records[0], ...many] }));
    const path = temp(s, 'cut.json.gz', gz.subarray(0, Math.floor(gz.length * 0.5)));
    const { options, warnings } = withWarnings();
    const report = await importInto(s.db, [path], options);
    const file = report.files[0]!;
    expect(file.status).toBe('imported');
    expect(file.eventsNew).toBeGreaterThan(3);
    expect(file.rejects).toBe(1);
    expect(file.note).toMatch(/gzip stream is truncated .* the records before it were imported/);
    expect(count(s.db, 'SELECT count(*) AS n FROM events')).toBe(file.eventsNew);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: path, line: 1, code: 'TRUNCATED' });
    expect(s.db.prepare('SELECT code, record_index FROM rejects').get()).toEqual({ code: 'TRUNCATED', record_index: file.eventsNew });
  });
});

describe('idempotence and duplicates', () => {
  it('re-importing the same files is a no-op that says so', async () => {
    const s = store();
    const first = await importInto(s.db, [CT]);
    const before = totals(s.db);
    expect(before.events).toBeGreaterThan(50);
    const second = await importInto(s.db, [CT]);
    expect(second.files.map((f) => f.path)).toEqual(first.files.map((f) => f.path));
    for (const [i, f] of second.files.entries()) {
      const was = first.files[i]!.status;
      const expected = was === 'imported' ? 'already-imported' : was;
      expect([f.path, f.status]).toEqual([f.path, expected]);
      expect(f.eventsNew).toBe(0);
      if (f.status === 'already-imported') expect(f.note).toMatch(/already imported at .*; nothing to do/);
    }
    expect(second.correlation.events).toBe(0);
    expect(totals(s.db)).toEqual(before);
  });

  it('the same content under another path is also a no-op', async () => {
    const s = store();
    const original = join(CT, 'sts-assume-role.json');
    await importInto(s.db, [original]);
    const copy = join(s.dir, 'renamed-copy.json');
    copyFileSync(original, copy);
    const report = await importInto(s.db, [copy]);
    expect(report.files[0]).toMatchObject({ status: 'already-imported', eventsNew: 0 });
    expect(report.files[0]!.note).toContain(`as ${original}`);
    expect(totals(s.db)).toMatchObject({ events: 2, files: 1 });
  });

  it('stores a record repeated within one file once, counting the repeat as a duplicate', async () => {
    const s = store();
    const report = await importInto(s.db, [join(CT, 'duplicate-delivery.json')]);
    expect(report.files[0]).toMatchObject({ records: 3, eventsNew: 2, eventsDuplicate: 1 });
    expect(count(s.db, "SELECT count(*) AS n FROM events WHERE id = 'cloudtrail:2901bd23-032b-4267-abf7-c4d298acdd8f'")).toBe(1);
    expect(fileRow(s.db, join(CT, 'duplicate-delivery.json'))).toMatchObject({ events_new: 2, events_duplicate: 1 });
  });

  it('stores a record repeated across files once', async () => {
    const s = store();
    const ndjson = join(CT, 'ndjson.jsonl');
    await importInto(s.db, [ndjson]);
    const other = temp(s, 'overlap.jsonl', `${lineOf(ndjson, 1)}\n${JSON.stringify({ ...JSON.parse(lineOf(ndjson, 3)), eventID: '2dff0000-0000-4000-8000-000000000001' })}\n`);
    const report = await importInto(s.db, [other]);
    expect(report.files[0]).toMatchObject({ status: 'imported', records: 2, eventsNew: 1, eventsDuplicate: 1 });
    expect(count(s.db, 'SELECT count(*) AS n FROM events')).toBe(4);
    expect(count(s.db, "SELECT count(*) AS n FROM events WHERE id = 'cloudtrail:2d0111c5-7c98-4789-b91a-aa897aebdf98'")).toBe(1);
  });

  it('keeps both cross-account copies of one call (same requestID, different eventID)', async () => {
    const s = store();
    const report = await importInto(s.db, [join(CT, 'cross-account-duplicate.json')]);
    expect(report.files[0]).toMatchObject({ eventsNew: 3, eventsDuplicate: 0 });
    const copies = s.db
      .prepare("SELECT id FROM events WHERE request_id = '7a28df17-4688-4f32-9711-1526721d2056' ORDER BY id")
      .all() as Array<{ id: string }>;
    expect(copies.map((c) => c.id)).toEqual(['cloudtrail:2801e268-594e-4342-90a9-89ddb914e859', 'cloudtrail:2802ba6b-074b-4ab5-b93c-692f37a126e6']);
  });
});

describe('an import killed half-way', () => {
  /** 1 issuance + 299 uses of its key, one per line: enough for several read chunks and write batches. */
  function bigFile(s: TempStore): { path: string; ids: string[] } {
    const ndjson = join(CT, 'ndjson.jsonl');
    const issue = JSON.parse(lineOf(ndjson, 1)) as Record<string, unknown>;
    const use = JSON.parse(lineOf(ndjson, 3)) as Record<string, unknown>;
    const uses = Array.from({ length: 299 }, (_, i) => ({
      ...use,
      eventID: `2dab0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      requestID: `2dab0000-0000-4000-9000-${String(i).padStart(12, '0')}`,
    }));
    const lines = [issue, ...uses];
    const path = temp(s, 'big.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    return { path, ids: lines.map((l) => `cloudtrail:${String(l['eventID'])}`) };
  }

  const SMALL: ImportOptions = { batchSize: 10, limits: { maxLineChars: 1 << 20, chunkBytes: 64 * 1024 } };

  it('leaves a store that opens, with the file marked importing, and a second run completes it exactly', async () => {
    const s = store();
    const { path, ids } = bigFile(s);
    let calls = 0;
    const killed = importInto(s.db, [path], {
      ...SMALL,
      onProgress: () => {
        calls++;
        throw new Error('killed');
      },
    });
    await expect(killed).rejects.toThrow('killed');
    expect(calls).toBe(1);
    s.db.close();

    const db = openStore(s.path);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(fileRow(db, path)).toMatchObject({ status: 'importing' });
      const partial = count(db, 'SELECT count(*) AS n FROM events');
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(ids.length);
      expect(partial % 10).toBe(0);

      const again = await importInto(db, [path], SMALL);
      expect(again.files[0]).toMatchObject({ status: 'imported', records: ids.length, eventsNew: ids.length, eventsDuplicate: 0, rejects: 0 });
      expect(again.files[0]!.note).toContain(`${partial} event(s) were already stored`);
      expect(count(db, 'SELECT count(*) AS n FROM events')).toBe(ids.length);
      expect(count(db, 'SELECT count(DISTINCT id) AS n FROM events')).toBe(ids.length);
      expect(fileRow(db, path)).toMatchObject({ status: 'complete', events_new: ids.length, events_duplicate: 0 });

      // Correlation after the resume sees every event, as a clean import does.
      const clean = store();
      await importInto(clean.db, [path]);
      expect(totals(db)).toEqual(totals(clean.db));

      const third = await importInto(db, [path], SMALL);
      expect(third.files[0]).toMatchObject({ status: 'already-imported', eventsNew: 0 });
    } finally {
      db.close();
    }
  });
});

describe('redaction', () => {
  const README = readFileSync(join(CT, 'README.md'), 'utf8');
  const CANARIES = [...new Set(README.match(/FAKE-SESSION-TOKEN-[A-Za-z0-9-]+/g) ?? [])];

  function storeBytes(path: string): string {
    let bytes = readFileSync(path).toString('latin1');
    if (existsSync(`${path}-wal`)) bytes += readFileSync(`${path}-wal`).toString('latin1');
    return bytes;
  }

  it('the fixtures really carry the canaries the test looks for', async () => {
    expect(CANARIES.length).toBeGreaterThanOrEqual(15);
    const { files } = await listInputFiles([CT]);
    const all = files.map((f) => (f.endsWith('.gz') ? gunzipSync(readFileSync(f), { finishFlush: 2 }) : readFileSync(f)).toString('utf8')).join('\n');
    for (const canary of CANARIES) expect(all).toContain(canary);
  });

  it('no session token from any fixture reaches the database file', async () => {
    const s = store();
    await importInto(s.db, [CT]);
    const wal = storeBytes(s.path);
    expect(wal).toContain('FX'); // sanity: the bytes are readable text
    s.db.close();
    for (const bytes of [wal, storeBytes(s.path)]) {
      for (const canary of CANARIES) expect(bytes.includes(canary), canary).toBe(false);
      expect(bytes).not.toContain('FAKE-SESSION-TOKEN');
    }
  });

  it('secrets in rejected records and unparseable lines are redacted too', async () => {
    const s = store();
    const good = lineOf(join(CT, 'ndjson.jsonl'), 1);
    const record = JSON.parse(good) as Record<string, unknown>;
    const secret: Record<string, unknown> = { ...record, eventID: '2dcc0000-0000-4000-8000-000000000001', eventTime: 'not a time' };
    (secret['responseElements'] as Record<string, Record<string, unknown>>)['credentials']!['secretAccessKey'] = 'FAKE-SECRET-KEY-import-test-0001';
    const cut = `${JSON.stringify({ ...record, eventID: '2dcc0000-0000-4000-8000-000000000002' }).split('"expiration"')[0]}`;
    const path = temp(s, 'secrets.jsonl', [good, JSON.stringify(secret), cut].join('\n'));
    const report = await importInto(s.db, [path]);
    expect(report.files[0]).toMatchObject({ eventsNew: 1, rejects: 2 });
    expect(cut).toContain('FAKE-SESSION-TOKEN-ndjson-0045');
    s.db.close();
    const bytes = storeBytes(s.path);
    expect(bytes).not.toContain('FAKE-SECRET-KEY');
    expect(bytes).not.toContain('FAKE-SESSION-TOKEN');
    expect(bytes).toContain('[REDACTED sha256:');
  });
});

describe('the S3 folder layout', () => {
  it('imports the gz delivery files in order and skips the digest with a note', async () => {
    const s = store();
    const report = await importInto(s.db, [S3_LAYOUT]);
    expect(report.files.map((f) => [f.path.slice(S3_LAYOUT.length + 1).split('/')[2], f.status, f.eventsNew])).toEqual([
      ['CloudTrail', 'imported', 3],
      ['CloudTrail', 'imported', 2],
      ['CloudTrail-Digest', 'skipped', 0],
    ]);
    expect(report.files[2]!.note).toMatch(/skipped: CloudTrail digest file/);
    expect(count(s.db, 'SELECT count(*) AS n FROM rejects')).toBe(0);
    // Lineage crosses the two region files: the key issued in us-east-1 signs the us-west-2 calls.
    expect(s.db.prepare("SELECT id FROM events WHERE credential_used = 'aws-akid:ASIAFXS3LAYOUTCHLD30' AND id LIKE 'cloudtrail:31%' ORDER BY id").all()).toEqual([
      { id: 'cloudtrail:310172c5-c61c-4a88-b4a2-ec103ef4c968' },
      { id: 'cloudtrail:31023abf-40eb-4da1-ba73-ba9d57244458' },
    ]);
    expect(s.db.prepare("SELECT issued_by_event, uses FROM credentials WHERE id = 'aws-akid:ASIAFXS3LAYOUTCHLD30'").get()).toEqual({
      issued_by_event: 'cloudtrail:3002e7d4-705b-4145-8e46-5b62a282a862',
      uses: 3,
    });

    const again = await importInto(s.db, [S3_LAYOUT]);
    expect(again.files.map((f) => f.status)).toEqual(['already-imported', 'already-imported', 'skipped']);
  });
});
