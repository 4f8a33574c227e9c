// NDJSON: decoded text → one JSON value per line. A very long line that opens an object or array (a compact
// `{"Records":[…]}` delivery file is one line) is streamed through the scanner instead of being held whole.
import { JsonDocumentScanner } from './json-document.js';
import { opensContainer, type RecordTexts } from './record-texts.js';
import type { ReadItem, StreamFault } from './types.js';

/** A line longer than this is scanned as it arrives rather than collected and parsed in one go. */
export const STREAM_LINE_CHARS = 1024 * 1024;

export class NdjsonLines {
  /** Lines completed so far. */
  private line = 0;
  private carry = '';
  private streaming: JsonDocumentScanner | undefined;
  private skipping = false;
  private readonly streamFrom: number;

  constructor(
    private readonly texts: RecordTexts,
    private readonly maxLineChars: number,
  ) {
    this.streamFrom = Math.min(STREAM_LINE_CHARS, maxLineChars);
  }

  /** The 1-based line the input is in. */
  get currentLine(): number {
    return this.line + 1;
  }

  push(text: string): ReadItem[] {
    const out: ReadItem[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.endLine(text.slice(start, nl), out);
      start = nl + 1;
    }
    if (start < text.length) this.partial(text.slice(start), out);
    return out;
  }

  /** End of input. With a fault, the last (unfinished) line is read as far as it goes and the fault reported once. */
  end(fault?: StreamFault): ReadItem[] {
    const out: ReadItem[] = [];
    const scanner = this.streaming;
    if (scanner) {
      this.line++;
      this.streaming = undefined;
      this.texts.settle(scanner.end(), this.line, out, fault);
    } else if (this.carry.trim()) {
      this.line++;
      const text = this.carry;
      this.carry = '';
      this.texts.line(text, this.line, out, fault);
    } else if (fault) {
      this.texts.reject(fault.code, fault.message, '', fault.line, out);
    }
    this.carry = '';
    this.skipping = false;
    return out;
  }

  private endLine(segment: string, out: ReadItem[]): void {
    this.line++;
    const scanner = this.streaming;
    if (scanner) {
      this.streaming = undefined;
      this.texts.scanned(scanner.push(segment), this.line, out);
      this.texts.settle(scanner.end(), this.line, out);
      return;
    }
    if (this.skipping) {
      // The rest of a line already rejected as too long.
      this.skipping = false;
      return;
    }
    const text = this.carry ? this.carry + segment : segment;
    this.carry = '';
    this.texts.line(text, this.line, out);
  }

  /** The start (or more) of a line whose end has not arrived yet. */
  private partial(rest: string, out: ReadItem[]): void {
    const lineNo = this.line + 1;
    if (this.streaming) {
      this.texts.scanned(this.streaming.push(rest), lineNo, out);
      return;
    }
    if (this.skipping) return;
    this.carry += rest;
    if (this.carry.length > this.streamFrom && opensContainer(this.carry)) {
      this.streaming = new JsonDocumentScanner(this.maxLineChars);
      const text = this.carry;
      this.carry = '';
      this.texts.scanned(this.streaming.push(text), lineNo, out);
    } else if (this.carry.length > this.maxLineChars) {
      this.texts.reject('LINE_TOO_LONG', `line longer than ${this.maxLineChars} characters`, this.carry, lineNo, out);
      this.carry = '';
      this.skipping = true;
    }
  }
}
