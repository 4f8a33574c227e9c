// Bytes of one file → batches of parsed records with provenance. Gzip by magic bytes; NDJSON line by line
// (a line holding an envelope object is expanded); otherwise JSON documents streamed record by record.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { JsonDocumentScanner } from './json-document.js';
import { NdjsonLines } from './ndjson-lines.js';
import { RecordTexts } from './record-texts.js';
import { DEFAULT_CHUNK_BYTES, DEFAULT_READ_LIMITS, type ReadItem, type ReadLimits, type StreamFault } from './types.js';

export { MAX_REJECT_TEXT } from './record-texts.js';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** How much of an undecided file is looked at before choosing between NDJSON and a document. */
const DECIDE_CHARS = 1024 * 1024;

export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
  } finally {
    await handle.close();
  }
}

/** The two ways of reading a file's text, behind one face. */
interface TextMode {
  push(text: string): ReadItem[];
  end(fault?: StreamFault): ReadItem[];
  readonly currentLine: number;
}

class DocumentMode implements TextMode {
  private readonly scanner: JsonDocumentScanner;

  constructor(private readonly texts: RecordTexts, maxChars: number) {
    this.scanner = new JsonDocumentScanner(maxChars);
  }

  get currentLine(): number {
    return this.scanner.currentLine;
  }

  push(text: string): ReadItem[] {
    const out: ReadItem[] = [];
    this.texts.scanned(this.scanner.push(text), 1, out);
    return out;
  }

  end(fault?: StreamFault): ReadItem[] {
    const out: ReadItem[] = [];
    this.texts.settle(this.scanner.end(), 1, out, fault);
    return out;
  }
}

/**
 * Reads one file. Iterate `batches()`; afterwards `fault` says whether the stream ended early
 * (truncated gzip, I/O error) and `bytesRead` how much of the file was consumed. The fault is also
 * delivered in the last batch, as one unreadable item carrying whatever text was cut short.
 */
export class FileRecordReader {
  fault: StreamFault | undefined;
  /** Bytes of the file on disk consumed so far (compressed bytes for gzip): drives progress. */
  bytesRead = 0;
  private decodedChars = 0;
  private readonly texts: RecordTexts;

  constructor(
    readonly path: string,
    private readonly limits: ReadLimits = DEFAULT_READ_LIMITS,
  ) {
    this.texts = new RecordTexts(path, limits.maxLineChars);
  }

  async *batches(): AsyncGenerator<ReadItem[]> {
    const gzip = await isGzipFile(this.path);
    const fileStream = createReadStream(this.path, { highWaterMark: this.limits.chunkBytes ?? DEFAULT_CHUNK_BYTES });
    let source: Readable = fileStream;
    if (gzip) {
      fileStream.on('data', (chunk: Buffer | string) => {
        this.bytesRead += chunk.length;
      });
      source = fileStream.pipe(createGunzip());
      fileStream.on('error', (error) => source.destroy(error));
    }
    const decoder = new StringDecoder('utf8');
    let mode: TextMode | undefined;
    let pending = '';
    try {
      let failure: unknown;
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          if (!gzip) this.bytesRead += chunk.length;
          let text = decoder.write(chunk);
          if (this.decodedChars === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          this.decodedChars += text.length;
          if (!mode) {
            pending += text;
            mode = this.decide(pending, false);
            if (!mode) continue;
            text = pending;
            pending = '';
          }
          const batch = mode.push(text);
          if (batch.length) yield batch;
        }
      } catch (error) {
        failure = error;
      }
      // After a fault the decoder may hold half a character: it is part of what was cut off.
      const rest = failure === undefined ? decoder.end() : '';
      let text = rest;
      if (!mode) {
        text = pending + rest;
        mode = this.decide(text, true)!;
      }
      const tail = mode.push(text);
      if (failure !== undefined) this.fault = describeStreamError(failure, gzip, this.decodedChars, mode.currentLine);
      tail.push(...mode.end(this.fault));
      if (tail.length) yield tail;
    } finally {
      // Also reached when the consumer stops early (an unrecognized file, --strict): release the file.
      source.destroy();
      fileStream.destroy();
    }
  }

  private decide(text: string, ended: boolean): TextMode | undefined {
    const decided = decideMode(text, ended);
    if (decided === 'document') return new DocumentMode(this.texts, this.limits.maxLineChars);
    if (decided === 'lines') return new NdjsonLines(this.texts, this.limits.maxLineChars);
    return undefined;
  }
}

function parsesAsObject(line: string): boolean {
  const text = line.trim();
  if (!text.startsWith('{')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * NDJSON when the first line is a whole JSON value; one streamed document when it is a top-level array
 * or a pretty-printed object. A first line that does not parse alone is a pretty-printed document only if
 * the next line does not parse either: NDJSON with a broken first line must stay line by line, or the
 * broken line would swallow the good ones after it. Undecided until enough text has arrived.
 */
export function decideMode(text: string, ended: boolean): 'lines' | 'document' | undefined {
  let i = 0;
  while (i < text.length && /[\s\ufeff]/.test(text[i]!)) i++;
  if (i >= text.length) return ended ? 'lines' : undefined;
  const first = text[i];
  if (first === '[') return 'document';
  if (first !== '{') return 'lines';
  const undecided = ended || text.length > DECIDE_CHARS;
  const nl = text.indexOf('\n', i);
  if (nl < 0) return undecided ? 'lines' : undefined;
  if (parsesAsObject(text.slice(i, nl))) return 'lines';
  let start = nl + 1;
  for (;;) {
    const next = text.indexOf('\n', start);
    const line = next < 0 ? text.slice(start) : text.slice(start, next);
    if (next < 0) {
      if (!undecided) return undefined;
      return line.trim() && parsesAsObject(line) ? 'lines' : 'document';
    }
    if (line.trim()) return parsesAsObject(line) ? 'lines' : 'document';
    start = next + 1;
  }
}

function describeStreamError(error: unknown, gzip: boolean, offset: number, line: number): StreamFault {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (gzip && (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message))) {
    return { code: 'TRUNCATED', message: 'gzip stream is truncated (unexpected end of file)', offset, line };
  }
  if (gzip && (code === 'Z_DATA_ERROR' || /incorrect header|invalid/i.test(message))) {
    return { code: 'BAD_GZIP', message: `gzip data is corrupt (${message})`, offset, line };
  }
  return { code: 'READ_ERROR', message: `read failed: ${message}`, offset, line };
}
