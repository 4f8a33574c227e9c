// JsonDocumentScanner: records cut out of JSON text at bracket depth, whatever the chunking.
import { describe, expect, it } from 'vitest';
import { JsonDocumentScanner, type ScanEnd, type ScannedText } from '../../src/readers/json-document.js';

interface ScanResult {
  readonly texts: ScannedText[];
  readonly end: ScanEnd;
  readonly hasEnvelope: boolean;
}

/** Feeds `chunks` to a fresh scanner; everything it hands out, in order. */
function scan(chunks: readonly string[], maxChars = 1_000_000): ScanResult {
  const scanner = new JsonDocumentScanner(maxChars);
  const texts: ScannedText[] = [];
  for (const chunk of chunks) texts.push(...scanner.push(chunk));
  const end = scanner.end();
  return { texts, end, hasEnvelope: scanner.hasEnvelope };
}

function whole(text: string, maxChars?: number): ScanResult {
  return scan([text], maxChars);
}

function oneCharAtATime(text: string, maxChars?: number): ScanResult {
  return scan([...text], maxChars);
}

/** Cuts `text` at pseudo-random places (deterministic: the same seed gives the same cuts). */
function randomChunks(text: string, seed: number, maxLength = 9): string[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + (next() % maxLength);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

const TRICKY_ELEMENT = {
  eventID: 'tricky-1',
  message: 'braces } { and brackets ] [ inside a string, a comma, and a colon: here',
  quoted: 'she said "}]" then \\"{[\\" and a backslash at the end \\',
  escapes: 'tab\tnewline\nunicode \u00e9 \u{1F600} \\u0041 literal',
  nested: { list: [[1, 2], { deep: ['}', ']', '"'] }], empty: {}, emptyList: [] },
};

const DOCUMENTS: Record<string, string> = {
  'pretty Records envelope': JSON.stringify({ Records: [TRICKY_ELEMENT, { eventID: 'b', n: 2 }, { eventID: 'c' }] }, null, 2),
  'compact Records envelope': JSON.stringify({ Records: [TRICKY_ELEMENT, { eventID: 'b' }] }),
  'top-level array': JSON.stringify([TRICKY_ELEMENT, { eventID: 'b' }, [1, 2], 'a string, with a comma]', 42, true, null], null, 1),
  'LookupEvents page with paging keys around the array': JSON.stringify({
    NextToken: 'tok"en}',
    Events: [{ EventId: 'x', CloudTrailEvent: JSON.stringify(TRICKY_ELEMENT) }],
    More: { Records: [1] },
  }),
  'single record (no records array)': JSON.stringify(TRICKY_ELEMENT, null, 2),
  'concatenated documents': `${JSON.stringify({ Records: [{ a: 1 }] }, null, 2)}\n${JSON.stringify({ b: 2 }, null, 2)}\n[{"c":3}]`,
  'envelope key that is not at depth 1': JSON.stringify({ meta: { Records: [{ a: 1 }] }, other: 1 }),
  'with a byte-order mark and CRLF': `\ufeff{\r\n  "Records": [\r\n    {"a": "x"},\r\n    {"b": "y"}\r\n  ]\r\n}\r\n`,
};

describe('JsonDocumentScanner', () => {
  it('hands out each element of a Records envelope with the line where it starts', () => {
    const text = ['{', '  "Records": [', '    {', '      "eventID": "a"', '    },', '    {"eventID": "b"}', '  ]', '}'].join('\n');
    const { texts, end, hasEnvelope } = whole(text);
    expect(hasEnvelope).toBe(true);
    expect(texts.map((t) => [JSON.parse(t.text), t.line])).toEqual([
      [{ eventID: 'a' }, 3],
      [{ eventID: 'b' }, 6],
    ]);
    expect(end).toEqual({ texts: [] });
  });

  it('keeps brackets, braces and escaped quotes inside strings as text', () => {
    const { texts } = whole(JSON.stringify({ Records: [TRICKY_ELEMENT, { after: true }] }));
    expect(texts.map((t) => JSON.parse(t.text))).toEqual([TRICKY_ELEMENT, { after: true }]);
  });

  it('cuts a top-level array into elements, scalars included', () => {
    const { texts, end } = whole('[ {"a":[1,{"b":"]"}]}, [1,2] , "x,]y" ,42,true, null ]');
    expect(texts.map((t) => JSON.parse(t.text))).toEqual([{ a: [1, { b: ']' }] }, [1, 2], 'x,]y', 42, true, null]);
    expect(end.unfinished).toBeUndefined();
  });

  it('hands out a document without a records array whole, and concatenated documents one by one', () => {
    const single = whole(DOCUMENTS['single record (no records array)']!);
    expect(single.hasEnvelope).toBe(false);
    expect(single.texts.map((t) => JSON.parse(t.text))).toEqual([TRICKY_ELEMENT]);
    const many = whole(DOCUMENTS['concatenated documents']!);
    expect(many.texts.map((t) => [JSON.parse(t.text), t.line])).toEqual([
      [{ a: 1 }, 3],
      [{ b: 2 }, 8],
      [{ c: 3 }, 11],
    ]);
  });

  it('only takes an envelope key at the top level of the document', () => {
    const { texts, hasEnvelope } = whole(DOCUMENTS['envelope key that is not at depth 1']!);
    expect(hasEnvelope).toBe(false);
    expect(texts.map((t) => JSON.parse(t.text))).toEqual([{ meta: { Records: [{ a: 1 }] }, other: 1 }]);
  });

  it('skips paging keys before and after the records array', () => {
    const { texts } = whole(DOCUMENTS['LookupEvents page with paging keys around the array']!);
    expect(texts).toHaveLength(1);
    expect(JSON.parse(texts[0]!.text)).toMatchObject({ EventId: 'x' });
  });

  describe.each(Object.entries(DOCUMENTS))('%s', (_name, text) => {
    it('gives the same texts and lines fed one character at a time as in one chunk', () => {
      expect(oneCharAtATime(text)).toEqual(whole(text));
    });

    it('gives the same texts and lines for random chunk sizes', () => {
      for (const seed of [1, 7, 42]) expect(scan(randomChunks(text, seed))).toEqual(whole(text));
    });
  });

  describe('input that stops early', () => {
    const full = JSON.stringify({ Records: [{ eventID: 'a' }, { eventID: 'b', s: '}]' }, { eventID: 'c' }] });

    it('keeps the complete records and reports the record that was cut', () => {
      const cut = full.slice(0, full.indexOf('"c"') + 2);
      const { texts, end } = whole(cut);
      expect(texts.map((t) => JSON.parse(t.text).eventID)).toEqual(['a', 'b']);
      expect(end.unfinished).toEqual({ text: '{"eventID":"c', line: 1, inRecords: true });
      expect(oneCharAtATime(cut)).toEqual(whole(cut));
    });

    it('reports a records array that is never closed, even between records', () => {
      const cut = full.slice(0, full.indexOf('{"eventID":"c"'));
      const { texts, end } = whole(cut);
      expect(texts).toHaveLength(2);
      expect(end.unfinished).toEqual({ text: '', line: 1, inRecords: true });
    });

    it('reports a cut-short document without records array as not in records', () => {
      const { texts, end } = whole('{\n  "eventID": "x",\n  "userIdentity": {"type": "Ro');
      expect(texts).toEqual([]);
      expect(end.unfinished).toMatchObject({ line: 1, inRecords: false });
      expect(end.unfinished?.text.startsWith('{\n  "eventID"')).toBe(true);
    });

    it('ends a trailing bare value at the end of input', () => {
      const trailing = whole('{"a":1}\n42');
      expect(trailing.texts.map((t) => t.text)).toEqual(['{"a":1}']);
      expect(trailing.end).toEqual({ texts: [{ text: '42', line: 2 }] });
      expect(whole('[1, 2').end).toEqual({ texts: [{ text: '2', line: 1 }], unfinished: { text: '', line: 1, inRecords: true } });
    });
  });

  describe('memory', () => {
    // Structural, not timed: the scanner holds at most the record it is collecting, never the document.
    it('streams a large Records array of small records with a limit far below the document size', () => {
      const records = Array.from({ length: 5000 }, (_, i) => ({ eventID: `id-${i}`, pad: 'x'.repeat(40), n: [i, { s: '}]' }] }));
      const doc = JSON.stringify({ Records: records }, null, 2);
      const maxChars = 300;
      expect(doc.length).toBeGreaterThan(maxChars * 1000);
      const scanner = new JsonDocumentScanner(maxChars);
      const texts: ScannedText[] = [];
      let mostHeld = 0;
      for (const chunk of randomChunks(doc, 3, 4096)) {
        texts.push(...scanner.push(chunk));
        mostHeld = Math.max(mostHeld, scanner.heldChars);
      }
      expect(scanner.end()).toEqual({ texts: [] });
      expect(mostHeld).toBeLessThanOrEqual(maxChars);
      expect(texts).toHaveLength(5000);
      expect(texts.every((t) => t.oversize === undefined)).toBe(true);
      expect(JSON.parse(texts[4999]!.text)).toEqual(records[4999]);
    });

    it('drops the text of a record over the limit but goes on with the next one', () => {
      const big = { eventID: 'big', pad: 'y'.repeat(10_000) };
      const doc = JSON.stringify({ Records: [{ eventID: 'a' }, big, { eventID: 'c' }] });
      const scanner = new JsonDocumentScanner(1000);
      const texts: ScannedText[] = [];
      let mostHeldText = 0;
      for (const chunk of randomChunks(doc, 5, 500)) {
        texts.push(...scanner.push(chunk));
        mostHeldText = Math.max(mostHeldText, ...texts.map((t) => t.text.length));
      }
      expect(texts.map((t) => t.oversize)).toEqual([undefined, JSON.stringify(big).length, undefined]);
      expect(texts[1]!.text.length).toBeLessThanOrEqual(4096);
      expect(texts[1]!.text.startsWith('{"eventID":"big"')).toBe(true);
      expect(JSON.parse(texts[2]!.text)).toEqual({ eventID: 'c' });
    });

    it('treats a document without records array over the limit as one oversize record', () => {
      const doc = `${JSON.stringify({ eventID: 'huge', pad: 'z'.repeat(5000) })}\n{"eventID":"next"}`;
      const { texts } = whole(doc, 1000);
      expect(texts.map((t) => t.oversize !== undefined)).toEqual([true, false]);
      expect(JSON.parse(texts[1]!.text)).toEqual({ eventID: 'next' });
    });
  });
});
