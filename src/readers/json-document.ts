// Cuts a stream of JSON text into record texts without holding a whole document: the elements of a records
// array (a top-level array, or an envelope object's "Records"/"Events"/… array) are handed out one by one,
// any other top-level value whole. Values may follow one another (`cat a.json b.json`, `jq .` output).
import { ARRAY_ENVELOPE_KEYS } from './envelopes.js';

export interface ScannedText {
  /** The record's JSON text; for an oversize record only its first characters (see `oversize`). */
  readonly text: string;
  /** 1-based line where the text starts. */
  readonly line: number;
  /** Set when the record was longer than the scanner's limit: its length. Its text was not kept. */
  readonly oversize?: number;
}

/** What was left open when the input ended. */
export interface Unfinished extends ScannedText {
  /** True when the input ended inside a records array (a record, or the array itself, was cut short). */
  readonly inRecords: boolean;
}

export interface ScanEnd {
  /** Values completed only by the end of input (a trailing bare number…). */
  readonly texts: ScannedText[];
  readonly unfinished?: Unfinished;
}

/** Characters of an oversize record kept so a reject can show what it was. */
export const OVERSIZE_HEAD_CHARS = 4096;

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(ARRAY_ENVELOPE_KEYS);

const CH_QUOTE = 34;
const CH_BACKSLASH = 92;
const CH_LBRACE = 123;
const CH_RBRACE = 125;
const CH_LBRACKET = 91;
const CH_RBRACKET = 93;
const CH_COMMA = 44;
const CH_COLON = 58;
const CH_NEWLINE = 10;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xfeff;
}

/** The text being collected: a record inside a records array, or a whole top-level value. */
interface Capture {
  parts: string[];
  chars: number;
  /** Index in the current chunk where the uncollected part starts. */
  from: number;
  readonly line: number;
  /** Containers close when the depth returns to `depth`; scalars end at a delimiter at that depth. */
  readonly scalar: boolean;
  readonly depth: number;
  readonly element: boolean;
}

export class JsonDocumentScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;

  /** Per top-level value: is it an object, the key just read, the records array's depth (0 = none). */
  private topIsObject = false;
  private expectKey = false;
  private keyParts: string[] | null = null;
  private keyFrom = -1;
  private lastKey: string | null = null;
  private valueKey: string | null = null;
  private arrayDepth = 0;
  private arrayDone = false;
  private sawRecords = false;

  private capture: Capture | null = null;

  /** @param maxChars longest record (or non-envelope document) kept; longer ones come out as `oversize`. */
  constructor(private readonly maxChars: number) {}

  /** True once any records array was found: the input is an envelope or array, not a lone record. */
  get hasEnvelope(): boolean {
    return this.sawRecords;
  }

  /** The 1-based line the input is in. */
  get currentLine(): number {
    return this.line;
  }

  /** Characters currently held for the record being collected (never the whole document). */
  get heldChars(): number {
    return this.capture ? this.capture.chars : 0;
  }

  push(chunk: string): ScannedText[] {
    const out: ScannedText[] = [];
    if (this.capture) this.capture.from = 0;
    if (this.keyParts) this.keyFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === CH_NEWLINE) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === CH_BACKSLASH) this.escaped = true;
        else if (c === CH_QUOTE) {
          this.inString = false;
          if (this.keyParts) this.finishKey(chunk, i);
        }
        continue;
      }
      const cap = this.capture;
      if (cap && cap.scalar && this.depth === cap.depth) {
        const atTop = cap.depth === 0;
        const ends = isSpace(c) || c === CH_COMMA || c === CH_RBRACKET || c === CH_RBRACE || (atTop && (c === CH_LBRACE || c === CH_LBRACKET));
        if (!ends) {
          if (c === CH_QUOTE) this.inString = true;
          continue;
        }
        out.push(this.finish(chunk, i));
        // A stray closer at the top level is garbage of its own, not the end of anything.
        if (atTop && (c === CH_RBRACE || c === CH_RBRACKET)) {
          this.startCapture(i, true, 0, false);
          continue;
        }
      }
      if (isSpace(c)) continue;
      if (!this.capture && this.startsValue(c)) {
        const element = this.depth > 0;
        const scalar = c !== CH_LBRACE && c !== CH_LBRACKET;
        // A top-level array is itself the records array: it is never collected whole.
        if (!(this.depth === 0 && c === CH_LBRACKET)) this.startCapture(i, scalar, this.depth, element);
        if (scalar) {
          if (c === CH_QUOTE) this.inString = true;
          continue;
        }
      }
      switch (c) {
        case CH_QUOTE:
          this.inString = true;
          if (this.depth === 1 && this.topIsObject && this.expectKey && !this.arrayDepth) {
            this.keyParts = [];
            this.keyFrom = i + 1;
            this.expectKey = false;
          }
          break;
        case CH_LBRACE:
        case CH_LBRACKET:
          this.open(c);
          break;
        case CH_RBRACE:
        case CH_RBRACKET:
          this.close(chunk, i, out);
          break;
        case CH_COMMA:
          if (this.depth === 1 && this.topIsObject) {
            this.expectKey = true;
            this.valueKey = null;
          }
          break;
        case CH_COLON:
          if (this.depth === 1 && this.topIsObject) this.valueKey = this.lastKey;
          break;
        default:
          break;
      }
    }
    if (this.keyParts && this.keyFrom >= 0) this.keyParts.push(chunk.slice(this.keyFrom));
    if (this.capture) this.collect(chunk.slice(this.capture.from));
    return out;
  }

  /** Call once at the end of input: a trailing bare value, and whatever was left open. */
  end(): ScanEnd {
    const texts: ScannedText[] = [];
    const cap = this.capture;
    if (cap && cap.scalar && this.depth === cap.depth && !this.inString) {
      texts.push(this.finish('', 0));
    }
    const open = this.capture;
    if (!open && this.depth === 0 && !this.inString) return { texts };
    const inRecords = this.arrayDepth > 0 && (!open || open.element);
    this.capture = null;
    if (!open) return { texts, unfinished: { text: '', line: this.line, inRecords } };
    const text = open.parts.join('');
    const unfinished: Unfinished =
      open.chars > this.maxChars
        ? { text, line: open.line, inRecords, oversize: open.chars }
        : { text, line: open.line, inRecords };
    return { texts, unfinished };
  }

  /** Whether `c` begins a value that is collected: a top-level value, or an element of the records array. */
  private startsValue(c: number): boolean {
    if (this.depth === 0) return true;
    return this.arrayDepth > 0 && !this.arrayDone && this.depth === this.arrayDepth && c !== CH_COMMA && c !== CH_RBRACKET;
  }

  private open(c: number): void {
    if (this.depth === 0) {
      this.topIsObject = c === CH_LBRACE;
      if (c === CH_LBRACKET) this.enterRecords(1);
    } else if (
      this.depth === 1 && c === CH_LBRACKET && this.topIsObject && !this.arrayDepth && this.valueKey !== null && ENVELOPE_KEYS.has(this.valueKey)
    ) {
      // An envelope: stop collecting the document, collect its records one by one instead.
      this.capture = null;
      this.enterRecords(2);
    }
    this.depth++;
    if (this.depth === 1 && c === CH_LBRACE) this.expectKey = true;
    if (this.depth === 2) this.valueKey = null;
  }

  private close(chunk: string, i: number, out: ScannedText[]): void {
    if (this.depth === 0) return;
    this.depth--;
    const cap = this.capture;
    if (cap && !cap.scalar && this.depth === cap.depth) out.push(this.finish(chunk, i + 1));
    if (this.arrayDepth && this.depth === this.arrayDepth - 1) this.arrayDone = true;
    if (this.depth === 0) this.resetValue();
  }

  private enterRecords(depthInside: number): void {
    this.arrayDepth = depthInside;
    this.arrayDone = false;
    this.sawRecords = true;
  }

  /** A top-level value ended: the next one starts afresh. */
  private resetValue(): void {
    this.topIsObject = false;
    this.expectKey = false;
    this.keyParts = null;
    this.lastKey = null;
    this.valueKey = null;
    this.arrayDepth = 0;
    this.arrayDone = false;
  }

  private finishKey(chunk: string, i: number): void {
    const parts = this.keyParts ?? [];
    parts.push(chunk.slice(Math.max(this.keyFrom, 0), i));
    this.lastKey = parts.join('');
    this.keyParts = null;
    this.keyFrom = -1;
  }

  private startCapture(from: number, scalar: boolean, depth: number, element: boolean): void {
    this.capture = { parts: [], chars: 0, from, line: this.line, scalar, depth, element };
  }

  /** Adds text to the record being collected; past the limit only the length is counted. */
  private collect(part: string): void {
    const cap = this.capture!;
    const before = cap.chars;
    cap.chars += part.length;
    if (cap.chars <= this.maxChars) {
      cap.parts.push(part);
    } else if (before <= this.maxChars) {
      const head = cap.parts.join('') + part;
      cap.parts = [head.slice(0, OVERSIZE_HEAD_CHARS)];
    }
  }

  private finish(chunk: string, to: number): ScannedText {
    const cap = this.capture!;
    this.collect(chunk.slice(cap.from, to));
    this.capture = null;
    const text = cap.parts.join('');
    return cap.chars > this.maxChars ? { text, line: cap.line, oversize: cap.chars } : { text, line: cap.line };
  }
}
