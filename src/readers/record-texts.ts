// JSON texts of one file → read items with provenance: parse, expand envelopes, unwrap per-record wrappers,
// and turn what will not parse into coded rejects. A broken line that opens a records array is scanned so
// the complete records in it are kept and only its cut-short tail is rejected.
import { envelopeArray, unwrapRecord } from './envelopes.js';
import { redactText } from './redact-text.js';
import { JsonDocumentScanner, type ScanEnd, type ScannedText, type Unfinished } from './json-document.js';
import type { ReadItem, StreamFault, UnreadableCode } from './types.js';

/** Rejected text kept in the store is capped: enough to recognise the record, not a 50 MB blob. */
export const MAX_REJECT_TEXT = 64 * 1024;

/** A line worth scanning when JSON.parse refuses it: it opens an object or array. */
const OPENS_CONTAINER = /^[\s\ufeff]*[{[]/;

/** Text kept for a reject: capped, and with secrets replaced by fingerprints (it never reaches an adapter). */
export function clip(text: string): string {
  // Cut first: a secret cut in half is still matched (the pattern reads up to the end of the text).
  const kept = text.length > MAX_REJECT_TEXT ? `${text.slice(0, MAX_REJECT_TEXT)}…[${text.length - MAX_REJECT_TEXT} more characters]` : text;
  return redactText(kept);
}

export function opensContainer(text: string): boolean {
  return OPENS_CONTAINER.test(text);
}

function parseError(text: string): string {
  try {
    JSON.parse(text);
    return 'not valid JSON';
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
}

export class RecordTexts {
  /** 0-based position of the next item in the file: unique per file, so rejects can be keyed on it. */
  private index = 0;

  constructor(
    private readonly path: string,
    private readonly maxChars: number,
  ) {}

  /**
   * One NDJSON line. `fault` is set when the input stopped inside this (last) line: whatever of it cannot
   * be read is then reported as that fault, and the fault is reported exactly once.
   */
  line(raw: string, line: number, out: ReadItem[], fault?: StreamFault): void {
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // `cat` of files saved with a byte-order mark leaves one at the start of a line.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (!text.trim()) {
      if (fault) this.faultItem(fault, '', line, out);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (opensContainer(text) && this.salvage(text, line, out, fault)) return;
      if (fault) this.faultItem(fault, text, line, out, 'the line is cut short');
      else this.reject('BAD_JSON', `not valid JSON: ${(error as Error).message}`, text, line, out);
      return;
    }
    this.expand(value, line, out);
    if (fault) this.faultItem(fault, '', line, out);
  }

  /** Texts cut out by a scanner; `lineBase` is the file line of the scanner's line 1. */
  scanned(texts: readonly ScannedText[], lineBase: number, out: ReadItem[]): void {
    for (const scanned of texts) {
      const line = lineBase + scanned.line - 1;
      if (scanned.oversize !== undefined) {
        this.reject('RECORD_TOO_LONG', `record longer than ${this.maxChars} characters (${scanned.oversize})`, scanned.text, line, out);
      } else {
        this.parse(scanned.text, line, out);
      }
    }
  }

  /** The end of a scan: trailing values, then what was left open, then the fault (reported once). */
  settle(end: ScanEnd, lineBase: number, out: ReadItem[], fault?: StreamFault): void {
    this.scanned(end.texts, lineBase, out);
    if (end.unfinished) this.unfinished(end.unfinished, lineBase, out, fault);
    else if (fault) this.faultItem(fault, '', fault.line, out);
  }

  /** A line that would not parse but opens an object or array: keep the complete records before its broken tail. */
  private salvage(text: string, line: number, out: ReadItem[], fault: StreamFault | undefined): boolean {
    const scanner = new JsonDocumentScanner(this.maxChars);
    const texts = scanner.push(text);
    const end = scanner.end();
    if (!scanner.hasEnvelope && !texts.length) return false;
    this.scanned(texts, line, out);
    this.settle(end, line, out, fault);
    return true;
  }

  private unfinished(u: Unfinished, lineBase: number, out: ReadItem[], fault: StreamFault | undefined): void {
    const line = lineBase + u.line - 1;
    const what = u.inRecords
      ? u.text
        ? 'the record starting here is incomplete'
        : 'the records array is never closed'
      : 'the JSON value starting here is incomplete';
    if (fault) this.faultItem(fault, u.text, line, out, what);
    else if (u.oversize !== undefined) {
      this.reject('RECORD_TOO_LONG', `record longer than ${this.maxChars} characters (${u.oversize}), and ${what}`, u.text, line, out);
    } else if (u.inRecords) this.reject('TRUNCATED', `the input ends inside the records array: ${what}`, u.text, line, out);
    else this.reject('BAD_JSON', parseError(u.text), u.text, line, out);
  }

  private faultItem(fault: StreamFault, text: string, line: number, out: ReadItem[], what?: string): void {
    this.reject(fault.code, what ? `${fault.message}; ${what}` : fault.message, text, line, out);
  }

  private parse(text: string, line: number, out: ReadItem[]): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.reject('BAD_JSON', `not valid JSON: ${(error as Error).message}`, text, line, out);
      return;
    }
    this.expand(value, line, out);
  }

  /** A parsed value: the records of an envelope, or the value itself, each unwrapped. */
  private expand(value: unknown, line: number, out: ReadItem[]): void {
    for (const element of envelopeArray(value) ?? [value]) {
      const prov = { file: this.path, line, index: this.index++ };
      const unwrapped = unwrapRecord(element);
      if (!unwrapped.ok) {
        out.push({ ok: false, code: 'BAD_ENVELOPE', message: unwrapped.message, text: clip(JSON.stringify(element)), prov });
      } else if (unwrapped.envelope) {
        out.push({ ok: true, value: unwrapped.value, prov, envelope: unwrapped.envelope });
      } else {
        out.push({ ok: true, value: unwrapped.value, prov });
      }
    }
  }

  reject(code: UnreadableCode, message: string, text: string, line: number, out: ReadItem[]): void {
    out.push({ ok: false, code, message, text: clip(text), prov: { file: this.path, line, index: this.index++ } });
  }
}
