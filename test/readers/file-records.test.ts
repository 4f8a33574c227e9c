// FileRecordReader: every container attrib reads, with provenance, across chunk boundaries and cut-short input.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideMode, FileRecordReader } from '../../src/readers/file-records.js';
import { STREAM_LINE_CHARS } from '../../src/readers/ndjson-lines.js';
import { MAX_REJECT_TEXT } from '../../src/readers/record-texts.js';
import type { ReadItem, ReadLimits, StreamFault, UnreadableRecord } from '../../src/readers/types.js';
import { FIXTURES } from '../helpers/store.js';

const CT = join(FIXTURES, 'cloudtrail');

interface ReadResult {
  readonly items: ReadItem[];
  readonly batches: number;
  readonly fault: StreamFault | undefined;
  readonly bytesRead: number;
}

async function readAll(path: string, limits?: ReadLimits): Promise<ReadResult> {
  const reader = new FileRecordReader(path, limits);
  const items: ReadItem[] = [];
  let batches = 0;
  for await (const batch of reader.batches()) {
    batches++;
    items.push(...batch);
  }
  return { items, batches, fault: reader.fault, bytesRead: reader.bytesRead };
}

function values(items: readonly ReadItem[]): unknown[] {
  return items.map((i) => (i.ok ? i.value : { rejected: i.code }));
}

function ids(items: readonly ReadItem[]): unknown[] {
  return items.map((i) => (i.ok ? (i.value as { eventID?: unknown }).eventID : `!${i.code}`));
}

function provs(items: readonly ReadItem[]): Array<[number | undefined, number]> {
  return items.map((i) => [i.prov.line, i.prov.index]);
}

function rejected(items: readonly ReadItem[]): UnreadableRecord[] {
  return items.filter((i): i is UnreadableRecord => !i.ok);
}

/** A small CloudTrail-shaped record; `pad` makes it as long as a test needs. */
function rec(id: string, pad = ''): Record<string, unknown> {
  return { eventVersion: '1.11', eventID: id, eventTime: '2026-05-01T10:00:00Z', eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', pad };
}

let dir: string;
let counter = 0;

function file(content: string | Buffer, name = `f${counter++}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** 1-based lines of `text` where a line equals `prefix` followed by `{` (pretty-printed elements). */
function linesStartingWith(text: string, prefix: string): number[] {
  return text
    .split('\n')
    .map((l, i) => (l.startsWith(`${prefix}{`) ? i + 1 : 0))
    .filter((n) => n > 0);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'attrib-readers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NDJSON', () => {
  it('reads LF, CRLF and blank lines, with 1-based lines and 0-based indexes', async () => {
    const path = file(['{"eventID":"a"}', '{"eventID":"b"}\r', '', '   ', '{"eventID":"c"}\r', '', '{"eventID":"d"}'].join('\n'), 'mixed.jsonl');
    const { items, fault } = await readAll(path);
    expect(fault).toBeUndefined();
    expect(ids(items)).toEqual(['a', 'b', 'c', 'd']);
    expect(provs(items)).toEqual([
      [1, 0],
      [2, 1],
      [5, 2],
      [7, 3],
    ]);
    expect(items.every((i) => i.prov.file === path)).toBe(true);
  });

  it('drops a byte-order mark at the start of the file and of a line', async () => {
    const path = file(`\ufeff{"eventID":"a"}\n\ufeff{"eventID":"b"}\n`, 'bom.jsonl');
    expect(ids((await readAll(path)).items)).toEqual(['a', 'b']);
  });

  it('reads the ndjson.jsonl fixture (its line 2 ends with CRLF)', async () => {
    const { items } = await readAll(join(CT, 'ndjson.jsonl'));
    expect(ids(items)).toEqual(['2d0111c5-7c98-4789-b91a-aa897aebdf98', '2d02a2a7-c218-4cd7-ba3f-ddd2e9898516', '2d033695-5d1b-49d3-baf7-b2bbd3fa1f6d']);
    expect(provs(items)).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
  });

  it('rejects bad lines with their line and text, and goes on', async () => {
    const path = file(['{"eventID":"a"}', '{"eventID":"b", "cut', 'not json at all', '42', '{"eventID":"e"}'].join('\n'), 'bad.jsonl');
    const { items } = await readAll(path);
    expect(ids(items)).toEqual(['a', '!BAD_JSON', '!BAD_JSON', undefined, 'e']);
    expect(values(items)[3]).toBe(42);
    const bad = rejected(items);
    expect(bad.map((b) => [b.prov.line, b.prov.index, b.text])).toEqual([
      [2, 1, '{"eventID":"b", "cut'],
      [3, 2, 'not json at all'],
    ]);
    expect(bad[0]!.message).toMatch(/^not valid JSON: /);
  });

  it('stays line by line when the FIRST line is broken (it must not swallow the good lines)', async () => {
    const path = file(['{"eventID":"a", "userIdentity": {"type": "Ro', '{"eventID":"b"}', '{"eventID":"c"}'].join('\n'), 'broken-first.jsonl');
    const { items } = await readAll(path);
    expect(ids(items)).toEqual(['!BAD_JSON', 'b', 'c']);
  });

  it('expands a line holding an envelope and unwraps EventBridge envelopes', async () => {
    const path = file(`${JSON.stringify({ Records: [rec('r1'), rec('r2')] })}\n${JSON.stringify(rec('r3'))}\n`, 'envelope-lines.jsonl');
    const { items } = await readAll(path);
    expect(ids(items)).toEqual(['r1', 'r2', 'r3']);
    expect(provs(items)).toEqual([
      [1, 0],
      [1, 1],
      [2, 2],
    ]);

    const bridge = await readAll(join(CT, 'eventbridge.jsonl'));
    expect(ids(bridge.items)).toEqual(['2c015c83-ee4a-4032-a04a-224238f2fdea', '2c02507c-6cec-436a-a426-3a0877e907f1']);
    expect(bridge.items.map((i) => i.ok && i.envelope)).toEqual(['eventbridge', 'eventbridge']);
  });

  it('rejects a line longer than the limit that is not JSON, and reads the next line', async () => {
    const path = file(`${'x'.repeat(5000)}\n{"eventID":"after"}\n`, 'long-line.jsonl');
    const { items } = await readAll(path, { maxLineChars: 1000, chunkBytes: 256 });
    expect(ids(items)).toEqual(['!LINE_TOO_LONG', 'after']);
    expect(provs(items)).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });
});

describe('JSON documents', () => {
  it('reads a compact one-line {"Records":[…]} delivery, with or without a final newline', async () => {
    const compact = JSON.stringify({ Records: [rec('a'), rec('b'), rec('c')] });
    for (const content of [compact, `${compact}\n`]) {
      const { items } = await readAll(file(content));
      expect(ids(items)).toEqual(['a', 'b', 'c']);
      expect(provs(items)).toEqual([
        [1, 0],
        [1, 1],
        [1, 2],
      ]);
    }
  });

  it('gives the line where each record STARTS in a pretty-printed Records document', async () => {
    const path = join(CT, 'sts-assume-role.json');
    const text = readFileSync(path, 'utf8');
    const { items } = await readAll(path);
    expect(ids(items)).toEqual(['20019ad0-02b5-43f9-b25f-ca23e585b074', '2002c6a5-962a-408f-a358-e3d683a4e7c8']);
    expect(items.map((i) => i.prov.line)).toEqual(linesStartingWith(text, '    '));
    expect(items.map((i) => i.prov.index)).toEqual([0, 1]);
  });

  it('reads a top-level JSON array, pretty and compact', async () => {
    const list = [rec('a'), rec('b'), rec('c')];
    const pretty = JSON.stringify(list, null, 2);
    const fromPretty = await readAll(file(pretty));
    expect(ids(fromPretty.items)).toEqual(['a', 'b', 'c']);
    expect(fromPretty.items.map((i) => i.prov.line)).toEqual(linesStartingWith(pretty, '  '));
    expect(ids((await readAll(file(JSON.stringify(list)))).items)).toEqual(['a', 'b', 'c']);
  });

  it('unwraps LookupEvents pages ({"Events":[{"CloudTrailEvent":"<string>"}]})', async () => {
    const { items } = await readAll(join(CT, 'lookup-events.json'));
    expect(items).toHaveLength(2);
    expect(items.map((i) => i.ok && i.envelope)).toEqual(['lookup-events', 'lookup-events']);
    expect(ids(items)).toEqual(['2a0215af-0983-46c3-b997-a77a2a7f6aef', '2a0153e3-14e4-4a2f-b1c6-f52ae1d247dc']);
  });

  it('rejects a LookupEvents entry whose CloudTrailEvent string is not JSON, keeping the others', async () => {
    const page = { Events: [{ EventId: 'x', CloudTrailEvent: '{"eventID":"broken' }, { EventId: 'y', CloudTrailEvent: JSON.stringify(rec('ok')) }] };
    const { items } = await readAll(file(JSON.stringify(page, null, 2)));
    expect(ids(items)).toEqual(['!BAD_ENVELOPE', 'ok']);
    expect(rejected(items)[0]!.message).toMatch(/CloudTrailEvent is not valid JSON/);
  });

  it('reads a single JSON object file, pretty or compact, as one record', async () => {
    const pretty = await readAll(file(`${JSON.stringify(rec('single'), null, 2)}\n`));
    expect(ids(pretty.items)).toEqual(['single']);
    expect(provs(pretty.items)).toEqual([[1, 0]]);
    expect(ids((await readAll(file(JSON.stringify(rec('single'))))).items)).toEqual(['single']);
  });

  it('reads concatenated pretty-printed documents (cat a.json b.json) without losing the second', async () => {
    const a = readFileSync(join(CT, 'sts-assume-role.json'), 'utf8');
    const b = readFileSync(join(CT, 'identity-root.json'), 'utf8');
    const { items } = await readAll(file(`${a}\n${b}`));
    expect(items.every((i) => i.ok)).toBe(true);
    expect(ids(items)).toHaveLength(5);
    expect(items.map((i) => i.prov.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps brackets, braces and escaped quotes inside string values', async () => {
    const tricky = { ...rec('tricky'), msg: '} ] { [ "quoted" \\" \\\\', nested: [{ s: ']}' }] };
    const { items } = await readAll(file(JSON.stringify({ Records: [tricky, rec('next')] }, null, 2)));
    expect(values(items)).toEqual([tricky, rec('next')]);
  });
});

describe('gzip', () => {
  it('reads the S3-layout .json.gz delivery files', async () => {
    const path = join(CT, 's3-layout/AWSLogs/111122223333/CloudTrail/us-east-1/2026/05/01/111122223333_CloudTrail_us-east-1_20260501T1005Z_FixtureAbCdEfGh12.json.gz');
    const { items, fault, bytesRead } = await readAll(path);
    expect(fault).toBeUndefined();
    expect(ids(items)).toEqual(['3002e7d4-705b-4145-8e46-5b62a282a862', '3003bebd-14e5-4d86-82f3-ff952715cc78', '30014d3e-1e8a-45e2-8173-fcd616c2cc03']);
    expect(bytesRead).toBe(statSync(path).size);
  });

  it('recognises gzip by its magic bytes, not by the file name', async () => {
    const path = file(gzipSync(`${JSON.stringify(rec('g1'))}\n${JSON.stringify(rec('g2'))}\n`), 'no-gz-suffix.jsonl');
    expect(ids((await readAll(path)).items)).toEqual(['g1', 'g2']);
  });

  it('reports the truncated.json.gz fixture as a fault, with the cut-short record as the one rejected item', async () => {
    const { items, fault } = await readAll(join(CT, 'bad/truncated.json.gz'));
    expect(fault).toMatchObject({ code: 'TRUNCATED', message: 'gzip stream is truncated (unexpected end of file)' });
    expect(items).toHaveLength(1);
    const [cut] = rejected(items);
    expect(cut).toMatchObject({ code: 'TRUNCATED', prov: { line: 3, index: 0 } });
    expect(cut!.message).toMatch(/gzip stream is truncated.*the record starting here is incomplete/);
    expect(cut!.text).toContain('ASIAFXTRUNCGZSESS033');
  });

  it('keeps the complete records of a compact delivery whose gzip stream is cut', async () => {
    const compact = Buffer.from(JSON.stringify({ Records: Array.from({ length: 40 }, (_, i) => rec(`cut-${i}`, `pad ${i} `.repeat(20))) }));
    const gz = gzipSync(compact);
    const path = file(gz.subarray(0, Math.floor(gz.length * 0.6)), 'cut.json.gz');
    const { items, fault } = await readAll(path);
    expect(fault?.code).toBe('TRUNCATED');
    const good = items.filter((i) => i.ok);
    expect(good.length).toBeGreaterThan(5);
    expect(ids(good)).toEqual(Array.from({ length: good.length }, (_, i) => `cut-${i}`));
    const bad = rejected(items);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ code: 'TRUNCATED', prov: { line: 1, index: good.length } });
    expect(bad[0]!.text.startsWith(`{"eventVersion":"1.11","eventID":"cut-${good.length}"`)).toBe(true);
  });

  it('reports corrupt gzip data as BAD_GZIP', async () => {
    const gz = gzipSync(Buffer.from(JSON.stringify({ Records: [rec('x')] })));
    const corrupt = Buffer.concat([gz.subarray(0, 10), Buffer.alloc(40, 0xff)]);
    const { items, fault } = await readAll(file(corrupt, 'corrupt.json.gz'));
    expect(fault?.code).toBe('BAD_GZIP');
    expect(items.map((i) => (i.ok ? 'ok' : i.code))).toEqual(['BAD_GZIP']);
  });
});

describe('cut-short plain files', () => {
  it('salvages the complete records of a one-line {"Records":[ that stops mid-record', async () => {
    const full = JSON.stringify({ Records: [rec('a'), rec('b'), rec('c')] });
    const path = file(full.slice(0, full.indexOf('"c"') + 2));
    const { items, fault } = await readAll(path);
    expect(fault).toBeUndefined();
    expect(ids(items)).toEqual(['a', 'b', '!TRUNCATED']);
    const [tail] = rejected(items);
    expect(tail).toMatchObject({ prov: { line: 1, index: 2 }, text: '{"eventVersion":"1.11","eventID":"c' });
    expect(tail!.message).toMatch(/ends inside the records array/);
  });

  it('salvages a broken Records line in the middle of an NDJSON file', async () => {
    const cut = JSON.stringify({ Records: [rec('a'), rec('b')] }).slice(0, -10);
    const path = file([JSON.stringify(rec('first')), cut, JSON.stringify(rec('last'))].join('\n'), 'mid.jsonl');
    const { items } = await readAll(path);
    expect(ids(items)).toEqual(['first', 'a', '!TRUNCATED', 'last']);
    expect(provs(items)).toEqual([
      [1, 0],
      [2, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('reports a pretty-printed document that stops mid-record', async () => {
    const pretty = JSON.stringify({ Records: [rec('a'), rec('b')] }, null, 2);
    const { items } = await readAll(file(pretty.slice(0, pretty.lastIndexOf('"eventID"'))));
    expect(ids(items)).toEqual(['a', '!TRUNCATED']);
    expect(items[1]!.prov.line).toBe(linesStartingWith(pretty, '    ')[1]);
  });
});

describe('chunk boundaries', () => {
  const SAMPLES = [
    'ndjson.jsonl',
    'eventbridge.jsonl',
    'sts-assume-role.json',
    'duplicate-delivery.json',
    'lookup-events.json',
    'space-timestamp.jsonl',
    'bad/bad-lines.jsonl',
    'bad/not-cloudtrail.json',
    's3-layout/AWSLogs/111122223333/CloudTrail/us-west-2/2026/05/01/111122223333_CloudTrail_us-west-2_20260501T1010Z_FixtureIjKlMnOp34.json.gz',
  ];

  it.each(SAMPLES)('%s reads the same in 1..13-byte chunks as in one', async (name) => {
    const path = join(CT, name);
    const whole = await readAll(path);
    for (const chunkBytes of [1, 2, 7, 13]) {
      const small = await readAll(path, { maxLineChars: 1 << 20, chunkBytes });
      expect(small.items).toEqual(whole.items);
    }
  });

  it('decodes multi-byte UTF-8 split across chunks, in NDJSON and documents', async () => {
    const text = { ...rec('utf8'), note: 'é ü 漢字 😀 — “quotes”' };
    for (const content of [`${JSON.stringify(text)}\n`, JSON.stringify({ Records: [text] }, null, 2), `\ufeff${JSON.stringify([text])}`]) {
      const path = file(content);
      for (const chunkBytes of [1, 2, 3, 5]) {
        expect(values((await readAll(path, { maxLineChars: 1 << 20, chunkBytes })).items)).toEqual([text]);
      }
    }
  });

  it('reads records that straddle the default 1 MB read chunks', async () => {
    // 12 records of ~250 kB each: several start in one 1 MiB chunk and end in the next.
    const records = Array.from({ length: 12 }, (_, i) => rec(`big-${i}`, `${i}`.repeat(250_000)));
    const pretty = JSON.stringify({ Records: records }, null, 2);
    const fromPretty = await readAll(file(pretty));
    expect(ids(fromPretty.items)).toEqual(records.map((r) => r.eventID));
    expect(fromPretty.items.map((i) => i.prov.line)).toEqual(linesStartingWith(pretty, '    '));
    expect(fromPretty.batches).toBeGreaterThan(1);

    const ndjson = records.map((r) => JSON.stringify(r)).join('\n');
    const fromLines = await readAll(file(ndjson, 'big.jsonl'));
    expect(values(fromLines.items)).toEqual(records);
    expect(provs(fromLines.items)).toEqual(records.map((_, i) => [i + 1, i]));
  });
});

describe('memory', () => {
  // Structural, not timed: with a record limit far below the document size, a reader that held the
  // whole document (or the whole line) would reject it; a streaming one reads every record.
  const records = Array.from({ length: 3000 }, (_, i) => rec(`m-${i}`, 'p'.repeat(200)));
  const limits: ReadLimits = { maxLineChars: 2000, chunkBytes: 64 * 1024 };

  it('streams a pretty-printed Records document far larger than the limit', async () => {
    const doc = JSON.stringify({ Records: records }, null, 2);
    expect(doc.length).toBeGreaterThan(limits.maxLineChars * 300);
    const { items } = await readAll(file(doc), limits);
    expect(items).toHaveLength(3000);
    expect(items.every((i) => i.ok)).toBe(true);
  });

  it('streams a compact one-line {"Records":[…]} far larger than the line limit', async () => {
    const line = JSON.stringify({ Records: records });
    expect(line.length).toBeGreaterThan(limits.maxLineChars * 300);
    for (const content of [line, gzipSync(line)]) {
      const { items } = await readAll(file(content), limits);
      expect(items).toHaveLength(3000);
      expect(items.every((i) => i.ok)).toBe(true);
      expect(ids(items.slice(-1))).toEqual(['m-2999']);
    }
  });

  it('streams a one-line envelope longer than the streaming threshold with the default limits', async () => {
    const many = Array.from({ length: 600 }, (_, i) => rec(`t-${i}`, 'q'.repeat(2000)));
    const line = `${JSON.stringify({ Records: many })}\n${JSON.stringify(rec('after'))}\n`;
    expect(line.length).toBeGreaterThan(STREAM_LINE_CHARS);
    const { items } = await readAll(file(line, 'threshold.jsonl'));
    expect(ids(items)).toEqual([...many.map((r) => r.eventID), 'after']);
    expect(items.at(-1)!.prov.line).toBe(2);
  });

  it('rejects one oversize record in a document and keeps its neighbours', async () => {
    const doc = JSON.stringify({ Records: [rec('a'), rec('huge', 'h'.repeat(10_000)), rec('c')] }, null, 2);
    const { items } = await readAll(file(doc), limits);
    expect(ids(items)).toEqual(['a', '!RECORD_TOO_LONG', 'c']);
  });
});

describe('rejected text', () => {
  it('is capped and never carries a secret', async () => {
    const secretLine = '{"eventID":"s","responseElements":{"credentials":{"accessKeyId":"ASIAFXTEST","sessionToken":"FAKE-SESSION-TOKEN-reader-test-0001","expiration":"x"';
    const escaped = JSON.stringify({ Events: [{ CloudTrailEvent: `${secretLine.replace('"s"', '"t"')}}}}` }] }).slice(0, -3);
    const huge = `{"eventID":"h","pad":"${'z'.repeat(MAX_REJECT_TEXT * 2)}`;
    const { items } = await readAll(file([JSON.stringify(rec('good')), secretLine, escaped, huge].join('\n'), 'secrets.jsonl'));
    const bad = rejected(items);
    expect(bad).toHaveLength(3);
    for (const b of bad) expect(b.text).not.toContain('FAKE-SESSION-TOKEN');
    expect(bad[0]!.text).toMatch(/"sessionToken":"\[REDACTED sha256:[0-9a-f]{64}\]/);
    expect(bad[2]!.text.length).toBeLessThan(MAX_REJECT_TEXT + 100);
  });
});

describe('decideMode', () => {
  it.each([
    ['{"a":1}\n{"b":2}\n', true, 'lines'],
    ['{\n  "Records": [\n', false, 'document'],
    ['[{"a":1}]', true, 'document'],
    ['   \n', true, 'lines'],
    ['{"a":', false, undefined],
    ['{"a":', true, 'lines'],
    ['{"broken\n{"b":2}\n', false, 'lines'],
    ['{"broken\n\n  \n{"b":2}', true, 'lines'],
    ['{\n  "eventVersion": "1.11",\n', false, 'document'],
    ['42\n', true, 'lines'],
  ] as const)('%j (ended: %s) → %s', (text, ended, mode) => {
    expect(decideMode(text, ended)).toBe(mode);
  });
});
