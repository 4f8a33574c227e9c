// Bytes of one file → batches of parsed records with provenance. Gzip by magic bytes; NDJSON line by line
// (a line holding an envelope object is expanded); otherwise one JSON document streamed element by element.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { envelopeArray, unwrapRecord } from './envelopes.js';
import { JsonDocumentScanner, type ScannedText } from './json-document.js';
import { DEFAULT_READ_LIMITS, type ReadItem, type ReadLimits, type StreamFault } from './types.js';

/** Rejected text kept in the store is capped: enough to recognise the record, not a 50 MB blob. */
export const MAX_REJECT_TEXT = 64 * 1024;

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

async function firstBytes(path: string, count: number): Promise<Buffer> {
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function isGzipFile(path: string): Promise<boolean> {
  const head = await firstBytes(path, 2);
  return head.length === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

function clip(text: string): string {
  return text.length > MAX_REJECT_TEXT ? `${text.slice(0, MAX_REJECT_TEXT)}…[${text.length - MAX_REJECT_TEXT} more characters]` : text;
}

/**
 * Reads one file. Iterate `batches()`; afterwards `fault` says whether the stream ended early
 * (truncated gzip, I/O error) and `bytesRead` how much of the file was consumed.
 */
export class FileRecordReader {
  fault: StreamFault | undefined;
  /** Bytes of the file on disk consumed so far (compressed bytes for gzip): drives progress. */
  bytesRead = 0;
  private index = 0;
  private line = 0;
  private decodedChars = 0;

  constructor(
    readonly path: string,
    private readonly limits: ReadLimits = DEFAULT_READ_LIMITS,
  ) {}

  async *batches(): AsyncGenerator<ReadItem[]> {
    const gzip = await isGzipFile(this.path);
    const fileStream = createReadStream(this.path, { highWaterMark: 1024 * 1024 });
    fileStream.on('data', (chunk: Buffer | string) => {
      this.bytesRead += chunk.length;
    });
    const source: Readable = gzip ? fileStream.pipe(createGunzip()) : fileStream;
    if (gzip) fileStream.on('error', (error) => source.destroy(error));
    const decoder = new StringDecoder('utf8');
    let mode: 'undecided' | 'lines' | 'document' = 'undecided';
    let pending = '';
    let scanner: JsonDocumentScanner | undefined;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        let text = decoder.write(chunk);
        if (this.decodedChars === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        this.decodedChars += text.length;
        if (mode === 'undecided') {
          pending += text;
          const decided = decideMode(pending);
          if (!decided) continue;
          mode = decided;
          text = pending;
          pending = '';
          if (mode === 'document') scanner = new JsonDocumentScanner(this.limits.maxLineChars);
        }
        const batch = mode === 'lines' ? this.takeLines(text, false) : this.fromScanned(scanner!.push(text));
        if (batch.length) yield batch;
      }
      const rest = decoder.end();
      if (mode === 'undecided') {
        mode = decideMode(pending + rest, true) ?? 'lines';
        if (mode === 'document') scanner = new JsonDocumentScanner(this.limits.maxLineChars);
        pending += rest;
      } else {
        pending = rest;
      }
      const tail = mode === 'lines' ? this.takeLines(pending, true) : this.fromScanned([...scanner!.push(pending), ...optional(scanner!.end())]);
      if (tail.length) yield tail;
    } catch (error) {
      const tail = mode === 'lines' ? this.takeLines('', true) : [];
      if (tail.length) yield tail;
      this.fault = {
        message: describeStreamError(error, gzip),
        offset: this.decodedChars,
        line: this.line + 1,
      };
      fileStream.destroy();
    }
  }

  private carry = '';

  private takeLines(text: string, final: boolean): ReadItem[] {
    const out: ReadItem[] = [];
    let data = this.carry + text;
    let start = 0;
    for (;;) {
      const nl = data.indexOf('\n', start);
      if (nl < 0) break;
      this.line++;
      this.pushLine(data.slice(start, nl), out);
      start = nl + 1;
    }
    data = data.slice(start);
    if (final) {
      this.carry = '';
      if (data.length) {
        this.line++;
        this.pushLine(data, out);
      }
    } else if (data.length > this.limits.maxLineChars) {
      this.line++;
      out.push({
        ok: false,
        code: 'LINE_TOO_LONG',
        message: `line longer than ${this.limits.maxLineChars} characters`,
        text: clip(data),
        prov: { file: this.path, line: this.line, index: this.index++ },
      });
      this.carry = '';
      this.skippingLongLine = true;
    } else {
      this.carry = data;
    }
    return out;
  }

  private skippingLongLine = false;

  private pushLine(rawLine: string, out: ReadItem[]): void {
    if (this.skippingLongLine) {
      // The rest of a line already rejected as too long.
      this.skippingLongLine = false;
      return;
    }
    const lineText = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (!lineText.trim()) return;
    this.parseText(lineText, this.line, out);
  }

  private fromScanned(texts: readonly ScannedText[]): ReadItem[] {
    const out: ReadItem[] = [];
    for (const { text, line } of texts) this.parseText(text, line, out);
    return out;
  }

  private parseText(text: string, line: number, out: ReadItem[]): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.push({
        ok: false,
        code: 'BAD_JSON',
        message: `not valid JSON: ${(error as Error).message}`,
        text: clip(text),
        prov: { file: this.path, line, index: this.index++ },
      });
      return;
    }
    const inner = envelopeArray(value);
    for (const element of inner ?? [value]) {
      const prov = { file: this.path, line, index: this.index++ };
      const unwrapped = unwrapRecord(element);
      if (unwrapped.ok) {
        out.push(
          unwrapped.envelope
            ? { ok: true, value: unwrapped.value, prov, envelope: unwrapped.envelope }
            : { ok: true, value: unwrapped.value, prov },
        );
      } else {
        out.push({ ok: false, code: 'BAD_ENVELOPE', message: unwrapped.message, text: clip(JSON.stringify(element)), prov });
      }
    }
  }
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

/**
 * NDJSON when the first line is a whole JSON value; one streamed document when it is a top-level array
 * or a pretty-printed object. Undecided until the first line is complete (or the input ends).
 */
function decideMode(text: string, ended = false): 'lines' | 'document' | undefined {
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (i >= text.length) return ended ? 'lines' : undefined;
  const first = text[i];
  if (first === '[') return 'document';
  if (first !== '{') return 'lines';
  const nl = text.indexOf('\n', i);
  if (nl < 0) return ended ? 'lines' : text.length > 1024 * 1024 ? 'lines' : undefined;
  const firstLine = text.slice(i, nl).trim();
  try {
    JSON.parse(firstLine);
    return 'lines';
  } catch {
    return 'document';
  }
}

function describeStreamError(error: unknown, gzip: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (gzip && (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message))) {
    return 'gzip stream is truncated (unexpected end of file)';
  }
  if (gzip && (code === 'Z_DATA_ERROR' || /incorrect header|invalid/i.test(message))) {
    return `gzip data is corrupt (${message})`;
  }
  return message;
}
