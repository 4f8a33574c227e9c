// Streams the records out of one JSON document (a top-level array, or an object whose envelope key holds
// the records array) without holding the document in memory: it cuts element texts at bracket depth and
// parses each on its own. A document without an envelope array is one record.
import { ARRAY_ENVELOPE_KEYS } from './envelopes.js';

export interface ScannedText {
  readonly text: string;
  /** 1-based line where the text starts. */
  readonly line: number;
}

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

export class JsonDocumentScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private started = false;

  /** Inside the top-level object: the key just read, and whether the next string is a key. */
  private expectKey = false;
  private keyStart = -1;
  private keyParts: string[] = [];
  private lastKey: string | null = null;
  private valueKey: string | null = null;

  /** Element mode: the depth of the records array once inside it (1 for a top-level array). */
  private arrayDepth = 0;
  private arrayDone = false;
  private elementParts: string[] | null = null;
  private elementStartLine = 0;
  private elementIsScalar = false;
  private elementChars = 0;

  /** Whole-document capture, kept only until a records array is found. */
  private wholeParts: string[] | null = [];
  private wholeChars = 0;
  private wholeLine = 1;

  constructor(private readonly maxChars: number) {}

  /** True once the document turned out to hold a records array. */
  get hasEnvelope(): boolean {
    return this.arrayDepth > 0;
  }

  push(chunk: string): ScannedText[] {
    const out: ScannedText[] = [];
    let elementFrom = this.elementParts ? 0 : -1;
    if (this.wholeParts) {
      this.wholeParts.push(chunk);
      this.wholeChars += chunk.length;
      if (this.wholeChars > this.maxChars && !this.hasEnvelope) {
        throw new Error(`JSON document larger than ${this.maxChars} characters without a records array`);
      }
    }
    this.keyStart = this.keyStart >= 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === CH_NEWLINE) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === CH_BACKSLASH) this.escaped = true;
        else if (c === CH_QUOTE) {
          this.inString = false;
          if (this.keyStart >= 0) {
            this.keyParts.push(chunk.slice(this.keyStart, i));
            this.lastKey = this.keyParts.join('');
            this.keyParts = [];
            this.keyStart = -1;
          }
          if (this.elementParts && this.elementIsScalar && this.depth === this.arrayDepth) {
            // a string element ends with its closing quote; the comma or bracket after it is not part of it
          }
        }
        continue;
      }
      if (isSpace(c)) continue;

      // Start of an element inside the records array.
      if (this.hasEnvelope && !this.arrayDone && this.depth === this.arrayDepth && !this.elementParts) {
        if (c !== CH_COMMA && c !== CH_RBRACKET) {
          this.elementParts = [];
          elementFrom = i;
          this.elementStartLine = this.line;
          this.elementIsScalar = c !== CH_LBRACE && c !== CH_LBRACKET;
        }
      }

      if (c === CH_QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.expectKey && !this.hasEnvelope) {
          this.keyStart = i + 1;
          this.keyParts = [];
          this.expectKey = false;
        }
        continue;
      }

      if (c === CH_LBRACE || c === CH_LBRACKET) {
        if (!this.started) {
          this.started = true;
          this.wholeLine = this.line;
          if (c === CH_LBRACKET) this.enterArray(1);
        } else if (this.depth === 1 && c === CH_LBRACKET && !this.hasEnvelope && this.valueKey && ENVELOPE_KEYS.has(this.valueKey)) {
          this.enterArray(2);
        }
        this.depth++;
        if (this.depth === 1 && c === CH_LBRACE) this.expectKey = true;
        this.valueKey = null;
        continue;
      }

      if (c === CH_RBRACE || c === CH_RBRACKET) {
        this.depth--;
        if (this.elementParts && !this.elementIsScalar && this.depth === this.arrayDepth) {
          out.push(this.finishElement(chunk, elementFrom, i + 1));
          elementFrom = -1;
        } else if (this.elementParts && this.elementIsScalar && this.depth === this.arrayDepth - 1) {
          out.push(this.finishElement(chunk, elementFrom, i));
          elementFrom = -1;
        }
        if (this.hasEnvelope && this.depth === this.arrayDepth - 1) this.arrayDone = true;
        continue;
      }

      if (c === CH_COMMA) {
        if (this.elementParts && this.elementIsScalar && this.depth === this.arrayDepth) {
          out.push(this.finishElement(chunk, elementFrom, i));
          elementFrom = -1;
        }
        if (this.depth === 1) {
          this.expectKey = true;
          this.valueKey = null;
        }
        continue;
      }

      if (c === CH_COLON && this.depth === 1) {
        this.valueKey = this.lastKey;
      }
    }
    if (this.keyStart >= 0) this.keyParts.push(chunk.slice(this.keyStart));
    if (this.elementParts && elementFrom >= 0) {
      const part = chunk.slice(elementFrom);
      this.elementParts.push(part);
      this.elementChars += part.length;
      if (this.elementChars > this.maxChars) {
        throw new Error(`record starting at line ${this.elementStartLine} is longer than ${this.maxChars} characters`);
      }
    }
    return out;
  }

  /** The whole document as one record, when it held no records array. */
  end(): ScannedText | undefined {
    if (this.elementParts && this.elementIsScalar) {
      const text = this.elementParts.join('');
      this.elementParts = null;
      if (text.trim()) return { text, line: this.elementStartLine };
    }
    if (this.hasEnvelope || !this.wholeParts) return undefined;
    const text = this.wholeParts.join('');
    this.wholeParts = null;
    return text.trim() ? { text, line: this.wholeLine } : undefined;
  }

  private enterArray(depthInside: number): void {
    this.arrayDepth = depthInside;
    this.wholeParts = null;
    this.wholeChars = 0;
  }

  private finishElement(chunk: string, from: number, to: number): ScannedText {
    const parts = this.elementParts ?? [];
    parts.push(chunk.slice(Math.max(from, 0), to));
    this.elementParts = null;
    this.elementChars = 0;
    return { text: parts.join(''), line: this.elementStartLine };
  }
}
